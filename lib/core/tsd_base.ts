/**
 * `BaseTsd`: what Tsd, TsdFrame and TsdTensor share on top of the time base, their values
 * (in memory as an NDArray, or lazy as a LazyArray read one row range at a time) and the
 * operations on them (binAverage, dropna, interpolate, convolve, smooth, map, arithmetic and
 * reductions).
 * @module
 */
import { NappleError } from "../errors.ts";
import { asFloat64, type DType, itemSize, type TypedArray } from "../array/dtype.ts";
import { NDArray, shapeSize } from "../array/ndarray.ts";
import { allocFloat64 } from "../array/huge_pages.ts";
import { isLazy, type LazyArray, readRowsReusing } from "../array/lazy.ts";
import { getBatchSize } from "../array/batch_size.ts";
import { epArg, IntervalSet } from "./interval_set.ts";
import { arrayLikeArg } from "./checks.ts";
import { checkOptions } from "../options.ts";
import {
  BIN_AVERAGE_KEYS,
  type BinAverageOptions,
  CONVOLVE_KEYS,
  type ConvolveOptions,
  DDOF_KEYS,
  type DdofOptions,
  DECIMATE_KEYS,
  type DecimateOptions,
  INTERPOLATE_KEYS,
  type InterpolateOptions,
  SMOOTH_KEYS,
  type SmoothOptions,
  TRIAL_TENSOR_KEYS,
  type TrialTensorOptions,
  TSD_KEYS,
  TSDFRAME_KEYS,
  type TsdOptions,
  ZSCORE_KEYS,
  type ZscoreOptions,
} from "./series_options.ts";
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
  getRanges,
  rangesLength,
  restrictRanges,
  type RowRange,
  TimeIndex,
  type TimeUnits,
  toSeconds,
} from "./time_index.ts";
import { eachBatch, type Store, storeAll, storeRows, storeTake, toStore } from "./store.ts";
import { averageOnGrid, binGrid } from "./series_kernels.ts";
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
import { checkTrialAlign, gradientEpochs, sliceRange, trialTensor } from "./series_methods.ts";
import { seriesOf, TimeSeriesBase } from "./series_base.ts";
import { decimateRows } from "./decimate.ts";
import { Progress } from "../process/progress.ts";
import type { Tsd, TsdFrame, TsdTensor } from "./time_series.ts";

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

/**
 * The elements of rows `i` of `src` (`rowSize` elements each) whose `flags[offset + i]` equals
 * `value`, copied run of consecutive rows by run of rows (one `set` per long run, a plain loop for
 * short ones): far cheaper than a per-index gather when most rows are kept.
 */
export function keepRows<T extends TypedArray>(
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
export function keepNdRows(
  rows: NDArray,
  flags: Uint8Array,
  offset: number,
  value: 0 | 1,
): NDArray {
  const r = rows.rowSize;
  const data = keepRows(rows.data, r, flags, offset, value);
  return new NDArray(data, [r ? data.length / r : 0, ...rows.shape.slice(1)], rows.dtype);
}

export function toFloatRows(a: NDArray): Float64Array {
  if (a.data instanceof Float64Array) return a.data;
  return Float64Array.from(a.data as ArrayLike<number | bigint>, Number);
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
      // the source rows of each epoch as pynapple's get_slice cuts them (a timestamp repeated at
      // the epoch's end counts once), so numpy's interp sees the same xp
      getRanges(this.t, ep.start, ep.end),
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
    const out = allocFloat64(this.length * rs);
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
    return seriesOf(TimeIndex.trusted(this.t), d, this.timeSupport);
  }

  /** The std/var reductions, `ddof` read from their checked options. */
  #spread(
    kind: "std" | "var",
    axis: Axis | undefined,
    skipNaN: boolean,
    options: DdofOptions,
  ): unknown {
    return this.#reduce(kind, axis, skipNaN, checkOptions(options, DDOF_KEYS, "std/var").ddof);
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
    return this.#spread("std", axis, false, options) as Reduced<this, A>;
  }

  /** numpy `var` over `axis` (default all), `ddof` 0 unless given. */
  var<A extends Axis | undefined = undefined>(
    axis?: A,
    options: DdofOptions = {},
  ): Reduced<this, A> {
    return this.#spread("var", axis, false, options) as Reduced<this, A>;
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
    return this.#spread("std", axis, true, options) as Reduced<this, A>;
  }

  /** numpy `nanvar`: `var` ignoring NaN. */
  nanvar<A extends Axis | undefined = undefined>(
    axis?: A,
    options: DdofOptions = {},
  ): Reduced<this, A> {
    return this.#spread("var", axis, true, options) as Reduced<this, A>;
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

  /**
   * Down-samples by the integer factor `down` after an anti-aliasing low-pass filter, epoch by
   * epoch over `ep` (default: time support): scipy `decimate(..., zero_phase=True)` as pynapple
   * calls it (`filterType` "iir": order-`order` Chebyshev I, default 8; "fir": `order + 1` taps).
   * Lazy data is streamed in batches: memory holds one batch and the (down-sampled) result.
   */
  decimate(
    down: number,
    options: DecimateOptions = {},
  ): this {
    const o = checkOptions(options, DECIMATE_KEYS, "decimate");
    if (!Number.isInteger(down) || down < 1) {
      throw new NappleError("INVALID_ARGUMENT", "Parameter 'down' should be a positive integer.");
    }
    const order = o.order ?? 8;
    if (!Number.isInteger(order) || order <= 0) {
      throw new NappleError("INVALID_ARGUMENT", "Parameter 'order' should be a positive int.");
    }
    const filter = o.filterType ?? "iir";
    if (filter !== "iir" && filter !== "fir") {
      throw new NappleError("INVALID_ARGUMENT", "'filterType' should be one of 'fir', 'iir'.");
    }
    const ep = epArg(o.ep) ?? this.timeSupport;
    const rowShape = this.shape.slice(1);
    const m = shapeSize(rowShape);
    const batchRows = Math.max(1, Math.floor(getBatchSize() / Math.max(1, m * 8)));
    const ranges = restrictRanges(this.t, ep.start, ep.end).filter(([a, b]) => b > a);
    let total = 0;
    for (const [a, b] of ranges) total += Math.ceil((b - a) / down);
    // the result is written in place: memory is one batch plus the down-sampled output
    const t = new Float64Array(total);
    const d = new Float64Array(total * m);
    // each read is copied into float64 before the next: lazy rows are read into one buffer
    const store = this.store;
    const scratch = isLazy(store) && store.readRowsInto
      ? new ArrayBuffer(batchRows * m * itemSize(store.dtype))
      : null;
    const raw = (r0: number, r1: number) =>
      (scratch ? readRowsReusing(store as LazyArray, r0, r1, scratch) : storeRows(store, r0, r1))
        .data;
    const progress = Progress.start("decimate", o.progress);
    progress?.setTotal(rangesLength(ranges) * (filter === "iir" ? 2 : 1));
    const done = (rows: number) => progress?.advance(rows);
    let at = 0;
    try {
      for (const [a, b] of ranges) {
        decimateRows(raw, a, b, m, down, order, filter, batchRows, d, at * m, done);
        for (let i = a; i < b; i += down) t[at++] = this.t[i];
      }
    } finally {
      progress?.done();
    }
    return this.rebuild(t, new NDArray(d, [t.length, ...rowShape], "float64"), ep);
  }

  /** The same series with every NaN replaced by `value` (pandas `fillna`). */
  fillna(value: number): this {
    if (typeof value !== "number") {
      throw new NappleError("INVALID_ARGUMENT", "fillna needs a number");
    }
    return this.rebuild(this.t, fillNaN(this.store, value), this.timeSupport);
  }
}
