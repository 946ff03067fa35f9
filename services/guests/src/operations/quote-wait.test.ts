import { placeInQueue, type QueuedParty } from './quote-wait';

const t = (s: number) => new Date(Date.UTC(2026, 10, 26, 18, 0, s));
const queue: QueuedParty[] = [
  { id: 'b0000000-0000-4000-8000-000000000000', partySize: 2, createdAt: t(0) },
  { id: 'a0000000-0000-4000-8000-000000000000', partySize: 4, createdAt: t(5) },
  { id: 'c0000000-0000-4000-8000-000000000000', partySize: 2, createdAt: t(5) },
];

describe('placeInQueue', () => {
  it('puts a party arriving after everyone at the end', () => {
    expect(placeInQueue(queue, { id: 'd0000000-0000-4000-8000-000000000000', createdAt: t(9) })).toBe(4);
  });

  it('orders by arrival, then id on a tie, as the waitlist does', () => {
    expect(placeInQueue(queue, { id: 'b1000000-0000-4000-8000-000000000000', createdAt: t(5) })).toBe(3);
    expect(placeInQueue(queue, { id: '00000000-0000-4000-8000-000000000000', createdAt: t(0) })).toBe(1);
  });

  it('does not count the party itself when it is already in the queue', () => {
    expect(placeInQueue(queue, queue[2])).toBe(3);
    expect(placeInQueue([], { id: 'x', createdAt: t(0) })).toBe(1);
  });
});
