/**
 * numpy's arithmetic, reproduced step for step where pynapple's results depend on it: bin edges
 * (`linspace`, `arange`), histograms and `digitize` on explicit edges, Python's float floor
 * division. Same operations in the same order give the same doubles as numpy.
 * @module
 */
import { roundTime, upperBound } from "../core/time_index.ts";

/** numpy `linspace(start, stop, num)` (endpoint included, last value forced to `stop`). */
export function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  const div = num - 1;
  const delta = stop - start;
  if (div > 0) {
    const step = delta / div;
    // numpy scales by `delta` after dividing when the step underflows to zero.
    for (let i = 0; i < num; i++) out[i] = (step === 0 ? (i / div) * delta : i * step) + start;
    out[num - 1] = stop;
  } else if (num === 1) out[0] = start;
  return out;
}

/** numpy `arange(start, stop, step)` for floats: length `ceil((stop - start) / step)`. */
export function arange(start: number, stop: number, step: number): Float64Array {
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const out = new Float64Array(n);
  // numpy fills with start + i * delta, delta being (start + step) - start.
  const delta = (start + step) - start;
  for (let i = 0; i < n; i++) out[i] = start + i * delta;
  return out;
}

/** Bin centres `edges[:-1] + diff(edges) / 2`, as pynapple writes them. */
export function binCenters(edges: ArrayLike<number>): Float64Array {
  const out = new Float64Array(Math.max(0, edges.length - 1));
  for (let i = 0; i < out.length; i++) out[i] = edges[i] + (edges[i + 1] - edges[i]) / 2;
  return out;
}

/** First position with `edges[i] > x` (numpy `searchsorted(side="right")`); NaN sorts last. */
function upper(edges: ArrayLike<number>, x: number): number {
  return Number.isNaN(x) ? edges.length : upperBound(edges, x);
}

/**
 * The bin of `x` under numpy `histogram(a, edges)` rules: `[e_j, e_j+1)`, the last bin closed on
 * the right; -1 when `x` is outside the edges or NaN.
 */
export function histogramBin(edges: ArrayLike<number>, x: number): number {
  const nb = edges.length - 1;
  if (!(x >= edges[0] && x <= edges[nb])) return -1;
  const j = upper(edges, x) - 1;
  return j >= nb ? nb - 1 : j;
}

/** Adds numpy `histogram(values, edges)` counts into `counts` (length `edges.length - 1`). */
export function histogramInto(
  counts: Float64Array,
  edges: ArrayLike<number>,
  values: ArrayLike<number>,
): void {
  for (let i = 0; i < values.length; i++) {
    const j = histogramBin(edges, values[i]);
    if (j >= 0) counts[j]++;
  }
}

/** numpy `histogram(values, edges)[0]` as float64 counts. */
export function histogram(values: ArrayLike<number>, edges: ArrayLike<number>): Float64Array {
  const counts = new Float64Array(Math.max(0, edges.length - 1));
  histogramInto(counts, edges, values);
  return counts;
}

/** numpy `digitize(x, edges) - 1` for increasing edges (NaN → `edges.length - 1`). */
export function digitizeMinusOne(edges: ArrayLike<number>, x: number): number {
  return upper(edges, x) - 1;
}

/** Python's float floor division `a // b` (fmod based; differs from `Math.floor(a / b)`). */
export function pyFloorDiv(a: number, b: number): number {
  let mod = a % b;
  let div = (a - mod) / b;
  if (mod && ((b < 0) !== (mod < 0))) {
    mod += b;
    div -= 1;
  }
  if (div) {
    let floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1;
    return floordiv;
  }
  return 0 * (a / b);
}

/** numpy `nanmin` / `nanmax` accumulated over chunks: call `add` per chunk, read `min`/`max`. */
export class NanMinMax {
  /** Smallest non-NaN value seen (NaN if none). */
  min = NaN;
  /** Largest non-NaN value seen (NaN if none). */
  max = NaN;
  /** Folds `values` in. */
  add(values: ArrayLike<number>): void {
    let lo = this.min;
    let hi = this.max;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v !== v) continue;
      if (!(v >= lo)) lo = v;
      if (!(v <= hi)) hi = v;
    }
    this.min = lo;
    this.max = hi;
  }
}

/** Time parameters as pynapple formats them (`TsIndex.format_timestamps`): seconds, 9 decimals. */
export function formatTime(x: number, units: "s" | "ms" | "us" = "s"): number {
  return roundTime(units === "s" ? x : units === "ms" ? x / 1e3 : x / 1e6);
}
