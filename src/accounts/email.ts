/** Emails are compared case-insensitively: store and look up the trimmed, lower-cased form. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
