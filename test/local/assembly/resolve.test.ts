/**
 * The resolver of intrinsic functions: template values as they are once the local server created its resources, or
 * the reason they cannot be.
 */
import {
  contextFor, isUnresolved, resolve, resolveEnvironment, ResolveContext, StackDescription, Unresolved,
} from '../../../local/assembly';

const ROOM_ARN = 'arn:aws:ivschat:eu-west-1:123456789012:room/AbCdEfGhIjKl';

const CONTEXT: ResolveContext = {
  stackName: 'Chat',
  region: 'eu-west-1',
  accountId: '123456789012',
  resources: {
    Lobby: { attributes: { Arn: ROOM_ARN, Id: 'AbCdEfGhIjKl' } },
    CfnRoom: { ref: ROOM_ARN },
    Review: { ref: 'review', attributes: { 'Arn': 'arn:aws:lambda:eu-west-1:123456789012:function:review', 'Endpoint.Address': 'localhost' } },
  },
  parameters: { Stage: 'dev' },
  resourceTypes: { Lobby: 'Custom::IvsChatRoom', CfnRoom: 'AWS::IVSChat::Room', Review: 'AWS::Lambda::Function', Logs: 'AWS::Logs::LogGroup' },
};

describe('values', () => {
  test.each([
    ['a string', 'lobby', 'lobby'],
    ['a number', 300, 300],
    ['Ref of a resource', { Ref: 'CfnRoom' }, ROOM_ARN],
    ['Ref of a parameter', { Ref: 'Stage' }, 'dev'],
    ['Fn::GetAtt as a list', { 'Fn::GetAtt': ['Lobby', 'Arn'] }, ROOM_ARN],
    ['Fn::GetAtt as a string, its attribute with a dot', { 'Fn::GetAtt': 'Review.Endpoint.Address' }, 'localhost'],
    ['Fn::Join', { 'Fn::Join': ['', ['room ', { 'Fn::GetAtt': ['Lobby', 'Id'] }, ' of ', { Ref: 'AWS::StackName' }]] }, 'room AbCdEfGhIjKl of Chat'],
    ['Fn::Join of numbers', { 'Fn::Join': [',', [1, 2]] }, '1,2'],
    ['Fn::Split', { 'Fn::Split': ['/', { 'Fn::GetAtt': ['Lobby', 'Arn'] }] }, ['arn:aws:ivschat:eu-west-1:123456789012:room', 'AbCdEfGhIjKl']],
    ['Fn::Select of Fn::Split', { 'Fn::Select': [1, { 'Fn::Split': ['/', { Ref: 'CfnRoom' }] }] }, 'AbCdEfGhIjKl'],
    ['Fn::Select with its index as a string', { 'Fn::Select': ['0', ['a', 'b']] }, 'a'],
    ['Fn::Sub of pseudo parameters, a Ref and an attribute',
      { 'Fn::Sub': 'arn:${AWS::Partition}:ivschat:${AWS::Region}:${AWS::AccountId}:room/${Lobby.Id} ${Stage} ${Review}' },
      `${ROOM_ARN} dev review`],
    ['Fn::Sub with variables, one of them intrinsic', { 'Fn::Sub': ['${Name}-${Id}', { Name: 'lobby', Id: { 'Fn::GetAtt': ['Lobby', 'Id'] } }] }, 'lobby-AbCdEfGhIjKl'],
    ['Fn::Sub with a literal ${!Name}', { 'Fn::Sub': '${!Name} is ${AWS::URLSuffix}' }, '${Name} is amazonaws.com'],
    ['objects and lists, member by member', { Uri: { 'Fn::GetAtt': ['Review', 'Arn'] }, Ids: [{ Ref: 'CfnRoom' }] },
      { Uri: 'arn:aws:lambda:eu-west-1:123456789012:function:review', Ids: [ROOM_ARN] }],
  ])('%s', (_, value, expected) => {
    expect(resolve(value, CONTEXT)).toEqual(expected);
  });

  test('the pseudo parameters, with the defaults of partition and URL suffix and the values a context gives', () => {
    const pseudo = ['AWS::Region', 'AWS::AccountId', 'AWS::Partition', 'AWS::URLSuffix', 'AWS::StackName'].map(name => ({ Ref: name }));

    expect(resolve(pseudo, CONTEXT)).toEqual(['eu-west-1', '123456789012', 'aws', 'amazonaws.com', 'Chat']);
    expect(resolve(pseudo, { ...CONTEXT, region: 'cn-north-1', partition: 'aws-cn', urlSuffix: 'amazonaws.com.cn' }))
      .toEqual(['cn-north-1', '123456789012', 'aws-cn', 'amazonaws.com.cn', 'Chat']);
  });
});

describe('what cannot be resolved comes back as an Unresolved with the reason', () => {
  test.each([
    ['a Ref to nothing in the stack', { Ref: 'Nope' }, 'Ref Nope: no resource or parameter Nope in stack Chat'],
    ['a Ref to a resource the local server did not create', { Ref: 'Logs' }, 'Ref Logs: Logs (AWS::Logs::LogGroup) has no local counterpart'],
    ['a Ref the local resource has no value for', { Ref: 'Lobby' }, 'Ref Lobby: the local Lobby has no Ref value'],
    ['an attribute the local resource does not have', { 'Fn::GetAtt': ['Lobby', 'State'] }, 'Fn::GetAtt Lobby.State: the local Lobby has no attribute State'],
    ['an unsupported pseudo parameter', { Ref: 'AWS::NotificationARNs' }, 'Ref AWS::NotificationARNs: the pseudo parameter is not supported locally'],
    ['an unsupported intrinsic function', { 'Fn::ImportValue': 'SharedRoomArn' }, 'Fn::ImportValue is not supported locally'],
    ['Fn::If', { 'Fn::If': ['IsProd', 'a', 'b'] }, 'Fn::If is not supported locally'],
    ['a malformed Fn::GetAtt', { 'Fn::GetAtt': 'Lobby' }, 'Fn::GetAtt expects [logicalId, attribute], got: "Lobby"'],
    ['a malformed Fn::Join', { 'Fn::Join': [',', 'a,b'] }, 'Fn::Join expects [delimiter, list], got: [",","a,b"]'],
    ['Fn::Join of an object', { 'Fn::Join': [',', [{ a: 1 }]] }, 'Fn::Join joins strings, got: {"a":1}'],
    ['a malformed Fn::Sub', { 'Fn::Sub': 42 }, 'Fn::Sub expects a string or [string, variables], got: 42'],
    ['Fn::Sub with three arguments', { 'Fn::Sub': ['${A}', {}, {}] }, 'Fn::Sub expects a string or [string, variables], got: ["${A}",{},{}]'],
    ['Fn::Select with one argument', { 'Fn::Select': [1] }, 'Fn::Select expects two arguments, got: [1]'],
    ['Fn::Select out of range', { 'Fn::Select': [2, ['a', 'b']] }, 'Fn::Select: no element 2 in ["a","b"]'],
    ['Fn::Split of a list', { 'Fn::Split': [',', ['a']] }, 'Fn::Split expects [delimiter, string], got: [",",["a"]]'],
    ['Ref of a non-name', { Ref: ['Lobby'] }, 'Ref expects a name, got: ["Lobby"]'],
  ])('%s', (_, value, reason) => {
    expect(resolve(value, CONTEXT)).toEqual(new Unresolved(reason));
  });

  test('a value with one unresolvable part is unresolved as a whole, with the first reason', () => {
    const result = resolve({ Uri: { 'Fn::GetAtt': ['Review', 'Arn'] }, Logs: [{ Ref: 'Logs' }, { Ref: 'Nope' }] }, CONTEXT);

    expect(isUnresolved(result)).toBe(true);
    expect(result).toEqual(new Unresolved('Ref Logs: Logs (AWS::Logs::LogGroup) has no local counterpart'));
  });

  test('isUnresolved tells the marker from values', () => {
    expect([new Unresolved('why'), 'value', null, { reason: 'why' }].map(isUnresolved)).toEqual([true, false, false, false]);
  });
});

describe('resolveEnvironment', () => {
  test('resolves variable by variable: strings as they are, numbers as strings, the unresolvable apart', () => {
    const environment = resolveEnvironment({
      ROOM_ARN: { 'Fn::GetAtt': ['Lobby', 'Arn'] },
      SESSION_DURATION_MINUTES: 60,
      LOG_GROUP: { Ref: 'Logs' },
      SETTINGS: { 'Fn::Split': [',', 'a,b'] },
    }, CONTEXT);

    expect(environment).toEqual({
      variables: { ROOM_ARN: ROOM_ARN, SESSION_DURATION_MINUTES: '60' },
      unresolved: {
        LOG_GROUP: new Unresolved('Ref Logs: Logs (AWS::Logs::LogGroup) has no local counterpart'),
        SETTINGS: new Unresolved('an environment variable is a string, got: ["a","b"]'),
      },
    });
  });
});

describe('contextFor', () => {
  /** A stack as the reader describes it: only what the context reads. */
  function stack(environment: StackDescription['environment']): StackDescription {
    return {
      artifactId: 'StageChat1234ABCD',
      stackName: 'Stage-Chat',
      displayName: 'Stage/Chat',
      environment,
      templateFile: '/cdk.out/StageChat1234ABCD.template.json',
      template: {
        Parameters: { BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' }, Required: { Type: 'String' } },
        Resources: { Lobby: { Type: 'Custom::IvsChatRoom' } },
      },
      rooms: [],
      loggingConfigurations: [],
      functions: [],
      functionUrls: [],
      tokenVendors: [],
    };
  }

  test('an environment-agnostic stack takes the local account and region; parameters their defaults', () => {
    const resources = { Lobby: { attributes: { Arn: ROOM_ARN } } };

    expect(contextFor(stack({}), { region: 'us-east-1', accountId: '000000000000', resources })).toEqual({
      stackName: 'Stage-Chat',
      region: 'us-east-1',
      accountId: '000000000000',
      resources,
      parameters: { BootstrapVersion: '/cdk-bootstrap/hnb659fds/version', Required: undefined },
      resourceTypes: { Lobby: 'Custom::IvsChatRoom' },
    });
  });

  test('a stack with an environment keeps its own account and region; a parameter without default has no value', () => {
    const context = contextFor(stack({ account: '123456789012', region: 'eu-west-1' }), { region: 'us-east-1', accountId: '000000000000' });

    expect(resolve({ 'Fn::Sub': '${AWS::AccountId}/${AWS::Region}/${AWS::StackName}' }, context)).toBe('123456789012/eu-west-1/Stage-Chat');
    expect(resolve({ Ref: 'Required' }, context)).toEqual(new Unresolved('Ref Required: the parameter has no default value'));
  });
});
