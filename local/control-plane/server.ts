import * as crypto from 'crypto';
import * as http from 'http';
import { AddressInfo } from 'net';
import type { IvschatClient, IvschatClientConfig } from '@aws-sdk/client-ivschat';
import { accessDenied, internalServerError, ServiceError, throttling, validationException } from './errors';
import { FaultInjector, Faults } from './faults';
import { Answer, createHandlers, Handler, Input } from './handlers';
import {
  ChatService, ChatTokenRecord, DeletedMessageRecord, DisconnectionRecord, EventRecord, LoggingConfigurationRecord, RoomRecord,
} from './model';
import { OperationName, Route, routeOf, WRITE_OPERATIONS } from './operations';
import { isRecord } from './validation';

export interface EmulatorOptions {
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '123456789012' */
  readonly accountId?: string;
  /** how long a logging configuration stays CREATING / UPDATING / DELETING (ms). default 0 = immediate */
  readonly loggingStateDelays?: { readonly creatingMs?: number; readonly updatingMs?: number; readonly deletingMs?: number };
  /** @default 10 */
  readonly loggingConfigurationQuota?: number;
  /** reject (409 ConflictException) a room that references a logging configuration that is not ACTIVE. @default true */
  readonly rejectInactiveLoggingConfigurations?: boolean;
  /** the port on 127.0.0.1. @default 0 (any free port) */
  readonly port?: number;
  /**
   * Other HTTP endpoints on the same port, by path prefix (the local chat server's token vendors): a request whose
   * path starts with a prefix goes to its handler instead of the control plane.
   */
  readonly routes?: ReadonlyArray<ExtraRoute>;
  /**
   * What the emulator reads as the current time, in milliseconds since the epoch: the logging configurations'
   * state changes, timestamps, throttling windows and call records all follow it. A test that steps a clock of its
   * own sees every state in order however slow the machine is.
   * @default Date.now
   */
  readonly clock?: () => number;
}

/** An HTTP endpoint served next to the control plane. */
export interface ExtraRoute {
  readonly pathPrefix: string;
  handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void>;
}

export interface CallRecord {
  readonly operation: OperationName;
  /** HTTP status answered */
  readonly status: number;
  /** e.g. 'ThrottlingException' */
  readonly errorType?: string;
  /** the emulator's clock when received (`Date.now()` unless `clock` is given) */
  readonly time: number;
  /** identifier / roomIdentifier / resourceArn of the request when present */
  readonly resourceArn?: string;
  /** the request's members (JSON body and URL) as received; absent when the body was not a JSON object */
  readonly input?: Readonly<Record<string, unknown>>;
}

const HOST = '127.0.0.1';
const TEST_CREDENTIALS = { accessKeyId: 'AKIAIVSCHATEMULATOR', secretAccessKey: 'ivschat-emulator-secret' };
const SIGNING_NAME = 'ivschat';
/** Only the header's shape and its credential scope are checked: the signature itself is not verified. */
const SIGV4_AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=[^/\s]+\/\d{8}\/[^/\s]+\/([^/\s]+)\/aws4_request,\s*SignedHeaders=[^,\s]+,\s*Signature=[0-9a-f]+$/;

/**
 * An in-memory Amazon IVS Chat control plane on 127.0.0.1, spoken to by the real `@aws-sdk/client-ivschat`
 * through an endpoint override: REST-JSON routing, SigV4 presence, the API's validation and errors, the
 * asynchronous logging configuration lifecycle, quotas, and scripted faults.
 */
export class IvsChatEmulator {
  static async start(options: EmulatorOptions = {}): Promise<IvsChatEmulator> {
    const emulator = new IvsChatEmulator(options);
    await emulator.listen(options.port ?? 0);
    return emulator;
  }

  readonly region: string;
  readonly accountId: string;
  readonly faults: Faults;
  /** The model every edge shares: this control plane, and the local chat server's messaging endpoint. */
  readonly service: ChatService;
  /** The HTTP server, for endpoints that share its port (the messaging endpoint's WebSocket upgrades). */
  readonly server: http.Server;
  private readonly injector = new FaultInjector();
  private readonly handlers: Record<OperationName, Handler>;
  private readonly routes: ReadonlyArray<ExtraRoute>;
  private readonly callRecords: CallRecord[] = [];
  private readonly clients = new Set<IvschatClient>();
  private readonly delayedAnswers = new Set<NodeJS.Timeout>();
  private readonly now: () => number;
  private port = 0;

  private constructor(options: EmulatorOptions) {
    this.region = checked('region', options.region ?? 'us-east-1', /^[a-z0-9-]+$/);
    this.accountId = checked('accountId', options.accountId ?? '123456789012', /^[0-9]{12}$/);
    const scope = { region: this.region, accountId: this.accountId };
    this.now = options.clock ?? Date.now;
    this.faults = this.injector;
    this.service = new ChatService({
      scope,
      creatingMs: nonNegative('creatingMs', options.loggingStateDelays?.creatingMs ?? 0),
      updatingMs: nonNegative('updatingMs', options.loggingStateDelays?.updatingMs ?? 0),
      deletingMs: nonNegative('deletingMs', options.loggingStateDelays?.deletingMs ?? 0),
      loggingConfigurationQuota: nonNegative('loggingConfigurationQuota', options.loggingConfigurationQuota ?? 10),
      rejectInactiveLoggingConfigurations: options.rejectInactiveLoggingConfigurations ?? true,
    }, (state) => this.injector.takeFailedState(state));
    this.handlers = createHandlers(this.service, scope);
    this.routes = options.routes ?? [];
    this.server = http.createServer((request, response) => {
      const route = this.routes.find(candidate => (request.url ?? '/').startsWith(candidate.pathPrefix));
      (route ? route.handle(request, response) : this.handle(request, response)).catch(() => response.destroy());
    });
  }

  /** 'http://127.0.0.1:<port>' */
  get endpoint(): string {
    return `http://${HOST}:${this.port}`;
  }

  get calls(): readonly CallRecord[] {
    return this.callRecords;
  }

  get chatTokens(): readonly ChatTokenRecord[] {
    return this.service.chatTokens;
  }

  get events(): readonly EventRecord[] {
    return this.service.events;
  }

  get deletedMessages(): readonly DeletedMessageRecord[] {
    return this.service.deletedMessages;
  }

  get disconnections(): readonly DisconnectionRecord[] {
    return this.service.disconnections;
  }

  /** Closes the server and its keep-alive connections, and destroys the clients `client()` made, so no handle stays open. */
  async stop(): Promise<void> {
    this.delayedAnswers.forEach(clearTimeout);
    this.delayedAnswers.clear();
    this.clients.forEach((client) => client.destroy());
    this.clients.clear();
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve, reject) => this.server.close((error) => error ? reject(error) : resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  /** clears all state, records, calls and faults */
  reset(): void {
    this.service.reset();
    this.injector.clear();
    this.callRecords.length = 0;
  }

  /** number of requests received for these operations (all when omitted) */
  callCount(operations?: OperationName | OperationName[]): number {
    const wanted = operations === undefined ? undefined : [operations].flat();
    return this.callRecords.filter((call) => !wanted || wanted.includes(call.operation)).length;
  }

  /** number of write requests that succeeded (2xx) */
  writeCallCount(): number {
    return this.callRecords.filter((call) => WRITE_OPERATIONS.has(call.operation) && call.status < 300).length;
  }

  /** deep copies, creation order */
  rooms(): RoomRecord[] {
    return this.service.rooms(this.now()).map((room) => structuredClone(room));
  }

  /** state as of now; deleted ones absent; creation order */
  loggingConfigurations(): LoggingConfigurationRecord[] {
    return this.service.loggingConfigurations(this.now()).map((configuration) => structuredClone(configuration));
  }

  /** a real SDK client pointed at the emulator, static test credentials; `stop()` destroys it */
  client(config: Partial<IvschatClientConfig> = {}): IvschatClient {
    // Loaded here, not at the top: the local chat server's bundle leaves the SDK out (it never calls this), and a
    // project that uses the emulator from its tests has the SDK.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { IvschatClient: Client } = require('@aws-sdk/client-ivschat') as typeof import('@aws-sdk/client-ivschat');
    const client = new Client({ region: this.region, endpoint: this.endpoint, credentials: TEST_CREDENTIALS, ...config });
    this.clients.add(client);
    return client;
  }

  /**
   * env vars that point an SDK client created from the environment (like the handler's) at the emulator:
   * AWS_ENDPOINT_URL_IVSCHAT, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
   */
  /**
   * Runs an operation in process, with the API's validation and rules but no HTTP, signature, quota or fault: how the
   * local chat server creates the app's resources. Answers the operation's response body; throws its `ServiceError`.
   */
  call(operation: OperationName, input: Input): unknown {
    const answer = this.handlers[operation](input, this.now());
    return answer.body;
  }

  env(): Record<string, string> {
    return {
      AWS_ENDPOINT_URL_IVSCHAT: this.endpoint,
      AWS_REGION: this.region,
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    };
  }

  private async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, HOST, () => {
        this.server.off('error', reject);
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const time = this.now();
    const body = await readBody(request);
    const route = routeOf(request.method ?? '', new URL(request.url ?? '/', this.endpoint));
    if (!route) {
      send(response, errorAnswer(validationException(`Unknown operation: ${request.method} ${request.url}`, [], 'UNKNOWN_OPERATION')));
      return;
    }
    const input = inputOf(route, body);
    const answer = this.answer(route.operation, request.headers.authorization, input, time);
    this.callRecords.push({
      operation: route.operation,
      status: answer.status,
      time,
      ...answer.errorType && { errorType: answer.errorType },
      ...resourceArnOf(input),
      ...input instanceof ServiceError ? {} : { input },
    });
    await this.delay(this.injector.latencyOf(route.operation));
    send(response, answer);
  }

  /** Signature, then quota, then scripted faults, then the operation itself, as a real request meets them. */
  private answer(operation: OperationName, authorization: string | undefined, input: Input | ServiceError, time: number): Answer {
    try {
      const authorizationProblem = problemWith(authorization);
      if (authorizationProblem) throw accessDenied(authorizationProblem);
      const limit = this.injector.exceededLimit(operation, time);
      if (limit !== undefined) throw throttling(limit, resourceArnOf(input).resourceArn ?? '');
      const scripted = this.injector.takeScriptedError(operation);
      if (scripted) throw scripted;
      if (input instanceof ServiceError) throw input;
      return this.handlers[operation](input, time);
    } catch (error) {
      return errorAnswer(error instanceof ServiceError ? error : internalServerError(`Emulator failure: ${String(error)}`));
    }
  }

  private async delay(ms: number): Promise<void> {
    if (ms <= 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.delayedAnswers.delete(timer);
        resolve();
      }, ms);
      this.delayedAnswers.add(timer);
    });
  }
}

function checked(name: string, value: string, format: RegExp): string {
  if (!format.test(value)) throw new Error(`\`${name}\` must match ${format.source}, got: ${value}`);
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new Error(`\`${name}\` must be a non-negative integer, got: ${value}`);
  return value;
}

/** Why the request is not SigV4-signed for IVS Chat, or undefined when it is. */
function problemWith(authorization: string | undefined): string | undefined {
  if (!authorization) return 'Missing Authentication Token';
  const scope = SIGV4_AUTHORIZATION.exec(authorization);
  if (!scope) return 'Authorization header requires a valid AWS Signature Version 4 (AWS4-HMAC-SHA256) credential';
  if (scope[1] !== SIGNING_NAME) return `Credential should be scoped to correct service: '${SIGNING_NAME}', got: '${scope[1]}'`;
  return undefined;
}

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The body's members with the URL's (REST-JSON binds the tagging ARN to the path), or the error a malformed body earns. */
function inputOf(route: Route, body: string): Input | ServiceError {
  if (body.trim() === '') return route.urlInput;
  try {
    // JSON null means "absent" to the service: dropping nulls lets validation and defaults treat both alike.
    const parsed: unknown = JSON.parse(body, (_key, value: unknown) => value === null ? undefined : value);
    if (isRecord(parsed)) return { ...parsed, ...route.urlInput };
  } catch {
    // reported below, like any body that is not a JSON object
  }
  return validationException('The request body must be a JSON object', [], 'OTHER');
}

function resourceArnOf(input: Input | ServiceError): { resourceArn?: string } {
  if (input instanceof ServiceError) return {};
  const resourceArn = input.identifier ?? input.roomIdentifier ?? input.resourceArn;
  return typeof resourceArn === 'string' ? { resourceArn } : {};
}

function errorAnswer(error: ServiceError): Answer {
  return { status: error.status, errorType: error.type, body: error.body() };
}

function send(response: http.ServerResponse, answer: Answer): void {
  response.setHeader('x-amzn-RequestId', crypto.randomUUID());
  if (answer.errorType) response.setHeader('x-amzn-ErrorType', answer.errorType);
  if (answer.body === undefined) {
    response.writeHead(answer.status).end();
    return;
  }
  const payload = JSON.stringify(answer.body);
  response.writeHead(answer.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }).end(payload);
}
