import { App, CfnParameter, CfnResource, RemovalPolicy, Stack, Tags, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ivschat from 'aws-cdk-lib/aws-ivschat';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { FallbackResult, LoggingConfiguration, Room, RoomGrants } from '../src';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const ROOM_ARN = `arn:aws:ivschat:${REGION}:${ACCOUNT}:room/g1H2I3j4k5L6`;
const CONFIG_ARN = (id: string) => `arn:aws:ivschat:${REGION}:${ACCOUNT}:logging-configuration/${id}`;

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: ACCOUNT, region: REGION } });
}

function reviewFunction(stack: Stack, id = 'Review'): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ ReviewResult: "ALLOW" });'),
  });
}

function roomProperties(stack: Stack): Record<string, any> {
  const rooms = Template.fromStack(stack).findResources('Custom::IvsChatRoom');
  const [room] = Object.values(rooms);
  return room.Properties;
}

describe('Room', () => {
  test('a room with no props is a Custom::IvsChatRoom with only the service token, deleted with the stack', () => {
    const stack = newStack();
    new Room(stack, 'Room');

    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::IvsChatRoom', 1);
    template.hasResource('Custom::IvsChatRoom', {
      Properties: {
        ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('IvsChatProviderframeworkonEvent'), 'Arn'] },
        Name: Match.absent(),
        MaximumMessageLength: Match.absent(),
        MaximumMessageRatePerSecond: Match.absent(),
        MessageReviewHandler: Match.absent(),
        LoggingConfigurationIdentifiers: Match.absent(),
        Tags: Match.absent(),
      },
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
    });
  });

  test('props become the custom resource properties, with the API range for the message rate', () => {
    const stack = newStack();
    new Room(stack, 'Room', { roomName: 'lobby_1-a', maximumMessageLength: 200, maximumMessageRatePerSecond: 100 });

    Template.fromStack(stack).hasResourceProperties('Custom::IvsChatRoom', {
      Name: 'lobby_1-a',
      MaximumMessageLength: 200,
      MaximumMessageRatePerSecond: 100,
    });
  });

  test('roomArn and roomId are the custom resource attributes Arn and Id', () => {
    const stack = newStack();
    const room = new Room(stack, 'Room');
    const logicalId = stack.getLogicalId(room.node.defaultChild as any);

    expect(stack.resolve(room.roomArn)).toEqual({ 'Fn::GetAtt': [logicalId, 'Arn'] });
    expect(stack.resolve(room.roomId)).toEqual({ 'Fn::GetAtt': [logicalId, 'Id'] });
    expect(stack.resolve(room.roomRef.roomArn)).toEqual({ 'Fn::GetAtt': [logicalId, 'Arn'] });
  });

  test('the room\'s logical id is the one the stack allocates, at every synthesis, with renames and overrides', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: { account: ACCOUNT, region: REGION } });
    const [renamed, overridden, plain] = ['Renamed', 'Overridden', 'Plain'].map(id => new Room(stack, id).node.defaultChild as CfnResource);
    const plainId = stack.getLogicalId(plain);
    stack.renameLogicalId(stack.getLogicalId(renamed), 'LobbyRoom');
    overridden.overrideLogicalId('ModeratorsRoom');

    const rooms = () => Template.fromJSON(app.synth({ force: true }).getStackByName('Stack').template).findResources('Custom::IvsChatRoom');
    const first = rooms();
    overridden.overrideLogicalId('StaffRoom');
    const second = rooms();

    expect(plainId).toMatch(/^Plain[0-9A-F]{8}$/);
    expect(Object.keys(first).sort()).toEqual(['LobbyRoom', 'ModeratorsRoom', plainId]);
    expect(Object.keys(second).sort()).toEqual(['LobbyRoom', plainId, 'StaffRoom']);
  });

  test('a room referred to from another stack, or exported, keeps its logical id in the export', () => {
    const app = new App();
    const env = { account: ACCOUNT, region: REGION };
    const chat = new Stack(app, 'Chat', { env });
    const [shared, exported] = [new Room(chat, 'Shared'), new Room(chat, 'Exported')];
    chat.exportValue(exported.roomArn);
    const backend = new Stack(app, 'Backend', { env });
    shared.grantCreateChatToken(new iam.Role(backend, 'Vendor', { assumedBy: new iam.AccountRootPrincipal() }));

    const outputs = Template.fromStack(chat).toJSON().Outputs;

    const exportedValues = Object.values(outputs).map((output: any) => output.Value['Fn::GetAtt']);
    expect(exportedValues).toEqual(expect.arrayContaining([
      [chat.getLogicalId(exported.node.defaultChild as CfnResource), 'Arn'],
      [chat.getLogicalId(shared.node.defaultChild as CfnResource), 'Arn'],
    ]));
    expect(Template.fromStack(chat).findResources('Custom::IvsChatRoom')).toHaveProperty([chat.getLogicalId(exported.node.defaultChild as CfnResource)]);
  });

  test('rejects RemovalPolicy.SNAPSHOT: a room has no snapshot', () => {
    expect(() => new Room(newStack(), 'Room', { removalPolicy: RemovalPolicy.SNAPSHOT }))
      .toThrow(/^`removalPolicy` must be DESTROY, RETAIN or RETAIN_ON_UPDATE_OR_DELETE: IVS Chat resources have no snapshots, got: SNAPSHOT\.$/);
  });

  test('RemovalPolicy.RETAIN gives DeletionPolicy and UpdateReplacePolicy Retain', () => {
    const stack = newStack();
    new Room(stack, 'Room', { removalPolicy: RemovalPolicy.RETAIN });

    Template.fromStack(stack).hasResource('Custom::IvsChatRoom', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('Tags.of() tags the room, sorted, as CloudFormation Key/Value pairs', () => {
    const stack = newStack();
    const room = new Room(stack, 'Room');
    Tags.of(room).add('team', 'chat');
    Tags.of(stack).add('app', 'demo');

    expect(roomProperties(stack).Tags).toEqual([
      { Key: 'app', Value: 'demo' },
      { Key: 'team', Value: 'chat' },
    ]);
  });

  test('Tags.of() with includeResourceTypes selects rooms by their custom resource type', () => {
    const stack = newStack();
    new Room(stack, 'Room');
    Tags.of(stack).add('only-rooms', 'yes', { includeResourceTypes: ['Custom::IvsChatRoom'] });

    expect(roomProperties(stack).Tags).toEqual([{ Key: 'only-rooms', Value: 'yes' }]);
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Tags: Match.absent(),
    });
  });

  describe('message review handler', () => {
    test('passes the function ARN with fallback ALLOW by default', () => {
      const stack = newStack();
      const fn = reviewFunction(stack);
      new Room(stack, 'Room', { messageReviewHandler: { handler: fn } });

      expect(stack.resolve(roomProperties(stack).MessageReviewHandler)).toEqual({
        Uri: stack.resolve(fn.functionArn),
        FallbackResult: 'ALLOW',
      });
    });

    test('passes fallback DENY', () => {
      const stack = newStack();
      new Room(stack, 'Room', { messageReviewHandler: { handler: reviewFunction(stack), fallbackResult: FallbackResult.DENY } });

      expect(roomProperties(stack).MessageReviewHandler.FallbackResult).toEqual('DENY');
    });

    test('grants ivschat.amazonaws.com invoke for this account\'s rooms, and the room depends on the permission', () => {
      const stack = newStack();
      const fn = reviewFunction(stack);
      new Room(stack, 'Room', { messageReviewHandler: { handler: fn } });

      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        FunctionName: stack.resolve(fn.functionArn),
        Principal: 'ivschat.amazonaws.com',
        SourceAccount: ACCOUNT,
        SourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ivschat:${REGION}:${ACCOUNT}:room/*`]] },
      });
      const [permissionId] = Object.keys(template.findResources('AWS::Lambda::Permission'));
      template.hasResource('Custom::IvsChatRoom', { DependsOn: Match.arrayWith([permissionId]) });
    });

    test('rooms that share a function share one permission', () => {
      const stack = newStack();
      const fn = reviewFunction(stack);
      for (let i = 0; i < 5; i++) {
        new Room(stack, `Room${i}`, { messageReviewHandler: { handler: fn } });
      }

      Template.fromStack(stack).resourceCountIs('AWS::Lambda::Permission', 1);
    });

    test('an imported function works too', () => {
      const stack = newStack();
      const fn = lambda.Function.fromFunctionArn(stack, 'Imported', `arn:aws:lambda:${REGION}:${ACCOUNT}:function:review`);
      new Room(stack, 'Room', { messageReviewHandler: { handler: fn } });

      expect(roomProperties(stack).MessageReviewHandler.Uri).toEqual(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:review`);
      Template.fromStack(stack).resourceCountIs('AWS::Lambda::Permission', 1);
    });

    test('rejects a handler in another region', () => {
      const stack = newStack();
      const fn = lambda.Function.fromFunctionArn(stack, 'Imported', `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:review`);

      expect(() => new Room(stack, 'Room', { messageReviewHandler: { handler: fn } }))
        .toThrow(/^`messageReviewHandler.handler` must be in the room's region \(us-east-1\), got: eu-west-1\.$/);
    });

    test('rejects a handler in another account', () => {
      const stack = newStack();
      const fn = lambda.Function.fromFunctionArn(stack, 'Imported', `arn:aws:lambda:${REGION}:999999999999:function:review`);

      expect(() => new Room(stack, 'Room', { messageReviewHandler: { handler: fn } }))
        .toThrow(/^`messageReviewHandler.handler` must be in the room's account \(123456789012\), got: 999999999999\.$/);
    });

    test('rejects a handler ARN longer than the service allows', () => {
      const stack = newStack();
      const arn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${'f'.repeat(140)}`;
      const fn = lambda.Function.fromFunctionArn(stack, 'Imported', arn);

      expect(() => new Room(stack, 'Room', { messageReviewHandler: { handler: fn } }))
        .toThrow(/^`messageReviewHandler.handler` must be a Lambda function ARN \(arn:aws:lambda:<region>:<account>:function:<name>\) of at most 170 characters, got: 'arn:aws:lambda:us-east-1:123456789012:function:f+'\.$/);
    });

    test('rejects a fallback that is not ALLOW or DENY (jsii languages pass strings)', () => {
      const stack = newStack();

      expect(() => new Room(stack, 'Room', { messageReviewHandler: { handler: reviewFunction(stack), fallbackResult: 'MAYBE' as FallbackResult } }))
        .toThrow(/^`messageReviewHandler.fallbackResult` must be one of ALLOW, DENY, got: 'MAYBE'\.$/);
    });
  });

  describe('logging configurations', () => {
    test('passes their ARNs, which order the room after them without a redundant DependsOn', () => {
      const stack = newStack();
      const cfn = new ivschat.CfnLoggingConfiguration(stack, 'Cfn', {
        destinationConfiguration: { s3: { bucketName: 'chat-logs' } },
      });
      const imported = LoggingConfiguration.fromLoggingConfigurationArn(stack, 'Imported', CONFIG_ARN('a1B2c3D4e5F6'));
      const room = new Room(stack, 'Room', { loggingConfigurations: [cfn] });
      room.addLoggingConfiguration(imported);

      const template = Template.fromStack(stack);
      expect(roomProperties(stack).LoggingConfigurationIdentifiers).toEqual([
        { Ref: stack.getLogicalId(cfn) },
        CONFIG_ARN('a1B2c3D4e5F6'),
      ]);
      const [roomResource] = Object.values(template.findResources('Custom::IvsChatRoom'));
      expect(roomResource.DependsOn).not.toContain(stack.getLogicalId(cfn));
    });

    test('rejects the same configuration twice', () => {
      const stack = newStack();
      const config = LoggingConfiguration.fromLoggingConfigurationArn(stack, 'Config', CONFIG_ARN('a1B2c3D4e5F6'));
      const room = new Room(stack, 'Room', { loggingConfigurations: [config] });

      expect(() => room.addLoggingConfiguration(config)).toThrow(
        /^`loggingConfigurations\[1\]` is already a logging configuration of this room: arn:aws:ivschat:us-east-1:123456789012:logging-configuration\/a1B2c3D4e5F6\.$/,
      );
    });

    test('accepts 3 across the prop and addLoggingConfiguration', () => {
      const stack = newStack();
      const configs = ['a', 'b', 'c'].map(c => LoggingConfiguration.fromLoggingConfigurationArn(stack, c, CONFIG_ARN(c.repeat(12))));
      const room = new Room(stack, 'Room', { loggingConfigurations: configs.slice(0, 2) });
      room.addLoggingConfiguration(configs[2]);

      expect(roomProperties(stack).LoggingConfigurationIdentifiers).toHaveLength(3);
    });

    test('rejects a fourth added later, at the call', () => {
      const stack = newStack();
      const configs = ['a', 'b', 'c', 'd'].map(c => LoggingConfiguration.fromLoggingConfigurationArn(stack, c, CONFIG_ARN(c.repeat(12))));
      const room = new Room(stack, 'Room', { loggingConfigurations: configs.slice(0, 3) });

      expect(() => room.addLoggingConfiguration(configs[3])).toThrow(new Error('A room can have at most 3 logging configurations, got: 4.'));
    });

    test('rejects four in the prop, in the constructor', () => {
      const stack = newStack();
      const configs = ['a', 'b', 'c', 'd'].map(c => LoggingConfiguration.fromLoggingConfigurationArn(stack, c, CONFIG_ARN(c.repeat(12))));

      expect(() => new Room(stack, 'Room', { loggingConfigurations: configs })).toThrow(new Error('A room can have at most 3 logging configurations, got: 4.'));
    });
  });

  describe('validation', () => {
    test.each([
      [{ roomName: 'a'.repeat(129) }, /^`roomName` must be at most 128 characters, got: 129\.$/],
      [{ roomName: 'my room' }, /^`roomName` may contain only letters, digits, hyphens and underscores, got: 'my room'\.$/],
      [{ roomName: 'chat!' }, /^`roomName` may contain only letters, digits, hyphens and underscores, got: 'chat!'\.$/],
      [{ maximumMessageLength: 0 }, /^`maximumMessageLength` must be an integer between 1 and 500, got: 0\.$/],
      [{ maximumMessageLength: 501 }, /^`maximumMessageLength` must be an integer between 1 and 500, got: 501\.$/],
      [{ maximumMessageLength: 10.5 }, /^`maximumMessageLength` must be an integer between 1 and 500, got: 10\.5\.$/],
      [{ maximumMessageRatePerSecond: 0 }, /^`maximumMessageRatePerSecond` must be an integer between 1 and 100, got: 0\.$/],
      [{ maximumMessageRatePerSecond: 101 }, /^`maximumMessageRatePerSecond` must be an integer between 1 and 100, got: 101\.$/],
      [{ maximumMessageRatePerSecond: 2.5 }, /^`maximumMessageRatePerSecond` must be an integer between 1 and 100, got: 2\.5\.$/],
    ])('rejects %j', (props, message) => {
      expect(() => new Room(newStack(), 'Room', props)).toThrow(message);
    });

    test.each([
      [{ roomName: '' }],
      [{ roomName: 'a'.repeat(128) }],
      [{ maximumMessageLength: 1 }],
      [{ maximumMessageLength: 500 }],
      [{ maximumMessageRatePerSecond: 1 }],
      [{ maximumMessageRatePerSecond: 100 }],
    ])('accepts the boundary %j', (props) => {
      expect(() => new Room(newStack(), 'Room', props)).not.toThrow();
    });

    test('skips checks on tokens (the handler checks the deployed values)', () => {
      const stack = newStack();
      const name = new CfnParameter(stack, 'Name').valueAsString;
      const length = new CfnParameter(stack, 'Length', { type: 'Number' }).valueAsNumber;
      new Room(stack, 'Room', { roomName: name, maximumMessageLength: length, maximumMessageRatePerSecond: length });

      expect(roomProperties(stack)).toMatchObject({ Name: { Ref: 'Name' }, MaximumMessageLength: { Ref: 'Length' } });
    });

    test.each([
      ['aws:owner', 'x', /Tag keys must not start with 'aws:' \(reserved for AWS\), got: 'aws:owner'\./],
      ['k'.repeat(129), 'x', /Tag keys must be 1-128 characters, got 129 characters: 'k+'\./],
      ['team', 'v'.repeat(257), /The value of tag 'team' must be at most 256 characters, got: 257\./],
    ])('rejects the tag %s', (key, value, message) => {
      const stack = newStack();
      const room = new Room(stack, 'Room');
      Tags.of(room).add(key, value);

      expect(() => Template.fromStack(stack)).toThrow(message);
    });

    test('rejects more than 50 tags', () => {
      const stack = newStack();
      const room = new Room(stack, 'Room');
      for (let i = 0; i < 51; i++) {
        Tags.of(room).add(`key${i}`, 'v');
      }

      expect(() => Template.fromStack(stack)).toThrow(/An IVS Chat resource can have at most 50 tags, got: 51\./);
    });

    test('accepts 50 tags and an empty value', () => {
      const stack = newStack();
      const room = new Room(stack, 'Room');
      for (let i = 0; i < 49; i++) {
        Tags.of(room).add(`key${i}`, 'v');
      }
      Tags.of(room).add('empty', '');

      expect(roomProperties(stack).Tags).toHaveLength(50);
    });
  });

  describe('fromRoomArn', () => {
    test('takes the id, account and region from the ARN', () => {
      const stack = newStack();
      const room = Room.fromRoomArn(stack, 'Imported', 'arn:aws:ivschat:eu-west-1:210987654321:room/g1H2I3j4k5L6');

      expect(room.roomId).toEqual('g1H2I3j4k5L6');
      expect(room.env).toEqual({ account: '210987654321', region: 'eu-west-1' });
      expect(room.roomRef.roomArn).toEqual('arn:aws:ivschat:eu-west-1:210987654321:room/g1H2I3j4k5L6');
    });

    test('splits a token ARN with CloudFormation functions', () => {
      const stack = newStack();
      const arn = new CfnParameter(stack, 'RoomArn').valueAsString;
      const room = Room.fromRoomArn(stack, 'Imported', arn);

      expect(Token.isUnresolved(room.roomId)).toBe(true);
      expect(stack.resolve(room.roomId)).toEqual({
        'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { Ref: 'RoomArn' }] }] }] }],
      });
    });

    test.each([
      'not-an-arn',
      `arn:aws:ivs:${REGION}:${ACCOUNT}:channel/g1H2I3j4k5L6`,
      `arn:aws:ivschat:${REGION}:${ACCOUNT}:logging-configuration/g1H2I3j4k5L6`,
      `arn:aws:ivschat:${REGION}:${ACCOUNT}:room/short`,
      `arn:aws:ivschat:${REGION}:${ACCOUNT}:room`,
      `arn:aws:ivschat::${ACCOUNT}:room/g1H2I3j4k5L6`,
      `arn:aws:ivschat:${REGION}:12345:room/g1H2I3j4k5L6`,
    ])('rejects %s', (arn) => {
      expect(() => Room.fromRoomArn(newStack(), 'Imported', arn)).toThrow(
        new RegExp(`^\`roomArn\` must be an IVS Chat room ARN \\(arn:<partition>:ivschat:<region>:<account>:room/<id>\\), got: '${arn.replace(/[/]/g, '\\/')}'\\.$`),
      );
    });
  });

  describe('grants', () => {
    function grantee(stack: Stack): iam.Role {
      return new iam.Role(stack, 'Grantee', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    }

    function statements(stack: Stack): any[] {
      const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy', {
        Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^Grantee') }] },
      });
      return Object.values(policies).flatMap((policy: any) => policy.Properties.PolicyDocument.Statement);
    }

    test.each([
      ['grantCreateChatToken', 'ivschat:CreateChatToken'],
      ['grantSendEvent', 'ivschat:SendEvent'],
      ['grantDeleteMessage', 'ivschat:DeleteMessage'],
      ['grantDisconnectUser', 'ivschat:DisconnectUser'],
      ['grantModerate', ['ivschat:DeleteMessage', 'ivschat:DisconnectUser', 'ivschat:SendEvent']],
      ['grantRead', ['ivschat:GetRoom', 'ivschat:ListTagsForResource']],
    ] as const)('%s grants exactly %j on the room ARN', (method, actions) => {
      const stack = newStack();
      const room = new Room(stack, 'Room');
      const role = grantee(stack);
      (room as any)[method](role);

      expect(statements(stack)).toEqual([{
        Action: actions,
        Effect: 'Allow',
        Resource: stack.resolve(room.roomArn),
      }]);
    });

    test('grants.actions grants the given actions on an imported room', () => {
      const stack = newStack();
      const room = Room.fromRoomArn(stack, 'Imported', ROOM_ARN);
      const role = grantee(stack);
      const grant = room.grants.actions(role, ['ivschat:GetRoom', 'ivschat:SendEvent']);

      expect(grant.success).toBe(true);
      expect(statements(stack)).toEqual([{ Action: ['ivschat:GetRoom', 'ivschat:SendEvent'], Effect: 'Allow', Resource: ROOM_ARN }]);
    });

    test.each([
      ['createChatToken', 'ivschat:CreateChatToken'],
      ['sendEvent', 'ivschat:SendEvent'],
      ['deleteMessage', 'ivschat:DeleteMessage'],
      ['disconnectUser', 'ivschat:DisconnectUser'],
      ['moderate', ['ivschat:DeleteMessage', 'ivschat:DisconnectUser', 'ivschat:SendEvent']],
      ['read', ['ivschat:GetRoom', 'ivschat:ListTagsForResource']],
    ] as const)('room.grants.%s grants exactly %j on the room ARN, as the grantXxx method does', (method, actions) => {
      const stack = newStack();
      const room = new Room(stack, 'Room');
      room.grants[method](grantee(stack));

      expect(statements(stack)).toEqual([{ Action: actions, Effect: 'Allow', Resource: stack.resolve(room.roomArn) }]);
    });

    test('grants.actions takes the actions as a list, and options.resourceArns instead of the room\'s ARN', () => {
      const stack = newStack();
      const room = Room.fromRoomArn(stack, 'Imported', ROOM_ARN);
      const other = ROOM_ARN.replace('g1H2I3j4k5L6', 'a1B2c3D4e5F6');
      room.grants.actions(grantee(stack), ['ivschat:GetRoom'], { resourceArns: [ROOM_ARN, other] });

      expect(statements(stack)).toEqual([{ Action: 'ivschat:GetRoom', Effect: 'Allow', Resource: [ROOM_ARN, other] }]);
    });

    test('RoomGrants work on an L1 CfnRoom through its IRoomRef', () => {
      const stack = newStack();
      const cfnRoom = new ivschat.CfnRoom(stack, 'CfnRoom');
      const role = grantee(stack);
      RoomGrants.fromRoom(cfnRoom).createChatToken(role);

      expect(statements(stack)).toEqual([{ Action: 'ivschat:CreateChatToken', Effect: 'Allow', Resource: { Ref: 'CfnRoom' } }]);
    });

    test('no grant uses a wildcard resource', () => {
      const stack = newStack();
      const room = new Room(stack, 'Room');
      const role = grantee(stack);
      room.grantCreateChatToken(role);
      room.grantModerate(role);
      room.grantRead(role);

      for (const statement of statements(stack)) {
        expect(statement.Resource).not.toEqual('*');
      }
    });
  });
});
