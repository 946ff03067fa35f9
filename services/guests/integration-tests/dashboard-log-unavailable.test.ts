import { InMemoryRealtimeLog } from '@qtable/realtime-log';
import { startTestSystem, type TestSystem } from '@qtable/runtime/testing';
import { json } from '@qtable/testing';
import { guestsService } from '../src/service';

/** The realtime log as it behaves while its Redis is unreachable: every read fails. */
class UnreachableLog extends InMemoryRealtimeLog {
  down = true;
  override async head(restaurantId: string): Promise<string> {
    if (this.down) throw new Error('Reached the max retries per request limit');
    return super.head(restaurantId);
  }
}

// A snapshot without its cursor could not be followed without a gap: the dashboard answers
// a retryable 503 (never a 500) while the log is unreachable, and recovers with it.
describe('dashboard while the realtime log is unreachable', () => {
  const restaurantId = '0d5b1c2e-7a61-4d8e-9a3b-0c1d2e3f4a5b';
  const log = new UnreachableLog();
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ services: [guestsService], realtimeLog: log });
  });
  afterAll(() => system.close());

  it('answers 503 with Retry-After, then the snapshot once the log is back', async () => {
    const headers = { authorization: `Bearer ${system.token({ memberships: { [restaurantId]: 'host' } })}` };
    const refused = await fetch(`${system.url}/api/v1/dashboard/${restaurantId}`, { headers });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect((await json(refused)).error.code).toBe('realtime_log_unavailable');
    log.down = false;
    const served = await fetch(`${system.url}/restaurants/${restaurantId}/dashboard-data`, { headers });
    expect(served.status).toBe(200);
    expect(typeof (await json(served)).cursor).toBe('string');
  });
});
