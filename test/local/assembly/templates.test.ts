/**
 * Templates `cdk synth` writes only for some apps, by hand: functions whose code cannot run locally, what other
 * synthesizers and hand-written resources look like, partly known environments.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fileAsset, stackManifest, writeAssembly } from './support';
import { FunctionDescription, readCloudAssembly, StackDescription } from '../../../local/assembly';

const directories: string[] = [];

afterAll(() => directories.forEach(directory => fs.rmSync(directory, { recursive: true, force: true })));

function read(files: Record<string, object | string | null>): readonly StackDescription[] {
  const directory = writeAssembly(files);
  directories.push(directory);
  return readCloudAssembly(directory).stacks;
}

/** The one stack `Chat` with these resources and file assets. */
function chatStack(resources: object, assets: Record<string, object> = {}, files: Record<string, object | string | null> = {}): StackDescription {
  const [stack] = read({
    'manifest.json': stackManifest(),
    'Chat.template.json': { Resources: resources },
    'Chat.assets.json': { version: '53.0.0', files: assets },
    ...files,
  });
  return stack;
}

function lambdaFunction(properties: object): object {
  return { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs24.x', Handler: 'index.handler', ...properties } };
}

function codeOf(code: object, assets: Record<string, object> = {}, files: Record<string, object | string | null> = {}): FunctionDescription['code'] {
  return chatStack({ Review: lambdaFunction({ Code: code }) }, assets, files).functions[0].code;
}

describe('function code', () => {
  test('an asset published under a prefix: the key in the asset manifest, not the hash, finds it', () => {
    const [stack] = read({
      'manifest.json': stackManifest(),
      'Chat.template.json': { Resources: { Review: lambdaFunction({ Code: { S3Bucket: 'cdk-assets', S3Key: 'chat/abc.zip' } }) } },
      'Chat.assets.json': { files: { abc: fileAsset('chat/abc.zip', { path: 'asset.abc' }) } },
      'asset.abc/index.js': 'exports.handler = async () => 1;',
    });

    expect(stack.functions[0].code).toEqual({ directory: path.join(path.dirname(stack.templateFile), 'asset.abc') });
  });

  test.each([
    ['a container image', { ImageUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/review:latest' }, {}, {},
      'a container image does not run locally'],
    ['an S3 key that is not a literal', { S3Bucket: { Ref: 'AssetBucket' }, S3Key: { 'Fn::Join': ['', [{ Ref: 'AssetKey' }, '.zip']] } }, {}, {},
      'Code.S3Key is not a literal object key (the legacy synthesizer?), got: {"Fn::Join":["",[{"Ref":"AssetKey"},".zip"]]}'],
    ['an S3 object that is not an asset', { S3Bucket: 'artifacts', S3Key: 'review.zip' }, {}, {},
      'S3 object review.zip is not an asset of the cloud assembly'],
    ['an archive', { S3Bucket: 'cdk-assets', S3Key: 'abc.zip' }, { abc: fileAsset('abc.zip', { path: 'asset.abc.zip' }) }, { 'asset.abc.zip': 'PK' },
      'asset abc.zip is asset.abc.zip, not a directory: only directory assets run locally'],
    ['an asset built by a command', { S3Bucket: 'cdk-assets', S3Key: 'abc.zip' }, { abc: fileAsset('abc.zip', { executable: ['build.sh'] }) }, {},
      'asset abc.zip is built by a command at publish time'],
  ])('%s is unavailable, with the reason', (_, code, assets, files, reason) => {
    expect(codeOf(code, assets, files)).toEqual({ unavailable: reason });
  });
});

describe('functions', () => {
  test('a runtime or handler that is not a literal is left out; so is a timeout, which takes the default', () => {
    const [fn] = chatStack({ Review: lambdaFunction({ Runtime: { Ref: 'Runtime' }, Handler: { Ref: 'Handler' }, Timeout: { Ref: 'Timeout' }, Code: { ZipFile: '' } }) }).functions;

    expect(fn).toEqual({
      logicalId: 'Review',
      properties: fn.properties,
      code: { inline: '' },
      environment: {},
      timeoutSeconds: 3,
      architecture: 'x86_64',
    });
  });

  test('a timeout written as a string', () => {
    expect(chatStack({ Review: lambdaFunction({ Timeout: '30', Code: { ZipFile: '' } }) }).functions[0].timeoutSeconds).toBe(30);
  });
});

describe('function URLs and token vendors', () => {
  const VENDOR_VARIABLES = { ROOM_ARN: { Ref: 'Room' }, CAPABILITIES: '', SESSION_DURATION_MINUTES: '60', USER_ID_SOURCE: 'claim:sub' };

  test('a URL that targets a function by Ref serves it; one that targets an alias serves no function of the stack', () => {
    const stack = chatStack({
      Vendor: lambdaFunction({ Code: { ZipFile: '' }, Environment: { Variables: VENDOR_VARIABLES } }),
      Alias: { Type: 'AWS::Lambda::Alias', Properties: { FunctionName: { Ref: 'Vendor' }, Name: 'live' } },
      ByRef: { Type: 'AWS::Lambda::Url', Properties: { AuthType: 'NONE', TargetFunctionArn: { Ref: 'Vendor' } } },
      ByAlias: { Type: 'AWS::Lambda::Url', Properties: { AuthType: 'AWS_IAM', TargetFunctionArn: { Ref: 'Alias' } } },
    });

    expect(stack.functionUrls.map(url => [url.logicalId, url.targetLogicalId])).toEqual([['ByRef', 'Vendor'], ['ByAlias', undefined]]);
    expect(stack.tokenVendors.map(vendor => [vendor.function.logicalId, vendor.environment, vendor.url?.logicalId])).toEqual([
      ['Vendor', VENDOR_VARIABLES, 'ByRef'],
    ]);
  });

  test('a function needs all four variables to be a token vendor; it may have no URL', () => {
    const { USER_ID_SOURCE, ...incomplete } = VENDOR_VARIABLES;
    const stack = chatStack({
      Partial: lambdaFunction({ Code: { ZipFile: '' }, Environment: { Variables: incomplete } }),
      Vendor: lambdaFunction({ Code: { ZipFile: '' }, Environment: { Variables: { ...VENDOR_VARIABLES, USER_ID_SOURCE } } }),
    });

    expect(stack.tokenVendors).toEqual([{ function: stack.functions[1], environment: VENDOR_VARIABLES }]);
  });
});

describe('stacks', () => {
  test.each([
    ['aws://123456789012/unknown-region', { account: '123456789012' }],
    ['aws://unknown-account/ap-south-1', { region: 'ap-south-1' }],
    ['aws://unknown-account/unknown-region', {}],
  ])('environment %s', (environment, expected) => {
    const [stack] = read({ 'manifest.json': stackManifest(environment), 'Chat.template.json': {}, 'Chat.assets.json': {} });

    expect(stack.environment).toStrictEqual(expected);
  });

  test('a stack without asset manifest nor resources (the legacy synthesizer, an empty template)', () => {
    const [stack] = read({
      'manifest.json': { artifacts: { Chat: { type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/unknown-region' } } },
      'Chat.template.json': {},
    });

    expect(stack).toEqual({
      artifactId: 'Chat',
      stackName: 'Chat',
      displayName: 'Chat',
      environment: {},
      templateFile: path.join(path.dirname(stack.templateFile), 'Chat.template.json'),
      template: {},
      rooms: [],
      loggingConfigurations: [],
      functions: [],
      functionUrls: [],
      tokenVendors: [],
    });
  });
});
