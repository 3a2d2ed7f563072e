/**
 * pynapple's time series: `Ts` (timestamps only), `Tsd` (1-D values), `TsdFrame` (2-D, labelled
 * columns with per-column metadata) and `TsdTensor` (N-d). They share a base holding the time
 * index and the time support; values live in memory (NDArray) or stay lazy (LazyArray) and are
 * read one row range at a time.
 * @module
 */
import { NappleError } from "../errors.ts";
import { allocate, asFloat64, type DType, type Scalar, type TypedArray } from "../array/dtype.ts";
import { NDArray, shapeSize } from "../array/ndarray.ts";
import { isLazy, type LazyArray } from "../array/lazy.ts";
import { getBatchSize } from "../array/batch_size.ts";
import type { SeriesView, TextSize } from "../display/views.ts";
import { terminalSize } from "../display/terminal.ts";
import { plot } from "../display/plot.ts";
import type { PlotFigure } from "../display/plot_figure.ts";
import type { PlotOptions } from "../display/plot_types.ts";
import { epArg, IntervalSet } from "./interval_set.ts";
import { arrayLikeArg, functionArg } from "./checks.ts";
import {
  dropInfo,
  getInfo,
  groupby,
  Metadata,
  type MetadataRecord,
  type MetadataRules,
  setInfo,
} from "./metadata.ts";
import { checkOptions, type OptionKeys } from "../options.ts";
import {
  BIN_AVERAGE_KEYS,
  type BinAverageOptions,
  type ColumnLabel,
  CONVOLVE_KEYS,
  type ConvolveOptions,
  COUNT_KEYS,
  type CountOptions,
  DDOF_KEYS,
  type DdofOptions,
  INTERPOLATE_KEYS,
  type InterpolateOptions,
  SMOOTH_KEYS,
  type SmoothOptions,
  TIME_DIFF_KEYS,
  type TimeDiffOptions,
  TRIAL_TENSOR_KEYS,
  type TrialTensorOptions,
  TS_KEYS,
  TSD_KEYS,
  TSDFRAME_KEYS,
  type TsdFrameOptions,
  type TsdOptions,
  type TsOptions,
  ZSCORE_KEYS,
  type ZscoreOptions,
} from "./series_options.ts";
// a cycle (ts_group imports this module) that is safe: TsGroup is only used inside a method
import { TsGroup } from "./ts_group.ts";
import {
  convolveEpochs,
  interpolateEpochs,
  nanFreeRuns,
  nanRows,
  smoothingWindow,
} from "./series_ops.ts";
import {
  checkTimeUnits,
  gatherRanges,
  lowerBound,
  rangesLength,
  restrictRanges,
  type RowRange,
  TimeIndex,
  type TimeUnits,
  toSeconds,
} from "./time_index.ts";
import {
  eachBatch,
  LazyColumns,
  LazyRowRanges,
  type Store,
  storeAll,
  storeGather,
  storeLength,
  storeRows,
  storeTake,
  toStore,
} from "./store.ts";
import {
  averageOnGrid,
  binGrid,
  closestIndices,
  countInBins,
  countInEpochs,
  countsAs,
  thresholdEpochs,
  thresholdFlags,
  type ThresholdMethod,
  type ValueFromMode,
} from "./series_kernels.ts";
import {
  type BinaryOp,
  castStore,
  elementwise,
  fillNaN,
  logicalNot,
  normalizeAxes,
  type Operand,
  reduce,
  type ReduceKind,
  sameTimes,
  standardize,
  valuesAsNumbers,
} from "./series_math.ts";
import {
  checkTrialAlign,
  concatColumns,
  gradientEpochs,
  joinMetadata,
  sliceRange,
  timeDiffs,
  type TrialAlign,
  trialCountTensor,
  trialTensor,
} from "./series_methods.ts";
import { seriesText } from "../display/text.ts";
import { seriesHtml } from "../display/html.ts";
import { jupyterBundle, type MimeBundle } from "../display/jupyter.ts";
import type { SeriesKind } from "../display/views.ts";
import { saveNpzView } from "./saving.ts";

export type { DataInput, Store } from "./store.ts";
export type { SeriesKind } from "../display/views.ts";
export type { ThresholdMethod, ValueFromMode } from "./series_kernels.ts";
export type { Trim } from "./series_ops.ts";
export type { TimeDiffAlign, TrialAlign } from "./series_methods.ts";

/** Options of `trialCount` (Ts and TsGroup). */
export interface TrialCountOptions {
  /** Align the trials on their start (default) or end. */
  align?: TrialAlign;
  /** Value of the bins past a trial's end (default NaN). */
  paddingValue?: number;
  /** Units of `binSize` (default seconds). */
  timeUnits?: TimeUnits;
}

const TRIAL_COUNT_KEYS: OptionKeys<TrialCountOptions> = {
  align: true,
  paddingValue: true,
  timeUnits: true,
};

/**
 * pynapple `trial_count` of a Ts (one series) or a TsGroup (its members): `(series, trials, bins)`
 * counts in float64, the bins of each trial of `ep` aligned and padded.
 */
export function trialCounts(
  source: { count(o: CountOptions): Tsd | TsdFrame },
  ep: IntervalSet,
  binSize: number,
  options: TrialCountOptions,
): NDArray {
  if (!(ep instanceof IntervalSet)) {
    throw new NappleError("INVALID_ARGUMENT", "Argument ep should be of type IntervalSet");
  }
  const o = checkOptions(options, TRIAL_COUNT_KEYS, "trialCount");
  const align = checkTrialAlign(o.align ?? "start");
  if (typeof binSize !== "number" || !(binSize > 0)) {
    throw new NappleError("INVALID_ARGUMENT", "binSize should be a positive number");
  }
  const bs = toSeconds(binSize, checkTimeUnits(o.timeUnits ?? "s"));
  const c = source.count({ binSize: bs, ep, dtype: "float64" });
  const k = c.shape.length > 1 ? c.shape[1] : 1;
  const counts = c.toNumbers();
  return trialCountTensor(c.t, counts, k, ep.start, ep.end, bs, align, o.paddingValue ?? NaN);
}

export type {
  BinAverageOptions,
  ColumnLabel,
  ConvolveOptions,
  CountOptions,
  DdofOptions,
  InterpolateOptions,
  SeriesOptions,
  SmoothOptions,
  TimeDiffOptions,
  TrialTensorOptions,
  TsdFrameOptions,
  TsdOptions,
  TsOptions,
  ZscoreOptions,
} from "./series_options.ts";

/**
 * The other side of an element-wise operation: a number, a per-column (or any numpy-broadcast)
 * array, or a series with the same timestamps.
 */
export type SeriesOperand = number | boolean | ArrayLike<number> | NDArray | BaseTsd;

/** Axis or axes of a reduction (negative counts from the last; 0 is time). */
export type Axis = number | readonly number[];

/**
 * What a reduction of series `S` over axis `A` returns, as numpy with pynapple's wrapping: a
 * number when every axis is reduced (no axis, or any axis of a Tsd); over time (axis 0) a plain
 * array (a Float64Array per column of a TsdFrame, an NDArray for a TsdTensor); across columns
 * a series keeping the timestamps (a Tsd for a TsdFrame).
 */
export type Reduced<S, A> = A extends undefined ? number
  : S extends Tsd ? number
  : S extends TsdFrame ? (A extends 0 | -2 ? Float64Array
      : A extends 1 | -1 ? Tsd
      : number | Float64Array | Tsd)
  : A extends 0 ? NDArray
  : number | Float64Array | NDArray | Tsd | TsdFrame | TsdTensor;

/** `count`'s arguments resolved: epochs, dtype, and the bin size in seconds (none: per epoch). */
export interface CountSpec {
  /** Epochs to count in. */
  readonly epochs: IntervalSet;
  /** dtype of the counts. */
  readonly dtype: DType;
  /** Bin size in seconds; undefined counts per epoch. */
  readonly binSize: number | undefined;
}

/**
 * Reads `count`'s arguments, for series and groups alike, in each shape they accept:
 * `(binSize?, ep?, timeUnits?)`, `(binSize, timeUnits)`, `(ep, timeUnits?)` or one options
 * object; `ep` defaults to `support`, the dtype to int64 (pynapple's defaults).
 */
export function countSpec(
  binSize: number | IntervalSet | CountOptions | undefined,
  ep: IntervalSet | TimeUnits | undefined,
  timeUnits: TimeUnits | undefined,
  support: IntervalSet,
): CountSpec {
  let o: CountOptions;
  if (binSize instanceof IntervalSet) {
    o = { ep: binSize, timeUnits: typeof ep === "string" ? ep : timeUnits };
  } else if (typeof binSize === "object" && binSize !== null) {
    o = checkOptions(binSize, COUNT_KEYS, "count");
  } else if (typeof ep === "string") o = { binSize, timeUnits: ep };
  else o = { binSize, ep, timeUnits };
  if (o.binSize !== undefined && typeof o.binSize !== "number") {
    throw new NappleError("INVALID_ARGUMENT", "binSize must be a number", { key: "binSize" });
  }
  const epochs = epArg(o.ep) ?? support;
  const bs = o.binSize === undefined
    ? undefined
    : toSeconds(o.binSize, checkTimeUnits(o.timeUnits ?? "s"));
  if (bs !== undefined && !(bs > 0)) {
    throw new NappleError("INVALID_ARGUMENT", "binSize must be positive", { key: "binSize" });
  }
  return { epochs, dtype: o.dtype ?? "int64", binSize: bs };
}

function defaultSupport(t: Float64Array): IntervalSet {
  if (t.length === 0) return IntervalSet.empty();
  // through the validating constructor: a single timestamp gives pynapple's
  // "Some epochs have no duration" warning and an empty support, as in pynapple
  return new IntervalSet({ start: [t[0]], end: [t[t.length - 1]] });
}

function normIndex(i: number, n: number): number {
  const k = i < 0 ? i + n : i;
  if (!Number.isInteger(k) || k < 0 || k >= n) {
    throw new NappleError("INDEX_OUT_OF_RANGE", `index ${i} is out of range for length ${n}`);
  }
  return k;
}

function sliceBounds(a: number | undefined, b: number | undefined, n: number): [number, number] {
  const s0 = a ?? 0;
  const e0 = b ?? n;
  const s = Math.max(0, Math.min(n, s0 < 0 ? s0 + n : s0));
  const e = Math.max(s, Math.min(n, e0 < 0 ? e0 + n : e0));
  return [s, e];
}

function maskIndices(mask: ArrayLike<boolean | number>, n: number): number[] {
  arrayLikeArg(mask, "mask");
  if (mask.length !== n) {
    throw new NappleError("SHAPE_MISMATCH", `boolean mask has ${mask.length} values for ${n} rows`);
  }
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (mask[i]) idx.push(i);
  return idx;
}

/**
 * The elements of rows `i` of `src` (`rowSize` elements each) whose `flags[offset + i]` equals
 * `value`, copied run of consecutive rows by run of rows (one `set` per long run, a plain loop for
 * short ones): far cheaper than a per-index gather when most rows are kept.
 */
function keepRows<T extends TypedArray>(
  src: T,
  rowSize: number,
  flags: Uint8Array,
  offset: number,
  value: 0 | 1,
): T {
  const n = rowSize ? src.length / rowSize : 0;
  let count = 0;
  for (let i = 0; i < n; i++) if (flags[offset + i] === value) count++;
  const out = new (src.constructor as new (len: number) => T)(count * rowSize);
  // deno-lint-ignore no-explicit-any
  const o = out as any, x = src as any;
  let w = 0;
  for (let i = 0; i < n;) {
    if (flags[offset + i] !== value) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && flags[offset + j] === value) j++;
    const a = i * rowSize, b = j * rowSize;
    if (b - a <= 16) { for (let k = a; k < b; k++) o[w++] = x[k]; }
    else {
      o.set(x.subarray(a, b), w);
      w += b - a;
    }
    i = j;
  }
  return out;
}

/** `keepRows` of an NDArray: its rows whose flag equals `value`, same dtype and row shape. */
function keepNdRows(rows: NDArray, flags: Uint8Array, offset: number, value: 0 | 1): NDArray {
  const r = rows.rowSize;
  const data = keepRows(rows.data, r, flags, offset, value);
  return new NDArray(data, [r ? data.length / r : 0, ...rows.shape.slice(1)], rows.dtype);
}

function toFloatRows(a: NDArray): Float64Array {
  if (a.data instanceof Float64Array) return a.data;
  return Float64Array.from(a.data as ArrayLike<number | bigint>, Number);
}

/** What every series has: timestamps, a time support and the operations on time. */
export abstract class TimeSeriesBase {
  /** Timestamps in seconds (sorted, rounded to 9 decimals). */
  readonly t: Float64Array;
  /** The intervals on which the series is defined. */
  readonly timeSupport: IntervalSet;
  /** Rows per second of time support (pynapple `rate`). */
  readonly rate: number;
  /** Values (undefined for Ts). */
  protected readonly store: Store | undefined;

  /**
   * Validates `index` against `store` and `timeSupport`: reorders data when the timestamps had to
   * be sorted, drops rows outside the support (lazy data stays lazy) and computes the rate.
   */
  protected constructor(index: TimeIndex, store: Store | undefined, timeSupport?: IntervalSet) {
    let t = index.values;
    if (store && storeLength(store) !== t.length) {
      throw new NappleError(
        "SHAPE_MISMATCH",
        `Length of values ${storeLength(store)} does not match length of index ${t.length}`,
        { key: "d" },
      );
    }
    if (store && index.order) store = storeTake(store, index.order);
    if (timeSupport !== undefined && !(timeSupport instanceof IntervalSet)) {
      throw new NappleError("INVALID_ARGUMENT", "timeSupport must be an IntervalSet", {
        key: "timeSupport",
      });
    }
    const emptyInput = t.length === 0;
    if (emptyInput) {
      // pynapple: an empty series always gets an empty time support (and a NaN rate)
      timeSupport = IntervalSet.empty();
    } else if (timeSupport !== undefined) {
      const ranges = restrictRanges(t, timeSupport.start, timeSupport.end);
      if (rangesLength(ranges) !== t.length) {
        t = gatherRanges(t, ranges);
        if (store) {
          store = isLazy(store) ? new LazyRowRanges(store, ranges) : storeGather(store, ranges);
        }
      }
    } else {
      timeSupport = defaultSupport(t);
    }
    this.t = t;
    this.store = store;
    this.timeSupport = timeSupport;
    // samples all outside a given support leave a rate of 0 on that support, as in pynapple
    this.rate = emptyInput ? NaN : t.length / timeSupport.totLength();
  }

  /** Builds a series of the same class and columns from new rows (internal). */
  protected abstract rebuild(
    t: Float64Array,
    store: Store | undefined,
    timeSupport: IntervalSet,
  ): this;

  /** Number of rows. */
  get length(): number {
    return this.t.length;
  }

  /** Shape of the values (`[n]` for Ts). */
  abstract get shape(): readonly number[];

  /** First timestamp (undefined when empty). */
  get startTime(): number | undefined {
    return this.t.length ? this.t[0] : undefined;
  }

  /** Last timestamp (undefined when empty). */
  get endTime(): number | undefined {
    return this.t.length ? this.t[this.t.length - 1] : undefined;
  }

  /** pynapple's `index`: the timestamps. */
  get index(): Float64Array {
    return this.t;
  }

  /** The timestamps expressed in `units`. */
  times(units: TimeUnits = "s"): Float64Array {
    return TimeIndex.trusted(this.t).inUnits(units);
  }

  /**
   * Keeps the rows inside `ep` (interval ends inclusive); the result's time support is `ep`.
   * Rows are found by binary search; lazy data is read with one call per interval.
   */
  restrict(ep: IntervalSet): this {
    if (!(ep instanceof IntervalSet)) {
      throw new NappleError("INVALID_ARGUMENT", "restrict needs an IntervalSet", { key: "ep" });
    }
    const ranges = restrictRanges(this.t, ep.start, ep.end);
    const t = gatherRanges(this.t, ranges);
    const store = this.store ? storeGather(this.store, ranges) : undefined;
    return this.rebuild(t, store, ep);
  }

  /** Rows `[a, b)` by position (negative counts from the end); time support kept. */
  slice(a?: number, b?: number): this {
    const [s, e] = sliceBounds(a, b, this.length);
    return this.rows(s, e);
  }

  /** The rows at `indices`, in that order (time support kept). */
  take(indices: ArrayLike<number>): this {
    const idx = Array.from(
      arrayLikeArg<number>(indices, "indices"),
      (i) => normIndex(i, this.length),
    );
    for (let i = 1; i < idx.length; i++) {
      if (idx[i] < idx[i - 1]) {
        throw new NappleError("NOT_SORTED", "take needs increasing row positions");
      }
    }
    const t = Float64Array.from(idx, (k) => this.t[k]);
    const store = this.store ? storeTake(this.store, idx) : undefined;
    return this.rebuild(t, store, this.timeSupport);
  }

  /**
   * The rows where `mask` is true: one entry per row, or a 1-D series of the same timestamps
   * (pynapple's `tsd[tsd > 0]` is `tsd.mask(tsd.gt(0))`).
   */
  mask(mask: ArrayLike<boolean | number> | BaseTsd): this {
    if (mask instanceof BaseTsd) {
      if (mask.ndim !== 1 || !sameTimes(mask.t, this.t)) {
        throw new NappleError(
          "SHAPE_MISMATCH",
          "a mask series must be 1-D with the same timestamps as the series it selects from",
        );
      }
      mask = mask.toNumbers();
    }
    return this.take(maskIndices(mask, this.length));
  }

  /** Rows `[a, b)` (views of in-memory data; one read of lazy data). */
  protected rows(a: number, b: number): this {
    const store = this.store ? storeRows(this.store, a, b) : undefined;
    return this.rebuild(this.t.subarray(a, b), store, this.timeSupport);
  }

  /** Position of the row nearest to `time` (pynapple `get` with one argument). */
  protected nearest(time: number, timeUnits: TimeUnits = "s"): number {
    const x = toSeconds(time, timeUnits);
    const n = this.t.length;
    if (n === 0) throw new NappleError("INDEX_OUT_OF_RANGE", "get on an empty series");
    const idx = lowerBound(this.t, x);
    if (idx === 0) return 0;
    if (idx >= n) return n - 1;
    return x - this.t[idx - 1] < this.t[idx] - x ? idx - 1 : idx;
  }

  /**
   * Rows with `start <= t <= end` (pynapple `get(start, end)`); time support kept. As in
   * pynapple, a timestamp repeated at `end` is kept once (its first copy), and `start == end`
   * gives the (first) sample at that time.
   */
  protected range(start: number, end: number, timeUnits: TimeUnits = "s"): this {
    const s = toSeconds(start, timeUnits);
    const e = toSeconds(end, timeUnits);
    if (!(s <= e)) {
      throw new NappleError(
        "INVALID_ARGUMENT",
        `get needs start <= end ('start' should not precede 'end'); got ${start}, ${end}`,
      );
    }
    const last = lowerBound(this.t, e);
    return this.rows(lowerBound(this.t, s), last + (this.t[last] === e ? 1 : 0));
  }

  /**
   * Counts timestamps per bin (`count(binSize)`), per epoch (`count()`), in `ep` or the time
   * support; returns a Tsd of counts (int64 by default, as pynapple) at bin centers.
   */
  count(
    binSize?: number | IntervalSet | CountOptions,
    ep?: IntervalSet | TimeUnits,
    timeUnits?: TimeUnits,
  ): Tsd {
    const { epochs, dtype, binSize: bs } = countSpec(binSize, ep, timeUnits, this.timeSupport);
    let t: Float64Array;
    let c: Float64Array;
    if (bs !== undefined) {
      const r = countInBins(this.t, epochs.start, epochs.end, bs);
      t = r.bins;
      c = r.counts;
    } else {
      const r = countInEpochs(this.t, epochs.start, epochs.end);
      t = r.centers;
      c = r.counts;
    }
    const d = new NDArray(countsAs(c, dtype), [c.length], dtype);
    return new Tsd({ t, d, timeSupport: epochs });
  }

  /**
   * For each timestamp of this series inside `ep` (default: `data`'s time support), the value
   * of `data` at its closest timestamp in the same epoch (`mode` "before"/"after": the last
   * sample at or before / the first at or after it). Returns an object of `data`'s class.
   * Timestamps with no match are NaN, and integer data then becomes float64, as in pynapple.
   */
  valueFrom<S extends Tsd | TsdFrame | TsdTensor>(
    data: S,
    ep?: IntervalSet,
    mode: ValueFromMode = "closest",
  ): S {
    if (!(data instanceof BaseTsd)) {
      throw new NappleError("INVALID_ARGUMENT", "valueFrom needs a Tsd, TsdFrame or TsdTensor");
    }
    if (!["closest", "before", "after"].includes(mode)) {
      throw new NappleError(
        "INVALID_ARGUMENT",
        `mode should be "closest", "before", or "after"; got ${JSON.stringify(mode)}`,
      );
    }
    const epochs = epArg(ep) ?? data.timeSupport;
    const { rows, targets } = closestIndices(this.t, data.t, epochs.start, epochs.end, mode);
    const t = Float64Array.from(rows, (r) => this.t[r]);
    const rowShape = data.shape.slice(1);
    const matched: number[] = [];
    for (const k of targets) if (k >= 0) matched.push(k);
    const got = data.readRowsAt(matched);
    const rs = got.rowSize;
    // as pynapple: float data keeps its dtype; other data becomes float64 when a timestamp has
    // no match (NaN), and keeps its dtype otherwise
    const isFloat = got.dtype === "float32" || got.dtype === "float64";
    const dtype: DType = isFloat || matched.length === targets.length ? got.dtype : "float64";
    const out = allocate(dtype, t.length * rs);
    if (dtype === "float32" || dtype === "float64") (out as Float64Array).fill(NaN);
    let m = 0;
    for (let i = 0; i < targets.length; i++) {
      if (targets[i] < 0) continue;
      const row = got.data.subarray(m * rs, (m + 1) * rs);
      if (dtype === got.dtype) (out as Float64Array).set(row as Float64Array, i * rs);
      else for (let j = 0; j < rs; j++) (out as Float64Array)[i * rs + j] = Number(row[j]);
      m++;
    }
    const d = new NDArray(out, [t.length, ...rowShape], dtype);
    return data.fromRows(t, d, epochs) as S;
  }

  /**
   * The differences between consecutive timestamps within each epoch of `epochs` (default: the
   * time support), as a Tsd timed at the start, center (default) or end of each interval
   * (pynapple `time_diff`).
   */
  timeDiff(options: TimeDiffOptions = {}): Tsd {
    const o = checkOptions(options, TIME_DIFF_KEYS, "timeDiff");
    const epochs = epArg(o.epochs) ?? this.timeSupport;
    const r = timeDiffs(
      this.t,
      restrictRanges(this.t, epochs.start, epochs.end),
      o.align ?? "center",
    );
    return new Tsd({ t: r.t, d: r.d, timeSupport: epochs });
  }

  /**
   * pynapple `get_slice`: the row positions `[a, b)` of `start <= t <= end`, or with `start`
   * alone those of the nearest timestamp; `slice(a, b)` gives the same rows as `get`.
   */
  getSlice(start: number, end?: number, timeUnits: TimeUnits = "s"): RowRange {
    if (end === undefined) {
      const k = this.nearest(start, timeUnits);
      return [k, k + 1];
    }
    return sliceRange(this.t, toSeconds(start, timeUnits), toSeconds(end, timeUnits));
  }

  /**
   * The smallest set of intervals holding every timestamp, splitting where consecutive
   * timestamps are more than `minGap` apart; each interval ends 1 µs after its last timestamp
   * (pynapple `find_support`).
   */
  findSupport(minGap: number, timeUnits: TimeUnits = "s"): IntervalSet {
    const gap = toSeconds(minGap, timeUnits);
    const t = this.t;
    if (t.length === 0) return IntervalSet.empty();
    const starts = [t[0]];
    const ends: number[] = [];
    for (let i = 0; i < t.length - 1; i++) {
      if (t[i + 1] - t[i] > gap) {
        ends.push(t[i] + 1e-6);
        starts.push(t[i + 1]);
      }
    }
    ends.push(t[t.length - 1] + 1e-6);
    return new IntervalSet({ start: starts, end: ends });
  }

  /** pynapple's `print(obj)` text for a terminal of `size` (default 80×24). */
  toString(size?: TextSize): string {
    return seriesText(this.kind, this.view(), size);
  }

  /** Deno's console.log hook: pynapple's print for the current terminal (80×24 if none). */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString(terminalSize());
  }

  /** Jupyter rich display: pynapple's text and an HTML table. */
  [Symbol.for("Jupyter.display")](): MimeBundle {
    return jupyterBundle(this.toString(), seriesHtml(this.kind, this.view()));
  }

  /** Saves to pynapple's npz layout (`nap.loadFile` and pynapple read it back); returns the path. */
  save(path: string): string {
    const { kind, store, timeSupport } = this;
    return saveNpzView(path, { ...this.view(), kind, store, timeSupport });
  }

  /**
   * Draws this series alone: the same figure as `nap.plot(this, options)` (Ts → raster, Tsd →
   * line, TsdFrame → one line per column, TsdTensor → heatmap). Async because Observable Plot is
   * loaded on the first plot only.
   */
  plot(options: PlotOptions = {}): Promise<PlotFigure> {
    return plot(this, options);
  }

  /** The class name pynapple prints. */
  protected abstract get kind(): SeriesKind;

  /** How the display code sees this object. */
  private view(): SeriesView {
    // deno-lint-ignore no-this-alias
    const self = this;
    return {
      t: self.t,
      shape: self.shape,
      dtype: (self.store?.dtype ?? "float64") as DType,
      readRows: (a: number, b: number) => self.readRows(a, b),
      columns: self instanceof TsdFrame ? self.columns : undefined,
      metadata: self instanceof TsdFrame ? self.metadata : undefined,
      timeSupport: self.timeSupport,
    };
  }

  /** Value rows `[start, end)` in memory (the timestamps themselves for Ts). */
  readRows(start: number, end: number): NDArray {
    if (!this.store) return new NDArray(this.t.slice(start, end), [Math.max(0, end - start)]);
    return storeRows(this.store, start, end);
  }
}

/**
 * Timestamps without values (pynapple `Ts`), e.g. the spike times of one unit.
 *
 * @example
 * ```ts
 * import { Ts } from "@napple/napple";
 * const spikes = new Ts({ t: [0.5, 1.2, 1.3, 4.0] });
 * spikes.count(1).values; // BigInt64Array [3n, 0n, 0n, 1n]: 1 s bins centred at 1, 2, 3, 4
 * ```
 */
export class Ts extends TimeSeriesBase {
  /** `new Ts({t, timeUnits?, timeSupport?})`. */
  constructor(options: TsOptions) {
    if (typeof options !== "object" || options === null || !("t" in options)) {
      throw new NappleError("INVALID_ARGUMENT", "Ts needs an options object { t, ... }");
    }
    checkOptions(options, TS_KEYS, "new Ts()");
    super(
      TimeIndex.from(options.t, checkTimeUnits(options.timeUnits ?? "s")),
      undefined,
      options.timeSupport,
    );
  }

  /** Builds a series of this class from new rows (internal). */
  protected rebuild(t: Float64Array, _store: Store | undefined, timeSupport: IntervalSet): this {
    return new Ts({ t: TimeIndex.trusted(t), timeSupport }) as this;
  }

  /** `[n]`. */
  get shape(): readonly number[] {
    return [this.t.length];
  }

  /** Ts has no values. */
  get values(): undefined {
    return undefined;
  }

  /** The timestamp at position `i` (negative counts from the end). */
  at(i: number): number {
    return this.t[normIndex(i, this.length)];
  }

  /** The nearest timestamp to `start`, or with `end` the Ts of `start <= t <= end`. */
  get(start: number, end?: undefined, timeUnits?: TimeUnits): number;
  /** The Ts of timestamps with `start <= t <= end`. */
  get(start: number, end: number, timeUnits?: TimeUnits): Ts;
  /** pynapple `get`. */
  get(start: number, end?: number, timeUnits: TimeUnits = "s"): number | Ts {
    if (end === undefined) return this.t[this.nearest(start, timeUnits)];
    return this.range(start, end, timeUnits);
  }

  /** A Tsd holding `value` at every timestamp (pynapple `Ts.fillna`). */
  fillna(value: number): Tsd {
    if (typeof value !== "number") {
      throw new NappleError("INVALID_ARGUMENT", "Only a scalar can be passed to fillna");
    }
    const d = new Float64Array(this.length).fill(value);
    return new Tsd({ t: TimeIndex.trusted(this.t), d, timeSupport: this.timeSupport });
  }

  /**
   * Counts in bins of `binSize` within each trial of `ep`, as a `(trials, bins)` float64 array
   * aligned to the trials' start (or end) and padded with NaN (pynapple `trial_count`).
   */
  trialCount(ep: IntervalSet, binSize: number, options: TrialCountOptions = {}): NDArray {
    const r = trialCounts(this, ep, binSize, options);
    return r.reshape(r.shape.slice(1));
  }

  /** The kind printed. */
  protected get kind(): SeriesKind {
    return "Ts";
  }
}

/** Shared by Tsd, TsdFrame and TsdTensor: values. */
export abstract class BaseTsd extends TimeSeriesBase {
  /** Values (never undefined here). */
  declare protected readonly store: Store;

  /** Validates `options` and builds the base. */
  protected constructor(
    options: TsdOptions,
    check: (s: Store) => Store,
    what: string,
  ) {
    if (typeof options !== "object" || options === null || !("t" in options)) {
      throw new NappleError("INVALID_ARGUMENT", `${what} needs an options object { t, d, ... }`);
    }
    checkOptions(options, what === "TsdFrame" ? TSDFRAME_KEYS : TSD_KEYS, `new ${what}()`);
    if (!("d" in options) || options.d === undefined) {
      throw new NappleError("INVALID_ARGUMENT", `${what} needs values \`d\``, { key: "d" });
    }
    const index = TimeIndex.from(options.t, checkTimeUnits(options.timeUnits ?? "s"));
    super(index, check(toStore(options.d, options.loadArray)), options.timeSupport);
  }

  /** Shape of the values, time first. */
  get shape(): readonly number[] {
    return this.store.shape;
  }

  /** numpy dtype of the values. */
  get dtype(): DType {
    return this.store.dtype;
  }

  /** Number of dimensions of the values. */
  get ndim(): number {
    return this.store.shape.length;
  }

  /** True when the values are a LazyArray still on storage. */
  get isLazy(): boolean {
    return isLazy(this.store);
  }

  /**
   * The values: a TypedArray for in-memory 1-D data, an NDArray for N-d data, the LazyArray
   * itself for lazy data (as pynapple returns the h5py dataset).
   */
  get values(): TypedArray | NDArray | LazyArray {
    if (isLazy(this.store)) return this.store;
    return this.store.ndim === 1 ? this.store.data : this.store;
  }

  /** Alias of `values`. */
  get d(): TypedArray | NDArray | LazyArray {
    return this.values;
  }

  /**
   * The value rows at `indices` in memory (lazy data read in runs of consecutive rows).
   * @ignore plumbing for the analysis functions, not user API
   */
  readRowsAt(indices: ArrayLike<number>): NDArray {
    arrayLikeArg(indices, "indices");
    return storeTake(this.store, indices);
  }

  /**
   * A series of the same class (same columns and metadata) holding rows `t`/`d` with
   * `timeSupport`; `t` must be sorted seconds already rounded to 9 decimals.
   * @ignore plumbing for the analysis functions, not user API
   */
  fromRows(t: Float64Array, d: NDArray | LazyArray, timeSupport: IntervalSet): this {
    return this.rebuild(t, d, timeSupport);
  }

  /** All values in memory as an NDArray (reads lazy data). */
  toNDArray(): NDArray {
    return storeAll(this.store);
  }

  /**
   * Mean of the values in bins of `binSize` inside `ep` (default: time support), at bin centers;
   * float64 result of the same class. The positional form `binAverage(binSize, ep, timeUnits)`
   * is accepted too.
   */
  binAverage(
    binSize: number,
    options: BinAverageOptions | IntervalSet = {},
    timeUnits?: TimeUnits,
  ): this {
    const o = options instanceof IntervalSet
      ? { ep: options, timeUnits }
      : checkOptions(options, BIN_AVERAGE_KEYS, "binAverage");
    const epochs = epArg(o.ep) ?? this.timeSupport;
    const bs = toSeconds(binSize, o.timeUnits ?? timeUnits ?? "s");
    if (!(bs > 0)) throw new NappleError("INVALID_ARGUMENT", "binSize must be positive");
    const grid = binGrid(epochs.start, epochs.end, bs);
    const rowShape = this.store.shape.slice(1);
    const rs = shapeSize(rowShape);
    // lazy data is streamed in batches of the analysis batch size: memory stays bounded by the
    // batch and the (smaller) output, not by the data
    const step = isLazy(this.store)
      ? Math.max(1, Math.floor(getBatchSize() / Math.max(1, rs * 8)))
      : Infinity;
    const ranges = restrictRanges(this.t, epochs.start, epochs.end);
    const values = averageOnGrid(this.t, ranges, grid, rs, this.#floatRows, step);
    const d = new NDArray(values, [grid.centers.length, ...rowShape], "float64");
    return this.rebuild(grid.centers, d, epochs);
  }

  /**
   * Drops every row holding a NaN (pynapple `dropna`). With `updateTimeSupport` (default) the
   * time support becomes the runs of rows without NaN (a run of one sample gets 1 µs of length);
   * with no sample left it is empty either way, as in pynapple.
   */
  dropna(updateTimeSupport = true): this {
    // pynapple: no sample left (or none to begin with) means an empty time support
    if (this.length === 0) return this.rebuild(this.t, this.store, IntervalSet.empty());
    const dtype = this.store.dtype;
    if (dtype !== "float32" && dtype !== "float64") return this; // integers hold no NaN
    const isNan = new Uint8Array(this.length);
    const kept: NDArray[] = [];
    let nKept = 0;
    eachBatch(this.store, (rows, a) => {
      isNan.set(nanRows(toFloatRows(rows), rows.rowSize), a);
      const part = keepNdRows(rows, isNan, a, 0);
      nKept += part.length;
      if (part.length) kept.push(part);
    });
    if (nKept === this.length) return this;
    let support = this.timeSupport;
    if (updateTimeSupport) {
      const runs = nanFreeRuns(this.t, isNan);
      support = runs.start.length ? new IntervalSet(runs) : IntervalSet.empty();
    }
    const t = keepRows(this.t, 1, isNan, 0, 0);
    return this.rebuild(t, NDArray.concatRows(kept, dtype, this.store.shape.slice(1)), support);
  }

  /**
   * Linear interpolation of the values at the timestamps of `ts` inside `ep` (default: time
   * support), epoch by epoch (pynapple `interpolate`, numpy `interp` per column). Outside the
   * samples of an epoch the first/last value is used unless `left`/`right` are given.
   */
  interpolate(
    ts: TimeSeriesBase,
    options: InterpolateOptions = {},
  ): this {
    if (!(ts instanceof TimeSeriesBase)) {
      throw new NappleError(
        "INVALID_ARGUMENT",
        "interpolate needs a Ts, Tsd, TsdFrame or TsdTensor",
      );
    }
    options = checkOptions(options, INTERPOLATE_KEYS, "interpolate");
    const ep = epArg(options.ep) ?? this.timeSupport;
    const tgtRanges = restrictRanges(ts.t, ep.start, ep.end);
    const rowShape = this.store.shape.slice(1);
    const out = interpolateEpochs(
      this.t,
      this.#floatRows,
      shapeSize(rowShape),
      ts.t,
      restrictRanges(this.t, ep.start, ep.end),
      tgtRanges,
      options.left,
      options.right,
    );
    const t = gatherRanges(ts.t, tgtRanges);
    return this.rebuild(t, new NDArray(out, [t.length, ...rowShape], "float64"), ep);
  }

  /**
   * Discrete linear convolution with a 1-D `kernel`, epoch by epoch over `ep` (default: time
   * support), trimmed back to the input length (pynapple `convolve`; `trim` "both", "left" or
   * "right"). Assumes a constant sampling rate, as pynapple does. Float64 result.
   */
  convolve(kernel: ArrayLike<number>, options: ConvolveOptions = {}): this {
    options = checkOptions(options, CONVOLVE_KEYS, "convolve");
    const trim = options.trim ?? "both";
    if (!["both", "left", "right"].includes(trim)) {
      throw new NappleError("INVALID_ARGUMENT", "trim should be 'both', 'left' or 'right'");
    }
    if (!kernel || typeof kernel.length !== "number" || kernel.length === 0) {
      throw new NappleError("INVALID_ARGUMENT", "the kernel must be a non-empty 1-D array");
    }
    const ep = epArg(options.ep) ?? this.timeSupport;
    const ranges = restrictRanges(this.t, ep.start, ep.end);
    const rowShape = this.store.shape.slice(1);
    const k = Float64Array.from(kernel as ArrayLike<number>, Number);
    const out = convolveEpochs(this.#floatRows, shapeSize(rowShape), ranges, k, trim);
    const t = gatherRanges(this.t, ranges);
    return this.rebuild(t, new NDArray(out, [t.length, ...rowShape], "float64"), ep);
  }

  /**
   * Gaussian smoothing (pynapple `smooth`): a window of `windowSize` (default `std * sizeFactor`,
   * sizeFactor 100) with standard deviation `std`, both converted to samples with the rate (an
   * even number of samples gets one more), normalised to sum 1 unless `norm` is false, applied
   * with `convolve`.
   */
  smooth(
    std: number,
    options: SmoothOptions = {},
  ): this {
    options = checkOptions(options, SMOOTH_KEYS, "smooth");
    const units = options.timeUnits ?? "s";
    // an empty series has no rate to size the window with: its smoothing is empty
    if (this.length === 0) return this.convolve([1]);
    const stdSize = Math.trunc(this.rate * toSeconds(std, units));
    if (!(stdSize >= 1)) {
      throw new NappleError(
        "INVALID_ARGUMENT",
        `std ${std} ${units} is less than one sample at rate ${this.rate}`,
      );
    }
    let size = options.windowSize !== undefined
      ? Math.trunc(this.rate * toSeconds(options.windowSize, units))
      : stdSize * (options.sizeFactor ?? 100);
    if (size % 2 === 0) size += 1; // pynapple centres the window on a sample: odd length
    if (!(size >= 1 && size <= 1e8)) {
      throw new NappleError(
        "INVALID_ARGUMENT",
        `smoothing window of ${size} samples is not usable`,
      );
    }
    return this.convolve(smoothingWindow(size, stdSize, options.norm ?? true));
  }

  /** Value rows `[a, b)` as float64 (one read of lazy data). */
  #floatRows = (a: number, b: number): Float64Array => toFloatRows(storeRows(this.store, a, b));

  /**
   * A float64 series of the same class, timestamps and support with `fn` applied to every value
   * (the JS stand-in for pynapple's numpy ufuncs, e.g. `tsd.map((v) => v * 2)`). `i` is the flat
   * position of the value.
   */
  map(fn: (value: number, i: number) => number): this {
    if (typeof fn !== "function") {
      throw new NappleError("INVALID_ARGUMENT", "map needs a function");
    }
    const rs = shapeSize(this.store.shape.slice(1));
    const out = new Float64Array(this.length * rs);
    eachBatch(this.store, (rows, a) => {
      const src = rows.data;
      const off = a * rs;
      for (let i = 0; i < src.length; i++) out[off + i] = fn(Number(src[i]), off + i);
    });
    return this.rebuild(this.t, new NDArray(out, this.store.shape, "float64"), this.timeSupport);
  }

  /**
   * Row ranges of the time support (used by analysis code streaming lazy data).
   * @ignore plumbing for the analysis functions, not user API
   */
  supportRanges(ep: IntervalSet = this.timeSupport): RowRange[] {
    ep = epArg(ep) ?? this.timeSupport;
    return restrictRanges(this.t, ep.start, ep.end);
  }

  // --- numpy's element-wise operations and reductions (numeric code in series_math.ts)

  /** `op` of the values with `other` (a number, an array broadcast like numpy, or a series). */
  #elementwise(op: BinaryOp, other: SeriesOperand): this {
    return this.rebuild(
      this.t,
      elementwise(this.store, op, this.#operand(other)),
      this.timeSupport,
    );
  }

  /** `other` as series_math sees it; a series must have the same timestamps. */
  #operand(other: SeriesOperand): Operand {
    if (typeof other === "number") return other;
    if (typeof other === "boolean") return other ? 1 : 0;
    if (other instanceof TimeSeriesBase) {
      if (!(other instanceof BaseTsd)) {
        throw new NappleError("INVALID_ARGUMENT", "a Ts has no values to operate with");
      }
      if (!sameTimes(this.t, other.t)) {
        throw new NappleError(
          "SHAPE_MISMATCH",
          `the two series have different timestamps (${this.length} and ${other.length} rows): ` +
            "align one on the other first, e.g. b.interpolate(a) or a.valueFrom(b)",
        );
      }
      return { shape: other.shape, rows: (a, b) => asFloat64(other.readRows(a, b).data) };
    }
    if (other instanceof NDArray) return { shape: other.shape, data: asFloat64(other.data) };
    arrayLikeArg(other, "other");
    return { shape: [other.length], data: Float64Array.from(other, Number) };
  }

  /** `this + other` element-wise (numpy `add`); float64 values of the same class. */
  add(other: SeriesOperand): this {
    return this.#elementwise("add", other);
  }

  /** `this - other` element-wise (numpy `subtract`). */
  sub(other: SeriesOperand): this {
    return this.#elementwise("sub", other);
  }

  /** `this * other` element-wise (numpy `multiply`). */
  mul(other: SeriesOperand): this {
    return this.#elementwise("mul", other);
  }

  /** `this / other` element-wise (numpy `true_divide`: x / 0 is ±Infinity or NaN). */
  div(other: SeriesOperand): this {
    return this.#elementwise("div", other);
  }

  /** `this ** other` element-wise (numpy `power`). */
  pow(other: SeriesOperand): this {
    return this.#elementwise("pow", other);
  }

  /** `this % other` element-wise with numpy's (Python's) sign convention: the divisor's sign. */
  mod(other: SeriesOperand): this {
    return this.#elementwise("mod", other);
  }

  /** `this > other`: bool values, usable with `mask`. */
  gt(other: SeriesOperand): this {
    return this.#elementwise("gt", other);
  }

  /** `this >= other`: bool values. */
  ge(other: SeriesOperand): this {
    return this.#elementwise("ge", other);
  }

  /** `this < other`: bool values. */
  lt(other: SeriesOperand): this {
    return this.#elementwise("lt", other);
  }

  /** `this <= other`: bool values. */
  le(other: SeriesOperand): this {
    return this.#elementwise("le", other);
  }

  /** `this == other`: bool values (NaN equals nothing). */
  eq(other: SeriesOperand): this {
    return this.#elementwise("eq", other);
  }

  /** `this != other`: bool values. */
  ne(other: SeriesOperand): this {
    return this.#elementwise("ne", other);
  }

  /** numpy `logical_and` (pynapple's `a & b` on bool series). */
  and(other: SeriesOperand): this {
    return this.#elementwise("and", other);
  }

  /** numpy `logical_or` (`a | b`). */
  or(other: SeriesOperand): this {
    return this.#elementwise("or", other);
  }

  /** numpy `logical_xor` (`a ^ b`). */
  xor(other: SeriesOperand): this {
    return this.#elementwise("xor", other);
  }

  /** numpy `logical_not` (`~a`): bool values. */
  not(): this {
    return this.rebuild(this.t, logicalNot(this.store), this.timeSupport);
  }

  /**
   * A numpy reduction over `axis` (default every axis): a number when every axis is reduced,
   * a plain array when time (axis 0) is, otherwise a series keeping the timestamps.
   */
  #reduce(kind: ReduceKind, axis: Axis | undefined, skipNaN: boolean, ddof?: number): unknown {
    const arg = kind === "argmin" || kind === "argmax";
    if (arg && axis !== undefined && typeof axis !== "number") {
      throw new NappleError("INVALID_ARGUMENT", `${kind} takes a single axis (or none)`);
    }
    const axes = normalizeAxes(axis, this.ndim);
    const r = reduce(this.store, axes, { kind, skipNaN, ddof });
    if (r.shape.length === 0) return r.data[0];
    if (axes.includes(0)) return r.shape.length === 1 ? r.data : new NDArray(r.data, r.shape);
    const d = new NDArray(r.data, r.shape, "float64");
    if (r.shape.length === this.ndim) return this.rebuild(this.t, d, this.timeSupport);
    const o = { t: TimeIndex.trusted(this.t), d, timeSupport: this.timeSupport };
    return r.shape.length === 1
      ? new Tsd(o)
      : r.shape.length === 2
      ? new TsdFrame(o)
      : new TsdTensor(o);
  }

  /** numpy `sum` over `axis` (default all): see {@linkcode Reduced} for what comes back. */
  sum<A extends Axis | undefined = undefined>(axis?: A): Reduced<this, A> {
    return this.#reduce("sum", axis, false) as Reduced<this, A>;
  }

  /** numpy `mean` over `axis` (default all). */
  mean<A extends Axis | undefined = undefined>(axis?: A): Reduced<this, A> {
    return this.#reduce("mean", axis, false) as Reduced<this, A>;
  }

  /** numpy `std` over `axis` (default all), `ddof` 0 unless given. */
  std<A extends Axis | undefined = undefined>(
    axis?: A,
    options: DdofOptions = {},
  ): Reduced<this, A> {
    return this.#reduce(
      "std",
      axis,
      false,
      checkOptions(options, DDOF_KEYS, "std/var").ddof,
    ) as Reduced<this, A>;
  }

  /** numpy `var` over `axis` (default all), `ddof` 0 unless given. */
  var<A extends Axis | undefined = undefined>(
    axis?: A,
    options: DdofOptions = {},
  ): Reduced<this, A> {
    return this.#reduce(
      "var",
      axis,
      false,
      checkOptions(options, DDOF_KEYS, "std/var").ddof,
    ) as Reduced<this, A>;
  }

  /** numpy `min` over `axis` (default all); NaN wherever a NaN is met. */
  min<A extends Axis | undefined = undefined>(axis?: A): Reduced<this, A> {
    return this.#reduce("min", axis, false) as Reduced<this, A>;
  }

  /** numpy `max` over `axis` (default all); NaN wherever a NaN is met. */
  max<A extends Axis | undefined = undefined>(axis?: A): Reduced<this, A> {
    return this.#reduce("max", axis, false) as Reduced<this, A>;
  }

  /** numpy `argmin`: position of the minimum along `axis` (flat index without axis). */
  argmin<A extends number | undefined = undefined>(axis?: A): Reduced<this, A> {
    return this.#reduce("argmin", axis, false) as Reduced<this, A>;
  }

  /** numpy `argmax`: position of the maximum along `axis` (flat index without axis). */
  argmax<A extends number | undefined = undefined>(axis?: A): Reduced<this, A> {
    return this.#reduce("argmax", axis, false) as Reduced<this, A>;
  }

  /** numpy `nansum`: `sum` ignoring NaN. */
  nansum<A extends Axis | undefined = undefined>(axis?: A): Reduced<this, A> {
    return this.#reduce("sum", axis, true) as Reduced<this, A>;
  }

  /** numpy `nanmean`: `mean` ignoring NaN (NaN where only NaN). */
  nanmean<A extends Axis | undefined = undefined>(axis?: A): Reduced<this, A> {
    return this.#reduce("mean", axis, true) as Reduced<this, A>;
  }

  /** numpy `nanstd`: `std` ignoring NaN. */
  nanstd<A extends Axis | undefined = undefined>(
    axis?: A,
    options: DdofOptions = {},
  ): Reduced<this, A> {
    return this.#reduce(
      "std",
      axis,
      true,
      checkOptions(options, DDOF_KEYS, "std/var").ddof,
    ) as Reduced<this, A>;
  }

  /** numpy `nanvar`: `var` ignoring NaN. */
  nanvar<A extends Axis | undefined = undefined>(
    axis?: A,
    options: DdofOptions = {},
  ): Reduced<this, A> {
    return this.#reduce(
      "var",
      axis,
      true,
      checkOptions(options, DDOF_KEYS, "std/var").ddof,
    ) as Reduced<this, A>;
  }

  /** numpy `nanmin`: `min` ignoring NaN. */
  nanmin<A extends Axis | undefined = undefined>(axis?: A): Reduced<this, A> {
    return this.#reduce("min", axis, true) as Reduced<this, A>;
  }

  /** numpy `nanmax`: `max` ignoring NaN. */
  nanmax<A extends Axis | undefined = undefined>(axis?: A): Reduced<this, A> {
    return this.#reduce("max", axis, true) as Reduced<this, A>;
  }

  /** numpy `nanargmin`: `argmin` ignoring NaN (an all-NaN slice is an error, as in numpy). */
  nanargmin<A extends number | undefined = undefined>(axis?: A): Reduced<this, A> {
    return this.#reduce("argmin", axis, true) as Reduced<this, A>;
  }

  /** numpy `nanargmax`: `argmax` ignoring NaN. */
  nanargmax<A extends number | undefined = undefined>(axis?: A): Reduced<this, A> {
    return this.#reduce("argmax", axis, true) as Reduced<this, A>;
  }

  /**
   * Each column z-scored over time: `(x - mean) / std` (scipy `stats.zscore(x, axis=0)`; `ddof`
   * 0 by default; `nanPolicy: "omit"` takes mean and std over the non-NaN values).
   */
  zscore(options: ZscoreOptions = {}): this {
    const o = checkOptions(options, ZSCORE_KEYS, "zscore");
    const omit = (o.nanPolicy ?? "propagate") === "omit";
    if (o.nanPolicy !== undefined && o.nanPolicy !== "propagate" && o.nanPolicy !== "omit") {
      throw new NappleError("INVALID_ARGUMENT", "nanPolicy must be 'propagate' or 'omit'");
    }
    const mean = reduce(this.store, [0], { kind: "mean", skipNaN: omit }).data;
    const std = reduce(this.store, [0], { kind: "std", skipNaN: omit, ddof: o.ddof }).data;
    return this.rebuild(this.t, standardize(this.store, mean, std), this.timeSupport);
  }

  /**
   * Every value as a JavaScript number, row-major in a Float64Array: the way to do arithmetic on
   * int64 data (e.g. counts) without bigints. Throws if an integer is beyond 2^53 (not exact).
   */
  toNumbers(): Float64Array {
    return valuesAsNumbers(this.store);
  }

  /** The same series with its values converted to `dtype` (numpy `astype`). */
  astype(dtype: DType): this {
    return this.rebuild(this.t, castStore(this.store, dtype), this.timeSupport);
  }

  /**
   * The derivative over time, epoch by epoch over `ep` (default: time support): numpy
   * `gradient(values, t, axis=0)` per epoch (pynapple `derivative`); float64 result.
   */
  derivative(ep?: IntervalSet): this {
    const epochs = epArg(ep) ?? this.timeSupport;
    const ranges = restrictRanges(this.t, epochs.start, epochs.end);
    const rowShape = this.store.shape.slice(1);
    const out = gradientEpochs(this.t, this.#floatRows, shapeSize(rowShape), ranges);
    const t = gatherRanges(this.t, ranges);
    return this.rebuild(t, new NDArray(out, [t.length, ...rowShape], "float64"), epochs);
  }

  /**
   * The rows of each trial of `ep` stacked in a float64 array padded with `paddingValue` (NaN),
   * aligned to the trials' start (or end): `(trials, time)` for a Tsd, `(columns, trials, time)`
   * for a TsdFrame (pynapple `to_trial_tensor`). Lazy data is read trial by trial.
   */
  toTrialTensor(
    ep: IntervalSet,
    options: TrialTensorOptions = {},
  ): NDArray {
    if (!(ep instanceof IntervalSet)) {
      throw new NappleError("INVALID_ARGUMENT", "Argument ep should be of type IntervalSet");
    }
    const o = checkOptions(options, TRIAL_TENSOR_KEYS, "toTrialTensor");
    const ranges = Array.from(ep.start, (s, i) => sliceRange(this.t, s, ep.end[i]));
    const align = checkTrialAlign(o.align ?? "start");
    return trialTensor(this.#floatRows, this.shape.slice(1), ranges, align, o.paddingValue ?? NaN);
  }

  /** The same series with every NaN replaced by `value` (pandas `fillna`). */
  fillna(value: number): this {
    if (typeof value !== "number") {
      throw new NappleError("INVALID_ARGUMENT", "fillna needs a number");
    }
    return this.rebuild(this.t, fillNaN(this.store, value), this.timeSupport);
  }
}

const FRAME_RULES: MetadataRules = { kind: "TsdFrame" };

function requireNdim(min: number, max: number, what: string, hint: string) {
  return (s: Store): Store => {
    const nd = s.shape.length;
    if (nd < min || nd > max) {
      throw new NappleError(
        "SHAPE_MISMATCH",
        `${what} needs ${min === max ? min : `${min} to ${max}`}-D values, got ${nd}-D; ${hint}`,
        { key: "d" },
      );
    }
    return s;
  };
}

/**
 * A 1-D time series (pynapple `Tsd`).
 *
 * @example
 * ```ts
 * import { IntervalSet, Tsd } from "@napple/napple";
 * const tsd = new Tsd({ t: [0, 1, 2, 3], d: [10, 11, 12, 13] });
 * tsd.restrict(new IntervalSet({ start: 1, end: 2 })).values; // Float64Array [11, 12]
 * tsd.get(2.4); // 12 (nearest sample)
 * ```
 */
export class Tsd extends BaseTsd {
  /** `new Tsd({t, d, timeUnits?, timeSupport?, loadArray?})`. */
  constructor(options: TsdOptions) {
    super(options, requireNdim(1, 1, "Tsd", "use TsdFrame or TsdTensor"), "Tsd");
  }

  /** Builds a series of this class from new rows (internal). */
  protected rebuild(t: Float64Array, store: Store | undefined, timeSupport: IntervalSet): this {
    return new Tsd({ t: TimeIndex.trusted(t), d: store as Store, timeSupport }) as this;
  }

  /** The value at position `i` (negative counts from the end). */
  at(i: number): Scalar {
    const k = normIndex(i, this.length);
    return storeRows(this.store, k, k + 1).data[0];
  }

  /** The value at the timestamp nearest to `start`. */
  get(start: number, end?: undefined, timeUnits?: TimeUnits): Scalar;
  /** The rows with `start <= t <= end`. */
  get(start: number, end: number, timeUnits?: TimeUnits): Tsd;
  /** pynapple `get`. */
  get(start: number, end?: number, timeUnits: TimeUnits = "s"): Scalar | Tsd {
    if (end === undefined) return this.at(this.nearest(start, timeUnits));
    return this.range(start, end, timeUnits);
  }

  /**
   * A TsGroup with one Ts per distinct (integer) value, holding the timestamps where the series
   * takes that value (pynapple `to_tsgroup`); values are truncated to integers.
   */
  toTsGroup(): TsGroup {
    const d = toFloatRows(storeAll(this.store));
    const byKey = new Map<number, number[]>();
    for (let i = 0; i < d.length; i++) {
      if (!Number.isFinite(d[i])) {
        throw new NappleError("DTYPE", "toTsGroup needs finite integer values");
      }
      const k = Math.trunc(d[i]);
      if (!byKey.has(k)) byKey.set(k, []);
      byKey.get(k)!.push(this.t[i]);
    }
    const members = new Map<number, Ts>();
    for (const [k, ts] of byKey) {
      members.set(
        k,
        new Ts({ t: TimeIndex.trusted(Float64Array.from(ts)), timeSupport: this.timeSupport }),
      );
    }
    return new TsGroup(members, { timeSupport: this.timeSupport, bypassCheck: true });
  }

  /**
   * Samples passing `thr` (pynapple `threshold`); the time support becomes the intervals where
   * the condition holds, with boundaries halfway between samples.
   */
  threshold(thr: number, method: ThresholdMethod = "above"): Tsd {
    if (!["above", "below", "aboveequal", "belowequal"].includes(method)) {
      throw new NappleError(
        "INVALID_ARGUMENT",
        `Method ${method} for thresholding is not accepted.`,
      );
    }
    // lazy data is flagged and filtered batch by batch: only the kept rows are held
    const ix = new Uint8Array(this.length);
    const kept: NDArray[] = [];
    eachBatch(this.store, (rows, a) => {
      thresholdFlags(toFloatRows(rows), thr, method, ix, a);
      const part = keepNdRows(rows, ix, a, 1);
      if (part.length) kept.push(part);
    });
    const r = thresholdEpochs(this.t, ix, this.timeSupport.start, this.timeSupport.end);
    return new Tsd({
      t: TimeIndex.trusted(keepRows(this.t, 1, ix, 0, 1)),
      d: NDArray.concatRows(kept, this.store.dtype, []),
      timeSupport: new IntervalSet({ start: r.start, end: r.end }),
    });
  }

  /** The kind printed. */
  protected get kind(): SeriesKind {
    return "Tsd";
  }
}

/**
 * A 2-D time series with labelled columns and per-column metadata (pynapple `TsdFrame`).
 *
 * @example
 * ```ts
 * import { TsdFrame } from "@napple/napple";
 * const pos = new TsdFrame({ t: [0, 1], d: [[1, 2], [3, 4]], columns: ["x", "y"] });
 * pos.column("y").values; // Float64Array [2, 4]
 * ```
 */
export class TsdFrame extends BaseTsd {
  /** Column labels. */
  readonly columns: readonly ColumnLabel[];
  /** Per-column metadata (one row per column). */
  readonly metadata: Metadata;

  /** `new TsdFrame({t, d, columns?, metadata?, timeUnits?, timeSupport?, loadArray?})`. */
  constructor(options: TsdFrameOptions) {
    super(options, (s) => {
      if (s.shape.length === 1) {
        return s instanceof NDArray ? s.reshape([s.length, 1]) : s;
      }
      return requireNdim(2, 2, "TsdFrame", "use TsdTensor for more dimensions")(s);
    }, "TsdFrame");
    if (this.store.shape.length === 1) {
      throw new NappleError("SHAPE_MISMATCH", "TsdFrame needs 2-D values", { key: "d" });
    }
    const ncol = this.store.shape[1];
    const cols = options.columns === undefined
      ? Array.from({ length: ncol }, (_, i) => i)
      : Array.from(arrayLikeArg<ColumnLabel>(options.columns, "columns"));
    if (cols.length !== ncol) {
      throw new NappleError(
        "SHAPE_MISMATCH",
        `${cols.length} column labels for ${ncol} columns`,
        { key: "columns" },
      );
    }
    if (!cols.every((c) => typeof c === "string" || typeof c === "number")) {
      throw new NappleError("INVALID_ARGUMENT", "column labels must be strings or numbers", {
        key: "columns",
      });
    }
    if (new Set(cols).size !== cols.length) {
      throw new NappleError("INVALID_ARGUMENT", "column labels must be unique", {
        key: "columns",
      });
    }
    this.columns = Object.freeze([...cols]);
    this.metadata = new Metadata(ncol);
    if (options.metadata) this.setInfo(options.metadata);
  }

  /** Builds a series of this class from new rows (internal). */
  protected rebuild(t: Float64Array, store: Store | undefined, timeSupport: IntervalSet): this {
    return new TsdFrame({
      t: TimeIndex.trusted(t),
      d: store as Store,
      timeSupport,
      columns: this.columns,
      metadata: this.metadata.columns.length ? this.metadata.copy() : undefined,
    }) as this;
  }

  /** Position of column `label` (KEY_NOT_FOUND naming the columns). */
  columnIndex(label: ColumnLabel): number {
    let j = this.columns.indexOf(label);
    if (j < 0 && typeof label === "string" && label.trim() !== "" && !isNaN(Number(label))) {
      j = this.columns.indexOf(Number(label));
    }
    if (j < 0) {
      throw new NappleError(
        "KEY_NOT_FOUND",
        `no column ${JSON.stringify(label)}; columns are ${this.columns.join(", ")}`,
        { key: String(label) },
      );
    }
    return j;
  }

  /** Column `label` as a Tsd (time support kept). */
  column(label: ColumnLabel): Tsd {
    const j = this.columnIndex(label);
    // lazy data stays lazy: a one-column view reads only what is later asked of it
    const data = this.store instanceof NDArray
      ? this.store.takeColumns([j]).reshape([this.length])
      : new LazyColumns(this.store, [j], true);
    return new Tsd({ t: TimeIndex.trusted(this.t), d: data, timeSupport: this.timeSupport });
  }

  /** The columns `labels`, in that order, with their metadata (pynapple `df.loc[:, labels]`). */
  selectColumns(labels: readonly ColumnLabel[]): TsdFrame {
    if (!Array.isArray(labels)) {
      throw new NappleError("INVALID_ARGUMENT", "selectColumns needs an array of column labels");
    }
    const idx = labels.map((l) => this.columnIndex(l));
    const data = this.store instanceof NDArray
      ? this.store.takeColumns(idx)
      : new LazyColumns(this.store, idx);
    const md = this.metadata.select(idx);
    return new TsdFrame({
      t: TimeIndex.trusted(this.t),
      d: data,
      timeSupport: this.timeSupport,
      columns: idx.map((j) => this.columns[j]),
      metadata: md.columns.length ? md : undefined,
    });
  }

  /** Row `i` as a 1-D TypedArray (one value per column). */
  at(i: number): TypedArray {
    const k = normIndex(i, this.length);
    return storeRows(this.store, k, k + 1).data;
  }

  /** The row at the timestamp nearest to `start`. */
  get(start: number, end?: undefined, timeUnits?: TimeUnits): TypedArray;
  /** The rows with `start <= t <= end`. */
  get(start: number, end: number, timeUnits?: TimeUnits): TsdFrame;
  /** pynapple `get`. */
  get(start: number, end?: number, timeUnits: TimeUnits = "s"): TypedArray | TsdFrame {
    if (end === undefined) return this.at(this.nearest(start, timeUnits));
    return this.range(start, end, timeUnits);
  }

  /**
   * Column labels grouped by per-column metadata `by` (pynapple `groupby`), sorted by value;
   * with `getGroup`, the columns of that group instead: a Tsd for one column, as pynapple.
   */
  groupby(by: string | readonly string[]): Map<unknown, ColumnLabel[]>;
  /** The columns whose metadata `by` equals `getGroup` (a Tsd when there is one). */
  groupby(by: string | readonly string[], getGroup: unknown): TsdFrame | Tsd;
  /** pynapple `groupby`. */
  groupby(
    by: string | readonly string[],
    getGroup?: unknown,
  ): Map<unknown, ColumnLabel[]> | TsdFrame | Tsd {
    const labels = (rows: number[]) => rows.map((i) => this.columns[i]);
    // pynapple's `frame.loc[labels]` of one label is that column as a Tsd
    return groupby(
      this.metadata,
      by,
      getGroup,
      labels,
      (rows) =>
        rows.length === 1 ? this.column(this.columns[rows[0]]) : this.selectColumns(labels(rows)),
    );
  }

  /** Metadata column names. */
  get metadataColumns(): string[] {
    return this.metadata.columns;
  }

  /** Adds or replaces per-column metadata (one value per column; names differ from labels). */
  setInfo(metadata: MetadataRecord): void {
    setInfo(this.metadata, metadata, { kind: "TsdFrame", labels: this.columns });
  }

  /** The values of metadata field `name`, one per column. */
  getInfo(name: string): unknown[] {
    return getInfo(this.metadata, name);
  }

  /** Removes metadata field(s). */
  dropInfo(name: string | readonly string[]): void {
    dropInfo(this.metadata, name, FRAME_RULES);
  }
  /**
   * pynapple `groupby_apply`: `fn` applied to the columns of each group sharing the metadata
   * values `by` (a TsdFrame, or a Tsd for a one-column group, as pynapple), keyed by those values.
   */
  groupbyApply<R>(
    by: string | readonly string[],
    fn: (group: TsdFrame | Tsd) => R,
  ): Map<unknown, R> {
    functionArg(fn);
    return new Map([...this.groupby(by).keys()].map((k) => [k, fn(this.groupby(by, k))]));
  }

  /** The frame without the columns `labels` (pandas `drop(columns=...)`). */
  drop(labels: ColumnLabel | readonly ColumnLabel[]): TsdFrame {
    const list = Array.isArray(labels) ? labels : [labels as ColumnLabel];
    const gone = new Set(list.map((l) => this.columnIndex(l)));
    return this.selectColumns(this.columns.filter((_, j) => !gone.has(j)));
  }

  /**
   * The columns of `other` (same timestamps) appended to these (pandas `join`); labels must not
   * overlap, metadata fields must be the same on both sides (or absent).
   */
  join(other: TsdFrame): TsdFrame {
    const right = other;
    if (!(right instanceof TsdFrame)) {
      throw new NappleError("INVALID_ARGUMENT", "join needs a TsdFrame");
    }
    if (!sameTimes(this.t, right.t)) {
      throw new NappleError(
        "SHAPE_MISMATCH",
        `join needs the same timestamps (${this.length} and ${right.length} rows)`,
      );
    }
    const overlap = right.columns.filter((c) => this.columns.includes(c));
    if (overlap.length) {
      throw new NappleError("INVALID_ARGUMENT", `columns overlap: ${overlap.join(", ")}`);
    }
    return new TsdFrame({
      t: TimeIndex.trusted(this.t),
      d: concatColumns(this.toNDArray(), right.toNDArray()),
      timeSupport: this.timeSupport,
      columns: [...this.columns, ...right.columns],
      metadata: joinMetadata(this.metadata, right.metadata),
    });
  }

  /** The kind printed. */
  protected get kind(): SeriesKind {
    return "TsdFrame";
  }
}

/** An N-d time series, N ≥ 3 (pynapple `TsdTensor`). */
export class TsdTensor extends BaseTsd {
  /** `new TsdTensor({t, d, timeUnits?, timeSupport?, loadArray?})`. */
  constructor(options: TsdOptions) {
    super(
      options,
      requireNdim(3, Infinity, "TsdTensor", "use Tsd or TsdFrame for fewer dimensions"),
      "TsdTensor",
    );
  }

  /** Builds a series of this class from new rows (internal). */
  protected rebuild(t: Float64Array, store: Store | undefined, timeSupport: IntervalSet): this {
    return new TsdTensor({ t: TimeIndex.trusted(t), d: store as Store, timeSupport }) as this;
  }

  /** Row `i` as an NDArray of shape `shape.slice(1)`. */
  at(i: number): NDArray {
    const k = normIndex(i, this.length);
    const r = storeRows(this.store, k, k + 1);
    return r.reshape(this.store.shape.slice(1));
  }

  /** The row at the timestamp nearest to `start`. */
  get(start: number, end?: undefined, timeUnits?: TimeUnits): NDArray;
  /** The rows with `start <= t <= end`. */
  get(start: number, end: number, timeUnits?: TimeUnits): TsdTensor;
  /** pynapple `get`. */
  get(start: number, end?: number, timeUnits: TimeUnits = "s"): NDArray | TsdTensor {
    if (end === undefined) return this.at(this.nearest(start, timeUnits));
    return this.range(start, end, timeUnits);
  }

  /** The kind printed. */
  protected get kind(): SeriesKind {
    return "TsdTensor";
  }
}
