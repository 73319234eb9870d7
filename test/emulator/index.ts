// A local, in-memory Amazon IVS Chat control plane for tests: see server.ts for the entry point, IvsChatEmulator.
export { IvsChatEmulator } from './server';
export type { EmulatorOptions, CallRecord } from './server';
export type { Faults, InjectedError } from './faults';
export { OPERATION_GROUPS, WRITE_OPERATIONS, SERVICE_QUOTAS_TPS } from './operations';
export type { OperationName, OperationGroup } from './operations';
export type {
  RoomRecord, LoggingConfigurationRecord, LoggingConfigurationState, ChatTokenRecord, EventRecord, DeletedMessageRecord,
  DisconnectionRecord, MessageReviewHandler, DestinationConfiguration,
} from './model';
