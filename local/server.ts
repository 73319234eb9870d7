/**
 * The local chat server: a synthesized app (cdk.out) served offline on 127.0.0.1. One port serves the IVS Chat
 * control plane (REST-JSON, any SigV4 credentials), the messaging endpoint (WebSocket upgrades: what
 * `amazon-ivs-chat-messaging` connects to), and the app's token vendors (their function URLs, by path). The app's
 * rooms and logging configurations exist in the control plane's model; its review handlers and token vendors run as
 * local Node.js functions.
 */
import {
  CloudAssembly, contextFor, FunctionDescription, isUnresolved, LocalResourceValues, readCloudAssembly, resolve, resolveEnvironment,
  ResolveContext, StackDescription, TemplateProperties, TokenVendorDescription,
} from './assembly';
import { ExtraRoute, IvsChatEmulator } from './control-plane';
import type { LocalFunction } from './functions/local-function';
import { FunctionRunner } from './functions/runner';
import { MessagingEndpoint } from './messaging';
import { tokenVendorRoute, UrlCors } from './token-vendors';

/** Where an environment-agnostic app runs locally. */
export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_ACCOUNT = '123456789012';

/** What the local server gives its functions: the control plane as IVS Chat's endpoint, and credentials it accepts. */
const LOCAL_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIALOCALCDKIVSCHAT', AWS_SECRET_ACCESS_KEY: 'cdk-ivs-chat-local' };

export interface LocalChatServerOptions {
  /** The cloud assembly directory (`cdk.out`). */
  readonly assembly: string;
  /** The port on 127.0.0.1. @default 0 (any free port) */
  readonly port?: number;
  /** Readable lines about what the server does (resources created, functions, refusals). @default - none */
  readonly log?: (line: string) => void;
  /** Where the functions' console output goes. @default - standard error */
  readonly functionLog?: (line: string) => void;
}

/** A room or logging configuration of the app, as the local server created it. */
export interface LocalResource {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  readonly arn: string;
  readonly name: string;
}

export interface LocalTokenVendor {
  readonly stack: string;
  /** The logical id of the vendor's function. */
  readonly logicalId: string;
  /** Where clients POST for a token. */
  readonly url: string;
  readonly authType: 'AWS_IAM' | 'NONE';
  readonly roomArn?: string;
}

/** The `--json` ready line (shared/DESIGN.md, "Local chat server"). */
export interface ReadyLine {
  readonly region: string;
  readonly account: string;
  readonly controlPlane: string;
  readonly messaging: string;
  readonly rooms: ReadonlyArray<Pick<LocalResource, 'stack' | 'logicalId' | 'arn' | 'name'>>;
  readonly loggingConfigurations: ReadonlyArray<Pick<LocalResource, 'stack' | 'logicalId' | 'arn' | 'name'>>;
  readonly tokenVendors: ReadonlyArray<Pick<LocalTokenVendor, 'stack' | 'logicalId' | 'url' | 'roomArn'>>;
}

/** The local server could not start: the message is one line, for the command to print. */
export class LocalServerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalServerError';
  }
}

export class LocalChatServer {
  static async start(options: LocalChatServerOptions): Promise<LocalChatServer> {
    const assembly = readCloudAssembly(options.assembly);
    const environment = firstEnvironment(assembly);
    const routes: ExtraRoute[] = [];
    const controlPlane = await IvsChatEmulator.start({ ...environment, port: options.port ?? 0, routes });
    const server = new LocalChatServer(assembly, controlPlane, routes, options);
    try {
      server.createResources();
      return server;
    } catch (error) {
      await server.close();
      throw error;
    }
  }

  readonly rooms: LocalResource[] = [];
  readonly loggingConfigurations: LocalResource[] = [];
  readonly tokenVendors: LocalTokenVendor[] = [];
  readonly messaging: MessagingEndpoint;
  private readonly runner: FunctionRunner;
  /** The review handlers and token vendors, by their local ARN. */
  private readonly functions = new Map<string, LocalFunction>();
  private readonly log: (line: string) => void;

  private constructor(
    private readonly assembly: CloudAssembly,
    readonly controlPlane: IvsChatEmulator,
    private readonly routes: ExtraRoute[],
    options: LocalChatServerOptions,
  ) {
    this.log = options.log ?? (() => undefined);
    this.runner = new FunctionRunner({ log: options.functionLog });
    this.messaging = new MessagingEndpoint({
      service: controlPlane.service,
      reviewHandler: uri => this.functions.get(uri),
      log: this.log,
    });
    this.messaging.attach(controlPlane.server);
  }

  /** The control plane: `http://127.0.0.1:<port>`, for an SDK client's `endpoint`. */
  get endpoint(): string {
    return this.controlPlane.endpoint;
  }

  /** The messaging endpoint: `ws://127.0.0.1:<port>`, for the chat client's `regionOrUrl`. */
  get messagingUrl(): string {
    return this.endpoint.replace(/^http/, 'ws');
  }

  readyLine(): ReadyLine {
    const summary = ({ stack, logicalId, arn, name }: LocalResource) => ({ stack, logicalId, arn, name });
    return {
      region: this.controlPlane.region,
      account: this.controlPlane.accountId,
      controlPlane: this.endpoint,
      messaging: this.messagingUrl,
      rooms: this.rooms.map(summary),
      loggingConfigurations: this.loggingConfigurations.map(summary),
      tokenVendors: this.tokenVendors.map(({ stack, logicalId, url, roomArn }) => ({ stack, logicalId, url, roomArn })),
    };
  }

  /**
   * Serves another HTTP endpoint on the server's port, under a path prefix the control plane does not use (such as
   * `/chat/`): a page that chats with the app, from the same origin as its token vendors.
   */
  serve(route: ExtraRoute): void {
    this.routes.push(route);
  }

  /** Closes every connection, socket and function worker. */
  async close(): Promise<void> {
    await this.messaging.close();
    await this.controlPlane.stop();
    await this.runner.close();
  }

  /**
   * Creates the app's resources in dependency order, stack by stack: logging configurations, then the rooms that refer
   * to them, then the functions (whose environment may refer to both), then the token vendors' endpoints.
   */
  private createResources(): void {
    for (const stack of this.assembly.stacks) {
      const values: Record<string, LocalResourceValues> = {};
      const context = (): ResolveContext => contextFor(stack, {
        region: this.controlPlane.region,
        accountId: this.controlPlane.accountId,
        resources: { ...standInNames(stack), ...values },
      });
      this.functionArnsOf(stack, values);
      for (const config of stack.loggingConfigurations) {
        const created = this.createLoggingConfiguration(stack, config.logicalId, config.type, resolved(config.properties, context(), `${stack.displayName}/${config.logicalId}`));
        values[config.logicalId] = { ref: created.arn, attributes: { Arn: created.arn, Id: created.arn.split('/').pop() } };
      }
      for (const room of stack.rooms) {
        const created = this.createRoom(stack, room.logicalId, room.type, resolved(room.properties, context(), `${stack.displayName}/${room.logicalId}`));
        values[room.logicalId] = { ref: created.arn, attributes: { Arn: created.arn, Id: created.arn.split('/').pop() } };
      }
      this.startReviewHandlers(stack, context());
      stack.tokenVendors.forEach(vendor => this.serveTokenVendor(stack, vendor, context()));
    }
  }

  private createLoggingConfiguration(stack: StackDescription, logicalId: string, type: string, properties: TemplateProperties): LocalResource {
    const destination = properties.DestinationConfiguration as Record<string, Record<string, unknown>> | undefined ?? {};
    const created = this.callControlPlane(stack, logicalId, 'CreateLoggingConfiguration', {
      name: properties.Name,
      destinationConfiguration: {
        ...destination.S3 && { s3: { bucketName: destination.S3.BucketName } },
        ...destination.CloudWatchLogs && { cloudWatchLogs: { logGroupName: destination.CloudWatchLogs.LogGroupName } },
        ...destination.Firehose && { firehose: { deliveryStreamName: destination.Firehose.DeliveryStreamName } },
      },
      tags: tagsOf(properties.Tags),
    });
    const resource = { stack: stack.displayName, logicalId, type, arn: created.arn, name: created.name };
    this.loggingConfigurations.push(resource);
    this.log(`logging configuration ${stack.displayName}/${logicalId}: ${created.arn} (logs are not delivered locally)`);
    return resource;
  }

  private createRoom(stack: StackDescription, logicalId: string, type: string, properties: TemplateProperties): LocalResource {
    const handler = properties.MessageReviewHandler as { Uri?: string; FallbackResult?: string } | undefined;
    const created = this.callControlPlane(stack, logicalId, 'CreateRoom', {
      name: properties.Name,
      maximumMessageLength: numberOf(properties.MaximumMessageLength),
      maximumMessageRatePerSecond: numberOf(properties.MaximumMessageRatePerSecond),
      ...handler && { messageReviewHandler: { uri: handler.Uri, fallbackResult: handler.FallbackResult } },
      loggingConfigurationIdentifiers: properties.LoggingConfigurationIdentifiers,
      tags: tagsOf(properties.Tags),
    });
    const resource = { stack: stack.displayName, logicalId, type, arn: created.arn, name: created.name };
    this.rooms.push(resource);
    this.log(`room ${stack.displayName}/${logicalId}: ${created.arn}${created.name ? ` (${created.name})` : ''}`);
    return resource;
  }

  /** The local ARN of every function of the stack, for references to them (a room's review handler `Uri`). */
  private functionArnsOf(stack: StackDescription, values: Record<string, LocalResourceValues>): void {
    for (const fn of stack.functions) {
      const name = `${stack.stackName}-${fn.logicalId}`.slice(0, 64);
      values[fn.logicalId] = { ref: name, attributes: { Arn: this.functionArn(name) } };
    }
  }

  private functionArn(name: string): string {
    return `arn:aws:lambda:${this.controlPlane.region}:${this.controlPlane.accountId}:function:${name}`;
  }

  /** Runs the functions that rooms of this stack use as review handlers. */
  private startReviewHandlers(stack: StackDescription, context: ResolveContext): void {
    const uris = new Set(this.rooms.map(room => this.controlPlane.service.getRoom(room.arn, Date.now()).messageReviewHandler?.uri));
    for (const fn of stack.functions) {
      const arn = String(context.resources?.[fn.logicalId]?.attributes?.Arn);
      if (uris.has(arn)) {
        this.functions.set(arn, this.startFunction(stack, fn, arn, context));
        this.log(`review handler ${stack.displayName}/${fn.logicalId}: ${arn}`);
      }
    }
  }

  private serveTokenVendor(stack: StackDescription, vendor: TokenVendorDescription, context: ResolveContext): void {
    const logicalId = vendor.function.logicalId;
    if (vendor.url === undefined) {
      this.log(`token vendor ${stack.displayName}/${logicalId}: no function URL (behind API Gateway?), not served`);
      return;
    }
    const arn = String(context.resources?.[logicalId]?.attributes?.Arn);
    const fn = this.startFunction(stack, vendor.function, arn, context);
    this.functions.set(arn, fn);
    const pathPrefix = `/token-vendors/${encodeURIComponent(stack.stackName)}/${encodeURIComponent(logicalId)}/`;
    const authType = vendor.url.authType === 'NONE' ? 'NONE' : 'AWS_IAM';
    const cors = vendor.url.cors as UrlCors | undefined;
    this.routes.push(tokenVendorRoute({ pathPrefix, authType, cors, function: fn, accountId: this.controlPlane.accountId }, this.log));
    const roomArn = resolve(vendor.environment.ROOM_ARN, context);
    const url = `${this.endpoint}${pathPrefix}`;
    this.tokenVendors.push({ stack: stack.displayName, logicalId, url, authType, ...typeof roomArn === 'string' && { roomArn } });
    this.log(`token vendor ${stack.displayName}/${logicalId}: POST ${url} (${authType}${authType === 'AWS_IAM'
      ? ': name the caller in the x-cdk-ivs-chat-local-principal header, an IAM ARN, or x-cdk-ivs-chat-local-cognito-identity-id'
      : ''})`);
  }

  private startFunction(stack: StackDescription, fn: FunctionDescription, arn: string, context: ResolveContext): LocalFunction {
    const where = `${stack.displayName}/${fn.logicalId}`;
    if ('unavailable' in fn.code) {
      throw new LocalServerError(`Function ${where} cannot run locally: ${fn.code.unavailable}`);
    }
    const { variables, unresolved } = resolveEnvironment(fn.environment, context);
    for (const [name, value] of Object.entries(unresolved)) {
      this.log(`function ${where}: environment variable ${name} left out: ${value.reason}`);
    }
    try {
      return this.runner.function({
        arn,
        runtime: fn.runtime ?? '(none)',
        handler: fn.handler ?? '(none)',
        code: fn.code,
        timeoutSeconds: fn.timeoutSeconds,
        environment: {
          ...variables,
          ...LOCAL_CREDENTIALS,
          AWS_REGION: this.controlPlane.region,
          AWS_DEFAULT_REGION: this.controlPlane.region,
          AWS_ENDPOINT_URL_IVSCHAT: this.endpoint,
          AWS_LAMBDA_FUNCTION_NAME: arn.split(':').pop()!,
        },
      });
    } catch (error) {
      throw new LocalServerError(`Function ${where} cannot run locally: ${(error as Error).message}`);
    }
  }

  private callControlPlane(stack: StackDescription, logicalId: string, operation: 'CreateRoom' | 'CreateLoggingConfiguration', input: Record<string, unknown>): { arn: string; name: string } {
    try {
      return this.controlPlane.call(operation, withoutUndefined(input)) as { arn: string; name: string };
    } catch (error) {
      throw new LocalServerError(`${stack.displayName}/${logicalId}: ${operation} failed: ${(error as Error).message}`);
    }
  }
}

/** The account and region of the first stack that has them: the local server serves one of each. */
function firstEnvironment(assembly: CloudAssembly): { region: string; accountId: string } {
  return {
    region: assembly.stacks.find(stack => stack.environment.region)?.environment.region ?? DEFAULT_REGION,
    accountId: assembly.stacks.find(stack => stack.environment.account)?.environment.account ?? DEFAULT_ACCOUNT,
  };
}

/**
 * Names for the resources the local server does not create (buckets, log groups, delivery streams): a logging
 * configuration refers to its destination by name, which only has to be valid, since logs are not delivered locally.
 */
function standInNames(stack: StackDescription): Record<string, LocalResourceValues> {
  return Object.fromEntries(Object.keys(stack.template.Resources ?? {}).map(logicalId => [logicalId, { ref: `local-${logicalId.toLowerCase()}`.slice(0, 63) }]));
}

function resolved(properties: TemplateProperties, context: ResolveContext, where: string): TemplateProperties {
  const { ServiceToken: _, ...rest } = properties;
  const value = resolve(rest, context);
  if (isUnresolved(value)) {
    throw new LocalServerError(`${where}: ${value.reason}`);
  }
  return value as TemplateProperties;
}

function numberOf(value: unknown): number | undefined {
  return value === undefined ? undefined : Number(value);
}

function tagsOf(tags: unknown): Record<string, string> | undefined {
  return Array.isArray(tags) ? Object.fromEntries(tags.map((tag: { Key: string; Value: string }) => [tag.Key, String(tag.Value ?? '')])) : undefined;
}

function withoutUndefined(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}
