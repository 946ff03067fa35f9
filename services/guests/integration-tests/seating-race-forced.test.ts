import { startGuestsHarness, type GuestsHarness } from './support/guests-system';

// Every seating transaction is held for a moment after its checks passed and before it
// inserts its seating row, so that the transactions in flight together all believe the
// table is free. Only the database's unique index can then keep the table to one party.
const HOLD_MS = 150;
const HOSTS = 20;

let h: GuestsHarness;
beforeAll(async () => {
  h = await startGuestsHarness({ beforeOccupy: () => new Promise((resolve) => setTimeout(resolve, HOLD_MS)) });
});
afterAll(async () => {
  await h?.close();
});

it('keeps one party per table when every check was passed concurrently: the unique index refuses the rest', async () => {
  const table = await h.publishTable({ capacity: 4 });
  const parties = [];
  for (let i = 0; i < HOSTS; i++) parties.push((await h.call('POST', `/restaurants/${h.restaurantId}/guests`, { body: { guestName: `P${i}`, partySize: 2 } })).body);
  const answers = await Promise.all(
    parties.map((p) => h.call('PUT', `/restaurants/${h.restaurantId}/guests/${p.id}`, { body: { status: 'seated', tableId: table.id, version: 1 } })),
  );
  expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
  const winner = answers.find((a) => a.status === 200)!.body;
  for (const loser of answers.filter((a) => a.status !== 200)) {
    expect(loser.status).toBe(409);
    expect(loser.body.error).toMatchObject({ code: 'table_occupied', details: { occupiedBy: { id: winner.id } } });
  }
  const metrics = await (await fetch(`${h.system.url}/metrics`)).text();
  const byConstraint = Number(/guests_seating_constraint_conflicts_total\{[^}]*\} (\d+)/.exec(metrics)?.[1] ?? 0);
  process.stdout.write(`forced interleaving: ${byConstraint} of ${HOSTS - 1} refusals came from the unique index\n`);
  expect(byConstraint).toBeGreaterThanOrEqual(1);
  // The refused transactions rolled back whole: their parties are still waiting at version 1.
  const waiting = await h.call('GET', `/restaurants/${h.restaurantId}/guests?status=waiting`);
  expect(waiting.body).toHaveLength(HOSTS - 1);
  expect(waiting.body.every((g: { version: number }) => g.version === 1)).toBe(true);
});
