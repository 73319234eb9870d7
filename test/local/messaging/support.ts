/**
 * What the messaging tests share: a control plane with the messaging endpoint on its port, raw `ws` clients that
 * record every frame, and the official `amazon-ivs-chat-messaging` client set up for Node and Jest.
 */
import { ChatRoom, ChatRoomListenerMap, ChatToken } from 'amazon-ivs-chat-messaging';
import { WebSocket } from 'ws';
import { ChatTokenRecord, IvsChatEmulator } from '../../../local/control-plane';
import { ChatTokenInput, RoomSettingsInput } from '../../../local/control-plane/model';
import { MessagingEndpoint, MessagingEndpointOptions } from '../../../local/messaging';

// Node 20 has no global WebSocket, and the official client uses the global one.
Object.assign(globalThis, { WebSocket });

export const MESSAGE_ID = /^[a-zA-Z0-9]{12}$/;
export const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A frame as the server sent it, parsed. */
export type Frame = Record<string, unknown>;

export interface LocalChat {
  readonly emulator: IvsChatEmulator;
  readonly endpoint: MessagingEndpoint;
  /** ws://127.0.0.1:<port>, what clients pass as `regionOrUrl` */
  readonly url: string;
  /** the endpoint's log lines */
  readonly log: string[];
  createRoom(settings?: RoomSettingsInput): string;
  /** a token record for a user of the room, created at the endpoint's clock */
  createToken(roomArn: string, userId: string, input?: Partial<ChatTokenInput>): ChatTokenRecord;
  /** closes the endpoint, then the control plane */
  stop(): Promise<void>;
}

export async function startLocalChat(options: Omit<MessagingEndpointOptions, 'service' | 'log'> = {}): Promise<LocalChat> {
  const emulator = await IvsChatEmulator.start({ clock: options.clock });
  const log: string[] = [];
  const endpoint = new MessagingEndpoint({ ...options, service: emulator.service, log: (line) => log.push(line) });
  endpoint.attach(emulator.server);
  const now = options.clock ?? Date.now;
  return {
    emulator,
    endpoint,
    url: emulator.endpoint.replace('http://', 'ws://'),
    log,
    createRoom: (settings = {}) => emulator.service.createRoom(settings, now()).arn,
    createToken: (roomArn, userId, input = {}) => emulator.service.createChatToken({ roomIdentifier: roomArn, userId, ...input }, now()),
    stop: async () => {
      await endpoint.close();
      await emulator.stop();
    },
  };
}

/** What a refused handshake answered. */
export interface Refusal {
  readonly status: number;
  readonly body: string;
}

/** A `ws` client that keeps every frame it receives, for assertions on exact frames. */
export class RawClient {
  /** Opens a connection offering these subprotocols (the token alone, normally). */
  static async connect(url: string, protocols: string | string[]): Promise<RawClient> {
    const socket = new WebSocket(url, protocols);
    const client = new RawClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('close', () => reject(new Error(`the handshake failed: ${client.errors.map((error) => error.message).join('; ')}`)));
    });
    return client;
  }

  /** The status and body of a handshake the server refuses; fails if it accepts. */
  static async refusal(url: string, protocols: string | string[], headers: Record<string, string> = {}): Promise<Refusal> {
    const socket = new WebSocket(url, protocols, { headers });
    return new Promise((resolve, reject) => {
      socket.once('open', () => {
        socket.terminate();
        reject(new Error('the handshake was accepted'));
      });
      socket.once('error', () => undefined);
      socket.once('unexpected-response', (request, response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          request.destroy();
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        });
      });
    });
  }

  /** every frame received, in order */
  readonly frames: Frame[] = [];
  /** socket errors after the handshake (a reset while the server closes the connection) */
  readonly errors: Error[] = [];
  /** the close code and reason, once closed */
  readonly closed: Promise<{ code: number; reason: string }>;
  private read = 0;
  private waiting?: () => void;

  private constructor(readonly socket: WebSocket) {
    socket.on('error', (error) => this.errors.push(error));
    socket.on('message', (data: Buffer) => {
      this.frames.push(JSON.parse(data.toString('utf8')));
      this.waiting?.();
    });
    this.closed = new Promise((resolve) => socket.once('close', (code, reason) => {
      resolve({ code, reason: reason.toString('utf8') });
      this.waiting?.();
    }));
  }

  /** Sends an object as JSON, or a string or buffer as is. */
  send(frame: object | string | Buffer, options: { binary?: boolean } = {}): void {
    const data = typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame);
    this.socket.send(data, { binary: options.binary ?? false });
  }

  /** The next frame not yet read; fails if the connection closes first. */
  async next(): Promise<Frame> {
    while (this.read >= this.frames.length) {
      if (this.socket.readyState === WebSocket.CLOSED) throw new Error(`connection closed; frames: ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => { this.waiting = resolve; });
    }
    return this.frames[this.read++];
  }

  /** The next `count` frames. */
  async take(count: number): Promise<Frame[]> {
    const taken: Frame[] = [];
    for (let index = 0; index < count; index++) taken.push(await this.next());
    return taken;
  }

  /** Closes cleanly and waits for the close. */
  async close(): Promise<void> {
    if (this.socket.readyState !== WebSocket.CLOSED) this.socket.close(1000);
    await this.closed;
  }
}

/** Connects raw clients as these users of the room, one token each. */
export async function connectUsers(chat: LocalChat, roomArn: string, users: ReadonlyArray<[string, Partial<ChatTokenInput>?]>): Promise<RawClient[]> {
  return Promise.all(users.map(([userId, input]) => RawClient.connect(chat.url, chat.createToken(roomArn, userId, input).token)));
}

/** The official client, quiet (errors it logs are kept in `errors`), with a token provider that never sets `tokenExpirationTime`. */
export interface OfficialClient {
  readonly room: ChatRoom;
  readonly errors: unknown[][];
  /** how many tokens the client asked for */
  readonly tokenRequests: () => number;
}

export function officialClient(url: string, nextToken: () => Promise<ChatTokenRecord | ChatToken>): OfficialClient {
  let requests = 0;
  const room = new ChatRoom({
    regionOrUrl: url,
    // A token with `tokenExpirationTime` makes the client schedule a refresh timer that Jest would wait for.
    tokenProvider: async () => {
      requests += 1;
      const { token, sessionExpirationTime } = await nextToken();
      return { token, sessionExpirationTime };
    },
  });
  const errors: unknown[][] = [];
  room.logLevel = 'error';
  room.logger = { debug: () => undefined, info: () => undefined, error: (...args: unknown[]) => errors.push(args) };
  return { room, errors, tokenRequests: () => requests };
}

/** Resolves with the arguments of the room's next such event. */
export function nextEvent<Name extends keyof ChatRoomListenerMap>(room: ChatRoom, name: Name): Promise<Parameters<ChatRoomListenerMap[Name]>> {
  return new Promise((resolve) => {
    const remove = room.addListener(name, ((...args: Parameters<ChatRoomListenerMap[Name]>) => {
      remove();
      resolve(args);
    }) as ChatRoomListenerMap[Name]);
  });
}

/** Connects the official client and waits until it is connected. */
export async function connectOfficial(client: OfficialClient): Promise<void> {
  const connected = nextEvent(client.room, 'connect');
  client.room.connect();
  await connected;
}

/**
 * Waits until the endpoint has no open connection: the official client's `disconnect()` returns before its socket
 * has closed. The deadline only stops a broken endpoint from hanging the suite.
 */
export async function allClosed(chat: LocalChat, deadlineMs = 10_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (chat.endpoint.connectionCount > 0) {
    if (Date.now() > deadline) throw new Error(`${chat.endpoint.connectionCount} connections still open`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
