import { TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-ivschat';
import { callIvsChat } from './api';
import { diffTags } from './tags';

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
