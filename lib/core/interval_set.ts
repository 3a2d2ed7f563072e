/**
 * pynapple's IntervalSet: sorted, non-overlapping `[start, end]` intervals in seconds, with a
 * metadata row per interval, validated and fixed up exactly as pynapple 0.9.2 does (same
 * warnings), and the set operations.
 * @module
 */
import { NappleError } from "../errors.ts";
import { checkOptions, type OptionKeys } from "../options.ts";
import { arrayLikeArg, functionArg } from "./checks.ts";
import { warn } from "../warnings.ts";
import { NDArray } from "../array/ndarray.ts";
import {
  dropInfo,
  getInfo,
  groupby,
  type InfoType,
  type InfoValue,
  Metadata,
  type MetadataRecord,
  type MetadataRules,
  setInfo,
} from "./metadata.ts";
// a cycle (time_series imports this module) that is safe: Ts is only used inside a method
import { Ts } from "./time_series.ts";
import {
  checkTimeUnits,
  formatTimestamps,
  returnTimestamps,
  roundTime,
  type TimeInput,
  type TimeUnits,
  toFloat64Array,
  toSeconds,
} from "./time_index.ts";
import {
  diffIntervals,
  fixIntervals,
  inIntervalIndex,
  intersectIntervals,
  ISET_WARNINGS,
  unionIntervals,
} from "./interval_kernels.ts";
import type { TextSize } from "../display/views.ts";
import { terminalSize } from "../display/terminal.ts";
import { plot } from "../display/plot.ts";
import type { PlotFigure } from "../display/plot_figure.ts";
import type { PlotOptions } from "../display/plot_types.ts";
import { intervalSetText } from "../display/text.ts";
import { intervalSetHtml } from "../display/html.ts";
import { jupyterBundle, type MimeBundle } from "../display/jupyter.ts";
import { saveNpzView } from "./saving.ts";

/** Options of `new IntervalSet(...)`. */
export interface IntervalSetOptions {
  /**
   * Interval starts; or, when `end` is omitted, `[start, end]` pairs (`[[0, 5], [10, 12]]`) or
   * another IntervalSet.
   */
  start: TimeInput | readonly (readonly number[])[] | IntervalSet;
  /** Interval ends (same length as `start`). */
  end?: TimeInput;
  /** One value per interval for each metadata column. */
  metadata?: MetadataRecord;
  /** Units of `start` and `end` (default seconds). */
  timeUnits?: TimeUnits;
}

const INTERVAL_SET_KEYS: OptionKeys<IntervalSetOptions> = {
  start: true,
  end: true,
  metadata: true,
  timeUnits: true,
};

/** Anything with timestamps, for {@linkcode IntervalSet.inInterval}. */
export interface HasTimes {
  /** Timestamps in seconds. */
  readonly t: Float64Array;
}

/** An IntervalSet refuses no metadata name (pynapple only warns about its attributes). */
const METADATA_RULES: MetadataRules = { kind: "IntervalSet" };

function isPairs(x: unknown): x is readonly (readonly number[])[] {
  return Array.isArray(x) && x.length > 0 && x.every((r) => Array.isArray(r));
}

function strictlyIncreasing(a: Float64Array): boolean {
  for (let i = 1; i < a.length; i++) if (!(a[i] > a[i - 1])) return false;
  return true;
}

function metadataLength(m: MetadataRecord | undefined): number {
  if (!m) return 0;
  return m instanceof Metadata ? m.columns.length : Object.keys(m).length;
}

function requireIntervalSet(x: unknown, what: string): void {
  if (!(x instanceof IntervalSet)) {
    throw new NappleError("INVALID_ARGUMENT", `${what} needs an IntervalSet`);
  }
}

/** An optional IntervalSet argument (`ep`): undefined or an IntervalSet, else INVALID_ARGUMENT. */
export function epArg(x: unknown, what = "ep"): IntervalSet | undefined {
  if (x === undefined || x === null) return undefined;
  if (!(x instanceof IntervalSet)) {
    throw new NappleError("INVALID_ARGUMENT", `${what} must be an IntervalSet`, { key: what });
  }
  return x;
}

/**
 * A set of non-overlapping time intervals with per-interval metadata (pynapple `IntervalSet`).
 *
 * @example
 * ```ts
 * import { IntervalSet } from "@napple/napple";
 * const ep = new IntervalSet({ start: [0, 10, 20], end: [5, 12, 33], metadata: { label: ["a", "b", "c"] } });
 * ep.totLength(); // 20
 * ep.intersect(new IntervalSet({ start: 4, end: 11 })).start; // Float64Array [4, 10]
 * ```
 */
export class IntervalSet {
  /** Interval starts in seconds. */
  readonly start: Float64Array;
  /** Interval ends in seconds. */
  readonly end: Float64Array;
  /** One metadata row per interval. */
  readonly metadata: Metadata;

  /**
   * Builds a set the way pynapple does: converts units and rounds to 9 decimals, sorts unsorted
   * starts/ends (warning "start is not sorted. Sorting it."), then drops zero-length and reversed
   * intervals, joins overlapping ones and removes 1 µs from ends touching the next start, each
   * with pynapple's warning. Metadata is dropped (with a warning) when intervals were re-sorted,
   * dropped or joined.
   */
  constructor(options: IntervalSetOptions) {
    if (typeof options !== "object" || options === null || !("start" in options)) {
      throw new NappleError(
        "INVALID_ARGUMENT",
        "IntervalSet needs an options object { start, end?, metadata?, timeUnits? }",
      );
    }
    checkOptions(options, INTERVAL_SET_KEYS, "new IntervalSet()");
    const units = checkTimeUnits(options.timeUnits ?? "s");
    const metadata = options.metadata;
    let startIn: unknown = options.start;
    let endIn: unknown = options.end;
    if (startIn instanceof IntervalSet) {
      // as pynapple: only the intervals are copied, not the metadata
      endIn = startIn.end;
      startIn = startIn.start;
    } else if (endIn === undefined) {
      if (isPairs(startIn)) {
        const pairs = startIn;
        if (!pairs.every((p) => p.length === 2)) {
          throw new NappleError(
            "SHAPE_MISMATCH",
            "start given without end must be a list of [start, end] pairs",
            { key: "start" },
          );
        }
        endIn = pairs.map((p) => p[1]);
        startIn = pairs.map((p) => p[0]);
      } else if (startIn instanceof NDArray && startIn.ndim === 2 && startIn.shape[1] === 2) {
        const f = toFloat64Array(startIn.data, "start");
        startIn = f.filter((_, i) => i % 2 === 0);
        endIn = f.filter((_, i) => i % 2 === 1);
      } else if (Array.isArray(startIn) && startIn.length === 0) {
        endIn = [];
      } else {
        throw new NappleError(
          "INVALID_ARGUMENT",
          "IntervalSet needs `end`, or `start` as a list of [start, end] pairs",
          { key: "end" },
        );
      }
    }
    let start = formatTimestamps(toFloat64Array(startIn, "start"), units, "start");
    let end = formatTimestamps(toFloat64Array(endIn, "end"), units, "end");
    if (start.length !== end.length) {
      throw new NappleError(
        "SHAPE_MISMATCH",
        `start has ${start.length} values but end has ${end.length}; they must match`,
        { key: "end" },
      );
    }
    const hasMeta = metadata !== undefined;
    let dropMeta = false;
    if (!strictlyIncreasing(start)) {
      warn(
        hasMeta
          ? "start is not sorted. Cannot add metadata to unsorted start times. Sorting it and dropping metadata."
          : "start is not sorted. Sorting it.",
      );
      start = start.slice().sort();
      dropMeta = true;
    }
    if (!strictlyIncreasing(end)) {
      warn(
        hasMeta
          ? "end is not sorted. Cannot add metadata to unsorted end times. Sorting it and dropping metadata."
          : "end is not sorted. Sorting it.",
      );
      end = end.slice().sort();
      dropMeta = true;
    }
    const fixed = fixIntervals(start, end);
    if (fixed.toWarn.some(Boolean)) {
      warn(ISET_WARNINGS.filter((_, i) => fixed.toWarn[i]).join("\n"));
      if (fixed.toWarn.slice(1).some(Boolean) && hasMeta) {
        dropMeta = true;
        warn("epochs have changed, dropping metadata.");
      }
    }
    this.start = fixed.start;
    this.end = fixed.end;
    this.metadata = new Metadata(this.start.length);
    if (!dropMeta && metadata && metadataLength(metadata)) this.setInfo(metadata);
  }

  /**
   * Builds a set from arrays already known to be valid (sorted, non-overlapping, rounded),
   * skipping the validation; for loaders and internal use.
   */
  static fromValid(start: Float64Array, end: Float64Array, metadata?: Metadata): IntervalSet {
    const ep = Object.create(IntervalSet.prototype) as IntervalSet;
    const md = metadata ?? new Metadata(start.length);
    Object.assign(ep, { start, end, metadata: md });
    return ep;
  }

  /** An empty set. */
  static empty(): IntervalSet {
    return IntervalSet.fromValid(new Float64Array(0), new Float64Array(0));
  }

  /** Number of intervals. */
  get length(): number {
    return this.start.length;
  }

  /** `[n, 2]`, as pynapple. */
  get shape(): [number, number] {
    return [this.start.length, 2];
  }

  /** Interval positions 0..n-1 (pynapple's `index`). */
  get index(): number[] {
    return Array.from({ length: this.length }, (_, i) => i);
  }

  /** The intervals as an n×2 float64 NDArray of `[start, end]` rows. */
  get values(): NDArray {
    const out = new Float64Array(this.length * 2);
    for (let i = 0; i < this.length; i++) {
      out[2 * i] = this.start[i];
      out[2 * i + 1] = this.end[i];
    }
    return new NDArray(out, [this.length, 2], "float64");
  }

  /** Metadata column names in order. */
  get metadataColumns(): string[] {
    return this.metadata.columns;
  }

  // ---- metadata

  /** Adds or replaces metadata columns (one value per interval). */
  setInfo(metadata: MetadataRecord): void {
    setInfo(this.metadata, metadata, METADATA_RULES);
  }

  /** The values of metadata column `name`, one per interval (KEY_NOT_FOUND if absent). */
  getInfo(name: string): unknown[];
  /** The same, each value checked to be a `type` (WRONG_TYPE otherwise): typed without a cast. */
  getInfo<T extends InfoType>(name: string, type: T): InfoValue<T>[];
  getInfo(name: string, type?: InfoType): unknown[] {
    return getInfo(this.metadata, name, type);
  }

  /** Removes metadata column(s). */
  dropInfo(name: string | readonly string[]): void {
    dropInfo(this.metadata, name, METADATA_RULES);
  }

  /**
   * Interval positions grouped by metadata `by` (pynapple `groupby`), sorted by value; with
   * `getGroup`, the IntervalSet of that group instead.
   */
  groupby(by: string | readonly string[]): Map<unknown, number[]>;
  /** The intervals whose metadata `by` equals `getGroup`. */
  groupby(by: string | readonly string[], getGroup: unknown): IntervalSet;
  /** pynapple `groupby`. */
  groupby(
    by: string | readonly string[],
    getGroup?: unknown,
  ): Map<unknown, number[]> | IntervalSet {
    return groupby(this.metadata, by, getGroup, (rows) => rows, (rows) => this.take(rows));
  }

  /** pynapple `groupby_apply`: `fn` of the IntervalSet of each metadata group, keyed by its values. */
  groupbyApply<R>(by: string | readonly string[], fn: (group: IntervalSet) => R): Map<unknown, R> {
    functionArg(fn);
    return new Map([...this.groupby(by).keys()].map((k) => [k, fn(this.groupby(by, k))]));
  }

  // ---- indexing

  /** Interval `i` (negative counts from the end) as a one-row IntervalSet with its metadata. */
  at(i: number): IntervalSet {
    const k = i < 0 ? i + this.length : i;
    if (!Number.isInteger(k) || k < 0 || k >= this.length) {
      throw new NappleError(
        "INDEX_OUT_OF_RANGE",
        `interval ${i} is out of range for an IntervalSet of ${this.length}`,
      );
    }
    return this.take([k]);
  }

  /** Intervals `[a, b)` (Python slice semantics, negative indices allowed). */
  slice(a = 0, b = this.length): IntervalSet {
    const n = this.length;
    const s = Math.max(0, Math.min(n, a < 0 ? a + n : a));
    const e = Math.max(s, Math.min(n, b < 0 ? b + n : b));
    return this.take(Array.from({ length: e - s }, (_, i) => s + i));
  }

  /** The intervals at `indices` (kept sorted as pynapple re-validates them). */
  take(indices: ArrayLike<number>): IntervalSet {
    const idx = Array.from(arrayLikeArg<number>(indices, "indices"), (i) => {
      const k = i < 0 ? i + this.length : i;
      if (!Number.isInteger(k) || k < 0 || k >= this.length) {
        throw new NappleError(
          "INDEX_OUT_OF_RANGE",
          `interval ${i} is out of range for an IntervalSet of ${this.length}`,
        );
      }
      return k;
    });
    const start = Float64Array.from(idx, (k) => this.start[k]);
    const end = Float64Array.from(idx, (k) => this.end[k]);
    const md = this.metadata.select(idx);
    return new IntervalSet({ start, end, metadata: md.columns.length ? md : undefined });
  }

  /** The intervals where `mask` is true (one boolean per interval). */
  mask(mask: ArrayLike<boolean | number>): IntervalSet {
    arrayLikeArg(mask, "mask");
    if (mask.length !== this.length) {
      throw new NappleError(
        "SHAPE_MISMATCH",
        `boolean mask has ${mask.length} values for ${this.length} intervals`,
      );
    }
    const idx: number[] = [];
    for (let i = 0; i < mask.length; i++) if (mask[i]) idx.push(i);
    return this.take(idx);
  }

  // ---- set operations

  /** Total duration (pynapple `tot_length`) in `timeUnits`. */
  totLength(timeUnits: TimeUnits = "s"): number {
    let tot = 0;
    for (let i = 0; i < this.length; i++) tot += this.end[i] - this.start[i];
    return returnTimestamps([tot], timeUnits)[0];
  }

  /** One interval from the first start to the last end (metadata dropped, with a warning). */
  timeSpan(): IntervalSet {
    if (this.metadata.columns.length) {
      warn("metadata incompatible with time_span method. dropping metadata from result");
    }
    if (this.length === 0) return IntervalSet.empty();
    return new IntervalSet({ start: [this.start[0]], end: [this.end[this.length - 1]] });
  }

  /** Intersection with `other`; metadata of both sides is kept (this side's columns first). */
  intersect(other: IntervalSet): IntervalSet {
    requireIntervalSet(other, "intersect");
    const r = intersectIntervals(this.start, this.end, other.start, other.end);
    const md = this.metadata.select(r.rows1);
    const md2 = other.metadata.select(r.rows2);
    for (const c of md2.columns) {
      if (!md.has(c)) md.set(c, md2.get(c).values, md2.get(c).dtype);
    }
    return new IntervalSet({
      start: r.start,
      end: r.end,
      metadata: md.columns.length ? md : undefined,
    });
  }

  /** Union with `other` (metadata dropped, with pynapple's warning). */
  union(other: IntervalSet): IntervalSet {
    requireIntervalSet(other, "union");
    if (this.metadata.columns.length) {
      warn("metadata incompatible with union method. dropping metadata from result");
    }
    const r = unionIntervals(this.start, this.end, other.start, other.end);
    return new IntervalSet({ start: r.start, end: r.end });
  }

  /** This set minus `other`; each piece keeps the metadata of the interval it came from. */
  setDiff(other: IntervalSet): IntervalSet {
    requireIntervalSet(other, "setDiff");
    const r = diffIntervals(this.start, this.end, other.start, other.end);
    const md = this.metadata.select(r.rows);
    return new IntervalSet({
      start: r.start,
      end: r.end,
      metadata: md.columns.length ? md : undefined,
    });
  }

  /** For each timestamp of `ts` (or times), the index of its interval, NaN outside. */
  inInterval(ts: HasTimes | TimeInput): Float64Array {
    const t = typeof ts === "object" && ts !== null && "t" in ts
      ? (ts as HasTimes).t
      : toFloat64Array(ts, "t");
    return inIntervalIndex(t, this.start, this.end);
  }

  /** Keeps intervals longer than `threshold` (strictly). */
  dropShortIntervals(threshold: number, timeUnits: TimeUnits = "s"): IntervalSet {
    const thr = toSeconds(threshold, timeUnits);
    const idx: number[] = [];
    for (let i = 0; i < this.length; i++) if (this.end[i] - this.start[i] > thr) idx.push(i);
    return this.take(idx);
  }

  /** Keeps intervals shorter than `threshold` (strictly). */
  dropLongIntervals(threshold: number, timeUnits: TimeUnits = "s"): IntervalSet {
    const thr = toSeconds(threshold, timeUnits);
    const idx: number[] = [];
    for (let i = 0; i < this.length; i++) if (this.end[i] - this.start[i] < thr) idx.push(i);
    return this.take(idx);
  }

  /** Merges intervals separated by gaps of at most `threshold` (metadata dropped). */
  mergeCloseIntervals(threshold: number, timeUnits: TimeUnits = "s"): IntervalSet {
    if (this.metadata.columns.length) {
      warn(
        "metadata incompatible with merge_close_intervals method. dropping metadata from result",
      );
    }
    if (this.length === 0) return IntervalSet.empty();
    const thr = toSeconds(threshold, timeUnits);
    const s: number[] = [this.start[0]];
    const e: number[] = [];
    for (let i = 1; i < this.length; i++) {
      if (this.start[i] - this.end[i - 1] > thr) {
        e.push(this.end[i - 1]);
        s.push(this.start[i]);
      }
    }
    e.push(this.end[this.length - 1]);
    return new IntervalSet({ start: s, end: e });
  }

  /**
   * Splits every interval longer than `intervalSize` into consecutive pieces of that size
   * (pynapple `split`): shorter remainders are dropped, 1 µs is removed from each end so the
   * pieces do not touch, and each piece keeps its interval's metadata.
   */
  split(intervalSize: number, timeUnits: TimeUnits = "s"): IntervalSet {
    if (typeof intervalSize !== "number" || !Number.isFinite(intervalSize)) {
      throw new NappleError("INVALID_ARGUMENT", "interval_size should be a finite number");
    }
    if (!(intervalSize > 0)) {
      throw new NappleError("INVALID_ARGUMENT", "interval_size should be strictly larger than 0");
    }
    if (this.length === 0) return IntervalSet.empty();
    const size = roundTime(toSeconds(intervalSize, timeUnits));
    const starts: number[] = [];
    const ends: number[] = [];
    const rows: number[] = [];
    for (let k = 0; k < this.length; k++) {
      const dur = roundTime(this.end[k] - this.start[k]);
      if (!(dur > size)) continue;
      // np.arange(start, end, size): ceil((end - start) / size) points
      const n = Math.ceil((this.end[k] - this.start[k]) / size);
      const pieceStarts: number[] = [];
      for (let i = 0; i < n; i++) pieceStarts.push(this.start[k] + i * size);
      for (let i = 0; i < n; i++) {
        const s = roundTime(pieceStarts[i]);
        const e = roundTime(i + 1 < n ? pieceStarts[i + 1] : this.end[k]);
        if (roundTime(e - s) >= size) {
          starts.push(s);
          ends.push(e - 1e-6);
          rows.push(k);
        }
      }
    }
    const md = this.metadata.select(rows);
    return new IntervalSet({
      start: starts,
      end: ends,
      metadata: md.columns.length ? md : undefined,
    });
  }

  /** Starts and ends expressed in `units` (pynapple `as_units`, without pandas). */
  asUnits(units: TimeUnits = "s"): { start: Float64Array; end: Float64Array } {
    return { start: returnTimestamps(this.start, units), end: returnTimestamps(this.end, units) };
  }

  /** Interval midpoints (`start + (end - start) * alpha`, alpha clipped to [0, 1]). */
  intervalCenters(alpha = 0.5): Float64Array {
    if (typeof alpha !== "number" || Number.isNaN(alpha)) {
      throw new NappleError("INVALID_ARGUMENT", "alpha should be a number in [0, 1]");
    }
    const a = Math.min(1, Math.max(0, alpha));
    return Float64Array.from(this.start, (s, i) => s + (this.end[i] - s) * a);
  }

  /** pynapple `get_intervals_center`: the midpoints as a Ts whose time support is this set. */
  getIntervalsCenter(alpha = 0.5): Ts {
    return new Ts({ t: this.intervalCenters(alpha), timeSupport: this });
  }

  /** True when both sets have the same intervals (metadata ignored). */
  equals(other: IntervalSet): boolean {
    if (!(other instanceof IntervalSet)) return false;
    if (other.length !== this.length) return false;
    for (let i = 0; i < this.length; i++) {
      if (this.start[i] !== other.start[i] || this.end[i] !== other.end[i]) return false;
    }
    return true;
  }

  // ---- display and saving

  /** pynapple's `print(ep)` text for a terminal of `size` (default 80×24). */
  toString(size?: TextSize): string {
    return intervalSetText(this, size);
  }

  /** Deno's console.log hook: pynapple's print for the current terminal (80×24 if none). */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString(terminalSize());
  }

  /** Jupyter rich display: pynapple's text and an HTML table. */
  [Symbol.for("Jupyter.display")](): MimeBundle {
    return jupyterBundle(this.toString(), intervalSetHtml(this));
  }

  /** Saves to pynapple's npz layout (`nap.loadFile` and pynapple read it back); returns the path. */
  save(path: string): string {
    const { start, end, metadata } = this;
    return saveNpzView(path, { kind: "IntervalSet", start, end, metadata });
  }
  /**
   * Draws the intervals as bands (`color`: a metadata column): the same figure as `nap.plot(this, options)`. Async because Observable Plot is
   * loaded on the first plot only.
   */
  plot(options: PlotOptions = {}): Promise<PlotFigure> {
    return plot(this, options);
  }
}
