import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import type { BusMessage } from '../event-bus';
import type { EventEnvelope } from '../envelope';
import { deliveredHeaders } from '../internal/event-headers';

/**
 * Bus message → Kafka record: key = restaurant id (so a restaurant's events share a
 * partition and keep their order), value = the JSON envelope, headers = the trace context
 * plus `event-id` / `event-type`.
 */
export function encodeMessage(message: BusMessage): Message {
  return { key: message.key, value: JSON.stringify(message.envelope), headers: deliveredHeaders(message) };
}

/** Kafka record → bus message; throws on a value that is not an envelope. */
export function decodeMessage(topic: string, message: KafkaMessage): BusMessage {
  if (!message.value) throw new Error('record has no value');
  const envelope = JSON.parse(message.value.toString('utf8')) as EventEnvelope;
  if (typeof envelope !== 'object' || envelope === null || typeof envelope.id !== 'string' || typeof envelope.type !== 'string') {
    throw new Error('record value is not an event envelope (id and type missing)');
  }
  return { topic, key: message.key?.toString('utf8') ?? '', envelope, headers: decodeHeaders(message.headers) };
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    // Kafka allows repeated header names; our producers never repeat one, so keep the last.
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) result[name] = last.toString();
  }
  return result;
}
