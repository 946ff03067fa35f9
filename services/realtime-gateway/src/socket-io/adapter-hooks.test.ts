import { DeliveryGates, type AdapterPacket } from './adapter-hooks';

const packet = (cursor: string): AdapterPacket => ({ type: 2, data: ['guest_updated', { cursor }, 'offset'] });

describe('DeliveryGates', () => {
  it('holds a socket’s packets and releases, in order, those after the replayed cursor', () => {
    const gates = new DeliveryGates();
    const delivered: string[] = [];
    gates.hold('s1');
    for (const cursor of ['1-2', '1-3', 'local-1-1', '1-4']) gates.add('s1', packet(cursor), () => delivered.push(cursor));
    expect(gates.isHeld('s1')).toBe(true);
    gates.release('s1', '1-3');
    expect(delivered).toEqual(['local-1-1', '1-4']);
    expect(gates.isHeld('s1')).toBe(false);
  });

  it('releases everything without a cursor to compare, and forgets dropped sockets', () => {
    const gates = new DeliveryGates();
    const delivered: string[] = [];
    gates.hold('s1');
    gates.add('s1', packet('1-2'), () => delivered.push('1-2'));
    gates.release('s1');
    expect(delivered).toEqual(['1-2']);
    gates.hold('s2');
    gates.add('s2', packet('1-3'), () => delivered.push('1-3'));
    gates.drop('s2');
    gates.release('s2');
    expect(delivered).toEqual(['1-2']);
  });
});
