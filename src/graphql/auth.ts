import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time comparison; hashing first makes it constant in the length of the key too. */
export function keyMatches(configured: string | undefined, presented: string | undefined): boolean {
  if (!configured || presented === undefined) return false;
  return timingSafeEqual(digest(configured), digest(presented));
}
