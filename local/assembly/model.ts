/**
 * What the local server reads from a cloud assembly: per stack, the IVS Chat resources and the Lambda functions it
 * creates locally. Properties stay as the template writes them, intrinsic functions included: resolve.ts turns them
 * into values once the local resources exist.
 */
import type { ChatTokenVendorEnvironment } from '../../src/private/chat-token-vendor-environment';

/** A synthesized app. */
export interface CloudAssembly {
  /** The absolute path of the assembly's directory (cdk.out). */
  readonly directory: string;
  /** Every stack, nested stages' included, in manifest order. */
  readonly stacks: readonly StackDescription[];
}

/** CloudFormation properties as written in the template: any value may be an intrinsic function (`{ Ref }`...). */
export type TemplateProperties = Readonly<Record<string, unknown>>;

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: TemplateProperties;
}

export interface CloudFormationTemplate {
  readonly Parameters?: Readonly<Record<string, { readonly Type?: string; readonly Default?: unknown }>>;
  readonly Resources?: Readonly<Record<string, TemplateResource>>;
  readonly [section: string]: unknown;
}

/** Where a stack deploys. Absent members are environment-agnostic (`unknown-account`, `unknown-region`). */
export interface StackEnvironment {
  readonly account?: string;
  readonly region?: string;
}

export interface StackDescription {
  /** The artifact id in the manifest, unique in the assembly (a nested stage's stacks: `StageStack1A2B3C4D`). */
  readonly artifactId: string;
  /** The CloudFormation stack name: what `AWS::StackName` resolves to. */
  readonly stackName: string;
  /** The construct path, such as `Stage/Stack`. */
  readonly displayName: string;
  readonly environment: StackEnvironment;
  /** The absolute path of the template. */
  readonly templateFile: string;
  readonly template: CloudFormationTemplate;
  readonly rooms: readonly RoomDescription[];
  readonly loggingConfigurations: readonly LoggingConfigurationDescription[];
  readonly functions: readonly FunctionDescription[];
  readonly functionUrls: readonly FunctionUrlDescription[];
  readonly tokenVendors: readonly TokenVendorDescription[];
}

/**
 * A room: the library's `Room` (`Custom::IvsChatRoom`) or a `CfnRoom` (`AWS::IVSChat::Room`). Both have the same
 * property names and shapes (src/private/resource-properties.ts follows the CloudFormation schema: Tags are
 * `[{ Key, Value }]` lists in both); the custom resource adds its `ServiceToken`, and its numbers may exceed the
 * schema's caps (a rate up to 100).
 */
export interface RoomDescription {
  readonly logicalId: string;
  readonly type: 'Custom::IvsChatRoom' | 'AWS::IVSChat::Room';
  /** Resolved, they are a `RoomResourceProperties` (plus `ServiceToken` for the custom resource). */
  readonly properties: TemplateProperties;
}

/** A logging configuration: the library's (`Custom::IvsChatLoggingConfiguration`) or a `CfnLoggingConfiguration`. */
export interface LoggingConfigurationDescription {
  readonly logicalId: string;
  readonly type: 'Custom::IvsChatLoggingConfiguration' | 'AWS::IVSChat::LoggingConfiguration';
  /** Resolved, they are a `LoggingConfigurationResourceProperties` (plus `ServiceToken` for the custom resource). */
  readonly properties: TemplateProperties;
}

/**
 * Where a function's code is: inline (CloudFormation's `ZipFile`, run as index.js), an asset directory of the
 * assembly, or nowhere the local server can run it (`unavailable` says why: a container image, an archive, an S3
 * object that is not an asset of the assembly).
 */
export type FunctionCode =
  | { readonly inline: string }
  | { readonly directory: string }
  | { readonly unavailable: string };

/** An `AWS::Lambda::Function`. */
export interface FunctionDescription {
  readonly logicalId: string;
  readonly properties: TemplateProperties;
  /** Such as `nodejs24.x`; absent for a container image, or when not a literal. */
  readonly runtime?: string;
  /** Such as `index.handler`; absent for a container image, or when not a literal. */
  readonly handler?: string;
  readonly code: FunctionCode;
  /** `Environment.Variables` as written: values may be intrinsic functions (see `resolveEnvironment`). */
  readonly environment: TemplateProperties;
  /** In seconds; CloudFormation's default is 3. */
  readonly timeoutSeconds: number;
  /** `x86_64` (CloudFormation's default) or `arm64`. */
  readonly architecture: string;
}

/** An `AWS::Lambda::Url`. */
export interface FunctionUrlDescription {
  readonly logicalId: string;
  readonly properties: TemplateProperties;
  /** The function of this stack it invokes (`TargetFunctionArn` as its `Arn` attribute or its `Ref`), if it is one. */
  readonly targetLogicalId?: string;
  /** `AWS_IAM` or `NONE`. */
  readonly authType: unknown;
  /** `Cors` as written, absent without CORS. */
  readonly cors?: unknown;
}

/** The variables of a token vendor, as written: values may be intrinsic functions (ROOM_ARN always is for a `Room`). */
export type TokenVendorVariables = { readonly [Name in keyof ChatTokenVendorEnvironment]: unknown };

/** The library's `ChatTokenVendor`: a function with the vendor's environment, and its function URL if it has one. */
export interface TokenVendorDescription {
  /** The vendor's function, also listed in `functions`. */
  readonly function: FunctionDescription;
  readonly environment: TokenVendorVariables;
  readonly url?: FunctionUrlDescription;
}
