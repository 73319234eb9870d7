import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ivschat from 'aws-cdk-lib/aws-ivschat';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ChatTokenCapability, ChatTokenVendor, ChatTokenVendorProps, Room, UserIdSource } from '../src';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const ROOM_ARN = `arn:aws:ivschat:${REGION}:${ACCOUNT}:room/g1H2I3j4k5L6`;

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: ACCOUNT, region: REGION } });
}

function vendorStack(props: Partial<ChatTokenVendorProps> = {}): { stack: Stack; vendor: ChatTokenVendor } {
  const stack = newStack();
  const room = Room.fromRoomArn(stack, 'Room', ROOM_ARN);
  const vendor = new ChatTokenVendor(stack, 'Vendor', { room, ...props });
  return { stack, vendor };
}

function environment(stack: Stack): Record<string, unknown> {
  const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function', {
    Properties: { Description: 'cdk-ivs-chat: vends IVS Chat tokens for one room' },
  });
  const [fn] = Object.values(functions);
  return fn.Properties.Environment.Variables;
}

describe('ChatTokenVendor', () => {
  test('is a Node.js 24 function with its own role and log group, and no managed policy', () => {
    const { stack } = vendorStack();

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Architectures: ['arm64'],
      Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^VendorRole'), 'Arn'] },
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: Match.stringLikeRegexp('^VendorLogs') } },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }] },
      ManagedPolicyArns: Match.absent(),
    });
  });

  test('its role may create chat tokens on this room and write its log group, nothing else', () => {
    const { stack } = vendorStack();

    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    expect(Object.values(policies).map(policy => policy.Properties.PolicyDocument.Statement)).toEqual([[
      {
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^VendorLogs/), 'Arn'] },
      },
      { Action: 'ivschat:CreateChatToken', Effect: 'Allow', Resource: ROOM_ARN },
    ]]);
  });

  test('is exposed by a function URL with IAM auth by default', () => {
    const { stack, vendor } = vendorStack();

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Url', 1);
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'AWS_IAM',
      TargetFunctionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^VendorHandler'), 'Arn'] },
      Cors: Match.absent(),
    });
    template.resourceCountIs('AWS::Lambda::Permission', 0);
    expect(stack.resolve(vendor.url)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^VendorHandlerFunctionUrl/), 'FunctionUrl'] });
  });

  test('authType NONE with a header source is refused: anyone could get tokens for any user id', () => {
    const stack = new Stack(new App(), 'Stack');
    expect(() => new ChatTokenVendor(stack, 'Vendor', {
      room: Room.fromRoomArn(stack, 'Room', ROOM_ARN),
      authType: lambda.FunctionUrlAuthType.NONE,
      userIdSource: UserIdSource.header('x-user-id'),
    })).toThrow(new Error("`authType` NONE with the 'x-user-id' header lets anyone who knows the URL get chat tokens for any user id: "
      + 'use AWS_IAM with `UserIdSource.iamPrincipal()`, or API Gateway with `UserIdSource.authorizerClaim()`, '
      + 'or set `allowUnauthenticatedUserIdHeader: true` if that is what you want.'));
  });

  test('allowUnauthenticatedUserIdHeader makes that public URL, with a warning', () => {
    const { stack } = vendorStack({
      authType: lambda.FunctionUrlAuthType.NONE,
      userIdSource: UserIdSource.header('x-user-id'),
      allowUnauthenticatedUserIdHeader: true,
    });

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE' });
    Annotations.fromStack(stack).hasWarning('/Stack/Vendor', Match.stringLikeRegexp(
      "^Anyone who knows the URL gets chat tokens for the user id they put in the 'x-user-id' header",
    ));
  });

  test('authType NONE with an authorizer claim source needs no opt-in: URL requests carry no claim and are refused', () => {
    const { stack } = vendorStack({ authType: lambda.FunctionUrlAuthType.NONE, userIdSource: UserIdSource.authorizerClaim('sub') });

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE' });
  });

  test('serves at most 10 requests at once by default (reserved concurrency), or as many as given', () => {
    const { stack } = vendorStack();
    const { stack: larger } = vendorStack({ reservedConcurrentExecutions: 50 });

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 10 });
    Template.fromStack(larger).hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 50 });
  });

  test('a header source behind IAM auth warns that signed callers choose the user id', () => {
    const { stack } = vendorStack({ userIdSource: UserIdSource.header('x-user-id') });

    Annotations.fromStack(stack).hasWarning('/Stack/Vendor', Match.stringLikeRegexp(
      "^Every principal granted `grantInvokeUrl` chooses the user id in the 'x-user-id' header",
    ));
  });

  test('the IAM principal source behind IAM auth has no warning', () => {
    const { stack } = vendorStack();

    Annotations.fromStack(stack).hasNoWarning('/Stack/Vendor', Match.anyValue());
  });

  test('passes CORS settings to the function URL', () => {
    const { stack } = vendorStack({ cors: { allowedOrigins: ['https://chat.example.com'], allowedMethods: [lambda.HttpMethod.POST] } });

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Url', {
      Cors: { AllowOrigins: ['https://chat.example.com'], AllowMethods: ['POST'] },
    });
  });

  test('defaults: SEND_MESSAGE, 60-minute sessions, the IAM principal, no attributes', () => {
    const { stack } = vendorStack();

    expect(environment(stack)).toEqual({
      ROOM_ARN,
      CAPABILITIES: 'SEND_MESSAGE',
      SESSION_DURATION_MINUTES: '60',
      USER_ID_SOURCE: 'iam',
    });
  });

  test('the environment holds the capabilities, session duration, user id source and attributes', () => {
    const { stack } = vendorStack({
      capabilities: [ChatTokenCapability.SEND_MESSAGE, ChatTokenCapability.DELETE_MESSAGE, ChatTokenCapability.DISCONNECT_USER],
      sessionDuration: Duration.hours(3),
      userIdSource: UserIdSource.authorizerClaim('cognito:username'),
      attributes: { role: 'moderator' },
    });

    expect(environment(stack)).toEqual({
      ROOM_ARN,
      CAPABILITIES: 'SEND_MESSAGE,DELETE_MESSAGE,DISCONNECT_USER',
      SESSION_DURATION_MINUTES: '180',
      USER_ID_SOURCE: 'claim:cognito:username',
      ATTRIBUTES: '{"role":"moderator"}',
    });
  });

  test.each([
    [UserIdSource.header('X-User-Id'), 'header:X-User-Id'],
    [UserIdSource.authorizerClaim('sub'), 'claim:sub'],
    [UserIdSource.iamPrincipal(), 'iam'],
  ])('user id source %s is USER_ID_SOURCE %s', (userIdSource, value) => {
    expect(environment(vendorStack({ userIdSource }).stack).USER_ID_SOURCE).toEqual(value);
  });

  test('no capabilities vend view-only tokens; repeated ones are listed once', () => {
    expect(environment(vendorStack({ capabilities: [] }).stack).CAPABILITIES).toEqual('');
    const repeated = [ChatTokenCapability.DELETE_MESSAGE, ChatTokenCapability.DELETE_MESSAGE];
    expect(environment(vendorStack({ capabilities: repeated }).stack).CAPABILITIES).toEqual('DELETE_MESSAGE');
  });

  test('works with a CfnRoom, the room of an owned Room, and grants on it', () => {
    const stack = newStack();
    const cfnRoom = new ivschat.CfnRoom(stack, 'CfnRoom');
    new ChatTokenVendor(stack, 'Vendor', { room: cfnRoom });
    const room = new Room(stack, 'Room');
    new ChatTokenVendor(stack, 'Vendor2', { room });

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      // Ref of an AWS::IVSChat::Room is its ARN.
      PolicyDocument: { Statement: Match.arrayWith([{ Action: 'ivschat:CreateChatToken', Effect: 'Allow', Resource: { Ref: 'CfnRoom' } }]) },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{ Action: 'ivschat:CreateChatToken', Effect: 'Allow', Resource: stack.resolve(room.roomArn) }]),
      },
    });
  });

  test('grantInvokeUrl lets a principal call the URL, and invoke the function through it only', () => {
    const { stack, vendor } = vendorStack();
    const users = new iam.Role(stack, 'Users', { assumedBy: new iam.AccountRootPrincipal() });
    vendor.grantInvokeUrl(users);

    const fnArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^VendorHandler'), 'Arn'] };
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Users') }],
      PolicyDocument: {
        Statement: [
          { Action: 'lambda:InvokeFunctionUrl', Effect: 'Allow', Resource: fnArn, Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } } },
          { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: fnArn, Condition: { Bool: { 'lambda:InvokedViaFunctionUrl': true } } },
        ],
      },
    });
  });

  describe('validation', () => {
    test.each([
      [Duration.minutes(0), '0 minutes'],
      [Duration.minutes(181), '3 hours 1 minute'],
      [Duration.seconds(90), '1 minute 30 seconds'],
      [Duration.days(1), '1 day'],
    ])('sessionDuration %s is refused', (sessionDuration, shown) => {
      expect(() => vendorStack({ sessionDuration }))
        .toThrow(new RegExp(`^\`sessionDuration\` must be a whole number of minutes between 1 and 180, got: ${shown}\\.$`));
    });

    test.each([Duration.minutes(1), Duration.minutes(180), Duration.hours(2), Duration.seconds(300)])('sessionDuration %s is accepted', (sessionDuration) => {
      expect(() => vendorStack({ sessionDuration })).not.toThrow();
    });

    test('a sessionDuration from a token is left to the handler', () => {
      const stack = newStack();
      const minutes = new CfnParameter(stack, 'Minutes', { type: 'Number' });
      new ChatTokenVendor(stack, 'Vendor', { room: Room.fromRoomArn(stack, 'Room', ROOM_ARN), sessionDuration: Duration.minutes(minutes.valueAsNumber) });

      expect(stack.resolve(environment(stack).SESSION_DURATION_MINUTES)).toEqual({ Ref: 'Minutes' });
    });

    test('a sessionDuration from a token in another unit is refused', () => {
      const stack = newStack();
      const seconds = new CfnParameter(stack, 'Seconds', { type: 'Number' });

      expect(() => new ChatTokenVendor(stack, 'Vendor', {
        room: Room.fromRoomArn(stack, 'Room', ROOM_ARN), sessionDuration: Duration.seconds(seconds.valueAsNumber),
      })).toThrow(/^`sessionDuration` from a token must be given with `Duration.minutes\(\)`\.$/);
    });

    test('an unknown capability (from another jsii language) is refused', () => {
      expect(() => vendorStack({ capabilities: ['BAN_USER' as ChatTokenCapability] }))
        .toThrow(/^`capabilities` may hold only SEND_MESSAGE, DISCONNECT_USER, DELETE_MESSAGE, got: 'BAN_USER'\.$/);
    });

    test.each([0, 2.5, -1])('reservedConcurrentExecutions must be a positive integer, got %d', value => {
      const stack = new Stack(new App(), 'Stack');
      expect(() => new ChatTokenVendor(stack, 'Vendor', { room: Room.fromRoomArn(stack, 'Room', ROOM_ARN), reservedConcurrentExecutions: value }))
        .toThrow(new Error(`\`reservedConcurrentExecutions\` must be a positive integer, got: ${value}.`));
    });

    test('UserIdSource.iamPrincipal() needs IAM auth', () => {
      expect(() => vendorStack({ authType: lambda.FunctionUrlAuthType.NONE }))
        .toThrow(/^`UserIdSource.iamPrincipal\(\)` needs `authType` AWS_IAM \(unsigned requests carry no IAM identity\), got: NONE\.$/);
    });

    test('attributes total at most 1 KB, keys and values counted in UTF-8 bytes', () => {
      expect(() => vendorStack({ attributes: { badge: 'x'.repeat(1019) } })).not.toThrow();
      expect(() => vendorStack({ attributes: { badge: 'é'.repeat(510) } }))
        .toThrow(/^`attributes` must total at most 1024 bytes \(keys and values, UTF-8\), got: 1025\.$/);
    });

    test('a header name must be an HTTP header name', () => {
      expect(() => UserIdSource.header('x user'))
        .toThrow(/^`UserIdSource.header\(\)` must be an HTTP header name \(letters, digits and !#\$%&'\*\+\.\^_`\|~-\), got: 'x user'\.$/);
    });

    test('a claim name must not be empty', () => {
      expect(() => UserIdSource.authorizerClaim(''))
        .toThrow(/^`UserIdSource.authorizerClaim\(\)` needs a claim name, got an empty string\.$/);
    });
  });
});
