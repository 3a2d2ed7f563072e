/**
 * Nearest-sample lookup shared by the analysis functions (pynapple 0.9.2's `jitvaluefrom`), on
 * timestamps only, which are always in memory. Restriction (`jitrestrict`) and counting in bins
 * (`jitcount`) are core's: `restrictRanges` in core/time_index.ts, `binGrid` / `countOnGrid` /
 * `forEachCount` in core/series_kernels.ts.
 * @module
 */
import { restrictRanges, type RowRange } from "../core/time_index.ts";

/**
 * First `p` in `[lo, hi)` with `target[p] >= x` (`hi` if none), for sorted `target`. Starts from
 * an interpolation guess (exact in one step for regularly sampled times), then gallops and
 * bisects around it, so irregular times stay O(log n).
 */
export function firstAtLeast(x: number, target: Float64Array, lo: number, hi: number): number {
  if (lo >= hi || target[lo] >= x) return lo;
  const last = target[hi - 1];
  if (!(last >= x)) return hi;
  // target[lo] < x <= target[hi - 1]: the answer is in (lo, hi - 1]
  const span = last - target[lo];
  let g = lo + Math.floor(((x - target[lo]) / span) * (hi - 1 - lo));
  if (!(g > lo)) g = lo + 1;
  if (g > hi - 1) g = hi - 1;
  let a: number; // target[a] < x
  let b: number; // target[b] >= x
  if (target[g] >= x) {
    b = g;
    let step = 1;
    a = g - 1;
    while (a > lo && target[a] >= x) {
      b = a;
      step *= 2;
      a = Math.max(lo, b - step);
    }
  } else {
    a = g;
    let step = 1;
    b = g + 1;
    while (b < hi - 1 && target[b] < x) {
      a = b;
      step *= 2;
      b = Math.min(hi - 1, a + step);
    }
  }
  // bisect (a, b]
  while (b - a > 1) {
    const mid = (a + b) >>> 1;
    if (target[mid] < x) a = mid;
    else b = mid;
  }
  return b;
}

/**
 * Where pynapple's forward walk (`jitvaluefrom`) starting at `i0` stops for time `x` in sorted
 * `target[i0..end)`: it advances while the distance does not grow, so it ends on the last sample
 * of the first distance minimum. Distances to sorted samples are unimodal, so that sample is found
 * from the first `target >= x` and its left neighbour, without walking over every sample between.
 */
export function nearestFrom(x: number, target: Float64Array, i0: number, end: number): number {
  const p = firstAtLeast(x, target, i0, end);
  let best: number;
  if (p === end) best = end - 1;
  else if (p === i0) best = p;
  else {
    const dl = Math.abs(x - target[p - 1]);
    const dr = Math.abs(x - target[p]);
    best = dr <= dl ? p : p - 1;
  }
  // equal distances keep the walk going: skip to the last duplicate of that sample
  while (best + 1 < end && Math.abs(x - target[best + 1]) <= Math.abs(x - target[best])) best++;
  return best;
}

/**
 * For each time of `t` inside the epochs, the source row of the nearest `target` time in the
 * same epoch (ties go to the later sample), or -1 when that epoch has no target sample: pynapple's
 * `jitvaluefrom`. Returns the restricted rows of `t` (as ranges) and one index per such row.
 */
export function nearestRows(
  t: Float64Array,
  target: Float64Array,
  starts: ArrayLike<number>,
  ends: ArrayLike<number>,
): { ranges: RowRange[]; rows: Int32Array } {
  const tr = restrictRanges(t, starts, ends);
  const gr = restrictRanges(target, starts, ends);
  let n = 0;
  for (const [s, e] of tr) n += e - s;
  const rows = new Int32Array(n).fill(-1);
  let out = 0;
  for (let k = 0; k < tr.length; k++) {
    const [ts, te] = tr[k];
    const [gs, ge] = gr[k];
    if (te > ts && ge > gs) {
      let i = gs;
      for (let q = ts; q < te; q++) {
        i = nearestFrom(t[q], target, i, ge);
        rows[out + q - ts] = i;
      }
    }
    out += te - ts;
  }
  return { ranges: tr, rows };
}
