import { json } from '@qtable/testing';
import { startGuestsHarness, type GuestsHarness } from './support/guests-system';

let h: GuestsHarness;
beforeAll(async () => {
  h = await startGuestsHarness();
});
afterAll(async () => {
  await h?.close();
});

it('describes every guests route in the served OpenAPI document', async () => {
  const res = await fetch(`${h.system.url}/openapi.json`);
  expect(res.status).toBe(200);
  const doc = await json(res);
  for (const [path, method] of [
    ['/restaurants/{restaurantId}/guests', 'get'],
    ['/restaurants/{restaurantId}/guests', 'post'],
    ['/restaurants/{restaurantId}/guests/{guestId}', 'get'],
    ['/restaurants/{restaurantId}/guests/{guestId}', 'put'],
    ['/restaurants/{restaurantId}/guests/{guestId}', 'delete'],
    ['/restaurants/{restaurantId}/batch-update', 'post'],
    ['/restaurants/{restaurantId}/wait-quote', 'get'],
    ['/api/v1/dashboard/{restaurantId}', 'get'],
    ['/restaurants/{restaurantId}/dashboard-data', 'get'],
  ]) {
    expect(doc.paths[path]?.[method]).toBeDefined();
  }
});
