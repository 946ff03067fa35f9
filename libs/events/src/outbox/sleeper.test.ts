import { Sleeper } from './sleeper';

describe('Sleeper', () => {
  const timed = async (work: Promise<void>) => {
    const t0 = performance.now();
    await work;
    return performance.now() - t0;
  };

  it('ends a wakeable sleep on wake(), and remembers a wake() that came while awake', async () => {
    const sleeper = new Sleeper();
    const sleeping = sleeper.sleep(5000, true);
    sleeper.wake();
    expect(await timed(sleeping)).toBeLessThan(100);
    sleeper.wake(); // nobody sleeping: the next wakeable sleep returns at once
    expect(await timed(sleeper.sleep(5000, true))).toBeLessThan(100);
    expect(await timed(sleeper.sleep(50, true))).toBeGreaterThanOrEqual(45); // consumed
  });

  it('ignores wake() during a backoff sleep but not interrupt()', async () => {
    const sleeper = new Sleeper();
    const backoff = sleeper.sleep(150, false);
    sleeper.wake();
    expect(await timed(backoff)).toBeGreaterThanOrEqual(140);
    const long = sleeper.sleep(5000, false);
    sleeper.interrupt();
    expect(await timed(long)).toBeLessThan(100);
  });
});
