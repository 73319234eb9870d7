import { Annotations, Duration, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { aws_ivschat as ivschat } from 'aws-cdk-lib/interfaces';
import { Construct } from 'constructs';
import { bundledHandlerCode } from './private/bundles';
import { ChatTokenVendorEnvironment, renderUserIdSource, UserIdSourceSpec } from './private/chat-token-vendor-environment';
import { withoutRedundantRoleDependency } from './private/dependencies';
import * as rules from './private/service-rules';
import { sessionDurationMinutes, validate } from './private/synth-validation';
import { RoomGrants } from './room-grants';

/** The default of `reservedConcurrentExecutions`: about IVS Chat's CreateChatToken quota (200 per second). */
const DEFAULT_RESERVED_CONCURRENCY = 10;


/**
 * What a chat token allows besides receiving messages and events, which every token allows.
 */
export enum ChatTokenCapability {
  /** Send messages to the room. */
  SEND_MESSAGE = 'SEND_MESSAGE',
  /** Disconnect other users from the room (moderators). */
  DISCONNECT_USER = 'DISCONNECT_USER',
  /** Delete other users' messages (moderators). */
  DELETE_MESSAGE = 'DELETE_MESSAGE',
}

/**
 * Where the token vendor reads the id of the user a token is for. IVS Chat trusts it as given: it must come
 * from something that authenticated the caller.
 */
export class UserIdSource {
  /**
   * A request header, looked up case-insensitively. Only as trustworthy as what sets the header: use it
   * behind something that authenticates users and sets it (a proxy, an API Gateway that maps it), never
   * with a header the browser chooses.
   */
  public static header(name: string): UserIdSource {
    validate(rules.checkHeaderName, '`UserIdSource.header()`', name);
    return new UserIdSource({ kind: 'header', name }, `the '${name}' header`);
  }

  /**
   * A claim that an API Gateway authorizer verified, for a vendor integrated behind API Gateway: a JWT
   * authorizer's claim (HTTP API, `requestContext.authorizer.jwt.claims`), a Cognito user pool authorizer's
   * (REST API, `requestContext.authorizer.claims`), or a Lambda authorizer's context key
   * (`requestContext.authorizer.lambda` or `requestContext.authorizer`). For example `sub`.
   */
  public static authorizerClaim(claim: string): UserIdSource {
    if (!Token.isUnresolved(claim) && claim.length === 0) {
      throw new Error('`UserIdSource.authorizerClaim()` needs a claim name, got an empty string.');
    }
    return new UserIdSource({ kind: 'claim', name: claim }, `the authorizer's '${claim}' claim`);
  }

  /**
   * The IAM identity that signed the request, for a function URL with `FunctionUrlAuthType.AWS_IAM`: the
   * Cognito identity ID for callers with Cognito identity pool credentials (every user of a pool shares its
   * role, hence its ARN), otherwise the caller's ARN (`requestContext.authorizer.iam.userArn`). Requests whose id
   * exceeds 128 characters are refused.
   *
   * For an assumed role, that ARN ends with the role session name, which the caller chooses in `sts:AssumeRole`:
   * whoever may assume the role can then be any user of it. Bind the session name to the caller in the role's
   * trust policy, for IAM users with the condition `StringLike` `sts:RoleSessionName` = `${aws:username}`
   * (what the example app does), or let users sign with Cognito identity pool credentials, whose identity ID
   * they cannot choose.
   */
  public static iamPrincipal(): UserIdSource {
    return new UserIdSource({ kind: 'iam' }, 'the IAM principal');
  }

  /** @internal */
  public readonly _spec: UserIdSourceSpec;

  private constructor(spec: UserIdSourceSpec, private readonly description: string) {
    this._spec = spec;
  }

  /** What the source reads, for messages. */
  public toString(): string {
    return this.description;
  }
}

/**
 * Properties of a `ChatTokenVendor`.
 */
export interface ChatTokenVendorProps {
  /**
   * The room the tokens are for: a `Room`, `Room.fromRoomArn` or a `CfnRoom`.
   */
  readonly room: ivschat.IRoomRef;

  /**
   * What the tokens allow besides receiving messages and events. An empty list vends view-only tokens.
   *
   * @default [ChatTokenCapability.SEND_MESSAGE]
   */
  readonly capabilities?: ChatTokenCapability[];

  /**
   * How long a connection opened with a token lasts: a whole number of minutes, 1-180. The token itself
   * must be used within a minute or so (`tokenExpirationTime`).
   *
   * @default Duration.minutes(60)
   */
  readonly sessionDuration?: Duration;

  /**
   * Where the vendor reads the id of the user a token is for.
   *
   * @default UserIdSource.iamPrincipal()
   */
  readonly userIdSource?: UserIdSource;

  /**
   * Attributes attached to every token (and so to every message its user sends), at most 1 KB in total.
   *
   * @default - none
   */
  readonly attributes?: { [key: string]: string };

  /**
   * Who may call the function URL. With `AWS_IAM`, callers sign their requests (grant them with
   * `grantInvokeUrl`). With `NONE`, anyone who knows the URL may call it: the function URL then carries no
   * identity, so `UserIdSource.iamPrincipal()` is refused, `UserIdSource.authorizerClaim()` answers every URL request
   * 401 (only API Gateway sets claims), and `UserIdSource.header()` needs `allowUnauthenticatedUserIdHeader`.
   *
   * @default lambda.FunctionUrlAuthType.AWS_IAM
   */
  readonly authType?: lambda.FunctionUrlAuthType;

  /**
   * Allows `authType: NONE` with `UserIdSource.header()`. Then anyone on the internet who knows the URL gets chat
   * tokens for any user id they put in the header, with this vendor's capabilities (with `DELETE_MESSAGE` or
   * `DISCONNECT_USER`: a moderator's). Set it only for a demo or a test, or when the user id is not an identity
   * (anonymous chat with made-up names).
   *
   * @default false
   */
  readonly allowUnauthenticatedUserIdHeader?: boolean;

  /**
   * How many requests the vendor serves at once (the function's reserved concurrency): a bound on what a flood of
   * requests can cost and on how fast it can mint tokens. At about 50 ms a request, 10 serve some 200 tokens a
   * second, IVS Chat's CreateChatToken quota. Reserved concurrency comes out of the account's; an account must keep
   * 10 unreserved, so an account whose limit is still the 10 of a new account cannot deploy a vendor until the
   * limit is raised.
   *
   * @default 10
   */
  readonly reservedConcurrentExecutions?: number;

  /**
   * CORS settings of the function URL, for browsers that call it from another origin.
   *
   * @default - no CORS headers
   */
  readonly cors?: lambda.FunctionUrlCorsOptions;

  /**
   * Where the function logs: one JSON line per request with the outcome, the capabilities and a pseudonym of the
   * user id (the first 16 hex digits of its SHA-256, to follow one user's requests); never the token nor the user id.
   *
   * @default - a new log group kept for 3 months
   */
  readonly logGroup?: logs.ILogGroup;
}

/**
 * A Lambda function, behind a function URL, that vends chat tokens for one room: a `POST` answers
 * `{ token, tokenExpirationTime, sessionExpirationTime }` for the user the request identifies, or a JSON
 * `{ error }` with status 400 or 401 when it identifies none.
 *
 * The function's role may call `ivschat:CreateChatToken` on this room and write to its log group, nothing else.
 */
export class ChatTokenVendor extends Construct {
  /**
   * The function that vends tokens, also usable behind API Gateway (with `UserIdSource.authorizerClaim`).
   */
  public readonly handler: lambda.IFunction;

  /**
   * The function URL.
   */
  public readonly functionUrl: lambda.IFunctionUrl;

  /**
   * The URL clients `POST` to, such as `https://<id>.lambda-url.<region>.on.aws/`.
   */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: ChatTokenVendorProps) {
    super(scope, id);
    const capabilities = [...new Set(props.capabilities ?? [ChatTokenCapability.SEND_MESSAGE])];
    validate(rules.checkCapabilities, '`capabilities`', capabilities);
    const sessionMinutes = sessionDurationMinutes('`sessionDuration`', props.sessionDuration ?? Duration.minutes(60));
    const userIdSource = props.userIdSource ?? UserIdSource.iamPrincipal();
    const authType = props.authType ?? lambda.FunctionUrlAuthType.AWS_IAM;
    this.validateAuthentication(userIdSource, authType, props.allowUnauthenticatedUserIdHeader ?? false);
    validate(rules.checkChatTokenAttributes, '`attributes`', props.attributes);
    const reservedConcurrentExecutions = props.reservedConcurrentExecutions ?? DEFAULT_RESERVED_CONCURRENCY;
    validate(rules.checkPositiveInteger, '`reservedConcurrentExecutions`', reservedConcurrentExecutions);

    const logGroup = props.logGroup ?? new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.THREE_MONTHS });
    // An own role (not the AWSLambdaBasicExecutionRole managed policy): write access to this log group only.
    const role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);

    const environment: ChatTokenVendorEnvironment = {
      ROOM_ARN: props.room.roomRef.roomArn,
      CAPABILITIES: capabilities.join(','),
      SESSION_DURATION_MINUTES: sessionMinutes,
      USER_ID_SOURCE: renderUserIdSource(userIdSource._spec),
      ...props.attributes && { ATTRIBUTES: Stack.of(this).toJsonString(props.attributes) },
    };
    const handler = new lambda.Function(this, 'Handler', {
      description: 'cdk-ivs-chat: vends IVS Chat tokens for one room',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      code: bundledHandlerCode('chat-token-vendor'),
      handler: 'index.handler',
      memorySize: 256,
      timeout: Duration.seconds(10),
      reservedConcurrentExecutions,
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: { ...environment },
    });
    withoutRedundantRoleDependency(handler);
    RoomGrants.fromRoom(props.room).createChatToken(handler);

    this.handler = handler;
    this.functionUrl = handler.addFunctionUrl({ authType, cors: props.cors });
    this.url = this.functionUrl.url;
  }

  /**
   * Lets the grantee call the function URL (`lambda:InvokeFunctionUrl`, and `lambda:InvokeFunction` through
   * the URL only), for a URL with `FunctionUrlAuthType.AWS_IAM`: typically the role of signed-in users.
   */
  public grantInvokeUrl(grantee: iam.IGrantable): iam.Grant {
    return this.handler.grantInvokeUrl(grantee);
  }

  private validateAuthentication(userIdSource: UserIdSource, authType: lambda.FunctionUrlAuthType, allowUnauthenticatedUserIdHeader: boolean): void {
    if (userIdSource._spec.kind === 'iam' && authType !== lambda.FunctionUrlAuthType.AWS_IAM) {
      throw new Error(`\`UserIdSource.iamPrincipal()\` needs \`authType\` AWS_IAM (unsigned requests carry no IAM identity), got: ${authType}.`);
    }
    if (authType === lambda.FunctionUrlAuthType.NONE && userIdSource._spec.kind === 'header') {
      if (!allowUnauthenticatedUserIdHeader) {
        throw new Error(`\`authType\` NONE with ${userIdSource} lets anyone who knows the URL get chat tokens for any user id: `
          + 'use AWS_IAM with `UserIdSource.iamPrincipal()`, or API Gateway with `UserIdSource.authorizerClaim()`, '
          + 'or set `allowUnauthenticatedUserIdHeader: true` if that is what you want.');
      }
      Annotations.of(this).addWarningV2('cdk-ivs-chat:unauthenticatedTokenVendor',
        `Anyone who knows the URL gets chat tokens for the user id they put in ${userIdSource} (\`allowUnauthenticatedUserIdHeader\`).`);
    } else if (userIdSource._spec.kind === 'header') {
      // IAM authenticates the caller, not the header: a signed caller (a browser with identity pool credentials) picks any user id.
      Annotations.of(this).addWarningV2('cdk-ivs-chat:callerChosenUserId',
        `Every principal granted \`grantInvokeUrl\` chooses the user id in ${userIdSource}: grant it only to a backend that sets it `
        + 'for users it authenticated, or use `UserIdSource.iamPrincipal()`.');
    }
  }
}
