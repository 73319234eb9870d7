import { AssetIndex, functionCode } from './assets';
import {
  CloudFormationTemplate, FunctionDescription, FunctionUrlDescription, LoggingConfigurationDescription, RoomDescription, StackDescription,
  TemplateProperties, TokenVendorDescription, TokenVendorVariables,
} from './model';
import type { ChatTokenVendorEnvironment } from '../../src/private/chat-token-vendor-environment';
import { RESOURCE_TYPES } from '../../src/private/resource-types';

const ROOM_TYPES: readonly RoomDescription['type'][] = [RESOURCE_TYPES.room.cloudFormationType, 'AWS::IVSChat::Room'];
const LOGGING_CONFIGURATION_TYPES: readonly LoggingConfigurationDescription['type'][] = [
  RESOURCE_TYPES.loggingConfiguration.cloudFormationType, 'AWS::IVSChat::LoggingConfiguration',
];

/** The variables every `ChatTokenVendor` sets (ATTRIBUTES only with attributes): together, they mark one. */
const TOKEN_VENDOR_VARIABLES = [
  'ROOM_ARN', 'CAPABILITIES', 'SESSION_DURATION_MINUTES', 'USER_ID_SOURCE',
] as const satisfies readonly (keyof ChatTokenVendorEnvironment)[];

/** CloudFormation's defaults for `AWS::Lambda::Function`. */
const DEFAULT_TIMEOUT_SECONDS = 3;
const DEFAULT_ARCHITECTURE = 'x86_64';

type StackResources = Pick<StackDescription, 'rooms' | 'loggingConfigurations' | 'functions' | 'functionUrls' | 'tokenVendors'>;

/** What the local server creates from a template, in template order. */
export function describeResources(template: CloudFormationTemplate, assets: AssetIndex): StackResources {
  const resources = Object.entries(template.Resources ?? {});
  const ofTypes = (types: readonly string[]) => resources.filter(([, resource]) => types.includes(resource.Type));

  const functions = ofTypes(['AWS::Lambda::Function']).map(([logicalId, resource]) => describeFunction(logicalId, resource.Properties ?? {}, assets));
  const functionIds = new Set(functions.map(fn => fn.logicalId));
  const functionUrls = ofTypes(['AWS::Lambda::Url']).map(([logicalId, resource]) => describeFunctionUrl(logicalId, resource.Properties ?? {}, functionIds));
  return {
    rooms: ofTypes(ROOM_TYPES).map(([logicalId, resource]) => ({
      logicalId, type: resource.Type as RoomDescription['type'], properties: resource.Properties ?? {},
    })),
    loggingConfigurations: ofTypes(LOGGING_CONFIGURATION_TYPES).map(([logicalId, resource]) => ({
      logicalId, type: resource.Type as LoggingConfigurationDescription['type'], properties: resource.Properties ?? {},
    })),
    functions,
    functionUrls,
    tokenVendors: functions.flatMap(fn => describeTokenVendor(fn, functionUrls)),
  };
}

function describeFunction(logicalId: string, properties: TemplateProperties, assets: AssetIndex): FunctionDescription {
  const environment = (properties.Environment as { Variables?: TemplateProperties } | undefined)?.Variables ?? {};
  const architectures = properties.Architectures as readonly unknown[] | undefined;
  return {
    logicalId,
    properties,
    ...literal('runtime', properties.Runtime),
    ...literal('handler', properties.Handler),
    code: functionCode(properties.Code, assets),
    environment,
    timeoutSeconds: timeoutOf(properties.Timeout),
    architecture: typeof architectures?.[0] === 'string' ? architectures[0] : DEFAULT_ARCHITECTURE,
  };
}

/** The timeout in seconds, CloudFormation's default when absent or not a literal number (an intrinsic function). */
function timeoutOf(value: unknown): number {
  const seconds = typeof value === 'number' || typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(seconds) ? seconds : DEFAULT_TIMEOUT_SECONDS;
}

/** `{ [name]: value }` when the value is a literal string, else nothing (absent, or an intrinsic function). */
function literal<Name extends string>(name: Name, value: unknown): { [key in Name]?: string } {
  return typeof value === 'string' ? { [name]: value } as { [key in Name]: string } : {};
}

function describeFunctionUrl(logicalId: string, properties: TemplateProperties, functionIds: ReadonlySet<string>): FunctionUrlDescription {
  const target = targetOf(properties.TargetFunctionArn);
  return {
    logicalId,
    properties,
    ...target !== undefined && functionIds.has(target) && { targetLogicalId: target },
    authType: properties.AuthType,
    ...properties.Cors !== undefined && { cors: properties.Cors },
  };
}

/** The logical id in `{ 'Fn::GetAtt': [id, 'Arn'] }` or `{ Ref: id }` (a function's name also identifies it). */
function targetOf(value: unknown): string | undefined {
  const intrinsic = (value ?? {}) as { 'Fn::GetAtt'?: unknown; 'Ref'?: unknown };
  const getAtt = intrinsic['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt[1] === 'Arn' && typeof getAtt[0] === 'string') {
    return getAtt[0];
  }
  return typeof intrinsic.Ref === 'string' ? intrinsic.Ref : undefined;
}

function describeTokenVendor(fn: FunctionDescription, urls: readonly FunctionUrlDescription[]): TokenVendorDescription[] {
  if (!TOKEN_VENDOR_VARIABLES.every(name => name in fn.environment)) {
    return [];
  }
  const url = urls.find(candidate => candidate.targetLogicalId === fn.logicalId);
  return [{ function: fn, environment: fn.environment as TokenVendorVariables, ...url && { url } }];
}
