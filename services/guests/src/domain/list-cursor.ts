/**
 * Keyset position in the guest list's order: rank (0 waitlist, 1 seated, 2 the rest),
 * created_at, id. Opaque to clients (base64url JSON); a tampered cursor decodes to null.
 */
export interface ListCursor {
  rank: number;
  createdAt: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const encodeCursor = (cursor: ListCursor) => Buffer.from(JSON.stringify([cursor.rank, cursor.createdAt, cursor.id])).toString('base64url');

export function decodeCursor(text: string): ListCursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 3) return null;
    const [rank, createdAt, id] = value as unknown[];
    if (typeof rank !== 'number' || ![0, 1, 2].includes(rank)) return null;
    if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) return null;
    if (typeof id !== 'string' || !UUID.test(id)) return null;
    return { rank, createdAt, id };
  } catch {
    return null;
  }
}

/** A search term as a LIKE pattern matching it anywhere, with LIKE's wildcards taken literally. */
export const containsPattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
