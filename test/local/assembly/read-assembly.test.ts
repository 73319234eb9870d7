/**
 * Reading a synthesized app: the rooms, logging configurations, functions, function URLs and token vendors of every
 * stack, nested stages included, as the templates write them.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CreateRoomCommand } from '@aws-sdk/client-ivschat';
import { App, CfnElement, Duration, Stack, Stage } from 'aws-cdk-lib';
import * as ivschat from 'aws-cdk-lib/aws-ivschat';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { contextFor, readCloudAssembly, resolve, resolveEnvironment, StackDescription, Unresolved } from '../../../local/assembly';
import { IvsChatEmulator } from '../../../local/control-plane';
import { FunctionRunner } from '../../../local/functions/runner';
import {
  ChatTokenCapability, ChatTokenVendor, FallbackResult, LoggingConfiguration, LoggingDestination, Room, UserIdSource,
} from '../../../src';

const INLINE_REVIEW = "exports.handler = async event => ({ ReviewResult: 'ALLOW', Content: event.Content });";
const ASSET_REVIEW = "exports.handler = async event => ({ ReviewResult: 'DENY', Content: event.Content });";
const VENDOR_BUNDLE = path.join(__dirname, '..', '..', '..', 'assets', 'chat-token-vendor', 'index.js');

let workDir: string;
let outdir: string;

beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-assembly-'));
  outdir = path.join(workDir, 'cdk.out');
});
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

/** The template's own rendering of a construct's token: `{ Ref }`, `{ 'Fn::GetAtt' }`. */
function rendered(scope: IConstruct, token: string): unknown {
  return Stack.of(scope).resolve(token);
}

function logicalIdOf(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

/** The app under test: two top-level stacks (environment-agnostic, and with an environment) and a stage. */
function synthesize() {
  const app = new App({ outdir, context: { 'aws:cdk:disable-creation-stack-traces': true } });

  const agnostic = new Stack(app, 'Agnostic');
  const chatLogs = new logs.LogGroup(agnostic, 'ChatLogs');
  const logging = new LoggingConfiguration(agnostic, 'Logging', {
    loggingConfigurationName: 'chat-logs', destination: LoggingDestination.cloudWatchLogs(chatLogs),
  });
  const cfnLogging = new ivschat.CfnLoggingConfiguration(agnostic, 'CfnLogging', {
    name: 'l1-logs', destinationConfiguration: { s3: { bucketName: 'chat-archive' } }, tags: [{ key: 'team', value: 'chat' }],
  });
  const inlineReview = new lambda.Function(agnostic, 'InlineReview', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline(INLINE_REVIEW),
    environment: { DENY_LIST: 'spam', LOG_GROUP: chatLogs.logGroupName },
  });
  const lobby = new Room(agnostic, 'Lobby', {
    roomName: 'lobby',
    maximumMessageRatePerSecond: 50,
    messageReviewHandler: { handler: inlineReview },
    loggingConfigurations: [logging, cfnLogging],
  });
  new ivschat.CfnRoom(agnostic, 'CfnRoom', {
    name: 'l1-room',
    maximumMessageLength: 200,
    loggingConfigurationIdentifiers: [cfnLogging.attrArn],
    tags: [{ key: 'team', value: 'chat' }],
  });
  const vendor = new ChatTokenVendor(agnostic, 'Vendor', { room: lobby });

  const pinned = new Stack(app, 'Pinned', { env: { account: '123456789012', region: 'eu-west-1' } });
  const reviewDir = fs.mkdtempSync(path.join(workDir, 'review-'));
  fs.writeFileSync(path.join(reviewDir, 'index.js'), ASSET_REVIEW);
  const assetReview = new lambda.Function(pinned, 'AssetReview', {
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(reviewDir),
    timeout: Duration.seconds(2),
  });
  const stage = new Room(pinned, 'Stage', { messageReviewHandler: { handler: assetReview, fallbackResult: FallbackResult.DENY } });
  const publicVendor = new ChatTokenVendor(pinned, 'PublicVendor', {
    room: cfnRoomIn(pinned),
    capabilities: [ChatTokenCapability.SEND_MESSAGE, ChatTokenCapability.DELETE_MESSAGE],
    sessionDuration: Duration.minutes(30),
    userIdSource: UserIdSource.header('x-user-id'),
    authType: lambda.FunctionUrlAuthType.NONE,
    allowUnauthenticatedUserIdHeader: true,
    attributes: { displayName: 'guest' },
    cors: { allowedOrigins: ['http://localhost:3000'] },
  });

  const staging = new Stage(app, 'Staging');
  const nested = new Stack(staging, 'Nested');
  new ivschat.CfnRoom(nested, 'NestedRoom');

  app.synth();
  return { agnostic, chatLogs, logging, inlineReview, lobby, vendor, assetReview, stage, publicVendor, nested };
}

/** A CfnRoom in the pinned stack, for a vendor of an L1 room. */
function cfnRoomIn(stack: Stack): ivschat.CfnRoom {
  return new ivschat.CfnRoom(stack, 'Guests', { name: 'guests' });
}

let app: ReturnType<typeof synthesize>;
let stacks: Record<string, StackDescription>;

beforeAll(() => {
  app = synthesize();
  const assembly = readCloudAssembly(path.relative(process.cwd(), outdir));
  expect(assembly.directory).toBe(outdir);
  stacks = Object.fromEntries(assembly.stacks.map(stack => [stack.displayName, stack]));
});

describe('stacks', () => {
  test('every stack, those of nested stages included, with its name and environment', () => {
    const read = Object.values(stacks).map(({ artifactId, stackName, displayName, environment, templateFile }) => (
      { artifactId, stackName, displayName, environment, templateFile }));

    expect(read).toHaveLength(3);
    expect(read).toEqual(expect.arrayContaining([
      { artifactId: 'Agnostic', stackName: 'Agnostic', displayName: 'Agnostic', environment: {}, templateFile: path.join(outdir, 'Agnostic.template.json') },
      {
        artifactId: 'Pinned',
        stackName: 'Pinned',
        displayName: 'Pinned',
        environment: { account: '123456789012', region: 'eu-west-1' },
        templateFile: path.join(outdir, 'Pinned.template.json'),
      },
      {
        artifactId: app.nested.artifactId,
        stackName: 'Staging-Nested',
        displayName: 'Staging/Nested',
        environment: {},
        templateFile: path.join(outdir, 'assembly-Staging', `${app.nested.artifactId}.template.json`),
      },
    ]));
  });

  test('the template as synthesized', () => {
    const template = JSON.parse(fs.readFileSync(path.join(outdir, 'Pinned.template.json'), 'utf8'));

    expect(stacks.Pinned.template).toEqual(template);
  });
});

describe('rooms and logging configurations', () => {
  test("the library's rooms and CfnRooms, with their properties as written", () => {
    const { agnostic, lobby, inlineReview, logging } = app;

    expect(stacks.Agnostic.rooms).toEqual([
      {
        logicalId: logicalIdOf(lobby),
        type: 'Custom::IvsChatRoom',
        properties: {
          ServiceToken: expect.objectContaining({ 'Fn::GetAtt': [expect.stringMatching(/^cdkivschatIvsChatProviderframeworkonEvent/), 'Arn'] }),
          Name: 'lobby',
          MaximumMessageRatePerSecond: 50,
          MessageReviewHandler: { Uri: rendered(agnostic, inlineReview.functionArn), FallbackResult: 'ALLOW' },
          // A CfnLoggingConfiguration's reference is its Ref, which CloudFormation resolves to its ARN.
          LoggingConfigurationIdentifiers: [rendered(agnostic, logging.loggingConfigurationArn), { Ref: 'CfnLogging' }],
        },
      },
      {
        logicalId: 'CfnRoom',
        type: 'AWS::IVSChat::Room',
        properties: {
          Name: 'l1-room',
          MaximumMessageLength: 200,
          LoggingConfigurationIdentifiers: [{ 'Fn::GetAtt': ['CfnLogging', 'Arn'] }],
          Tags: [{ Key: 'team', Value: 'chat' }],
        },
      },
    ]);
    expect(stacks['Staging/Nested'].rooms).toEqual([{ logicalId: 'NestedRoom', type: 'AWS::IVSChat::Room', properties: {} }]);
  });

  test("the library's logging configurations and CfnLoggingConfigurations", () => {
    const { agnostic, logging, chatLogs } = app;

    expect(stacks.Agnostic.loggingConfigurations).toEqual([
      {
        logicalId: logicalIdOf(logging),
        type: 'Custom::IvsChatLoggingConfiguration',
        properties: {
          ServiceToken: expect.anything(),
          Name: 'chat-logs',
          DestinationConfiguration: { CloudWatchLogs: { LogGroupName: rendered(agnostic, chatLogs.logGroupName) } },
        },
      },
      {
        logicalId: 'CfnLogging',
        type: 'AWS::IVSChat::LoggingConfiguration',
        properties: {
          Name: 'l1-logs',
          DestinationConfiguration: { S3: { BucketName: 'chat-archive' } },
          Tags: [{ Key: 'team', Value: 'chat' }],
        },
      },
    ]);
    expect(stacks.Pinned.loggingConfigurations).toEqual([]);
  });
});

describe('functions', () => {
  test('a function with inline code: its code, environment as written, and CloudFormation defaults', () => {
    const { agnostic, inlineReview, chatLogs } = app;
    const fn = stacks.Agnostic.functions.find(candidate => candidate.logicalId === logicalIdOf(inlineReview))!;

    expect({ ...fn, properties: undefined }).toEqual({
      logicalId: logicalIdOf(inlineReview),
      properties: undefined,
      runtime: 'nodejs24.x',
      handler: 'index.handler',
      code: { inline: INLINE_REVIEW },
      environment: { DENY_LIST: 'spam', LOG_GROUP: rendered(agnostic, chatLogs.logGroupName) },
      timeoutSeconds: 3,
      architecture: 'x86_64',
    });
    expect(fn.properties).toEqual(stacks.Agnostic.template.Resources![fn.logicalId].Properties);
  });

  test('a function whose code is an asset: its directory in the cloud assembly', () => {
    const { assetReview } = app;
    const [fn] = stacks.Pinned.functions.filter(candidate => candidate.logicalId === logicalIdOf(assetReview));
    const template = JSON.parse(fs.readFileSync(path.join(outdir, 'Pinned.template.json'), 'utf8'));
    const { S3Key } = template.Resources[logicalIdOf(assetReview)].Properties.Code;
    const directory = path.join(outdir, `asset.${S3Key.replace(/\.zip$/, '')}`);

    expect({ ...fn, properties: undefined }).toEqual({
      logicalId: logicalIdOf(assetReview),
      properties: undefined,
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      code: { directory },
      environment: {},
      timeoutSeconds: 2,
      architecture: 'arm64',
    });
    expect(fs.readFileSync(path.join(directory, 'index.js'), 'utf8')).toBe(ASSET_REVIEW);
  });

  test("every function of the stack, the library's own included", () => {
    const { agnostic, inlineReview, vendor } = app;

    // The provider comes first: the logging configuration, declared before the review handler, created it.
    expect(stacks.Agnostic.functions.map(fn => fn.logicalId)).toEqual([
      expect.stringMatching(/^cdkivschatIvsChatProviderHandler/),
      expect.stringMatching(/^cdkivschatIvsChatProviderframeworkonEvent/),
      logicalIdOf(inlineReview),
      logicalIdOf(vendor.handler),
    ]);
    expect(agnostic.resolve(vendor.handler.functionArn)).toEqual({ 'Fn::GetAtt': [logicalIdOf(vendor.handler), 'Arn'] });
  });

  test('function URLs with their target, auth type and CORS', () => {
    const { vendor, publicVendor } = app;

    expect(stacks.Agnostic.functionUrls.map(({ properties, ...url }) => url)).toEqual([
      { logicalId: logicalIdOf(vendor.functionUrl), targetLogicalId: logicalIdOf(vendor.handler), authType: 'AWS_IAM' },
    ]);
    expect(stacks.Pinned.functionUrls.map(({ properties, ...url }) => url)).toEqual([{
      logicalId: logicalIdOf(publicVendor.functionUrl),
      targetLogicalId: logicalIdOf(publicVendor.handler),
      authType: 'NONE',
      cors: { AllowOrigins: ['http://localhost:3000'], AllowMethods: ['*'] },
    }]);
  });
});

describe('token vendors', () => {
  test('a vendor of a Room behind an IAM function URL, its code the bundle the library ships', () => {
    const { agnostic, lobby, vendor } = app;
    const [found] = stacks.Agnostic.tokenVendors;

    expect(stacks.Agnostic.tokenVendors).toHaveLength(1);
    expect(found.function).toBe(stacks.Agnostic.functions.find(fn => fn.logicalId === logicalIdOf(vendor.handler)));
    expect(found.environment).toEqual({
      ROOM_ARN: rendered(agnostic, lobby.roomArn), CAPABILITIES: 'SEND_MESSAGE', SESSION_DURATION_MINUTES: '60', USER_ID_SOURCE: 'iam',
    });
    expect(found.url?.logicalId).toBe(logicalIdOf(vendor.functionUrl));
    expect(found.function.code).toEqual({ directory: expect.stringContaining(`${outdir}${path.sep}asset.`) });
    const { directory } = found.function.code as { directory: string };
    expect(fs.readFileSync(path.join(directory, 'index.js')).equals(fs.readFileSync(VENDOR_BUNDLE))).toBe(true);
  });

  test('a vendor of a CfnRoom with attributes, behind an unauthenticated function URL', () => {
    const [found] = stacks.Pinned.tokenVendors;

    expect(stacks.Pinned.tokenVendors).toHaveLength(1);
    expect(found.function.logicalId).toBe(logicalIdOf(app.publicVendor.handler));
    expect(found.environment).toEqual({
      ROOM_ARN: { Ref: 'Guests' },
      CAPABILITIES: 'SEND_MESSAGE,DELETE_MESSAGE',
      SESSION_DURATION_MINUTES: '30',
      USER_ID_SOURCE: 'header:x-user-id',
      ATTRIBUTES: '{"displayName":"guest"}',
    });
    expect(found.url?.authType).toBe('NONE');
  });

  test('the rooms of the stack with the vendor of a CfnRoom include it', () => {
    expect(stacks.Pinned.rooms.map(room => [room.logicalId, room.type])).toEqual([
      [logicalIdOf(app.stage), 'Custom::IvsChatRoom'],
      ['Guests', 'AWS::IVSChat::Room'],
    ]);
  });
});

describe('with the resolver and the function runner', () => {
  const LOCAL = { region: 'us-east-1', accountId: '123456789012' };
  const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:';
  let runner: FunctionRunner;

  beforeEach(() => {
    runner = new FunctionRunner({ log: () => undefined });
  });
  afterEach(() => runner.close());

  test("a room's properties resolve once its review handler and logging configurations exist locally", () => {
    const [lobby] = stacks.Agnostic.rooms;
    const context = contextFor(stacks.Agnostic, {
      ...LOCAL,
      resources: {
        [logicalIdOf(app.inlineReview)]: { attributes: { Arn: `${FUNCTION_ARN}review` } },
        [logicalIdOf(app.logging)]: { attributes: { Arn: 'arn:aws:ivschat:us-east-1:123456789012:logging-configuration/ours' } },
        CfnLogging: { ref: 'arn:aws:ivschat:us-east-1:123456789012:logging-configuration/l1' },
      },
    });

    const { ServiceToken, ...properties } = lobby.properties;

    expect(resolve(properties, context)).toEqual({
      Name: 'lobby',
      MaximumMessageRatePerSecond: 50,
      MessageReviewHandler: { Uri: `${FUNCTION_ARN}review`, FallbackResult: 'ALLOW' },
      LoggingConfigurationIdentifiers: [
        'arn:aws:ivschat:us-east-1:123456789012:logging-configuration/ours',
        'arn:aws:ivschat:us-east-1:123456789012:logging-configuration/l1',
      ],
    });
    const [provider] = (ServiceToken as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
    expect(resolve(ServiceToken, context)).toEqual(new Unresolved(`Fn::GetAtt ${provider}.Arn: ${provider} (AWS::Lambda::Function) has no local counterpart`));
  });

  test('review handlers run from inline code and from an asset; a variable of a resource with no local value is left out', async () => {
    const inlineReview = stacks.Agnostic.functions.find(fn => fn.logicalId === logicalIdOf(app.inlineReview))!;
    const assetReview = stacks.Pinned.functions.find(fn => fn.logicalId === logicalIdOf(app.assetReview))!;
    const logGroupId = logicalIdOf(app.chatLogs);

    const environment = resolveEnvironment(inlineReview.environment, contextFor(stacks.Agnostic, LOCAL));

    expect(environment).toEqual({
      variables: { DENY_LIST: 'spam' },
      unresolved: { LOG_GROUP: new Unresolved(`Ref ${logGroupId}: ${logGroupId} (AWS::Logs::LogGroup) has no local counterpart`) },
    });
    const reviews = [inlineReview, assetReview].map(fn => runner.function({
      arn: FUNCTION_ARN + fn.logicalId,
      runtime: fn.runtime!,
      handler: fn.handler!,
      code: fn.code as { inline: string } | { directory: string },
      environment: environment.variables,
      timeoutSeconds: fn.timeoutSeconds,
    }));
    await expect(Promise.all(reviews.map(review => review.invoke({ Content: 'hi' }, 2000)))).resolves.toEqual([
      { ReviewResult: 'ALLOW', Content: 'hi' },
      { ReviewResult: 'DENY', Content: 'hi' },
    ]);
  });

  test('the token vendor runs from its asset and vends a token for the local room', async () => {
    const emulator = await IvsChatEmulator.start();
    try {
      const room = await emulator.client().send(new CreateRoomCommand({ name: 'lobby' }));
      const [vendor] = stacks.Agnostic.tokenVendors;
      const context = contextFor(stacks.Agnostic, { ...LOCAL, resources: { [logicalIdOf(app.lobby)]: { attributes: { Arn: room.arn } } } });
      const { variables, unresolved } = resolveEnvironment(vendor.environment, context);
      expect(unresolved).toEqual({});
      const fn = runner.function({
        arn: `${FUNCTION_ARN}vendor`,
        runtime: vendor.function.runtime!,
        handler: vendor.function.handler!,
        code: vendor.function.code as { directory: string },
        environment: { ...variables, ...emulator.env() },
      });

      const response = await fn.invoke({
        headers: {},
        requestContext: { http: { method: 'POST' }, authorizer: { iam: { userArn: 'arn:aws:iam::123456789012:user/alice' } } },
      }, 5000) as { statusCode: number; body: string };

      expect(response.statusCode).toBe(200);
      expect(JSON.parse(response.body)).toEqual(expect.objectContaining({ token: emulator.chatTokens[0].token }));
      expect(emulator.chatTokens.map(token => [token.roomArn, token.userId])).toEqual([[room.arn, 'arn:aws:iam::123456789012:user/alice']]);
    } finally {
      await emulator.stop();
    }
  });
});
