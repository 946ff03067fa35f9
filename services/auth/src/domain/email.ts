/**
 * Emails compare case-insensitively: stored and looked up lower-cased. (RFC 5321 lets the
 * local part be case-sensitive; no mail provider a restaurant uses makes it so, and two
 * accounts differing only in case would be a support nightmare.)
 */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();
