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

  /** Creates the topics that do not exist yet; "already exists" is success. */
  async ensure(topics: string[]): Promise<void> {
    const missing = [...new Set(topics.map((t) => this.physical(t)))].filter((t) => !this.ensured.has(t));
    if (missing.length > 0) {
      const creating = this.admin
        .createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({ topic, numPartitions: this.partitions, replicationFactor: this.replicationFactor })),
        })
        .then(() => undefined);
      for (const topic of missing) {
        // Forget a failed attempt, so the next publish tries again.
        this.ensured.set(topic, creating.catch((err) => { this.ensured.delete(topic); throw err; }));
      }
    }
    await Promise.all(topics.map((t) => this.ensured.get(this.physical(t))));
  }
}
