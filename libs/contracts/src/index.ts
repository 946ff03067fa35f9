export * from './roles';
export * from './principal';
export * from './topics';
export * from './events';
export * from './realtime';
export * from './views';
export * from './internal-batch';
