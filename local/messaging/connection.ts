import type { Duplex } from 'stream';
import { WebSocket } from 'ws';
import { deliveryFrame, errorFrame } from './frames';
import { Outbox } from './outbox';
import { ServiceError, unauthorized } from '../control-plane/errors';
import { ChatSession, Delivery } from '../control-plane/fan-out';
import { ChatTokenRecord } from '../control-plane/model';

/** How long a shutting-down server waits for a client to answer its close frame before dropping the socket. */
const CLOSE_GRACE_MS = 1000;

// Close codes: the official client reconnects after any close that is not clean, and after none that is.
const NORMAL_CLOSURE = 1000;
const GOING_AWAY = 1001;

/** A client's WebSocket, as the model's ChatSession: frames out, and the ways the server ends it. */
export class Connection implements ChatSession {
  /** resolves when the socket has closed, whoever closed it */
  readonly closed: Promise<void>;

  constructor(
    readonly token: ChatTokenRecord,
    /** the client's address, for the review handler's `Sender.Ip` */
    readonly ip: string,
    private readonly socket: WebSocket,
    /** the TCP socket under `socket`, whose writes the outbox holds until the end of the turn */
    private readonly stream: Duplex,
    private readonly outbox: Outbox,
    private readonly nextFrameId: () => string,
  ) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  /** The room's other connections share one serialized frame; the requester's copy carries its request id. */
  deliver(delivery: Delivery, requestId?: string): void {
    this.send(requestId === undefined ? this.outbox.sharedFrame(delivery) : deliveryFrame(delivery, requestId));
  }

  fail(error: ServiceError, requestId?: string): void {
    this.send(errorFrame(this.nextFrameId(), error, requestId));
  }

  /** A clean close: the official client reports `serverDisconnect` and does not reconnect. */
  disconnect(): void {
    this.socket.close(NORMAL_CLOSURE, 'Disconnected by a moderator');
  }

  /**
   * The session's end (https://docs.aws.amazon.com/ivs/latest/ChatUserGuide/getting-started-chat-auth.html: the
   * session "is automatically closed"). ERROR 401 ("the connection has expired") comes first because it is what makes
   * the official client fetch a new token and reconnect, as the SDK guide says it does when the session expires.
   */
  expire(): void {
    this.fail(unauthorized(`Session expired at ${this.token.sessionExpirationTime.toISOString()}`));
    this.socket.close(NORMAL_CLOSURE, 'Session expired');
  }

  /** Closes cleanly, or drops the socket when the client does not answer in time. */
  async shutDown(): Promise<void> {
    this.socket.close(GOING_AWAY, 'Server shutting down');
    const drop = setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS);
    await this.closed;
    clearTimeout(drop);
  }

  /** Frames for a closing socket are dropped, as the client would never read them. A buffer is sent as a text frame. */
  private send(frame: string | Buffer): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    this.outbox.hold(this.stream);
    this.socket.send(frame, { binary: false });
  }
}
