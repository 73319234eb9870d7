/**
 * Integ test: rooms through the shared provider (snapshot checked by `npx projen integ`; deploy with
 * `npx projen integ:update` and credentials). The assertions read the room back with GetRoom.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { FallbackResult, Room } from '../../src';

const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
const stack = new Stack(app, 'IvsChatRoomInteg');

const reviewHandler = new lambda.Function(stack, 'ReviewHandler', {
  runtime: lambda.Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async (e) => ({ ReviewResult: "ALLOW", Content: e.Content });'),
});

const room = new Room(stack, 'Room', {
  roomName: 'integ-room',
  maximumMessageLength: 200,
  maximumMessageRatePerSecond: 50,
  messageReviewHandler: { handler: reviewHandler, fallbackResult: FallbackResult.DENY },
});
new Room(stack, 'DefaultRoom');

const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
room.grantRead(reader);
room.grantModerate(reader);

const integ = new IntegTest(app, 'RoomTest', { testCases: [stack] });
integ.assertions
  .awsApiCall('ivschat', 'GetRoom', { identifier: room.roomArn })
  .expect(ExpectedResult.objectLike({ name: 'integ-room', maximumMessageLength: 200, maximumMessageRatePerSecond: 50 }));
