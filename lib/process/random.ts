/**
 * `RandomState`: numpy's legacy random generator (`np.random.seed` / `np.random.RandomState`,
 * Mersenne Twister MT19937) for the draws pynapple's randomisation functions make: `random`
 * (53-bit doubles), `uniform` and `permutation`. Seeded with the same integer, it produces the
 * same numbers as numpy, so a napple shuffle can be reproduced in pynapple and vice versa.
 * @module
 */
import { NappleError } from "../errors.ts";

const N = 624;
const M = 397;

/** numpy's legacy `RandomState` (MT19937), for reproducible randomisation. */
export class RandomState {
  private readonly mt = new Uint32Array(N);
  private pos = N;

  /** A generator seeded with `seed` (an integer in [0, 2³²)); a random seed when omitted. */
  constructor(seed?: number) {
    this.seed(seed ?? crypto.getRandomValues(new Uint32Array(1))[0]);
  }

  /** numpy `seed(seed)`: re-initialises the state from a 32-bit integer. */
  seed(seed: number): void {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new NappleError(
        "INVALID_ARGUMENT",
        `seed must be an integer between 0 and 2**32 - 1; got ${seed}`,
        { key: "seed" },
      );
    }
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.pos = N;
  }

  /** Regenerates the 624 words of state (MT19937's twist). */
  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < N; i++) {
      const y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
      mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.pos = 0;
  }

  /** The next 32-bit output. */
  uint32(): number {
    if (this.pos >= N) this.twist();
    let y = this.mt[this.pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** numpy `random_sample()`: a double in [0, 1) from two outputs (27 + 26 bits). */
  random(): number {
    const a = this.uint32() >>> 5, b = this.uint32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  /** numpy `uniform(low, high)`: `low + (high - low) · random()`. */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.random();
  }

  /** numpy `uniform(low, high, n)`. */
  uniformArray(low: number, high: number, n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.uniform(low, high);
    return out;
  }

  /** numpy's legacy `random_interval(max)`: an integer in [0, max] by masked rejection. */
  interval(max: number): number {
    if (max === 0) return 0;
    if (max > 0xffffffff) {
      throw new NappleError("INVALID_ARGUMENT", "interval bound above 2**32 - 1 is not supported");
    }
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let v: number;
    do v = (this.uint32() & mask) >>> 0; while (v > max);
    return v;
  }

  /** numpy `permutation(x)` of a 1-D array (a shuffled copy, Fisher–Yates from the end). */
  permutation(x: ArrayLike<number>): Float64Array {
    const a = Float64Array.from(x);
    for (let i = a.length - 1; i >= 1; i--) {
      const j = this.interval(i);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}

/** A generator from `rng` (used as is), `seed` (a new generator) or neither (randomly seeded). */
export function randomStateOf(options: { rng?: RandomState; seed?: number }): RandomState {
  if (options.rng !== undefined) {
    if (!(options.rng instanceof RandomState)) {
      throw new NappleError("INVALID_ARGUMENT", "rng should be a nap.RandomState", { key: "rng" });
    }
    return options.rng;
  }
  return new RandomState(options.seed);
}
