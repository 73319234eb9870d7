import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ChatAppStack } from '../examples/chat-app';

const ACCOUNT = '123456789012';

/** An IAM user of the account calling sts:AssumeRole. */
interface AssumeRoleRequest {
  readonly account: string;
  readonly userName: string;
  readonly roleSessionName: string;
}

/**
 * Whether a role's trust policy lets the request assume the role: Allow statements for sts:AssumeRole whose principal
 * is the account (any of its principals), with the condition operators the example uses. Anything else fails the test
 * rather than being guessed.
 */
function trustAllows(document: any, request: AssumeRoleRequest): boolean {
  const variables: Record<string, string> = { 'aws:username': request.userName };
  const keys: Record<string, string> = { 'sts:RoleSessionName': request.roleSessionName };
  return document.Statement.some((statement: any) => {
    if (statement.Effect !== 'Allow' || ![statement.Action].flat().includes('sts:AssumeRole')) {
      return false;
    }
    const principal = JSON.stringify(statement.Principal.AWS);
    if (!principal.includes(`:iam::${request.account}:root`)) {
      throw new Error(`unexpected principal ${principal}`);
    }
    return Object.entries<Record<string, string>>(statement.Condition ?? {}).every(([operator, conditions]) =>
      Object.entries(conditions).every(([key, pattern]) => {
        const expected = pattern.replace(/\$\{([^}]+)\}/g, (_, name) => variables[name]);
        const actual = keys[key];
        switch (operator) {
          case 'StringEquals':
            return actual === expected;
          case 'StringLike':
            return new RegExp(`^${expected.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(actual);
          default:
            throw new Error(`unexpected condition operator ${operator}`);
        }
      }));
  });
}

describe('the example app', () => {
  test('its cdk.json holds the feature flags a new `cdk init` app gets from the aws-cdk-lib the tests run on', () => {
    const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'examples', 'cdk.json'), 'utf8'));
    // The flags `cdk init` writes into a new app's cdk.json: aws-cdk-lib's recommended ones.
    const recommended = JSON.parse(fs.readFileSync(require.resolve('aws-cdk-lib/recommended-feature-flags.json'), 'utf8'));

    expect(cdkJson.context).toEqual(recommended);
  });

  test('a user cannot take another user\'s id: the role the token vendor serves binds the session name to the IAM user', () => {
    const stack = new ChatAppStack(new App(), 'ExampleChatApp', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const [chatUsers] = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Role', {
      Properties: { AssumeRolePolicyDocument: { Statement: [{ Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${ACCOUNT}:root`]] } } }] } },
    })).filter((role: any) => JSON.stringify(role).includes('sts:RoleSessionName'));
    const trust = chatUsers.Properties.AssumeRolePolicyDocument;

    // The vendor's user id is the session's ARN, arn:aws:sts::<account>:assumed-role/<role>/<session name>.
    expect(trustAllows(trust, { account: ACCOUNT, userName: 'alice', roleSessionName: 'alice' })).toBe(true);
    expect(trustAllows(trust, { account: ACCOUNT, userName: 'alice', roleSessionName: 'bob' })).toBe(false);
    expect(trustAllows(trust, { account: ACCOUNT, userName: 'alice', roleSessionName: 'alice2' })).toBe(false);
    // Without the condition, any user of the account could choose any session name, so be any chat user.
    const unconditioned = { Statement: trust.Statement.map(({ Condition: _, ...statement }: any) => statement) };
    expect(trustAllows(unconditioned, { account: ACCOUNT, userName: 'alice', roleSessionName: 'bob' })).toBe(true);
  });
});
