/**
 * Seeded pseudo-random numbers for test inputs (no Math.random in tests: a failure must
 * reproduce from its seed).
 * @module
 */

/** A uniform [0, 1) generator seeded with `seed` (mulberry32: small, fast, good enough). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
