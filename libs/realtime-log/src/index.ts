export type { RealtimeLog, ReadAfterResult, UnsequencedMessage } from './realtime-log';
export { InMemoryRealtimeLog } from './in-memory-realtime-log';
