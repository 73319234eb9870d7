import { validationException } from './errors';
import { Listed } from './model';
import { isRecord } from './validation';

export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

/**
 * Key-set pagination over a newest-first listing: the token holds the position of the last item returned, so
 * creating, updating or deleting items between pages never repeats or skips the items still to come.
 * The token is opaque to callers; one that this listing did not issue is rejected like the service does.
 */
export function paginate<T>(listing: readonly Listed<T>[], list: string, maxResults: number, nextToken?: string): Page<T> {
  const before = nextToken ? positionIn(nextToken, list) : Number.POSITIVE_INFINITY;
  const remaining = listing.filter((item) => item.sequence < before);
  const page = remaining.slice(0, maxResults);
  const items = page.map((item) => item.record);
  return remaining.length > page.length ? { items, nextToken: tokenFor(list, page[page.length - 1].sequence) } : { items };
}

function tokenFor(list: string, before: number): string {
  return Buffer.from(JSON.stringify({ list, before })).toString('base64url');
}

function positionIn(nextToken: string, list: string): number {
  const cursor = decode(nextToken);
  if (!isRecord(cursor) || cursor.list !== list || !Number.isInteger(cursor.before) || (cursor.before as number) < 1) {
    throw validationException('The pagination token is invalid', [{ name: 'nextToken', message: 'Member must be a token returned by a previous call' }]);
  }
  return cursor.before as number;
}

function decode(nextToken: string): unknown {
  try {
    return JSON.parse(Buffer.from(nextToken, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
