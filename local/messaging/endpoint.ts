import * as http from 'http';
import type { Duplex } from 'stream';
import { WebSocket, WebSocketServer } from 'ws';
import { Connection } from './connection';
import { ClientFrame, decodeFrame, MAX_PAYLOAD_BYTES, parseClientFrame, requestIdOf } from './frames';
import { Outbox } from './outbox';
import { reviewMessage } from './review';
import { internalServerError, messageDenied, ServiceError, unauthorized, validationException } from '../control-plane/errors';
import { RequestOrigin } from '../control-plane/fan-out';
import { AdmittedMessage, ChatService, ChatTokenRecord } from '../control-plane/model';
import { LocalFunction } from '../functions/local-function';

/** How `verifyClient` accepts a handshake, or refuses it with an HTTP status, a body and headers. */
type HandshakeVerdict = (accepted: boolean, status?: number, message?: string, headers?: http.OutgoingHttpHeaders) => void;

export interface MessagingEndpointOptions {
  /** The shared model: the control plane's rooms and tokens. */
  readonly service: ChatService;
  /**
   * The local function serving a room's review handler, by its Lambda ARN (`room.messageReviewHandler.uri`).
   *
   * @default - no function: rooms with a review handler apply their fallback result to every message
   */
  readonly reviewHandler?: (uri: string) => LocalFunction | undefined;
  /**
   * One readable line per notable thing: connections, refusals, review verdicts, closes.
   *
   * @default - silent
   */
  readonly log?: (line: string) => void;
  /**
   * Milliseconds since the epoch, for token and session expiry and the room's message rate: tests pass a fixed clock.
   *
   * @default Date.now
   */
  readonly clock?: () => number;
}

/**
 * The IVS Chat Messaging API (https://docs.aws.amazon.com/ivs/latest/chatmsgapireference/welcome.html) over the
 * control plane's model: clients connect with a CreateChatToken token as their only WebSocket subprotocol, then
 * send and receive the JSON frames the official `amazon-ivs-chat-messaging` client speaks.
 */
export class MessagingEndpoint {
  private readonly service: ChatService;
  private readonly reviewHandler: (uri: string) => LocalFunction | undefined;
  private readonly log: (line: string) => void;
  private readonly clock: () => number;
  private readonly webSockets: WebSocketServer;
  private readonly connections = new Set<Connection>();
  private readonly outbox = new Outbox();
  /** The token each accepted handshake redeemed, from the handshake check to the connection it opens. */
  private readonly redeemedTokens = new WeakMap<http.IncomingMessage, ChatTokenRecord>();
  private closed = false;

  constructor(options: MessagingEndpointOptions) {
    this.service = options.service;
    this.reviewHandler = options.reviewHandler ?? (() => undefined);
    this.log = options.log ?? (() => undefined);
    this.clock = options.clock ?? Date.now;
    this.webSockets = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      maxPayload: MAX_PAYLOAD_BYTES,
      // The client checks that the server echoes its token as the chosen subprotocol; `verifyClient` lets only one through.
      handleProtocols: (protocols) => protocols.values().next().value ?? false,
      // Runs after the WebSocket layer has validated the handshake, so a malformed upgrade never uses up a token.
      verifyClient: (info, done) => this.verify(info.req, done),
    });
  }

  /** Open connections, for the developer summary and tests. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Serve WebSocket upgrades of this HTTP server (any path): the control plane and messaging share one port. */
  attach(server: http.Server): void {
    server.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      this.webSockets.handleUpgrade(request, socket, head, (webSocket) => this.accept(webSocket, socket, request));
    });
  }

  /** Closes every connection (clean close) and stops accepting; resolves when all sockets are closed. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.connections].map((connection) => connection.shutDown()));
  }

  /** Redeems the token the client offers, or refuses the handshake with the reason's status (401 for a bad token). */
  private verify(request: http.IncomingMessage, done: HandshakeVerdict): void {
    try {
      if (this.closed) throw new ServiceError(503, 'ServiceUnavailableException', 'The messaging endpoint is closed');
      this.redeemedTokens.set(request, this.service.redeemChatToken(tokenOf(request), this.clock()));
      done(true);
    } catch (error) {
      const refusal = this.asServiceError(error);
      this.log(`refused a connection from ${request.socket.remoteAddress}: ${refusal.status} ${refusal.message}`);
      done(false, refusal.status, refusal.message, { 'Content-Type': 'text/plain; charset=utf-8' });
    }
  }

  private accept(webSocket: WebSocket, stream: Duplex, request: http.IncomingMessage): void {
    const token = this.redeemedTokens.get(request)!;
    const connection = new Connection(token, request.socket.remoteAddress ?? '', webSocket, stream, this.outbox, () => this.service.nextFrameId());
    const expiry = setTimeout(() => connection.expire(), token.sessionExpirationTime.getTime() - this.clock());
    this.connections.add(connection);
    this.service.openSession(connection);
    webSocket.on('message', (data: Buffer, isBinary) => this.receive(connection, data, isBinary));
    webSocket.on('error', (error) => this.log(`connection of ${describe(token)} failed: ${error.message}`));
    webSocket.on('close', (code) => {
      clearTimeout(expiry);
      this.service.closeSession(connection);
      this.connections.delete(connection);
      this.log(`closed ${describe(token)} (code ${code})`);
    });
    this.log(`connected ${describe(token)} (${this.service.sessionsOf(token.roomArn).length} open in the room)`);
  }

  /**
   * Answers every request, and every failure (malformed frame, rule broken, server fault) with an ERROR frame. Only
   * a message under review is answered later: everything else is answered before the next frame is read, so a
   * client's frames take effect, and are answered, in the order it sent them.
   */
  private receive(connection: Connection, data: Buffer, isBinary: boolean): void {
    let requestId: string | undefined;
    try {
      const value = decodeFrame(data, isBinary);
      requestId = requestIdOf(value);
      this.perform(connection, parseClientFrame(value))?.catch((error: unknown) => this.fail(connection, error, requestId));
    } catch (error) {
      this.fail(connection, error, requestId);
    }
  }

  /** The client's actions go through the same model operations as the control plane's; answers the pending review, if any. */
  private perform(connection: Connection, frame: ClientFrame): Promise<void> | undefined {
    const origin: RequestOrigin = { session: connection, requestId: frame.requestId };
    const roomIdentifier = connection.token.roomArn;
    switch (frame.action) {
      case 'SEND_MESSAGE':
        return this.sendMessage(connection, frame, origin);
      case 'DELETE_MESSAGE':
        this.service.deleteMessage({ roomIdentifier, id: frame.id, reason: frame.reason }, this.clock(), origin);
        return undefined;
      case 'DISCONNECT_USER':
        this.service.disconnectUser({ roomIdentifier, userId: frame.userId, reason: frame.reason }, this.clock(), origin);
        return undefined;
    }
  }

  /** A room without a review handler gets the message at once; with one, delivery waits for the verdict. */
  private sendMessage(connection: Connection, frame: ClientFrame & { action: 'SEND_MESSAGE' }, origin: RequestOrigin): Promise<void> | undefined {
    const admitted = this.service.admitMessage(connection.token, frame, this.clock());
    if (!admitted.room.messageReviewHandler) {
      this.service.deliverMessage(admitted.message, origin);
      return undefined;
    }
    return this.deliverReviewed(connection, admitted, origin);
  }

  private async deliverReviewed(connection: Connection, admitted: AdmittedMessage, origin: RequestOrigin): Promise<void> {
    const handler = this.reviewHandler(admitted.room.messageReviewHandler!.uri);
    const verdict = await reviewMessage(handler, admitted, connection.ip);
    this.log(`review of message ${admitted.message.id} from ${describe(connection.token)}: ${verdict.allowed ? 'ALLOW' : 'DENY'} (${verdict.why})`);
    if (!verdict.allowed) throw messageDenied(`Message denied: ${verdict.why}`);
    this.service.deliverMessage(verdict.message, origin);
  }

  private fail(connection: Connection, error: unknown, requestId: string | undefined): void {
    connection.fail(this.asServiceError(error), requestId);
  }

  /** The model's errors carry their code; anything else is the server's fault, logged and answered 500. */
  private asServiceError(error: unknown): ServiceError {
    if (error instanceof ServiceError) return error;
    this.log(`internal error: ${error instanceof Error ? error.stack : String(error)}`);
    return internalServerError('Internal error');
  }
}

/** The client passes its token as the only WebSocket subprotocol (the WebSocket layer has checked the header's syntax). */
function tokenOf(request: http.IncomingMessage): string {
  const header = request.headers['sec-websocket-protocol'];
  const protocols = header === undefined ? [] : header.split(',').map((protocol) => protocol.trim());
  if (protocols.length === 0) throw unauthorized('Missing chat token: pass it as the only WebSocket subprotocol');
  if (protocols.length > 1) {
    throw validationException(`The chat token must be the only WebSocket subprotocol, got ${protocols.length} subprotocols`, [], 'OTHER');
  }
  return protocols[0];
}

function describe(token: ChatTokenRecord): string {
  return `user ${token.userId} in ${token.roomArn}`;
}
