import { SchemaMigration } from '@qtable/db';

/**
 * The commit point of cross-service batches (docs/batch.md): one row per batch with table
 * operations, `committed` written in the batch's own transaction, `aborted` by a refused
 * batch or by floor asking about a batch left undecided. The primary key makes commit and
 * abort race-free: whichever row is first wins.
 */
export class Migration20260320000000BatchDecision extends SchemaMigration {
  protected statements(): string[] {
    return [
      `create table "batch_decision" (
        "batch_id" uuid primary key,
        "restaurant_id" uuid not null,
        "decision" varchar(16) not null check ("decision" in ('committed', 'aborted')),
        "actor_id" varchar(200) null,
        "decided_at" timestamptz not null default now(),
        "guest_part" jsonb null,
        "completed_at" timestamptz null
      )`,
    ];
  }
}
