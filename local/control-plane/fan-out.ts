import type { ChatTokenRecord, Tags } from './model';

/** A message as the room's clients receive it, after review. */
export interface MessageRecord {
  readonly roomArn: string;
  readonly id: string;
  readonly content: string;
  readonly attributes: Tags;
  readonly sender: { readonly userId: string; readonly attributes: Tags };
  /** when the service received it */
  readonly sendTime: Date;
}

/** An event as the room's clients receive it: an application's (SendEvent) or the service's (`aws:` names). */
export interface RoomEvent {
  readonly id: string;
  readonly eventName: string;
  readonly attributes: Tags;
  readonly sendTime: Date;
}

export type Delivery =
  | { readonly kind: 'message'; readonly message: MessageRecord }
  | { readonly kind: 'event'; readonly event: RoomEvent };

/** A client connection as the model sees it; the messaging endpoint implements it over a WebSocket. */
export interface ChatSession {
  /** the token that opened the connection: its room, user, capabilities and attributes */
  readonly token: ChatTokenRecord;
  /** `requestId` is set on the copy sent to the connection whose request caused the delivery, and only there */
  deliver(delivery: Delivery, requestId?: string): void;
  /** ends the connection so that the client does not reconnect */
  disconnect(): void;
}

/** The connection that sent a request, and the request's id. */
export interface RequestOrigin {
  readonly session: ChatSession;
  readonly requestId?: string;
}

/**
 * The open connections of every room, and the one way anything reaches them: the control plane's SendEvent,
 * DeleteMessage and DisconnectUser, and the clients' own actions, all deliver through here.
 */
export class RoomFanOut {
  private readonly sessionsByRoom = new Map<string, Set<ChatSession>>();

  join(session: ChatSession): void {
    const roomArn = session.token.roomArn;
    const sessions = this.sessionsByRoom.get(roomArn) ?? new Set();
    this.sessionsByRoom.set(roomArn, sessions.add(session));
  }

  leave(session: ChatSession): void {
    const roomArn = session.token.roomArn;
    const sessions = this.sessionsByRoom.get(roomArn);
    sessions?.delete(session);
    if (sessions?.size === 0) this.sessionsByRoom.delete(roomArn);
  }

  /** the room's connections, in the order they opened */
  sessionsOf(roomArn: string): ChatSession[] {
    return [...this.sessionsByRoom.get(roomArn) ?? []];
  }

  /** A request id belongs to the connection that sent the request: the other recipients get the delivery without it. */
  deliver(recipients: readonly ChatSession[], delivery: Delivery, origin?: RequestOrigin): void {
    for (const session of new Set(recipients)) {
      session.deliver(delivery, session === origin?.session ? origin.requestId : undefined);
    }
  }
}
