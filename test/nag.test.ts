import { App, Stack, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { ChatAppStack } from '../examples/chat-app';
import { ChatTokenVendor, LoggingConfiguration, LoggingDestination, Room, UserIdSource } from '../src';

function violations(stack: Stack): string[] {
  const report = new AwsSolutionsChecks().validateScope(stack);
  return report.violations.flatMap(v => v.violatingResources.map(r => `${v.ruleName} at ${r.resourceLogicalId}`));
}

function acknowledgments(scope: IConstruct): Record<string, string> {
  return Object.assign({}, ...scope.node.findAll()
    .flatMap(c => c.node.metadata)
    .filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .map(m => m.data));
}

describe('cdk-nag AwsSolutions', () => {
  test.each([
    ['environment-agnostic', undefined],
    ['with an account and region', { account: '123456789012', region: 'eu-west-1' }],
  ])('the example chat app has no unacknowledged finding (%s)', (_name, env) => {
    const stack = new ChatAppStack(new App(), 'ExampleChatApp', { env });

    expect(violations(stack)).toEqual([]);
  });

  test('a room-only stack has no unacknowledged finding', () => {
    const stack = new Stack(new App(), 'Rooms');
    new Room(stack, 'Room');

    expect(violations(stack)).toEqual([]);
  });

  test('a logging configuration to an imported log group has no unacknowledged finding', () => {
    const stack = new Stack(new App(), 'Logging');
    new LoggingConfiguration(stack, 'Config', {
      destination: LoggingDestination.cloudWatchLogs(logs.LogGroup.fromLogGroupName(stack, 'Logs', 'chat')),
    });

    expect(violations(stack)).toEqual([]);
  });

  test.each([
    ['an IAM-authenticated URL', { userIdSource: UserIdSource.iamPrincipal() }],
    ['a public URL', { authType: lambda.FunctionUrlAuthType.NONE, userIdSource: UserIdSource.header('x-user-id'), allowUnauthenticatedUserIdHeader: true }],
  ])('a token vendor with %s has no finding, and acknowledges none', (_name, props) => {
    const stack = new Stack(new App(), 'Vendor');
    new ChatTokenVendor(stack, 'Vendor', { room: Room.fromRoomArn(stack, 'Room', 'arn:aws:ivschat:us-east-1:123456789012:room/g1H2I3j4k5L6'), ...props });

    expect(violations(stack)).toEqual([]);
    expect(acknowledgments(stack)).toEqual({});
  });

  test('every acknowledgment is specific and has a reason, next to the library resource it covers', () => {
    const stack = new Stack(new App(), 'Stack');
    new LoggingConfiguration(stack, 'Config', {
      destination: LoggingDestination.cloudWatchLogs(logs.LogGroup.fromLogGroupName(stack, 'Logs', 'chat')),
    });
    new Room(stack, 'Room');

    const acknowledged = acknowledgments(stack);
    expect(Object.keys(acknowledged).sort()).toEqual([
      'AwsSolutions-IAM5[Resource::*]',
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<cdkivschatIvsChatProviderHandler[0-9A-F]{8}\.Arn>:\*\]$/),
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ivschat:<AWS::Region>:<AWS::AccountId>:logging-configuration/*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ivschat:<AWS::Region>:<AWS::AccountId>:room/*]',
      'annotation::AwsSolutions-L1',
    ]);
    for (const reason of Object.values(acknowledged)) {
      expect(reason.length).toBeGreaterThan(40);
    }
    for (const construct of stack.node.findAll()) {
      if (construct.node.metadata.some(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)) {
        expect(construct.node.path).toMatch(/^Stack\/cdk-ivs-chat\.IvsChatProvider\//);
      }
    }
  });
});
