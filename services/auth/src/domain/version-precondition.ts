/** The ETag of a versioned resource: its version, quoted (RFC 9110 entity-tag). */
export const etagFor = (version: number): string => `"${version}"`;

export type ExpectedVersion =
  | { ok: true; version: number }
  | { ok: false; reason: 'missing' | 'malformed' | 'mismatch' };

/**
 * The version a write is based on, from the body's `version` or the If-Match header (the
 * ETag of a previous GET). One of them is required: an update that names no version would
 * silently overwrite whatever changed since the client read it.
 */
export function expectedVersion(bodyVersion: number | undefined, ifMatch: string | undefined): ExpectedVersion {
  let headerVersion: number | undefined;
  if (ifMatch !== undefined && ifMatch !== '') {
    const match = /^(?:W\/)?"(\d{1,9})"$/.exec(ifMatch.trim());
    if (!match) return { ok: false, reason: 'malformed' };
    headerVersion = Number(match[1]);
  }
  if (bodyVersion !== undefined && headerVersion !== undefined && bodyVersion !== headerVersion) {
    return { ok: false, reason: 'mismatch' };
  }
  const version = bodyVersion ?? headerVersion;
  return version === undefined ? { ok: false, reason: 'missing' } : { ok: true, version };
}
