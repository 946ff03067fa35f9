import type { Context } from 'koa';
import { HttpError } from './errors';

/** The ETag of a versioned entity: its version number, quoted. */
export const etagOf = (version: number) => `"${version}"`;

/**
 * The version a write expects, from `If-Match` (an ETag a read returned) or the body's
 * `version`. Optimistic locking is mandatory: a PUT with neither answers 428, so no
 * client can overwrite a change it has not seen.
 */
export function expectedVersion(ctx: Context, bodyVersion: number | undefined): number {
  const ifMatch = ctx.get('If-Match');
  if (ifMatch) {
    const match = /^(?:W\/)?"(\d{1,15})"$/.exec(ifMatch.trim());
    if (!match) throw new HttpError(400, 'invalid_if_match', 'If-Match must be an ETag returned by a read, e.g. "3"');
    const version = Number(match[1]);
    if (bodyVersion !== undefined && bodyVersion !== version) {
      throw new HttpError(400, 'version_mismatch', 'If-Match and body version disagree');
    }
    return version;
  }
  if (bodyVersion === undefined) {
    throw new HttpError(428, 'version_required', 'Send the version you read, as If-Match or a `version` field, so a concurrent change is never overwritten');
  }
  return bodyVersion;
}

/** The 409 for a stale write, carrying the current state so the client can reconcile. */
export function staleVersion(current: { version: number }): HttpError {
  return new HttpError(409, 'version_conflict', `The record changed (now version ${current.version}); reload and retry`, { current });
}
