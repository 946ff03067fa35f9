/**
 * Runs tasks one at a time per key, in call order; different keys run concurrently.
 * The gateway keys by restaurant: one restaurant's events reach the gateway on several
 * topics (guests, floor, …) whose partitions Kafka consumes in parallel, and their cursors
 * must be assigned and emitted in one order.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    // Forget idle keys, so the map holds only restaurants with work in flight.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with queued or running work. */
  get size(): number {
    return this.tails.size;
  }

  /** Resolves when everything queued so far has finished. */
  async drained(): Promise<void> {
    await Promise.all([...this.tails.values()]);
  }
}
