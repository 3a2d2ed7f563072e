/**
 * What every pynapple time series has (`TimeSeriesBase`): timestamps, a time support and the
 * operations on time (restrict, get, count, valueFrom, findSupport, trial counts, display,
 * saving). The concrete classes are in time_series.ts, which registers how series are built here.
 * @module
 */
import { NappleError } from "../errors.ts";
import { allocate, type DType } from "../array/dtype.ts";
import { NDArray } from "../array/ndarray.ts";
import { isLazy } from "../array/lazy.ts";
import { pairwiseSum } from "../array/pairwise_sum.ts";
import type { SeriesView, TextSize } from "../display/views.ts";
import { terminalSize } from "../display/terminal.ts";
import { plot } from "../display/plot.ts";
import type { PlotFigure } from "../display/plot_figure.ts";
import type { PlotOptions } from "../display/plot_types.ts";
import { epArg, IntervalSet } from "./interval_set.ts";
import { arrayLikeArg } from "./checks.ts";
import type { Metadata } from "./metadata.ts";
import { checkOptions, type OptionKeys } from "../options.ts";
import {
  COUNT_KEYS,
  type CountOptions,
  TIME_DIFF_KEYS,
  type TimeDiffOptions,
} from "./series_options.ts";
import {
  checkTimeUnits,
  gatherRanges,
  getRange,
  getRanges,
  lowerBound,
  rangesLength,
  restrictRanges,
  type RowRange,
  TimeIndex,
  type TimeInput,
  type TimeUnits,
  toSeconds,
} from "./time_index.ts";
import {
  LazyRowRanges,
  type Store,
  storeGather,
  storeLength,
  storeRows,
  storeTake,
} from "./store.ts";
import {
  binGrid,
  closestIndices,
  countGroupOnGrid,
  countInEpochs,
  countsAs,
  type ValueFromMode,
} from "./series_kernels.ts";
import { sameTimes } from "./series_math.ts";
import {
  checkTrialAlign,
  sliceRange,
  timeDiffs,
  type TrialAlign,
  trialCountTensor,
} from "./series_methods.ts";
import { seriesText } from "../display/text.ts";
import { seriesHtml } from "../display/html.ts";
import { jupyterBundle, type MimeBundle } from "../display/jupyter.ts";
import type { SeriesKind } from "../display/views.ts";
import { saveNpzView } from "./saving.ts";
import type { BaseTsd } from "./tsd_base.ts";
import type { Tsd, TsdFrame, TsdTensor } from "./time_series.ts";

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

/** Position `i` of `n` (negative counts from the end); INDEX_OUT_OF_RANGE outside. */
export function normIndex(i: number, n: number): number {
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

/** Builds the series class of `d`'s dimensions (defined on top of this module, in time_series.ts). */
type SeriesBuilder = (
  t: TimeInput,
  d: NDArray,
  timeSupport: IntervalSet,
) => Tsd | TsdFrame | TsdTensor;
let buildSeries: SeriesBuilder | undefined;

/**
 * Registers how the base classes build series results (`count`, `timeDiff`, reductions).
 * time_series.ts calls it when it loads; every series is an instance of a class defined there,
 * so it is always registered before a method runs.
 */
export function registerSeries(build: SeriesBuilder): void {
  buildSeries = build;
}

/** A Tsd, TsdFrame or TsdTensor (by `d`'s dimensions) of `t`, `d` on `timeSupport`. */
export function seriesOf(
  t: TimeInput,
  d: NDArray,
  timeSupport: IntervalSet,
): Tsd | TsdFrame | TsdTensor {
  return buildSeries!(t, d, timeSupport);
}

/** A Tsd of `t` and 1-D `d` on `timeSupport`. */
export function tsdOf(t: TimeInput, d: NDArray, timeSupport: IntervalSet): Tsd {
  return seriesOf(t, d, timeSupport) as Tsd;
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
    // samples all outside a given support leave a rate of 0 on that support, as in pynapple;
    // the support's length is numpy's unrounded sum, as pynapple's rate (smooth sizes its
    // window with it: 96 / 60.00000000000001 * 20 truncates to 31 samples, not 32)
    this.rate = emptyInput ? NaN : t.length / supportLength(timeSupport);
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
    const given: unknown = mask;
    if (given instanceof TimeSeriesBase && given.store !== undefined) {
      const series = given as BaseTsd; // a series with values (the value classes extend this one)
      if (series.ndim !== 1 || !sameTimes(series.t, this.t)) {
        throw new NappleError(
          "SHAPE_MISMATCH",
          "a mask series must be 1-D with the same timestamps as the series it selects from",
        );
      }
      mask = series.toNumbers();
    }
    return this.take(maskIndices(mask as ArrayLike<boolean | number>, this.length));
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
    return this.rows(...getRange(this.t, s, e));
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
    if (bs !== undefined) {
      const grid = binGrid(epochs.start, epochs.end, bs);
      const c = countGroupOnGrid([this.t], epochs.start, epochs.end, grid, dtype);
      return tsdOf(grid.centers, new NDArray(c, [c.length], dtype), epochs);
    }
    const r = countInEpochs(this.t, epochs.start, epochs.end);
    const d = new NDArray(countsAs(r.counts, dtype), [r.counts.length], dtype);
    return tsdOf(r.centers, d, epochs);
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
    // a series with values (Ts has none): the value classes extend this one from another module
    const source: unknown = data;
    if (!(source instanceof TimeSeriesBase) || source.store === undefined) {
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
      getRanges(this.t, epochs.start, epochs.end),
      o.align ?? "center",
    );
    return tsdOf(r.t, new NDArray(r.d, [r.d.length], "float64"), epochs);
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

  /** Column labels and their metadata, for the display (TsdFrame has them). */
  protected viewLabels(): { columns?: readonly (string | number)[]; metadata?: Metadata } {
    return {};
  }

  /** How the display code sees this object. */
  private view(): SeriesView {
    // deno-lint-ignore no-this-alias
    const self = this;
    return {
      t: self.t,
      shape: self.shape,
      dtype: (self.store?.dtype ?? "float64") as DType,
      readRows: (a: number, b: number) => self.readRows(a, b),
      ...self.viewLabels(),
      timeSupport: self.timeSupport,
    };
  }

  /** Value rows `[start, end)` in memory (the timestamps themselves for Ts). */
  readRows(start: number, end: number): NDArray {
    if (!this.store) return new NDArray(this.t.slice(start, end), [Math.max(0, end - start)]);
    return storeRows(this.store, start, end);
  }
}

/** The summed lengths of the intervals, unrounded and in numpy's order (pynapple's `rate`). */
function supportLength(ep: IntervalSet): number {
  const lengths = new Float64Array(ep.length);
  for (let i = 0; i < ep.length; i++) lengths[i] = ep.end[i] - ep.start[i];
  return pairwiseSum(lengths, 0, lengths.length);
}
