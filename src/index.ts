export * from './room';
export * from './room-grants';
export * from './logging-configuration';
