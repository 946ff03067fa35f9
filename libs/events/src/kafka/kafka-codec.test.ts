import type { KafkaMessage } from 'kafkajs';
import { newEvent } from '../envelope';
import { decodeMessage, encodeMessage } from './kafka-codec';

// KafkaMessage is a union of the two record formats; tests only need the common fields.
const record = (fields: { value?: Buffer | null; headers?: KafkaMessage['headers'] }): KafkaMessage =>
  ({ key: null, value: null, timestamp: '0', attributes: 0, offset: '0', headers: {}, ...fields }) as KafkaMessage;

describe('kafka codec', () => {
  const envelope = newEvent({ type: 'table.updated', restaurantId: 'r1', aggregateId: 't12', aggregateVersion: 3, actor: { type: 'system', id: 'sweeper' }, data: { status: 'free' } });

  it('encodes key = restaurant id, value = JSON envelope, headers + event id/type', () => {
    const encoded = encodeMessage({ topic: 'floor.events', key: 'r1', envelope, headers: { traceparent: 'tp' } });
    expect(encoded.key).toBe('r1');
    expect(JSON.parse(String(encoded.value))).toEqual(envelope);
    expect(encoded.headers).toEqual({ traceparent: 'tp', 'event-id': envelope.id, 'event-type': 'table.updated' });
  });

  it('decodes buffers, repeated headers (last wins) and a missing key', () => {
    const decoded = decodeMessage('floor.events', record({
      value: Buffer.from(JSON.stringify(envelope)),
      headers: { traceparent: Buffer.from('tp'), tracestate: [Buffer.from('a=1'), Buffer.from('b=2')], empty: undefined },
    }));
    expect(decoded).toEqual({ topic: 'floor.events', key: '', envelope, headers: { traceparent: 'tp', tracestate: 'b=2' } });
  });

  it('rejects records that are not envelopes', () => {
    expect(() => decodeMessage('t', record({ value: null }))).toThrow(/no value/);
    expect(() => decodeMessage('t', record({ value: Buffer.from('not json') }))).toThrow();
    expect(() => decodeMessage('t', record({ value: Buffer.from('{"hello":1}') }))).toThrow(/not an event envelope/);
  });
});
