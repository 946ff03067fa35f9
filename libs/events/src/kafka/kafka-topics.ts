import type { Admin } from 'kafkajs';

/**
 * Logical → physical topic names, and creation of each physical topic once per process
 * with our partition count (broker auto-creation would silently use its own defaults).
 */
export class KafkaTopics {
  private readonly ensured = new Map<string, Promise<void>>();

  constructor(
    private readonly admin: Admin,
    private readonly prefix: string,
    private readonly partitions: number,
    private readonly replicationFactor: number | undefined,
  ) {}

  physical(topic: string): string {
    return `${this.prefix}.${topic}`;
  }

  /** Polls metadata until every partition of `topics` has a leader (bounded). */
  private async waitForLeaders(topics: string[], timeoutMs = 15000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const { topics: metadata } = await this.admin.fetchTopicMetadata({ topics });
        const ready = metadata.length === topics.length && metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
        if (ready) return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for leaders of ${topics.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Creates the topics that do not exist yet; "already exists" is success. */
  async ensure(topics: string[]): Promise<void> {
    const missing = [...new Set(topics.map((t) => this.physical(t)))].filter((t) => !this.ensured.has(t));
    if (missing.length > 0) {
      const creating = this.admin
        .createTopics({
          // kafkajs's own wait gives up on the first UNKNOWN_TOPIC_OR_PARTITION, which a KRaft
          // broker answers while a new topic's metadata propagates (seen on fresh brokers in CI).
          waitForLeaders: false,
          topics: missing.map((topic) => ({ topic, numPartitions: this.partitions, replicationFactor: this.replicationFactor })),
        })
        .then(() => this.waitForLeaders(missing));
      for (const topic of missing) {
        // Forget a failed attempt, so the next publish tries again.
        this.ensured.set(topic, creating.catch((err) => { this.ensured.delete(topic); throw err; }));
      }
    }
    await Promise.all(topics.map((t) => this.ensured.get(this.physical(t))));
  }
}
