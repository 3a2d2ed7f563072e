/**
 * Timestamps as pynapple keeps them: float64 seconds rounded to 9 decimals (numpy
 * `around(t, 9)`), sorted, finite. Also the s/ms/us conversions in and out, the binary searches
 * every restriction is built on, and the input coercion shared by all core constructors.
 * @module
 */
import { unsupportedDataError } from "./checks.ts";
import { NappleError } from "../errors.ts";
import { warn } from "../warnings.ts";
import { isTypedArray, type TypedArray } from "../array/dtype.ts";
import { NDArray, type NestedArray } from "../array/ndarray.ts";
import { isLazy, type LazyArray } from "../array/lazy.ts";

/** Time units accepted wherever pynapple takes `time_units`. */
export type TimeUnits = "s" | "ms" | "us";

/** pynapple's `nap_config.time_index_precision`: timestamps keep 9 decimals. */
export const TIME_PRECISION = 9;

/** Anything napple accepts as a vector of times. */
export type TimeInput =
  | number
  | readonly number[]
  | TypedArray
  | NDArray
  | LazyArray
  | TimeIndex;

const SCALE = 10 ** TIME_PRECISION;

/**
 * numpy's `around(x, 9)`: multiply, round half to even (`rint`), divide. Using the same three
 * steps gives the same doubles as numpy, which keeps timestamps comparable across the two.
 */
export function roundTime(x: number): number {
  const y = x * SCALE;
  const f = Math.floor(y);
  const diff = y - f;
  let r: number;
  if (diff < 0.5) r = f;
  else if (diff > 0.5) r = f + 1;
  else r = f % 2 === 0 ? f : f + 1;
  return r / SCALE;
}

/** Throws INVALID_ARGUMENT unless `units` is "s", "ms" or "us". */
export function checkTimeUnits(units: unknown): TimeUnits {
  if (units !== "s" && units !== "ms" && units !== "us") {
    throw new NappleError(
      "INVALID_ARGUMENT",
      `unrecognized time units ${JSON.stringify(units)}; use "s", "ms" or "us"`,
    );
  }
  return units;
}

function divisor(units: TimeUnits): number {
  return units === "s" ? 1 : units === "ms" ? 1e3 : 1e6;
}

/** One time value given in `units`, converted to seconds and rounded (pynapple's format). */
export function toSeconds(x: number, units: TimeUnits = "s"): number {
  checkTimeUnits(units);
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new NappleError("INVALID_ARGUMENT", `time ${String(x)} must be a finite number`);
  }
  return roundTime(units === "s" ? x : x / divisor(units));
}

/** One time value in seconds, expressed in `units` and rounded (pynapple's return_timestamps). */
export function fromSeconds(x: number, units: TimeUnits = "s"): number {
  checkTimeUnits(units);
  return roundTime(units === "s" ? x : x * divisor(units));
}

/**
 * Times given in `units` → a new Float64Array of rounded seconds (pynapple's
 * `TsIndex.format_timestamps`). Non-finite values are refused: they would break every binary
 * search downstream.
 */
export function formatTimestamps(
  t: ArrayLike<number>,
  units: TimeUnits = "s",
  what = "t",
): Float64Array {
  checkTimeUnits(units);
  const div = divisor(units);
  const out = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) {
    const v = Number(t[i]);
    if (!Number.isFinite(v)) {
      throw new NappleError(
        "INVALID_ARGUMENT",
        `${what} contains a non-finite time (${v}) at position ${i}; times must be finite`,
        { key: what },
      );
    }
    out[i] = roundTime(div === 1 ? v : v / div);
  }
  return out;
}

/** Seconds → `units` (pynapple's `TsIndex.return_timestamps`), as a new Float64Array. */
export function returnTimestamps(t: ArrayLike<number>, units: TimeUnits = "s"): Float64Array {
  checkTimeUnits(units);
  const mul = divisor(units);
  const out = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) out[i] = roundTime(mul === 1 ? t[i] : t[i] * mul);
  return out;
}

/** True when `t` is non-decreasing. */
export function isSorted(t: ArrayLike<number>): boolean {
  for (let i = 1; i < t.length; i++) if (t[i] < t[i - 1]) return false;
  return true;
}

/** Positions that sort `t` ascending, stable (ties keep their input order). */
export function argsort(t: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(t.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => (t[a] - t[b]) || (a - b));
  return order;
}

/** First position `i` with `t[i] >= x` (numpy `searchsorted(side="left")`). */
export function lowerBound(t: ArrayLike<number>, x: number, lo = 0, hi = t.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First position `i` with `t[i] > x` (numpy `searchsorted(side="right")`). */
export function upperBound(t: ArrayLike<number>, x: number, lo = 0, hi = t.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A half-open row range `[start, end)`. */
export type RowRange = readonly [number, number];

/**
 * Row ranges of sorted `t` inside each interval `[starts[k], ends[k]]` (both ends inclusive, like
 * pynapple's `jitrestrict`), found by binary search: O(m log n), no scan of the data. Empty
 * ranges are kept so range `k` always belongs to interval `k`.
 */
export function restrictRanges(
  t: Float64Array,
  starts: ArrayLike<number>,
  ends: ArrayLike<number>,
): RowRange[] {
  const out: RowRange[] = [];
  let from = 0;
  for (let k = 0; k < starts.length; k++) {
    const s = lowerBound(t, starts[k], from);
    const e = Math.max(s, upperBound(t, ends[k], s));
    out.push([s, e]);
    from = e;
  }
  return out;
}

/**
 * Row ranges of `get(start, end)` for each interval, pynapple's rule: a timestamp repeated at the
 * end is kept once (its first copy). pynapple's `time_diff`, and so its ISI distribution, cut
 * epochs this way rather than with `restrict`'s inclusive ends.
 */
export function getRanges(
  t: Float64Array,
  starts: ArrayLike<number>,
  ends: ArrayLike<number>,
): RowRange[] {
  return Array.from({ length: starts.length }, (_, k) => getRange(t, starts[k], ends[k]));
}

/** The rows of pynapple's `get(start, end)` on sorted `t` (see {@linkcode getRanges}). */
export function getRange(t: Float64Array, start: number, end: number): RowRange {
  const s = lowerBound(t, start);
  const last = lowerBound(t, end);
  return [s, Math.max(s, last + (t[last] === end ? 1 : 0))];
}

/** Total number of rows in `ranges`. */
export function rangesLength(ranges: readonly RowRange[]): number {
  let n = 0;
  for (const [s, e] of ranges) n += e - s;
  return n;
}

/** Copies the rows of `t` in `ranges` into one new Float64Array. */
export function gatherRanges(t: Float64Array, ranges: readonly RowRange[]): Float64Array {
  const nonEmpty = ranges.filter(([a, b]) => b > a);
  if (nonEmpty.length === 1) return t.slice(nonEmpty[0][0], nonEmpty[0][1]);
  const out = new Float64Array(rangesLength(ranges));
  let at = 0;
  for (const [s, e] of ranges) {
    out.set(t.subarray(s, e), at);
    at += e - s;
  }
  return out;
}

/** A flat Float64Array from any supported time input (no rounding, no checks). */
export function toFloat64Array(input: unknown, what: string): Float64Array {
  if (input instanceof TimeIndex) return input.values;
  if (typeof input === "number") return Float64Array.of(input);
  if (input instanceof Float64Array) return input;
  if (isTypedArray(input)) return Float64Array.from(input as ArrayLike<number>, Number);
  if (input instanceof NDArray) return toFloat64Array(input.data, what);
  if (isLazy(input)) return toFloat64Array(input.readRows(0, input.shape[0] ?? 0).data, what);
  if (Array.isArray(input)) {
    const flat = (input as NestedArray).flat(Infinity as 1) as unknown[];
    const out = new Float64Array(flat.length);
    for (let i = 0; i < flat.length; i++) {
      const v = flat[i];
      if (typeof v !== "number" && typeof v !== "bigint") {
        throw new NappleError(
          "DTYPE",
          `${what} must contain numbers; found ${JSON.stringify(v) ?? String(v)} at position ${i}`,
          { key: what },
        );
      }
      out[i] = Number(v);
    }
    return out;
  }
  throw unsupportedDataError(what, input);
}

/**
 * A validated time index (pynapple's `TsIndex`): seconds, rounded to 9 decimals, finite, sorted.
 * Passing a TimeIndex as `t` to a constructor skips re-validation, as pynapple does with TsIndex.
 */
export class TimeIndex {
  /** The timestamps in seconds. */
  readonly values: Float64Array;
  /** Positions of the input that sorted it, when the input was not sorted. */
  readonly order?: Uint32Array;

  private constructor(values: Float64Array, order?: Uint32Array) {
    this.values = values;
    this.order = order;
  }

  /**
   * Formats (units, rounding, finiteness) and sorts `input`. Unsorted input warns with
   * pynapple's text "timestamps are not sorted"; `order` then tells how the input was permuted.
   */
  static from(input: TimeInput, units: TimeUnits = "s", what = "t"): TimeIndex {
    if (input instanceof TimeIndex) return input;
    const t = formatTimestamps(toFloat64Array(input, what), units, what);
    if (isSorted(t)) return new TimeIndex(t);
    warn("timestamps are not sorted");
    const order = argsort(t);
    const sorted = new Float64Array(t.length);
    for (let i = 0; i < t.length; i++) sorted[i] = t[order[i]];
    return new TimeIndex(sorted, order);
  }

  /** Wraps timestamps already known to be valid (rounded, sorted, finite) without copying. */
  static trusted(values: Float64Array): TimeIndex {
    return new TimeIndex(values);
  }

  /** Number of timestamps. */
  get length(): number {
    return this.values.length;
  }

  /** The timestamps expressed in `units` (pynapple's `in_units`). */
  inUnits(units: TimeUnits = "s"): Float64Array {
    return returnTimestamps(this.values, units);
  }
}
