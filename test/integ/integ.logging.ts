/**
 * Integ test: a logging configuration to CloudWatch Logs, waited for until ACTIVE, attached to a room.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LoggingConfiguration, LoggingDestination, Room } from '../../src';

const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
const stack = new Stack(app, 'IvsChatLoggingInteg');

const logGroup = new logs.LogGroup(stack, 'ChatLogs', { removalPolicy: RemovalPolicy.DESTROY });
const toLogs = new LoggingConfiguration(stack, 'ToLogs', {
  loggingConfigurationName: 'integ-logs',
  destination: LoggingDestination.cloudWatchLogs(logGroup),
});
const bucket = new s3.Bucket(stack, 'ChatBucket', {
  removalPolicy: RemovalPolicy.DESTROY,
  autoDeleteObjects: true,
  enforceSSL: true,
});
const toS3 = new LoggingConfiguration(stack, 'ToS3', { destination: LoggingDestination.s3(bucket) });

const room = new Room(stack, 'Room', { loggingConfigurations: [toLogs, toS3] });

const integ = new IntegTest(app, 'LoggingTest', { testCases: [stack] });
integ.assertions
  .awsApiCall('ivschat', 'GetLoggingConfiguration', { identifier: toLogs.loggingConfigurationArn })
  .expect(ExpectedResult.objectLike({ state: 'ACTIVE', name: 'integ-logs' }));
integ.assertions
  .awsApiCall('ivschat', 'GetRoom', { identifier: room.roomArn })
  .expect(ExpectedResult.objectLike({ loggingConfigurationIdentifiers: [toLogs.loggingConfigurationArn, toS3.loggingConfigurationArn] }));
