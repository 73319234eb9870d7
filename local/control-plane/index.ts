// A local, in-memory Amazon IVS Chat control plane (the local chat server's, and the tests'): see server.ts, IvsChatEmulator.
export { IvsChatEmulator } from './server';
export type { EmulatorOptions, CallRecord, ExtraRoute } from './server';
export { ChatService } from './model';
export type { Faults, InjectedError } from './faults';
export { OPERATION_GROUPS, WRITE_OPERATIONS, SERVICE_QUOTAS_TPS } from './operations';
export type { OperationName, OperationGroup } from './operations';
export type {
  RoomRecord, LoggingConfigurationRecord, LoggingConfigurationState, ChatTokenRecord, EventRecord, DeletedMessageRecord,
  DisconnectionRecord, MessageReviewHandler, DestinationConfiguration, AdmittedMessage, MessageInput,
} from './model';
export type { ChatSession, Delivery, MessageRecord, RequestOrigin, RoomEvent } from './fan-out';
