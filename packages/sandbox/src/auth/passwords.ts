import { createHash, timingSafeEqual } from 'node:crypto';

/** Compares two strings in constant time (hashed first, so lengths do not leak either). */
export function safeEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
