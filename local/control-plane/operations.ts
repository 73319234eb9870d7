export type OperationName =
  | 'CreateChatToken' | 'CreateLoggingConfiguration' | 'CreateRoom' | 'DeleteLoggingConfiguration'
  | 'DeleteMessage' | 'DeleteRoom' | 'DisconnectUser' | 'GetLoggingConfiguration' | 'GetRoom'
  | 'ListLoggingConfigurations' | 'ListRooms' | 'ListTagsForResource' | 'SendEvent' | 'TagResource'
  | 'UntagResource' | 'UpdateLoggingConfiguration' | 'UpdateRoom';

/** Quota groups of the real service: room 5 TPS, loggingConfiguration 3 TPS, tag 10 TPS, chatToken 200 TPS, messaging 100 TPS. */
export type OperationGroup = 'room' | 'loggingConfiguration' | 'tag' | 'chatToken' | 'messaging';

export const OPERATION_GROUPS: Record<OperationName, OperationGroup> = {
  CreateRoom: 'room',
  GetRoom: 'room',
  UpdateRoom: 'room',
  DeleteRoom: 'room',
  ListRooms: 'room',
  CreateLoggingConfiguration: 'loggingConfiguration',
  GetLoggingConfiguration: 'loggingConfiguration',
  UpdateLoggingConfiguration: 'loggingConfiguration',
  DeleteLoggingConfiguration: 'loggingConfiguration',
  ListLoggingConfigurations: 'loggingConfiguration',
  TagResource: 'tag',
  UntagResource: 'tag',
  ListTagsForResource: 'tag',
  CreateChatToken: 'chatToken',
  SendEvent: 'messaging',
  DeleteMessage: 'messaging',
  DisconnectUser: 'messaging',
};

export const OPERATION_NAMES = Object.keys(OPERATION_GROUPS) as OperationName[];

export const WRITE_OPERATIONS: ReadonlySet<OperationName> = new Set<OperationName>([
  'CreateRoom', 'UpdateRoom', 'DeleteRoom',
  'CreateLoggingConfiguration', 'UpdateLoggingConfiguration', 'DeleteLoggingConfiguration',
  'TagResource', 'UntagResource',
  'CreateChatToken', 'SendEvent', 'DeleteMessage', 'DisconnectUser',
]);

export const SERVICE_QUOTAS_TPS: Record<OperationGroup, number> = {
  room: 5,
  loggingConfiguration: 3,
  tag: 10,
  chatToken: 200,
  messaging: 100,
};

/** The operation a request addresses, with the inputs the URL carries (REST-JSON binds tagging inputs to the path and query). */
export interface Route {
  readonly operation: OperationName;
  readonly urlInput: Readonly<Record<string, unknown>>;
}

const TAG_OPERATIONS_BY_METHOD: Readonly<Record<string, OperationName>> = {
  GET: 'ListTagsForResource',
  POST: 'TagResource',
  DELETE: 'UntagResource',
};

const TAGS_PATH = /^\/tags\/([^/]+)$/;

/** Maps a request line to an operation the way the SDK's `@http` traits bind them, or undefined for an unknown operation. */
export function routeOf(method: string, url: URL): Route | undefined {
  const tagsPath = TAGS_PATH.exec(url.pathname);
  if (tagsPath) {
    const operation = TAG_OPERATIONS_BY_METHOD[method];
    const resourceArn = decodePathLabel(tagsPath[1]);
    if (!operation || resourceArn === undefined) return undefined;
    const tagKeys = url.searchParams.getAll('tagKeys');
    return {
      operation,
      urlInput: operation === 'UntagResource' && tagKeys.length > 0 ? { resourceArn, tagKeys } : { resourceArn },
    };
  }
  const name = url.pathname.slice(1);
  if (method !== 'POST' || !isBodyOperation(name)) return undefined;
  return { operation: name, urlInput: {} };
}

function isBodyOperation(name: string): name is OperationName {
  return (OPERATION_NAMES as string[]).includes(name) && OPERATION_GROUPS[name as OperationName] !== 'tag';
}

function decodePathLabel(label: string): string | undefined {
  try {
    return decodeURIComponent(label);
  } catch {
    return undefined;
  }
}
