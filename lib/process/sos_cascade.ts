/**
 * scipy's `sosfilt` loop (second-order sections, direct form II transposed) over the rows of
 * row-major values, every column with its own state: what `sosfiltfilt` and `decimate` run
 * forward and backward.
 * @module
 */
import type { Sos } from "./iir.ts";

/** A cascade of sections with its per-column state (scipy's direct form II transposed). */
export class Cascade {
  private readonly ns: number;
  private readonly coef: Float64Array;
  readonly state: Float64Array;
  private scratch: Float64Array = new Float64Array(0);

  constructor(sos: Sos, private readonly m: number) {
    this.ns = sos.length;
    this.coef = new Float64Array(6 * this.ns);
    sos.forEach((s, i) => this.coef.set(s, 6 * i));
    this.state = new Float64Array(2 * this.ns * m);
  }

  /** State `zi · x0[c]` for every column (scipy's `zi * x_0`). */
  reset(zi: Float64Array, x0: ArrayLike<number>): void {
    const { ns, m, state } = this;
    for (let c = 0; c < m; c++) {
      for (let s = 0; s < ns; s++) {
        state[2 * (c * ns + s)] = zi[2 * s] * x0[c];
        state[2 * (c * ns + s) + 1] = zi[2 * s + 1] * x0[c];
      }
    }
  }

  /**
   * Filters `count` rows of `src` (from element `from`, stepping `step` rows: 1 forward, -1
   * backward) into `dst` at `to` (same stepping); `dst` may be `src` for in-place work, or
   * undefined when only the final state matters. Every sample sees the same operations in the
   * same order as in scipy's sample-by-sample cascade, with the sections' states in locals.
   */
  run(
    src: Float64Array,
    from: number,
    dst: Float64Array | undefined,
    to: number,
    count: number,
    step: number,
  ): void {
    const { ns, m, coef, state } = this;
    let out = dst, at = to;
    if (!out) {
      // a scratch column, laid out like the input
      if (this.scratch.length < count * m) this.scratch = new Float64Array(count * m);
      out = this.scratch;
      at = step > 0 ? 0 : (count - 1) * m;
    }
    const stride = step * m;
    // tiles of rows small enough to stay in cache while every column passes over them
    const tile = Math.max(16, Math.floor(8192 / m));
    for (let r0 = 0; r0 < count; r0 += tile) {
      const rn = Math.min(tile, count - r0);
      for (let c = 0; c < m; c++) {
        // up to four sections per sweep over the tile's rows: one load and store per sample
        // for them all, and their recurrences overlap instead of waiting on one another
        for (let s = 0; s < ns;) {
          const z = 2 * (c * ns + s);
          const input = s === 0 ? src : out;
          const si = (s === 0 ? from : at) + r0 * stride + c, di = at + r0 * stride + c;
          const k = ns - s >= 4 ? 4 : ns - s >= 2 ? 2 : 1;
          if (k === 4) sections4(coef, 6 * s, state, z, input, si, out, di, rn, stride);
          else if (k === 2) sections2(coef, 6 * s, state, z, input, si, out, di, rn, stride);
          else sections1(coef, 6 * s, state, z, input, si, out, di, rn, stride);
          s += k;
        }
      }
    }
  }
}

// One sample through a section (scipy's _sosfilt): y = b0·x + z0; z0 = b1·x - a1·y + z1;
// z1 = b2·x - a2·y. The kernels below run 1, 2 or 4 consecutive sections over `rn` samples
// (`stride` apart) with the coefficients and states in locals.

function sections1(
  coef: Float64Array,
  k: number,
  state: Float64Array,
  z: number,
  input: Float64Array,
  si: number,
  out: Float64Array,
  di: number,
  rn: number,
  stride: number,
): void {
  const b0 = coef[k], b1 = coef[k + 1], b2 = coef[k + 2], a1 = coef[k + 4], a2 = coef[k + 5];
  let z0 = state[z], z1 = state[z + 1];
  for (let r = 0; r < rn; r++, si += stride, di += stride) {
    const x = input[si];
    const y = b0 * x + z0;
    z0 = b1 * x - a1 * y + z1;
    z1 = b2 * x - a2 * y;
    out[di] = y;
  }
  state[z] = z0;
  state[z + 1] = z1;
}

function sections2(
  coef: Float64Array,
  k: number,
  state: Float64Array,
  z: number,
  input: Float64Array,
  si: number,
  out: Float64Array,
  di: number,
  rn: number,
  stride: number,
): void {
  const b0 = coef[k], b1 = coef[k + 1], b2 = coef[k + 2], a1 = coef[k + 4], a2 = coef[k + 5];
  const c0 = coef[k + 6], c1 = coef[k + 7], c2 = coef[k + 8], d1 = coef[k + 10];
  const d2 = coef[k + 11];
  let z0 = state[z], z1 = state[z + 1], w0 = state[z + 2], w1 = state[z + 3];
  for (let r = 0; r < rn; r++, si += stride, di += stride) {
    const x = input[si];
    const y = b0 * x + z0;
    z0 = b1 * x - a1 * y + z1;
    z1 = b2 * x - a2 * y;
    const v = c0 * y + w0;
    w0 = c1 * y - d1 * v + w1;
    w1 = c2 * y - d2 * v;
    out[di] = v;
  }
  state[z] = z0;
  state[z + 1] = z1;
  state[z + 2] = w0;
  state[z + 3] = w1;
}

function sections4(
  coef: Float64Array,
  k: number,
  state: Float64Array,
  z: number,
  input: Float64Array,
  si: number,
  out: Float64Array,
  di: number,
  rn: number,
  stride: number,
): void {
  const b0 = coef[k], b1 = coef[k + 1], b2 = coef[k + 2], a1 = coef[k + 4], a2 = coef[k + 5];
  const c0 = coef[k + 6], c1 = coef[k + 7], c2 = coef[k + 8], d1 = coef[k + 10];
  const d2 = coef[k + 11];
  const e0 = coef[k + 12], e1 = coef[k + 13], e2 = coef[k + 14], f1 = coef[k + 16];
  const f2 = coef[k + 17];
  const g0 = coef[k + 18], g1 = coef[k + 19], g2 = coef[k + 20], h1 = coef[k + 22];
  const h2 = coef[k + 23];
  let z0 = state[z], z1 = state[z + 1], w0 = state[z + 2], w1 = state[z + 3];
  let u0 = state[z + 4], u1 = state[z + 5], q0 = state[z + 6], q1 = state[z + 7];
  for (let r = 0; r < rn; r++, si += stride, di += stride) {
    const x = input[si];
    const y = b0 * x + z0;
    z0 = b1 * x - a1 * y + z1;
    z1 = b2 * x - a2 * y;
    const v = c0 * y + w0;
    w0 = c1 * y - d1 * v + w1;
    w1 = c2 * y - d2 * v;
    const u = e0 * v + u0;
    u0 = e1 * v - f1 * u + u1;
    u1 = e2 * v - f2 * u;
    const o = g0 * u + q0;
    q0 = g1 * u - h1 * o + q1;
    q1 = g2 * u - h2 * o;
    out[di] = o;
  }
  state[z] = z0;
  state[z + 1] = z1;
  state[z + 2] = w0;
  state[z + 3] = w1;
  state[z + 4] = u0;
  state[z + 5] = u1;
  state[z + 6] = q0;
  state[z + 7] = q1;
}
