import { CreateRoomCommand, DeleteRoomCommand, GetRoomCommand, UpdateRoomCommand } from '@aws-sdk/client-ivschat';
import { callIvsChat, unlessNotFound } from './api';
import { roomChanges } from './changes';
import { createdResource, ResourceHandler } from './lifecycle';
import { previousRoomSettings, roomSettings } from './properties';
import { tagsField, updateTags } from './tagging';
import type { RoomResourceProperties } from '../../src/private/resource-properties';
import { RESOURCE_TYPES } from '../../src/private/resource-types';

/**
 * `Custom::IvsChatRoom`. A create is one CreateRoom and nothing else: no GetRoom to wait out eventual
 * consistency, because room operations share a 5 TPS quota that a stack of many rooms already saturates,
 * and with no call after CreateRoom there is nothing that could fail and orphan the new room.
 */
export const roomHandler: ResourceHandler<RoomResourceProperties> = {
  arnResourceType: RESOURCE_TYPES.room.arnResource,

  async create(properties, invocation) {
    const { tags, ...fields } = roomSettings(properties, invocation.environment);
    const room = await callIvsChat('CreateRoom', undefined, (client, options) => client.send(new CreateRoomCommand({ ...fields, tags: tagsField(tags) }), options));
    return createdResource('CreateRoom', room);
  },

  async update(resource, properties, oldProperties, invocation) {
    const next = roomSettings(properties, invocation.environment);
    const previous = previousRoomSettings(oldProperties);
    const changes = roomChanges(previous, next);
    if (changes !== undefined) {
      await callIvsChat('UpdateRoom', resource.arn, (client, options) => client.send(new UpdateRoomCommand({ identifier: resource.arn, ...changes }), options));
    }
    const tagsChanged = await updateTags(resource.arn, previous.tags, next.tags);
    return changes !== undefined || tagsChanged;
  },

  async delete(resource) {
    await callIvsChat('DeleteRoom', resource.arn, (client, options) => client.send(new DeleteRoomCommand({ identifier: resource.arn }), options));
  },

  async exists(resource) {
    const room = await unlessNotFound(callIvsChat('GetRoom', resource.arn, (client, options) => client.send(new GetRoomCommand({ identifier: resource.arn }), options)));
    return room !== undefined;
  },

  attributes(resource) {
    return { Arn: resource.arn, Id: resource.id };
  },
};
