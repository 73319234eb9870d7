import { App, CfnElement, CfnResource, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { LoggingConfiguration, LoggingDestination, Room } from '../src';
import { addResourceDependency } from '../src/private/dependencies';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

function newStack(app = new App(), id = 'Stack'): Stack {
  return new Stack(app, id, { env: { account: ACCOUNT, region: REGION } });
}

function resourceCount(stack: Stack): number {
  return Object.keys(Template.fromStack(stack).toJSON().Resources).length;
}

/** The statements of a role's inline policies, then those of the policies attached to it. */
function roleStatements(stack: Stack, roleId: string): any[] {
  const template = Template.fromStack(stack);
  const roleLogicalId = stack.getLogicalId(stack.node.findChild('cdk-ivs-chat.IvsChatProvider').node.findChild(roleId).node.defaultChild as iam.CfnRole);
  const role = template.toJSON().Resources[roleLogicalId];
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleLogicalId }] } });
  return [
    ...(role.Properties.Policies ?? []).flatMap((policy: any) => policy.PolicyDocument.Statement),
    ...Object.values(policies).flatMap((policy: any) => policy.Properties.PolicyDocument.Statement),
  ];
}

function handlerStatements(stack: Stack): any[] {
  return roleStatements(stack, 'HandlerRole');
}

/** Every statement of the stack, in roles and in policies. */
function allStatements(stack: Stack): any[] {
  const template = Template.fromStack(stack);
  return [
    ...Object.values(template.findResources('AWS::IAM::Role')).flatMap((role: any) => (role.Properties.Policies ?? []).flatMap((policy: any) => policy.PolicyDocument.Statement)),
    ...Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy: any) => policy.Properties.PolicyDocument.Statement),
  ];
}

function arn(resource: string): any {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ivschat:${REGION}:${ACCOUNT}:${resource}/*`]] };
}

const LOGGING_CONFIGURATION_ACTIONS = [
  'ivschat:CreateLoggingConfiguration', 'ivschat:GetLoggingConfiguration', 'ivschat:UpdateLoggingConfiguration',
  'ivschat:DeleteLoggingConfiguration', 'ivschat:TagResource', 'ivschat:UntagResource',
];

const ROOM_ACTIONS = [
  'ivschat:CreateRoom', 'ivschat:GetRoom', 'ivschat:UpdateRoom', 'ivschat:DeleteRoom', 'ivschat:TagResource', 'ivschat:UntagResource',
];

/**
 * What IVS Chat calls with the caller's permissions to set up log delivery to any destination: the "Logs sent to ..."
 * pages of CloudWatch Logs vended logs, and the CloudFormation handler of AWS::IVSChat::LoggingConfiguration.
 */
const LOG_DELIVERY_ACTIONS = [
  'logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery', 'logs:ListLogDeliveries',
];

describe('IvsChatProvider', () => {
  test('one provider per stack: 10 rooms cost exactly 9 resources more than 1 room', () => {
    const one = newStack(new App());
    new Room(one, 'Room0');
    const ten = newStack(new App());
    for (let i = 0; i < 10; i++) {
      new Room(ten, `Room${i}`);
    }

    expect(resourceCount(ten) - resourceCount(one)).toBe(9);
    Template.fromStack(ten).resourceCountIs('AWS::Lambda::Function', 2);
  });

  test('the provider adds 6 fixed resources: handler, framework function, their roles (permissions inline), the room policy, one log group', () => {
    const stack = newStack();
    new Room(stack, 'Room');

    const template = Template.fromStack(stack);
    expect(resourceCount(stack)).toBe(7);
    template.resourceCountIs('AWS::Lambda::Function', 2);
    template.resourceCountIs('AWS::IAM::Role', 2);
    template.resourceCountIs('AWS::IAM::Policy', 1);
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 0);
  });

  test('the provider\'s resources record no creation stack; the resources users declare keep theirs', () => {
    const stack = newStack();
    const room = new Room(stack, 'Room');
    const provider = stack.node.findChild('cdk-ivs-chat.IvsChatProvider');
    const creationStack = (element: CfnElement) => element.node.metadata.find(entry => entry.type === 'aws:cdk:creationStack');

    const providerElements = provider.node.findAll().filter(CfnElement.isCfnElement);

    expect(providerElements.map(element => element.node.path)).toEqual(expect.arrayContaining([
      'Stack/cdk-ivs-chat.IvsChatProvider/Handler/Resource',
      'Stack/cdk-ivs-chat.IvsChatProvider/Provider/framework-onEvent/Resource',
      'Stack/cdk-ivs-chat.IvsChatProvider/RoomPolicy/Resource',
    ]));
    expect(providerElements.filter(creationStack)).toEqual([]);
    expect(creationStack(room.node.defaultChild as CfnElement)?.data.join('\n')).toContain('provider.test.ts');
  });

  test('a clear error when another copy of the library already put its provider in the stack', () => {
    const stack = newStack();
    new Construct(stack, 'cdk-ivs-chat.IvsChatProvider');

    expect(() => new Room(stack, 'Room')).toThrow(/already holds a 'cdk-ivs-chat.IvsChatProvider' from another copy of cdk-ivs-chat/);
  });

  test('each stack gets its own provider', () => {
    const app = new App();
    const a = newStack(app, 'A');
    const b = newStack(app, 'B');
    new Room(a, 'Room');
    new Room(b, 'Room');

    Template.fromStack(a).resourceCountIs('AWS::Lambda::Function', 2);
    Template.fromStack(b).resourceCountIs('AWS::Lambda::Function', 2);
  });

  test('rooms and logging configurations share the provider', () => {
    const stack = newStack();
    new Room(stack, 'Room');
    new LoggingConfiguration(stack, 'Config', { destination: LoggingDestination.s3(s3.Bucket.fromBucketName(stack, 'B', 'chat-logs')) });

    Template.fromStack(stack).resourceCountIs('AWS::Lambda::Function', 2);
  });

  test('the handler runs the bundled asset on Node 24 (arm64), with a 10-minute timeout and JSON logs in a retained log group', () => {
    const stack = newStack();
    new Room(stack, 'Room');

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 600,
      MemorySize: 256,
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: Match.stringLikeRegexp('IvsChatProviderLogs') } },
    });
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 90 },
      DeletionPolicy: 'Retain',
    });
  });

  test('its functions depend on nothing: they refer to their role (cfn-lint W3005), whose permissions are inline', () => {
    const stack = newStack();
    new Room(stack, 'Room');

    const template = Template.fromStack(stack).toJSON();
    const functions = Object.values<any>(template.Resources).filter(resource => resource.Type === 'AWS::Lambda::Function');
    expect(functions).toHaveLength(2);
    for (const fn of functions) {
      expect(fn.DependsOn).toBeUndefined();
      expect(template.Resources[fn.Properties.Role['Fn::GetAtt'][0]].Properties.Policies).toHaveLength(1);
    }
  });

  test('the framework role holds what aws-cdk-lib\'s Provider grants a role it may change, and the log group', () => {
    const stack = newStack();
    new Room(stack, 'Room');
    const handlerLogicalId = stack.getLogicalId(stack.node.findChild('cdk-ivs-chat.IvsChatProvider').node.findChild('Handler').node.defaultChild as CfnResource);
    // The same Provider, on a role of its own, next to a function standing for the handler.
    const reference = newStack(new App(), 'Reference');
    const onEvent = new lambda.Function(reference, 'Handler', {
      runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({})'),
    });
    const role = new iam.Role(reference, 'FrameworkRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    new cr.Provider(reference, 'Provider', { onEventHandler: onEvent, frameworkOnEventRole: role, logGroup: new logs.LogGroup(reference, 'Logs') });
    const granted = Object.values(Template.fromStack(reference).findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: reference.getLogicalId(role.node.defaultChild as iam.CfnRole) }] },
    })).flatMap((policy: any) => policy.Properties.PolicyDocument.Statement);
    const renamed = JSON.parse(JSON.stringify(granted).split(`"${reference.getLogicalId(onEvent.node.defaultChild as CfnResource)}"`).join(`"${handlerLogicalId}"`));

    const [logGroupId] = Object.keys(Template.fromStack(stack).findResources('AWS::Logs::LogGroup'));
    expect(granted.length).toBeGreaterThan(0);
    expect(roleStatements(stack, 'FrameworkRole')).toEqual([
      { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] } },
      ...renamed,
    ]);
  });

  test('roles use no managed policy (write access to the provider log group only)', () => {
    const stack = newStack();
    new Room(stack, 'Room');

    const roles = Template.fromStack(stack).findResources('AWS::IAM::Role');
    for (const role of Object.values(roles)) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
    const [logGroupId] = Object.keys(Template.fromStack(stack).findResources('AWS::Logs::LogGroup'));
    expect(handlerStatements(stack)).toContainEqual({
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
    });
  });

  test('a room-only stack grants the room actions on room/*, in a policy every room depends on, and nothing for logging', () => {
    const stack = newStack();
    const room = new Room(stack, 'Room');

    const statements = handlerStatements(stack);
    expect(statements).toEqual([
      { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: expect.anything() },
      { Action: ROOM_ACTIONS, Effect: 'Allow', Resource: arn('room') },
    ]);
    const [policyId] = Object.keys(Template.fromStack(stack).findResources('AWS::IAM::Policy', {
      Properties: { PolicyDocument: { Statement: [{ Action: ROOM_ACTIONS }] } },
    }));
    expect(Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(room.node.defaultChild as CfnResource)].DependsOn).toEqual([policyId]);
  });

  test('dependencies go through addResourceDependency where aws-cdk-lib has it (2.262 deprecates addDependency), addDependency before it', () => {
    const stack = newStack();
    const resource = (id: string) => new CfnResource(stack, id, { type: 'Test::Resource' });
    const target = resource('Target');

    // This aws-cdk-lib (the minimum we support) has only addDependency: the DependsOn is rendered all the same.
    const older = resource('Older');
    addResourceDependency(older, target);
    expect(Template.fromStack(stack).toJSON().Resources.Older.DependsOn).toEqual(['Target']);

    // A newer one: addResourceDependency, never the deprecated name (which prints a warning in every synthesis).
    const newer = Object.assign(resource('Newer'), { addResourceDependency: jest.fn(), addDependency: jest.fn() });
    addResourceDependency(newer, target);
    expect(newer.addResourceDependency).toHaveBeenCalledWith(target);
    expect(newer.addDependency).not.toHaveBeenCalled();
  });

  test('the function every resource names and the policy each depends on keep the logical ids the stack gives them, renames included', () => {
    const stack = newStack();
    const room = new Room(stack, 'Room');
    const element = (path: string) => stack.node.findAll().find(c => c.node.path === `Stack/cdk-ivs-chat.IvsChatProvider/${path}`) as CfnResource;
    const frameworkFunction = element('Provider/framework-onEvent/Resource');
    const policy = element('RoomPolicy/Resource');
    stack.renameLogicalId(stack.resolve(stack.getLogicalId(frameworkFunction)), 'ChatFramework');
    stack.renameLogicalId(stack.resolve(stack.getLogicalId(policy)), 'ChatRoomPolicy');

    const template = Template.fromStack(stack).toJSON();

    const roomResource = template.Resources[stack.getLogicalId(room.node.defaultChild as CfnResource)];
    expect(roomResource.Properties.ServiceToken).toEqual({ 'Fn::GetAtt': ['ChatFramework', 'Arn'] });
    expect(roomResource.DependsOn).toEqual(['ChatRoomPolicy']);
    expect(template.Resources.ChatFramework.Type).toBe('AWS::Lambda::Function');
    expect(template.Resources.ChatRoomPolicy.Type).toBe('AWS::IAM::Policy');
  });

  test('an override of one resource\'s service token changes that resource only', () => {
    const stack = newStack();
    const rooms = [new Room(stack, 'A'), new Room(stack, 'B')].map(room => room.node.defaultChild as CfnResource);
    rooms[0].addPropertyOverride('ServiceToken.Fn::GetAtt', ['Elsewhere', 'Arn']);

    const resources = Template.fromStack(stack).toJSON().Resources;

    expect(resources[stack.getLogicalId(rooms[0])].Properties.ServiceToken).toEqual({ 'Fn::GetAtt': ['Elsewhere', 'Arn'] });
    expect(resources[stack.getLogicalId(rooms[1])].Properties.ServiceToken['Fn::GetAtt'][0]).toMatch(/^cdkivschatIvsChatProviderframeworkonEvent/);
  });

  test('a logging-only stack grants nothing on rooms', () => {
    const stack = newStack();
    new LoggingConfiguration(stack, 'Config', { destination: LoggingDestination.s3(s3.Bucket.fromBucketName(stack, 'B', 'chat-logs')) });

    expect(handlerStatements(stack).flatMap(statement => statement.Action)).not.toContain('ivschat:CreateRoom');
  });

  test.each([
    ['S3', (stack: Stack) => LoggingDestination.s3(s3.Bucket.fromBucketName(stack, 'B', 'chat-logs')), [{
      Action: ['s3:GetBucketPolicy', 's3:PutBucketPolicy'],
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::chat-logs']] },
    }]],
    ['CloudWatch Logs', (stack: Stack) => LoggingDestination.cloudWatchLogs(logs.LogGroup.fromLogGroupName(stack, 'L', 'chat-logs')), [{
      Action: ['logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'],
      Effect: 'Allow',
      Resource: '*',
    }]],
    ['Firehose', (stack: Stack) => LoggingDestination.firehose(firehose.DeliveryStream.fromDeliveryStreamName(stack, 'F', 'chat-stream')), [{
      Action: 'firehose:TagDeliveryStream',
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:firehose:${REGION}:${ACCOUNT}:deliverystream/chat-stream`]] },
    }, {
      Action: 'iam:CreateServiceLinkedRole',
      Condition: { StringEquals: { 'iam:AWSServiceName': 'delivery.logs.amazonaws.com' } },
      Effect: 'Allow',
      Resource: {
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${ACCOUNT}:role/aws-service-role/delivery.logs.amazonaws.com/AWSServiceRoleForLogDelivery`]],
      },
    }]],
  ] as const)('a %s destination (imported) adds what delivery setup needs there, and nothing for the other kinds', (_kind, destination, expected) => {
    const stack = newStack();
    new LoggingConfiguration(stack, 'Config', { destination: destination(stack) });

    expect(handlerStatements(stack)).toEqual([
      { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: expect.anything() },
      { Action: LOGGING_CONFIGURATION_ACTIONS, Effect: 'Allow', Resource: arn('logging-configuration') },
      { Action: LOG_DELIVERY_ACTIONS, Effect: 'Allow', Resource: '*' },
      ...expected,
    ]);
  });

  test('two configurations to two buckets: one log-delivery statement, each bucket by its ARN', () => {
    const stack = newStack();
    new LoggingConfiguration(stack, 'Config', { destination: LoggingDestination.s3(s3.Bucket.fromBucketName(stack, 'B', 'chat-logs')) });
    new LoggingConfiguration(stack, 'Config2', { destination: LoggingDestination.s3(s3.Bucket.fromBucketName(stack, 'B2', 'chat-logs2')) });

    const statements = handlerStatements(stack);
    expect(statements.filter(statement => statement.Resource === '*')).toEqual([{ Action: LOG_DELIVERY_ACTIONS, Effect: 'Allow', Resource: '*' }]);
    expect(statements.filter(statement => statement.Action[0] === 's3:GetBucketPolicy').map(statement => statement.Resource)).toEqual(
      ['chat-logs', 'chat-logs2'].map(bucket => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${bucket}`]] })),
    );
  });

  test('no statement uses ivschat:*, and only actions without resource types use Resource *', () => {
    const stack = newStack();
    new Room(stack, 'Room');
    for (const [index, destination] of [
      LoggingDestination.s3(s3.Bucket.fromBucketName(stack, 'B', 'chat-logs')),
      LoggingDestination.cloudWatchLogs(logs.LogGroup.fromLogGroupName(stack, 'L', 'chat-logs')),
      LoggingDestination.firehose(firehose.DeliveryStream.fromDeliveryStreamName(stack, 'F', 'chat-stream')),
    ].entries()) {
      new LoggingConfiguration(stack, `Config${index}`, { destination });
    }

    const statements = allStatements(stack);
    const onEverything = statements.filter(statement => statement.Resource === '*').flatMap(statement => [statement.Action].flat()).sort();
    for (const statement of statements) {
      expect([statement.Action].flat()).not.toContain('ivschat:*');
    }
    // The IAM Service Authorization Reference lists no resource type for these actions.
    expect(onEverything).toEqual([...LOG_DELIVERY_ACTIONS, 'logs:DescribeLogGroups', 'logs:DescribeResourcePolicies', 'logs:PutResourcePolicy'].sort());
  });
});
