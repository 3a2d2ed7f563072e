/**
 * pynapple's time series: `Ts` (timestamps only), `Tsd` (1-D values), `TsdFrame` (2-D, labelled
 * columns with per-column metadata) and `TsdTensor` (N-d). Their shared parts are in
 * series_base.ts (time index, time support, operations on time) and tsd_base.ts (values);
 * this module re-exports them, so it is the one to import.
 * @module
 */
import { NappleError } from "../errors.ts";
import type { Scalar, TypedArray } from "../array/dtype.ts";
import { NDArray } from "../array/ndarray.ts";
import { IntervalSet } from "./interval_set.ts";
import { arrayLikeArg, functionArg } from "./checks.ts";
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
import { checkOptions } from "../options.ts";
import {
  type ColumnLabel,
  TS_KEYS,
  type TsdFrameOptions,
  type TsdOptions,
  type TsOptions,
} from "./series_options.ts";
// a cycle (ts_group imports this module) that is safe: TsGroup is only used inside a method
import { TsGroup } from "./ts_group.ts";
import { checkTimeUnits, TimeIndex, type TimeUnits } from "./time_index.ts";
import { eachBatch, LazyColumns, type Store, storeAll, storeRows } from "./store.ts";
import { thresholdEpochs, thresholdFlags, type ThresholdMethod } from "./series_kernels.ts";
import { sameTimes } from "./series_math.ts";
import { concatColumns, joinMetadata } from "./series_methods.ts";
import type { SeriesKind } from "../display/views.ts";
import {
  normIndex,
  registerSeries,
  TimeSeriesBase,
  type TrialCountOptions,
  trialCounts,
} from "./series_base.ts";
import { BaseTsd, keepNdRows, keepRows, toFloatRows } from "./tsd_base.ts";

export type { DataInput, Store } from "./store.ts";
export type { SeriesKind } from "../display/views.ts";
export type { ThresholdMethod, ValueFromMode } from "./series_kernels.ts";
export type { Trim } from "./series_ops.ts";
export type { TimeDiffAlign, TrialAlign } from "./series_methods.ts";
export type { DecimateFilter } from "./decimate.ts";
export type {
  BinAverageOptions,
  ColumnLabel,
  ConvolveOptions,
  CountOptions,
  DdofOptions,
  DecimateOptions,
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
export {
  type CountSpec,
  countSpec,
  TimeSeriesBase,
  type TrialCountOptions,
  trialCounts,
} from "./series_base.ts";
export { type Axis, BaseTsd, type Reduced, type SeriesOperand } from "./tsd_base.ts";

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
    this.metadata = new Metadata(ncol, this.columns);
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

  /** The values of metadata column `name`, one per column (KEY_NOT_FOUND if absent). */
  getInfo(name: string): unknown[];
  /** The same, each value checked to be a `type` (WRONG_TYPE otherwise): typed without a cast. */
  getInfo<T extends InfoType>(name: string, type: T): InfoValue<T>[];
  getInfo(name: string, type?: InfoType): unknown[] {
    return getInfo(this.metadata, name, type);
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

  /** Column labels and their metadata, for the display. */
  protected override viewLabels(): { columns?: readonly (string | number)[]; metadata?: Metadata } {
    return { columns: this.columns, metadata: this.metadata };
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

// the base classes build series results (count, timeDiff, reductions) but cannot import this
// module, whose classes extend theirs: the constructors are registered here
registerSeries((t, d, timeSupport) =>
  d.ndim === 1
    ? new Tsd({ t, d, timeSupport })
    : d.ndim === 2
    ? new TsdFrame({ t, d, timeSupport })
    : new TsdTensor({ t, d, timeSupport })
);
