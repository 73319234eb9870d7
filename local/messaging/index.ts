// The local chat server's messaging endpoint: the IVS Chat Messaging API over WebSocket, on the control plane's model.
export { MessagingEndpoint } from './endpoint';
export type { MessagingEndpointOptions } from './endpoint';
export { MAX_FRAME_BYTES, MAX_PAYLOAD_BYTES } from './frames';
export type { ReviewRequest } from './review';
