import { App, CfnParameter, Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ivschat from 'aws-cdk-lib/aws-ivschat';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LoggingConfiguration, LoggingConfigurationGrants, LoggingDestination, Room } from '../src';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const CONFIG_ARN = `arn:aws:ivschat:${REGION}:${ACCOUNT}:logging-configuration/a1B2c3D4e5F6`;
const SOURCE_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:${REGION}:${ACCOUNT}:*`]] };

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: ACCOUNT, region: REGION } });
}

function configResource(stack: Stack): any {
  const [config] = Object.values(Template.fromStack(stack).findResources('Custom::IvsChatLoggingConfiguration'));
  return config;
}

/** CloudWatch Logs resource policies are JSON strings joined with tokens: parse them with `<Ref>` / `<Id.Attr>` placeholders. */
function parseJoinedJson(document: any): any {
  const [, parts] = document['Fn::Join'];
  return JSON.parse(parts.map((part: any) => typeof part === 'string' ? part
    : part.Ref ? `<${part.Ref}>` : `<${part['Fn::GetAtt'].join('.')}>`).join(''));
}

/** The provider's policy that holds the logging-configuration permissions. */
function loggingPolicyId(stack: Stack): string {
  const [id] = Object.keys(Template.fromStack(stack).findResources('AWS::IAM::Policy', {
    Properties: { PolicyName: Match.stringLikeRegexp('LoggingConfigurationPolicy') },
  }));
  return id;
}

function firehoseStream(stack: Stack): firehose.DeliveryStream {
  return new firehose.DeliveryStream(stack, 'Stream', {
    destination: new firehose.S3Bucket(new s3.Bucket(stack, 'StreamBucket')),
  });
}

describe('LoggingConfiguration', () => {
  test('is a Custom::IvsChatLoggingConfiguration with its name and destination, deleted with the stack', () => {
    const stack = newStack();
    new LoggingConfiguration(stack, 'Config', {
      loggingConfigurationName: 'chat-logs',
      destination: LoggingDestination.s3(s3.Bucket.fromBucketName(stack, 'Bucket', 'my-chat-logs')),
    });

    Template.fromStack(stack).hasResource('Custom::IvsChatLoggingConfiguration', {
      Properties: {
        ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('IvsChatProviderframeworkonEvent'), 'Arn'] },
        Name: 'chat-logs',
        DestinationConfiguration: { S3: { BucketName: 'my-chat-logs' } },
        Tags: Match.absent(),
      },
      DeletionPolicy: 'Delete',
    });
  });

  test('attributes come from the custom resource: Arn, Id', () => {
    const stack = newStack();
    const config = new LoggingConfiguration(stack, 'Config', {
      destination: LoggingDestination.s3(s3.Bucket.fromBucketName(stack, 'Bucket', 'my-chat-logs')),
    });
    const logicalId = stack.getLogicalId(config.node.defaultChild as any);

    expect(stack.resolve(config.loggingConfigurationArn)).toEqual({ 'Fn::GetAtt': [logicalId, 'Arn'] });
    expect(stack.resolve(config.loggingConfigurationId)).toEqual({ 'Fn::GetAtt': [logicalId, 'Id'] });
    expect(stack.resolve(config.loggingConfigurationRef.loggingConfigurationArn)).toEqual({ 'Fn::GetAtt': [logicalId, 'Arn'] });
  });

  test('depends on the provider policy that holds its permissions, so a removed configuration is deleted before them', () => {
    const stack = newStack();
    new LoggingConfiguration(stack, 'Config', {
      destination: LoggingDestination.s3(s3.Bucket.fromBucketName(stack, 'Bucket', 'my-chat-logs')),
    });

    expect(configResource(stack).DependsOn).toEqual([loggingPolicyId(stack)]);
  });

  test('rejects RemovalPolicy.SNAPSHOT', () => {
    const stack = newStack();
    expect(() => new LoggingConfiguration(stack, 'Config', {
      destination: LoggingDestination.s3(s3.Bucket.fromBucketName(stack, 'Bucket', 'my-chat-logs')),
      removalPolicy: RemovalPolicy.SNAPSHOT,
    })).toThrow(/^`removalPolicy` must be DESTROY, RETAIN or RETAIN_ON_UPDATE_OR_DELETE: IVS Chat resources have no snapshots, got: SNAPSHOT\.$/);
  });

  test('RemovalPolicy.RETAIN and Tags.of()', () => {
    const stack = newStack();
    const config = new LoggingConfiguration(stack, 'Config', {
      destination: LoggingDestination.s3(s3.Bucket.fromBucketName(stack, 'Bucket', 'my-chat-logs')),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Tags.of(config).add('team', 'chat');

    const resource = configResource(stack);
    expect(resource.DeletionPolicy).toEqual('Retain');
    expect(resource.Properties.Tags).toEqual([{ Key: 'team', Value: 'chat' }]);
  });

  describe('destinations', () => {
    test('an S3 bucket of the stack gets the log-delivery bucket policy, and the configuration waits for it', () => {
      const stack = newStack();
      const bucket = new s3.Bucket(stack, 'Bucket');
      new LoggingConfiguration(stack, 'Config', { destination: LoggingDestination.s3(bucket) });

      const template = Template.fromStack(stack);
      const bucketRef = { Ref: stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket) };
      const bucketArn = { 'Fn::GetAtt': [stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket), 'Arn'] };
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: bucketRef,
        PolicyDocument: {
          Statement: [
            {
              Sid: 'AWSLogDeliveryWrite',
              Effect: 'Allow',
              Principal: { Service: 'delivery.logs.amazonaws.com' },
              Action: 's3:PutObject',
              Resource: { 'Fn::Join': ['', [bucketArn, `/AWSLogs/${ACCOUNT}/*`]] },
              Condition: {
                StringEquals: { 'aws:SourceAccount': ACCOUNT, 's3:x-amz-acl': 'bucket-owner-full-control' },
                ArnLike: { 'aws:SourceArn': SOURCE_ARN },
              },
            },
            {
              Sid: 'AWSLogDeliveryAclCheck',
              Effect: 'Allow',
              Principal: { Service: 'delivery.logs.amazonaws.com' },
              Action: 's3:GetBucketAcl',
              Resource: bucketArn,
              Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': SOURCE_ARN } },
            },
          ],
        },
      });
      const [policyId] = Object.keys(template.findResources('AWS::S3::BucketPolicy'));
      const config = configResource(stack);
      expect(config.Properties.DestinationConfiguration).toEqual({ S3: { BucketName: bucketRef } });
      expect([...config.DependsOn].sort()).toEqual([loggingPolicyId(stack), policyId].sort());
    });

    test('an imported bucket is left to the service: no bucket policy', () => {
      const stack = newStack();
      new LoggingConfiguration(stack, 'Config', {
        destination: LoggingDestination.s3(s3.Bucket.fromBucketName(stack, 'Bucket', 'my-chat-logs')),
      });

      Template.fromStack(stack).resourceCountIs('AWS::S3::BucketPolicy', 0);
    });

    test('a log group of the stack gets a CloudWatch Logs resource policy for log delivery', () => {
      const stack = newStack();
      const logGroup = new logs.LogGroup(stack, 'ChatLogs', { logGroupName: '/aws/vendedlogs/chat' });
      new LoggingConfiguration(stack, 'Config', { destination: LoggingDestination.cloudWatchLogs(logGroup) });

      const template = Template.fromStack(stack);
      const [policy] = Object.values(template.findResources('AWS::Logs::ResourcePolicy'));
      expect(parseJoinedJson(policy.Properties.PolicyDocument)).toEqual({
        Statement: [{
          Sid: 'AWSLogDeliveryWrite',
          Effect: 'Allow',
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `<${stack.getLogicalId(logGroup.node.defaultChild as logs.CfnLogGroup)}.Arn>`,
          Condition: {
            StringEquals: { 'aws:SourceAccount': ACCOUNT },
            ArnLike: { 'aws:SourceArn': `arn:<AWS::Partition>:logs:${REGION}:${ACCOUNT}:*` },
          },
        }],
        Version: '2012-10-17',
      });
      const [policyId] = Object.keys(template.findResources('AWS::Logs::ResourcePolicy'));
      const config = configResource(stack);
      expect(config.Properties.DestinationConfiguration).toEqual({
        CloudWatchLogs: { LogGroupName: { Ref: stack.getLogicalId(logGroup.node.defaultChild as logs.CfnLogGroup) } },
      });
      expect([...config.DependsOn].sort()).toEqual([loggingPolicyId(stack), policyId].sort());
    });

    test('an imported log group is left to the service: no resource policy', () => {
      const stack = newStack();
      new LoggingConfiguration(stack, 'Config', {
        destination: LoggingDestination.cloudWatchLogs(logs.LogGroup.fromLogGroupName(stack, 'Logs', '/chat/logs')),
      });

      Template.fromStack(stack).resourceCountIs('AWS::Logs::ResourcePolicy', 0);
      expect(configResource(stack).Properties.DestinationConfiguration).toEqual({ CloudWatchLogs: { LogGroupName: '/chat/logs' } });
    });

    test('a delivery stream of the stack is tagged LogDeliveryEnabled and created first, through its Ref alone', () => {
      const stack = newStack();
      const stream = firehoseStream(stack);
      new LoggingConfiguration(stack, 'Config', { destination: LoggingDestination.firehose(stream) });

      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
        Tags: Match.arrayWith([{ Key: 'LogDeliveryEnabled', Value: 'true' }]),
      });
      const config = configResource(stack);
      const streamId = stack.getLogicalId(stream.node.defaultChild as firehose.CfnDeliveryStream);
      expect(config.Properties.DestinationConfiguration).toEqual({ Firehose: { DeliveryStreamName: { Ref: streamId } } });
      // An explicit DependsOn next to the Ref would be redundant (cfn-lint W3005).
      expect(config.DependsOn).not.toContain(streamId);
    });

    test('an L1 CfnDeliveryStream of the app works like the L2: tagged, referenced, its ARN in the setup permissions', () => {
      const stack = newStack();
      const cfnStream = new firehose.CfnDeliveryStream(stack, 'L1Stream', { deliveryStreamType: 'DirectPut' });
      new LoggingConfiguration(stack, 'Config', { destination: LoggingDestination.firehose(cfnStream) });

      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
        Tags: [{ Key: 'LogDeliveryEnabled', Value: 'true' }],
      });
      const streamId = stack.getLogicalId(cfnStream);
      expect(configResource(stack).Properties.DestinationConfiguration).toEqual({ Firehose: { DeliveryStreamName: { Ref: streamId } } });
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([{ Action: 'firehose:TagDeliveryStream', Effect: 'Allow', Resource: { 'Fn::GetAtt': [streamId, 'Arn'] } }]),
        },
      });
    });

    test('only the delivery stream gets the LogDeliveryEnabled tag, not its role or log group', () => {
      const stack = newStack();
      new LoggingConfiguration(stack, 'Config', { destination: LoggingDestination.firehose(firehoseStream(stack)) });

      const template = Template.fromStack(stack);
      for (const type of ['AWS::IAM::Role', 'AWS::S3::Bucket', 'AWS::Logs::LogGroup']) {
        for (const resource of Object.values(template.findResources(type))) {
          expect(resource.Properties?.Tags ?? []).not.toContainEqual({ Key: 'LogDeliveryEnabled', Value: 'true' });
        }
      }
    });

    test('an imported delivery stream is not tagged', () => {
      const stack = newStack();
      const stream = firehose.DeliveryStream.fromDeliveryStreamName(stack, 'Stream', 'chat-stream');
      new LoggingConfiguration(stack, 'Config', { destination: LoggingDestination.firehose(stream) });

      expect(configResource(stack).Properties.DestinationConfiguration).toEqual({ Firehose: { DeliveryStreamName: 'chat-stream' } });
    });

    test.each([
      [() => LoggingDestination.cloudWatchLogs(logs.LogGroup.fromLogGroupName(newStack(), 'L', 'chat logs')), /^`logGroup.logGroupName` must be 1-512 characters of letters, digits and '.-_\/#', got: 'chat logs'\.$/],
      [() => LoggingDestination.firehose(firehose.DeliveryStream.fromDeliveryStreamName(newStack(), 'F', 'x'.repeat(65))), /^`deliveryStream.deliveryStreamName` must be 1-64 characters of letters, digits and '_.-', got: 'x+'\.$/],
    ])('rejects an invalid destination name (%#); S3 bucket imports are checked by aws-cdk-lib itself', (destination, message) => {
      const stack = newStack();
      expect(() => new LoggingConfiguration(stack, 'Config', { destination: destination() })).toThrow(message);
    });
  });

  describe('validation', () => {
    test.each([
      ['a'.repeat(129), /^`loggingConfigurationName` must be at most 128 characters, got: 129\.$/],
      ['chat logs', /^`loggingConfigurationName` may contain only letters, digits, hyphens and underscores, got: 'chat logs'\.$/],
    ])('rejects the name %s', (name, message) => {
      const stack = newStack();
      expect(() => new LoggingConfiguration(stack, 'Config', {
        loggingConfigurationName: name,
        destination: LoggingDestination.s3(s3.Bucket.fromBucketName(stack, 'Bucket', 'my-chat-logs')),
      })).toThrow(message);
    });

    test('skips the name check on a token', () => {
      const stack = newStack();
      new LoggingConfiguration(stack, 'Config', {
        loggingConfigurationName: new CfnParameter(stack, 'Name').valueAsString,
        destination: LoggingDestination.s3(s3.Bucket.fromBucketName(stack, 'Bucket', 'my-chat-logs')),
      });

      expect(configResource(stack).Properties.Name).toEqual({ Ref: 'Name' });
    });

    test('rejects an aws: tag', () => {
      const stack = newStack();
      const config = new LoggingConfiguration(stack, 'Config', {
        destination: LoggingDestination.s3(s3.Bucket.fromBucketName(stack, 'Bucket', 'my-chat-logs')),
      });
      Tags.of(config).add('aws:x', 'y');

      expect(() => Template.fromStack(stack)).toThrow(/Tag keys must not start with 'aws:' \(reserved for AWS\), got: 'aws:x'\./);
    });
  });

  describe('fromLoggingConfigurationArn', () => {
    test('takes the id and environment from the ARN', () => {
      const config = LoggingConfiguration.fromLoggingConfigurationArn(newStack(), 'Imported', CONFIG_ARN);

      expect(config.loggingConfigurationId).toEqual('a1B2c3D4e5F6');
      expect(config.loggingConfigurationRef.loggingConfigurationArn).toEqual(CONFIG_ARN);
      expect(config.env).toEqual({ account: ACCOUNT, region: REGION });
    });

    test.each([
      'arn:aws:ivschat:us-east-1:123456789012:room/a1B2c3D4e5F6',
      'logging-configuration/a1B2c3D4e5F6',
      'arn:aws:ivschat:us-east-1:123456789012:logging-configuration/a1B2',
    ])('rejects %s', (arn) => {
      expect(() => LoggingConfiguration.fromLoggingConfigurationArn(newStack(), 'Imported', arn))
        .toThrow(/^`loggingConfigurationArn` must be an IVS Chat logging configuration ARN \(arn:<partition>:ivschat:<region>:<account>:logging-configuration\/<id>\), got: '.*'\.$/);
    });
  });

  describe('grants and metrics', () => {
    function granted(stack: Stack): any[] {
      const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^Grantee') }] } });
      return Object.values(policies).flatMap((policy: any) => policy.Properties.PolicyDocument.Statement);
    }

    test.each([
      ['an owned configuration', (stack: Stack) => new LoggingConfiguration(stack, 'Config', {
        destination: LoggingDestination.s3(s3.Bucket.fromBucketName(stack, 'Bucket', 'my-chat-logs')),
      })],
      ['an import', (stack: Stack) => LoggingConfiguration.fromLoggingConfigurationArn(stack, 'Imported', CONFIG_ARN)],
    ] as const)('grants.read, grantRead and grants.actions on %s are scoped to its ARN', (_name, define) => {
      const stack = newStack();
      const config = define(stack);
      const role = new iam.Role(stack, 'Grantee', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      config.grants.read(role);
      config.grantRead(role);
      config.grants.actions(role, ['ivschat:UpdateLoggingConfiguration']);
      config.grants.actions(role, ['ivschat:DeleteLoggingConfiguration', 'ivschat:TagResource']);

      const arn = stack.resolve(config.loggingConfigurationArn);
      expect(granted(stack)).toEqual([
        { Action: 'ivschat:GetLoggingConfiguration', Effect: 'Allow', Resource: arn },
        { Action: 'ivschat:UpdateLoggingConfiguration', Effect: 'Allow', Resource: arn },
        { Action: ['ivschat:DeleteLoggingConfiguration', 'ivschat:TagResource'], Effect: 'Allow', Resource: arn },
      ]);
    });

    test('LoggingConfigurationGrants work on an L1 CfnLoggingConfiguration through its reference; options.resourceArns overrides the ARN', () => {
      const stack = newStack();
      const cfn = new ivschat.CfnLoggingConfiguration(stack, 'Cfn', { destinationConfiguration: { s3: { bucketName: 'chat-logs' } } });
      const role = new iam.Role(stack, 'Grantee', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      LoggingConfigurationGrants.fromLoggingConfiguration(cfn).read(role);
      LoggingConfigurationGrants.fromLoggingConfiguration(cfn).actions(role, ['ivschat:UpdateLoggingConfiguration'], { resourceArns: [CONFIG_ARN] });

      expect(granted(stack)).toEqual([
        { Action: 'ivschat:GetLoggingConfiguration', Effect: 'Allow', Resource: { Ref: 'Cfn' } },
        { Action: 'ivschat:UpdateLoggingConfiguration', Effect: 'Allow', Resource: CONFIG_ARN },
      ]);
    });

    test('grantRead grants GetLoggingConfiguration on the configuration ARN only', () => {
      const stack = newStack();
      const config = LoggingConfiguration.fromLoggingConfigurationArn(stack, 'Imported', CONFIG_ARN);
      const role = new iam.Role(stack, 'Grantee', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      config.grantRead(role);

      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: [{
            Action: 'ivschat:GetLoggingConfiguration',
            Effect: 'Allow',
            Resource: CONFIG_ARN,
          }],
        },
      });
    });

    test.each([
      ['metricLogDestinationErrors', 'LogDestinationErrors'],
      ['metricLogDestinationAccessDeniedError', 'LogDestinationAccessDeniedError'],
      ['metricLogDestinationResourceNotFoundErrors', 'LogDestinationResourceNotFoundErrors'],
    ] as const)('%s is AWS/IVSChat %s by LoggingConfiguration, Sum over 5 minutes', (method, metricName) => {
      const stack = newStack();
      const config = LoggingConfiguration.fromLoggingConfigurationArn(stack, 'Imported', CONFIG_ARN);
      const metric = config[method]();

      expect(metric.namespace).toEqual('AWS/IVSChat');
      expect(metric.metricName).toEqual(metricName);
      expect(metric.dimensions).toEqual({ LoggingConfiguration: CONFIG_ARN });
      expect(metric.statistic).toEqual('Sum');
      expect(metric.period.toSeconds()).toEqual(300);
    });

    test('metric options override the defaults', () => {
      const config = LoggingConfiguration.fromLoggingConfigurationArn(newStack(), 'Imported', CONFIG_ARN);
      const metric = config.metricLogDestinationErrors({ statistic: 'Maximum', period: Duration.minutes(1) });

      expect(metric.statistic).toEqual('Maximum');
      expect(metric.period.toMinutes()).toEqual(1);
    });
  });

  test('a room that uses an owned configuration gets its ARN, which orders the room after it', () => {
    const stack = newStack();
    const config = new LoggingConfiguration(stack, 'Config', {
      destination: LoggingDestination.s3(s3.Bucket.fromBucketName(stack, 'Bucket', 'my-chat-logs')),
    });
    new Room(stack, 'Room', { loggingConfigurations: [config] });

    const configId = stack.getLogicalId(config.node.defaultChild as any);
    Template.fromStack(stack).hasResource('Custom::IvsChatRoom', {
      Properties: { LoggingConfigurationIdentifiers: [{ 'Fn::GetAtt': [configId, 'Arn'] }] },
      DependsOn: Match.not(Match.arrayWith([configId])),
    });
  });
});
