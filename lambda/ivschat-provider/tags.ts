import { TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-ivschat';
import { callIvsChat } from './api';
import type { TagProperty } from '../../src/private/resource-properties';

export interface TagDiff {
  /** Added and changed tags: `TagResource`. */
  readonly toTag: Record<string, string>;
  /** Keys of removed tags: `UntagResource`. */
  readonly toUntag: string[];
}

/** CloudFormation's `[{Key, Value}]` list as the API's map. */
export function tagsFromProperty(tags: TagProperty[] | undefined): Record<string, string> {
  // fromEntries defines own properties, so even a key like `__proto__` stays a tag.
  return Object.fromEntries((Array.isArray(tags) ? tags : []).map(tag => [String(tag.Key), String(tag.Value ?? '')]));
}

/** What turns the `previous` tags into the `next` ones. */
export function diffTags(previous: Record<string, string>, next: Record<string, string>): TagDiff {
  const toTag: Record<string, string> = {};
  for (const [key, value] of Object.entries(next)) {
    if (!Object.hasOwn(previous, key) || previous[key] !== value) {
      toTag[key] = value;
    }
  }
  const toUntag = Object.keys(previous).filter(key => !Object.hasOwn(next, key));
  return { toTag, toUntag };
}

/** Untags removed keys, then tags added and changed ones; calls nothing when the tags are the same. Returns whether they differed. */
export async function updateTags(resourceArn: string, previous: Record<string, string>, next: Record<string, string>): Promise<boolean> {
  const { toTag, toUntag } = diffTags(previous, next);
  if (toUntag.length > 0) {
    await callIvsChat('UntagResource', resourceArn, (client, options) => client.send(new UntagResourceCommand({ resourceArn, tagKeys: toUntag }), options));
  }
  if (Object.keys(toTag).length > 0) {
    await callIvsChat('TagResource', resourceArn, (client, options) => client.send(new TagResourceCommand({ resourceArn, tags: toTag }), options));
  }
  return toUntag.length > 0 || Object.keys(toTag).length > 0;
}

/** The `tags` request field: omitted when there are none. */
export function tagsField(tags: Record<string, string>): Record<string, string> | undefined {
  return Object.keys(tags).length > 0 ? tags : undefined;
}
