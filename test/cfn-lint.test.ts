/**
 * cfn-lint over the example app and a stack with every destination kind: no error, and no warning on what the
 * library creates. Runs when cfn-lint is installed (CI requires it with REQUIRE_CFN_LINT=1); says so otherwise.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Stack, Tags } from 'aws-cdk-lib';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { cfnLintAvailable, lintTemplates } from './cfn-lint';
import { ChatAppStack } from '../examples/chat-app';
import { ChatTokenVendor, LoggingConfiguration, LoggingDestination, Room, UserIdSource } from '../src';

const EXAMPLE_CONTEXT = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'examples', 'cdk.json'), 'utf8')).context;

const available = cfnLintAvailable();
if (!available && process.env.REQUIRE_CFN_LINT === '1') {
  throw new Error('cfn-lint is not installed, and REQUIRE_CFN_LINT=1 requires it (pip install cfn-lint).');
}
if (!available) {
  console.warn('cfn-lint is not installed: the template lint tests are skipped (pip install cfn-lint to run them).');
}
const lintTest = available ? test : test.skip;

/** The logical ids of the resources the library creates in the stack. */
function libraryResources(stack: Stack): Set<string> {
  const ours = (construct: IConstruct): boolean => construct instanceof Room || construct instanceof LoggingConfiguration
    || construct instanceof ChatTokenVendor || construct.node.id.startsWith('cdk-ivs-chat.') || construct.node.id.startsWith('IvsChatInvoke');
  const ids = new Set<string>();
  for (const construct of stack.node.findAll()) {
    if (CfnResource.isCfnResource(construct) && construct.node.scopes.some(ours)) {
      ids.add(stack.resolve(construct.logicalId));
    }
  }
  return ids;
}

function lint(app: App, stacks: Stack[]): ReturnType<typeof lintTemplates> {
  const assembly = app.synth();
  const library = new Map(stacks.map(stack => [path.join(assembly.directory, stack.templateFile), libraryResources(stack)]));
  return lintTemplates([...library.keys()], (template, logicalId) => library.get(template)?.has(logicalId) ?? false);
}

function newApp(context: Record<string, unknown> = {}): App {
  return new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-lint-')), context });
}

describe('cfn-lint', () => {
  lintTest('the example app, with the feature flags of its cdk.json', () => {
    const app = newApp(EXAMPLE_CONTEXT);
    const stack = new ChatAppStack(app, 'ExampleChatApp');

    const result = lint(app, [stack]);
    expect(result.blocking).toEqual([]);
  });

  lintTest('every destination kind, owned and imported, L2 and L1, rooms, tags and token vendors', () => {
    const app = newApp();
    const stack = new Stack(app, 'Destinations');
    const bucket = new s3.Bucket(stack, 'Bucket', { enforceSSL: true });
    const logGroup = new logs.LogGroup(stack, 'Logs');
    const stream = new firehose.DeliveryStream(stack, 'Stream', { destination: new firehose.S3Bucket(bucket) });
    const cfnStream = new firehose.CfnDeliveryStream(stack, 'L1Stream', { deliveryStreamType: 'DirectPut' });
    const destinations = [
      LoggingDestination.s3(bucket),
      LoggingDestination.cloudWatchLogs(logGroup),
      LoggingDestination.firehose(stream),
      LoggingDestination.firehose(cfnStream),
      LoggingDestination.s3(s3.Bucket.fromBucketName(stack, 'ImportedBucket', 'chat-archive')),
      LoggingDestination.cloudWatchLogs(logs.LogGroup.fromLogGroupName(stack, 'ImportedLogs', 'chat-logs')),
      LoggingDestination.firehose(firehose.DeliveryStream.fromDeliveryStreamName(stack, 'ImportedStream', 'chat-stream')),
    ];
    const configs = destinations.map((destination, index) => new LoggingConfiguration(stack, `Config${index}`, { destination }));
    const room = new Room(stack, 'Room', { loggingConfigurations: configs.slice(0, 3) });
    new Room(stack, 'Other', { loggingConfigurations: configs.slice(3, 6) });
    Tags.of(room).add('team', 'chat');
    new ChatTokenVendor(stack, 'Vendor', { room, userIdSource: UserIdSource.iamPrincipal() });

    const result = lint(app, [stack]);
    expect(result.blocking).toEqual([]);
  });
});
