import { randomUUID } from 'node:crypto';
import { startGuestsHarness, type GuestsHarness } from './support/guests-system';

let h: GuestsHarness;
beforeAll(async () => {
  h = await startGuestsHarness();
});
afterAll(async () => {
  await h?.close();
});

const create = async (guestName: string, partySize: number, extra: Record<string, unknown> = {}) => {
  const res = await h.call('POST', `/restaurants/${h.restaurantId}/guests`, { body: { guestName, partySize, ...extra } });
  expect(res.status).toBe(201);
  return res.body;
};

describe('wait quotes on the waitlist', () => {
  it('has no quote before the restaurant has tables, then quotes from the queue and the tables', async () => {
    expect((await create('Too Early', 2)).quotedWaitMinutes).toBeNull();
    await h.call('PUT', `/restaurants/${h.restaurantId}/guests/${(await create('Gone', 2)).id}`, { body: { status: 'cancelled', version: 1 } });
    const cancelEarly = await h.call('GET', `/restaurants/${h.restaurantId}/guests?search=Too%20Early`);
    await h.call('PUT', `/restaurants/${h.restaurantId}/guests/${cancelEarly.body[0].id}`, { body: { status: 'cancelled', version: 1 } });

    const table = await h.publishTable({ capacity: 2 });
    const first = await create('First In', 2);
    expect(first.quotedWaitMinutes).toBe(0);
    expect((await h.call('PUT', `/restaurants/${h.restaurantId}/guests/${first.id}`, { body: { status: 'seated', tableId: table.id, version: 1 } })).status).toBe(200);

    // The only 2-top is taken for a default 45-minute turn: the next 2 waits about that long.
    const second = await create('Second', 2);
    expect(second.quotedWaitMinutes).toBe(45);
    // One more 2 behind them waits a turn longer; the quote endpoint agrees before they join.
    const preview = await h.call('GET', `/restaurants/${h.restaurantId}/wait-quote?partySize=2`);
    expect(preview.body).toEqual({ partySize: 2, quotedWaitMinutes: 90, partiesAhead: 1 });
    expect((await create('Third', 2)).quotedWaitMinutes).toBe(90);
    // A host's own quote wins over the estimate.
    expect((await create('Told Thirty', 2, { quotedWaitMinutes: 30 })).quotedWaitMinutes).toBe(30);
  });

  it('gives each new party its place at the end of the waitlist, with an estimated or a host quote alike', async () => {
    const restaurantId = randomUUID();
    const other = { restaurantId, token: h.system.token({ memberships: { [restaurantId]: 'host' } }) };
    const post = async (guestName: string, extra: Record<string, unknown> = {}) => {
      const res = await h.call('POST', `/restaurants/${other.restaurantId}/guests`, { body: { guestName, partySize: 2, ...extra }, token: other.token });
      expect(res.status).toBe(201);
      return res.body;
    };
    const first = await post('One');
    expect([first.position, (await post('Two')).position, (await post('Three', { quotedWaitMinutes: 15 })).position]).toEqual([1, 2, 3]);
    await h.call('PUT', `/restaurants/${other.restaurantId}/guests/${first.id}`, { body: { status: 'cancelled', version: 1 }, token: other.token });
    const fourth = await post('Four');
    expect(fourth.position).toBe(3);
    const listed = await h.call('GET', `/restaurants/${other.restaurantId}/guests?status=waiting`, { token: other.token });
    expect(listed.body.map((g: { guestName: string; position: number }) => [g.guestName, g.position])).toEqual([['Two', 1], ['Three', 2], ['Four', 3]]);
  });
});
