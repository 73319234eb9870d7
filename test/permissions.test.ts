/**
 * Least privilege, checked against what really happens rather than against the library's own constants:
 *
 * - the IVS Chat actions the provider's role may call are exactly those the bundled handler calls (the emulator's
 *   call log over every lifecycle path, for rooms and logging configurations to each destination kind), both ways;
 * - every IVS Chat action the library grants, to anyone, is one IAM evaluates against the type of resource it is
 *   granted on (the Service Authorization Reference, test/fixtures/ivschat-iam-actions.json).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DeleteLoggingConfigurationCommand, DeleteRoomCommand } from '@aws-sdk/client-ivschat';
import { App, Stack, Tags } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CallRecord, IvsChatEmulator } from '../local/control-plane';
import { ChatTokenVendor, LoggingConfiguration, LoggingDestination, Room, UserIdSource } from '../src';
import { createEvent, deleteEvent, LOGGING_CONFIGURATION, ROOM, startEmulator, updateEvent } from './lambda/support';
import { cfnProperties, loadBundle, REVIEW_HANDLER_ARN } from './reliability/support';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const IAM_REFERENCE: { actions: Record<string, string[]> } = JSON.parse(
  fs.readFileSync(path.join(__dirname, 'fixtures', 'ivschat-iam-actions.json'), 'utf8'),
);

function newStack(): Stack {
  return new Stack(new App(), 'Chat', { env: { account: ACCOUNT, region: REGION } });
}

/** The IVS Chat resource type an ARN (or an ARN pattern such as `room/*`) names. */
function resourceType(arn: string): string {
  const match = /:ivschat:[^:]*:[^:]*:(room|logging-configuration)\//.exec(arn);
  if (!match) {
    throw new Error(`not an IVS Chat ARN: ${arn}`);
  }
  return match[1];
}

/** The ARNs of the template's custom resources, by the resource type of IVS Chat that they are. */
const CUSTOM_RESOURCE_TYPES: Record<string, string> = { [ROOM]: 'room', [LOGGING_CONFIGURATION]: 'logging-configuration' };

/** `ivschat:<Action> on <resource type>` for every statement of these IAM policies that grants IVS Chat actions. */
function grantedIvsChat(stack: Stack, policies: Record<string, any>): Set<string> {
  const resources = Template.fromStack(stack).toJSON().Resources;
  // An ARN is a literal or pattern (`...:room/*`), or the Arn attribute of one of the library's custom resources.
  const typeOf = (resource: any): string => {
    const [logicalId, attribute] = resource['Fn::GetAtt'] ?? [];
    return attribute === 'Arn' ? CUSTOM_RESOURCE_TYPES[resources[logicalId].Type] : resourceType(JSON.stringify(resource));
  };
  const granted = new Set<string>();
  for (const policy of Object.values(policies)) {
    for (const statement of policy.Properties.PolicyDocument.Statement) {
      const actions: string[] = [statement.Action].flat().filter((action: string) => action.startsWith('ivschat:'));
      for (const resource of [statement.Resource].flat()) {
        actions.forEach(action => granted.add(`${action} on ${typeOf(resource)}`));
      }
    }
  }
  return granted;
}

describe('the provider may call exactly what its handler calls', () => {
  let emulator: IvsChatEmulator;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    emulator = await startEmulator({ loggingStateDelays: { creatingMs: 50, updatingMs: 50, deletingMs: 50 } });
  });
  beforeEach(() => jest.spyOn(console, 'log').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    process.env = savedEnv;
    await emulator.stop();
  });

  /**
   * Every kind of request through the bundled handler (create, update with tags, recreate when gone, delete): the
   * calls the handler made, without those of the out-of-band delete.
   */
  async function driveEveryPath(type: string, v1: Record<string, unknown>, v2: Record<string, unknown>): Promise<CallRecord[]> {
    const handler = loadBundle();
    const calls: CallRecord[] = [];
    const handled = async <T>(request: Promise<T>): Promise<T> => {
      const before = emulator.calls.length;
      const result = await request;
      calls.push(...emulator.calls.slice(before));
      return result;
    };
    const { PhysicalResourceId: arn } = await handled(handler(createEvent(type, v1)));
    await handled(handler(updateEvent(type, arn, v2, v1)));
    await (type === ROOM
      ? emulator.client().send(new DeleteRoomCommand({ identifier: arn }))
      : emulator.client().send(new DeleteLoggingConfigurationCommand({ identifier: arn })));
    const { PhysicalResourceId: recreated } = await handled(handler(updateEvent(type, arn, v1, v2)));
    await handled(handler(deleteEvent(type, arn, v1)));
    await handled(handler(deleteEvent(type, recreated, v1)));
    return calls;
  }

  function roomProperties(name: string, tags: Record<string, string>): Record<string, unknown> {
    const stack = newStack();
    const room = new Room(stack, 'Room', {
      roomName: name,
      maximumMessageRatePerSecond: name.length,
      messageReviewHandler: { handler: lambda.Function.fromFunctionArn(stack, 'Review', REVIEW_HANDLER_ARN) },
    });
    Object.entries(tags).forEach(([key, value]) => Tags.of(room).add(key, value));
    return cfnProperties(stack, ROOM);
  }

  function loggingProperties(destination: (stack: Stack) => LoggingDestination, name: string, tags: Record<string, string>): Record<string, unknown> {
    const stack = newStack();
    const config = new LoggingConfiguration(stack, 'Config', { loggingConfigurationName: name, destination: destination(stack) });
    Object.entries(tags).forEach(([key, value]) => Tags.of(config).add(key, value));
    return cfnProperties(stack, LOGGING_CONFIGURATION);
  }

  const DESTINATIONS: Record<string, (stack: Stack) => LoggingDestination> = {
    s3: stack => LoggingDestination.s3(s3.Bucket.fromBucketName(stack, 'Bucket', 'chat-archive')),
    cloudWatchLogs: stack => LoggingDestination.cloudWatchLogs(logs.LogGroup.fromLogGroupName(stack, 'Logs', 'chat-logs')),
    firehose: stack => LoggingDestination.firehose(firehose.DeliveryStream.fromDeliveryStreamName(stack, 'Stream', 'chat-stream')),
  };

  test('IVS Chat actions granted = IVS Chat actions called, by resource type, for rooms and every destination kind', async () => {
    emulator.reset();
    const calls = await driveEveryPath(ROOM, roomProperties('lobby', { team: 'chat', stage: 'dev' }), roomProperties('hall', { team: 'video' }));
    for (const [kind, destination] of Object.entries(DESTINATIONS)) {
      calls.push(...await driveEveryPath(LOGGING_CONFIGURATION,
        loggingProperties(destination, `${kind}-1`, { team: 'chat', stage: 'dev' }),
        loggingProperties(destination, `${kind}-2`, { team: 'video' })));
    }
    const called = new Set(calls.map(call => {
      const type = call.resourceArn === undefined ? (call.operation === 'CreateRoom' ? 'room' : 'logging-configuration') : resourceType(call.resourceArn);
      return `ivschat:${call.operation} on ${type}`;
    }));

    const stack = newStack();
    const configs = Object.values(DESTINATIONS).map((destination, index) => new LoggingConfiguration(stack, `Config${index}`, { destination: destination(stack) }));
    new Room(stack, 'Room', { loggingConfigurations: configs });
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: stack.getLogicalId(stack.node.findChild('cdk-ivs-chat.IvsChatProvider').node.findChild('HandlerRole').node.defaultChild as iam.CfnRole) }] },
    });
    const granted = grantedIvsChat(stack, policies);

    expect([...granted].sort()).toEqual([...called].sort());
    // The lifecycle reached every operation of both resource types, so the comparison covers them all.
    expect([...called].sort()).toEqual([
      'ivschat:CreateLoggingConfiguration on logging-configuration',
      'ivschat:CreateRoom on room',
      'ivschat:DeleteLoggingConfiguration on logging-configuration',
      'ivschat:DeleteRoom on room',
      'ivschat:GetLoggingConfiguration on logging-configuration',
      'ivschat:GetRoom on room',
      'ivschat:TagResource on logging-configuration',
      'ivschat:TagResource on room',
      'ivschat:UntagResource on logging-configuration',
      'ivschat:UntagResource on room',
      'ivschat:UpdateLoggingConfiguration on logging-configuration',
      'ivschat:UpdateRoom on room',
    ]);
  }, 60_000);
});

describe('every IVS Chat action the library grants applies to the resource it is granted on (IAM reference)', () => {
  function grantee(stack: Stack, id: string): iam.Role {
    return new iam.Role(stack, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  }

  test('room grants, logging configuration grants, the token vendor and the provider', () => {
    const stack = newStack();
    const config = new LoggingConfiguration(stack, 'Config', {
      destination: LoggingDestination.cloudWatchLogs(logs.LogGroup.fromLogGroupName(stack, 'Logs', 'chat-logs')),
    });
    const room = new Room(stack, 'Room', { loggingConfigurations: [config] });
    const imported = Room.fromRoomArn(stack, 'Imported', `arn:aws:ivschat:${REGION}:${ACCOUNT}:room/g1H2I3j4k5L6`);
    const grants: Array<(role: iam.Role) => unknown> = [
      role => room.grantCreateChatToken(role),
      role => room.grantSendEvent(role),
      role => room.grantDeleteMessage(role),
      role => room.grantDisconnectUser(role),
      role => room.grantModerate(role),
      role => room.grantRead(role),
      role => imported.grantRead(role),
      role => config.grantRead(role),
    ];
    grants.forEach((grant, index) => grant(grantee(stack, `Grantee${index}`)));
    new ChatTokenVendor(stack, 'Vendor', { room, userIdSource: UserIdSource.iamPrincipal() });

    const granted = grantedIvsChat(stack, Template.fromStack(stack).findResources('AWS::IAM::Policy'));
    const misapplied = [...granted].filter(grant => {
      const [, action, type] = /^ivschat:(\w+) on (.+)$/.exec(grant)!;
      return !(IAM_REFERENCE.actions[action] ?? []).includes(type);
    });

    expect(granted.size).toBeGreaterThan(12);
    expect(misapplied).toEqual([]);
  });

  test('the fixture agrees with cfn-lint\'s IAM data, where cfn-lint is installed', () => {
    const located = spawnSync('python3', ['-c', 'import cfnlint, os; print(os.path.dirname(cfnlint.__file__))'], { encoding: 'utf8' });
    if (located.status !== 0) {
      console.warn('cfn-lint is not installed: the IAM reference fixture is not cross-checked.');
      return;
    }
    const policies = JSON.parse(fs.readFileSync(path.join(located.stdout.trim(), 'data', 'AdditionalSpecs', 'Policies.json'), 'utf8'));
    const fromCfnLint = Object.fromEntries(Object.entries<{ Resources: string[] }>(policies.ivschat.Actions)
      .map(([action, { Resources }]) => [action, Resources.map(type => type.toLowerCase()).sort()]));
    const fromFixture = Object.fromEntries(Object.entries(IAM_REFERENCE.actions).map(([action, types]) => [action.toLowerCase(), [...types].sort()]));

    expect(fromFixture).toEqual(fromCfnLint);
  });
});
