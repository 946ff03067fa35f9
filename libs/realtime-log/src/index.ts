export type { RealtimeLog, ReadAfterResult, UnsequencedMessage, AppendOutcome } from './realtime-log';
export { InMemoryRealtimeLog } from './in-memory-realtime-log';
export { RedisRealtimeLog, type RedisRealtimeLogOptions, type StreamEntry, type MirrorEntry } from './redis/redis-realtime-log';
export { compareCursors, isCursor, parseCursor } from './cursor';
export { realtimeLogConfig, createRealtimeLog, type RealtimeLogConfig, type ClosableRealtimeLog } from './realtime-log-config';
