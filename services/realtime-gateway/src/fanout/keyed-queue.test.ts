import { KeyedQueue } from './keyed-queue';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('KeyedQueue', () => {
  it('runs one key in call order, even when an earlier task is slower or fails', async () => {
    const queue = new KeyedQueue();
    const done: string[] = [];
    const results = await Promise.allSettled([
      queue.run('r1', async () => { await sleep(30); done.push('a'); }),
      queue.run('r1', async () => { done.push('b'); throw new Error('b failed'); }),
      queue.run('r1', async () => { await sleep(1); done.push('c'); }),
    ]);
    expect(done).toEqual(['a', 'b', 'c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('runs different keys concurrently and forgets idle keys', async () => {
    const queue = new KeyedQueue();
    const done: string[] = [];
    const slow = queue.run('r1', async () => { await sleep(40); done.push('r1'); });
    const fast = queue.run('r2', async () => { await sleep(1); done.push('r2'); });
    expect(queue.size).toBe(2);
    await Promise.all([slow, fast]);
    expect(done).toEqual(['r2', 'r1']);
    await queue.drained();
    await sleep(0);
    expect(queue.size).toBe(0);
  });
});
