export * from './chat-resource-props';
export * from './room';
export * from './room-grants';
export * from './logging-configuration';
export * from './logging-configuration-grants';
export * from './logging-destination';
export * from './metrics';
export * from './chat-token-vendor';
