// Reads a synthesized app (cdk.out): what the local chat server creates, and the resolver of its intrinsic functions.
export { readCloudAssembly, CloudAssemblyError } from './read-assembly';
export { resolve, resolveEnvironment, contextFor, isUnresolved, Unresolved } from './resolve';
export type { ResolveContext, ContextOptions, LocalResourceValues, ResolvedEnvironment } from './resolve';
export type {
  CloudAssembly, StackDescription, StackEnvironment, CloudFormationTemplate, TemplateResource, TemplateProperties, RoomDescription,
  LoggingConfigurationDescription, FunctionDescription, FunctionCode, FunctionUrlDescription, TokenVendorDescription, TokenVendorVariables,
} from './model';
