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
