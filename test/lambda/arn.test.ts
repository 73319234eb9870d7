import { resourceIdFromArn } from '../../lambda/ivschat-provider/arn';

test.each([
  ['arn:aws:ivschat:us-east-1:123456789012:room/abcdEFGH1234', 'room', 'abcdEFGH1234'],
  ['arn:aws:ivschat:eu-west-1:123456789012:logging-configuration/abcdEFGH1234', 'logging-configuration', 'abcdEFGH1234'],
  ['arn:aws:ivschat:us-east-1:123456789012:room/abcdEFGH1234', 'logging-configuration', undefined],
  ['arn:aws:ivs:us-east-1:123456789012:channel/abcdEFGH1234', 'room', undefined],
  ['a1b2c3d4-0000-0000-0000-000000000000', 'room', undefined],
  [undefined, 'room', undefined],
] as const)('resourceIdFromArn(%s, %s) is %s', (arn, type, id) => {
  expect(resourceIdFromArn(arn, type)).toBe(id);
});
