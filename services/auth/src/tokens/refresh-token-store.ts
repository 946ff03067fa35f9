import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { tables } from '../entities';
import {
  classifyUnusableToken,
  hashRefreshToken,
  newRefreshToken,
  type RefreshRejection,
  type RevokedReason,
} from '../domain/refresh-token-rules';

const T = tables.refreshToken;

export type RotationResult =
  | { ok: true; userId: string; refreshToken: string }
  | { ok: false; code: RefreshRejection; userId?: string };

/**
 * Refresh tokens with rotation and reuse detection. Every state change is one conditional
 * SQL statement, so the database arbitrates races between replicas: of several requests
 * presenting the same token, exactly one sees it live.
 */
export class RefreshTokenStore {
  constructor(private readonly ttlSeconds: number) {}

  /** Starts a new family (one per login). Returns the token; only its hash is stored. */
  async issue(em: EntityManager, userId: string): Promise<string> {
    const token = newRefreshToken();
    await em.execute(
      `insert into ${T} ("id", "user_id", "family_id", "token_hash", "expires_at")
       values (?, ?, ?, ?, now() + (? * interval '1 second'))`,
      [randomUUID(), userId, randomUUID(), hashRefreshToken(token), this.ttlSeconds],
    );
    return token;
  }

  async rotate(em: EntityManager, presented: string): Promise<RotationResult> {
    const successor = newRefreshToken();
    const successorId = randomUUID();
    // One statement, hence one transaction: revoke the presented token only if it is still
    // live and insert its successor in the same family. A concurrent request with the same
    // token blocks on the row lock, then finds it revoked and falls through to reuse handling.
    const rotated = await em.execute<{ user_id: string }[]>(
      `with old as (
         update ${T} set "revoked_at" = now(), "revoked_reason" = 'rotated', "replaced_by" = ?
         where "token_hash" = ? and "revoked_at" is null and "expires_at" > now()
         returning "user_id", "family_id"
       )
       insert into ${T} ("id", "user_id", "family_id", "token_hash", "expires_at")
       select ?, "user_id", "family_id", ?, now() + (? * interval '1 second') from old
       returning "user_id"`,
      [successorId, hashRefreshToken(presented), successorId, hashRefreshToken(successor), this.ttlSeconds],
    );
    if (rotated.length === 1) return { ok: true, userId: rotated[0].user_id, refreshToken: successor };

    const [stored] = await em.execute<{ user_id: string; family_id: string; revoked_reason: RevokedReason | null; expired: boolean }[]>(
      `select "user_id", "family_id", "revoked_reason", "expires_at" <= now() as "expired" from ${T} where "token_hash" = ?`,
      [hashRefreshToken(presented)],
    );
    const decision = classifyUnusableToken(stored && { revokedReason: stored.revoked_reason, expired: stored.expired });
    if (decision.revokeFamily) await this.revokeFamily(em, stored.family_id, 'reuse_detected');
    return { ok: false, code: decision.code, userId: stored?.user_id };
  }

  /** Logout: ends the session the token belongs to. Unknown tokens are ignored (nothing to reveal). */
  async revokeFamilyOf(em: EntityManager, presented: string): Promise<void> {
    await em.execute(
      `update ${T} set "revoked_at" = now(), "revoked_reason" = 'logout'
       where "family_id" = (select "family_id" from ${T} where "token_hash" = ?) and "revoked_at" is null`,
      [hashRefreshToken(presented)],
    );
  }

  /** Rows past expiry (plus a day's grace for late reuse reports) serve no purpose. */
  async purgeExpired(em: EntityManager): Promise<number> {
    const deleted = await em.execute<{ id: string }[]>(`delete from ${T} where "expires_at" < now() - interval '1 day' returning "id"`);
    return deleted.length;
  }

  private async revokeFamily(em: EntityManager, familyId: string, reason: RevokedReason): Promise<void> {
    await em.execute(`update ${T} set "revoked_at" = now(), "revoked_reason" = ? where "family_id" = ? and "revoked_at" is null`, [reason, familyId]);
  }
}
