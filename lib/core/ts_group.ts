/**
 * pynapple's TsGroup: a Map-like group of Ts/Tsd keyed by integers (e.g. spike trains of units),
 * with a common time support and a metadata table whose first column is the computed `rate`.
 * @module
 */
import { NappleError } from "../errors.ts";
import { checkOptions, type OptionKeys } from "../options.ts";
import { warn } from "../warnings.ts";
import { isTypedArray, type TypedArray } from "../array/dtype.ts";
import { NDArray } from "../array/ndarray.ts";
import { isLazy } from "../array/lazy.ts";
import type { TextSize } from "../display/views.ts";
import { terminalSize } from "../display/terminal.ts";
import { plot } from "../display/plot.ts";
import type { PlotFigure } from "../display/plot_figure.ts";
import type { PlotOptions } from "../display/plot_types.ts";
import { epArg, IntervalSet } from "./interval_set.ts";
import {
  checkMetadataRecord,
  dropInfo,
  getInfo,
  groupby,
  type InfoType,
  type InfoValue,
  Metadata,
  type MetadataInput,
  type MetadataRecord,
  type MetadataRules,
  setInfo,
} from "./metadata.ts";
import { arrayLikeArg, functionArg } from "./checks.ts";
import { unionIntervals, unionManyIntervals } from "./interval_kernels.ts";
import { checkTimeUnits, TimeIndex, type TimeInput, type TimeUnits } from "./time_index.ts";
import {
  binGrid,
  countGroupOnGrid,
  countInEpochs,
  countsAs,
  type ValueFromMode,
} from "./series_kernels.ts";
import {
  type CountOptions,
  countSpec,
  type TimeDiffOptions,
  TimeSeriesBase,
  type TrialCountOptions,
  trialCounts,
  Ts,
  Tsd,
  TsdFrame,
  type TsdTensor,
} from "./time_series.ts";
import { tsGroupText } from "../display/text.ts";
import { tsGroupHtml } from "../display/html.ts";
import { jupyterBundle, type MimeBundle } from "../display/jupyter.ts";
import { saveNpzView } from "./saving.ts";

/** A member of a group: a Ts or a Tsd (other series are accepted as pynapple does). */
export type TsGroupMember = Ts | Tsd | TsdFrame | TsdTensor;

/** What a group can be built from: members or plain arrays of times (converted to Ts). */
export type TsGroupInput =
  | Record<number | string, TsGroupMember | TimeInput>
  | Map<number, TsGroupMember | TimeInput>
  | ReadonlyArray<TsGroupMember | TimeInput>;

/** Options of `new TsGroup(data, options)`. */
export interface TsGroupOptions {
  /** One value per unit (in key order) for each metadata column; `rate` is always computed. */
  metadata?: MetadataRecord;
  /** Common time support; members are restricted to it. Default: union of members' supports. */
  timeSupport?: IntervalSet;
  /** Units of plain-array members (default seconds). */
  timeUnits?: TimeUnits;
  /** Skip restricting members to the time support (they must already be restricted). */
  bypassCheck?: boolean;
}

/** Options of {@linkcode TsGroup.mergeGroup}. */
export interface MergeOptions {
  /** Renumber the keys 0..n-1 instead of requiring distinct keys. */
  resetIndex?: boolean;
  /** Use the union of the members' supports instead of requiring equal supports. */
  resetTimeSupport?: boolean;
  /** Drop metadata instead of requiring the same metadata columns. */
  ignoreMetadata?: boolean;
}

const TSGROUP_KEYS: OptionKeys<TsGroupOptions> = {
  metadata: true,
  timeSupport: true,
  timeUnits: true,
  bypassCheck: true,
};
const MERGE_KEYS: OptionKeys<MergeOptions> = {
  resetIndex: true,
  resetTimeSupport: true,
  ignoreMetadata: true,
};

/** Comparison operators of {@linkcode TsGroup.getbyThreshold}. */
export type ThresholdOp = ">" | "<" | ">=" | "<=";

/** `rate` is computed from the members: never set nor dropped (pynapple raises). */
const METADATA_RULES: MetadataRules = { kind: "TsGroup", computed: ["rate"] };

function unionSupports(sets: IntervalSet[]): IntervalSet {
  // pynapple's _union_intervals: one set as is, two through jitunion, more through
  // jitunion_isets (which also merges touching intervals)
  if (sets.length === 0) return IntervalSet.empty();
  if (sets.length === 1) return sets[0];
  let r: { start: Float64Array; end: Float64Array };
  if (sets.length === 2) {
    r = unionIntervals(sets[0].start, sets[0].end, sets[1].start, sets[1].end);
  } else {
    const s: number[] = [];
    const e: number[] = [];
    for (const set of sets) {
      s.push(...set.start);
      e.push(...set.end);
    }
    r = unionManyIntervals(Float64Array.from(s), Float64Array.from(e));
  }
  return new IntervalSet({ start: r.start, end: r.end });
}

/**
 * The rows `order` of every column of `metadata`; a column of another length is kept as is, so
 * `setInfo` reports its length.
 */
function selectRows(metadata: MetadataRecord, order: number[]): MetadataRecord {
  checkMetadataRecord(metadata);
  if (metadata instanceof Metadata) {
    return metadata.length === order.length ? metadata.select(order) : metadata;
  }
  const out: Record<string, MetadataInput> = {};
  for (const [name, column] of Object.entries(metadata)) {
    const ok = column !== null && typeof column === "object" && column.length === order.length;
    out[name] = !ok ? column : isTypedArray(column)
      // a TypedArray stays one (its dtype is the column's dtype)
      ? (column as unknown as { constructor: { from(x: unknown[]): MetadataInput } })
        .constructor.from(order.map((i) => column[i]))
      : order.map((i) => column[i]);
  }
  return out;
}

function pythonTypeName(x: unknown): string {
  return Array.isArray(x) ? "<class 'list'>" : "<class 'numpy.ndarray'>";
}

/**
 * Merges sorted timestamp arrays into one sorted array (k-way merge with a binary heap, ties in
 * member order), with the member each timestamp came from. O(n log k), no comparator sort.
 */
function mergeSorted(series: Float64Array[]): { t: Float64Array; source: Int32Array } {
  let total = 0;
  for (const s of series) total += s.length;
  const t = new Float64Array(total);
  const source = new Int32Array(total);
  const pos = new Int32Array(series.length);
  const heap: number[] = []; // member indices, ordered by (current time, member)
  const less = (a: number, b: number) => {
    const ta = series[a][pos[a]];
    const tb = series[b][pos[b]];
    return ta < tb || (ta === tb && a < b);
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l], heap[m])) m = l;
      if (r < heap.length && less(heap[r], heap[m])) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  };
  series.forEach((s, j) => {
    if (s.length) heap.push(j);
  });
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
  for (let o = 0; o < total; o++) {
    const j = heap[0];
    t[o] = series[j][pos[j]];
    source[o] = j;
    pos[j]++;
    if (pos[j] === series[j].length) {
      heap[0] = heap[heap.length - 1];
      heap.pop();
    }
    if (heap.length) down(0);
  }
  return { t, source };
}

/**
 * A group of time series keyed by integers, with metadata whose first column is the computed
 * `rate` (pynapple `TsGroup`). Map-like: `keys()`, `get(k)`, `has(k)`, `size`, iteration.
 *
 * @example
 * ```ts
 * import { Ts, TsGroup } from "@napple/napple";
 * const units = new TsGroup({ 3: new Ts({ t: [0, 1, 2] }), 7: new Ts({ t: [0.5, 2] }) }, {
 *   metadata: { region: ["CA1", "PFC"] },
 * });
 * units.getInfo("rate"); // [1.5, 1]
 * [...units.getbyCategory("region").get("CA1")!.keys()]; // [3]
 * ```
 */
export class TsGroup implements Iterable<[number, TsGroupMember]> {
  /** The keys, sorted ascending. */
  readonly index: readonly number[];
  /** Common time support. */
  readonly timeSupport: IntervalSet;
  /** One row per unit, in key order; the first column is `rate`. */
  readonly metadata: Metadata;
  readonly #data: Map<number, TsGroupMember>;

  /** `new TsGroup({3: ts, 7: ts}, {metadata?, timeSupport?, timeUnits?, bypassCheck?})`. */
  constructor(data: TsGroupInput, options: TsGroupOptions = {}) {
    options = checkOptions(options, TSGROUP_KEYS, "new TsGroup()");
    const units = checkTimeUnits(options.timeUnits ?? "s");
    let entries: [unknown, unknown][];
    if (data instanceof Map) entries = [...data.entries()];
    else if (Array.isArray(data)) entries = data.map((v, i) => [i, v]);
    else if (typeof data === "object" && data !== null) {
      // JS lists an object's integer keys in ascending order whatever order they were written
      // in, and other keys (e.g. "-1") after them: take a record's keys in ascending order
      entries = Object.entries(data).sort((a, b) => Number(a[0]) - Number(b[0]));
    } else {
      throw new NappleError("INVALID_ARGUMENT", "TsGroup needs a record, Map or array of Ts/Tsd");
    }
    const byKey = new Map<number, unknown>();
    for (const [k, v] of entries) {
      const key = typeof k === "number" ? k : Number(k);
      if (typeof k === "string" && k.trim() === "" || !Number.isFinite(key)) {
        throw new NappleError(
          "INVALID_ARGUMENT",
          `All keys must be convertible to integer; got ${k}`,
          {
            key: String(k),
          },
        );
      }
      if (!Number.isInteger(key)) {
        throw new NappleError("INVALID_ARGUMENT", `All keys must have integer value; got ${k}`, {
          key: String(k),
        });
      }
      if (byKey.has(key)) {
        throw new NappleError(
          "INVALID_ARGUMENT",
          `Two keys contain the same integer value (${key})`,
          { key: String(k) },
        );
      }
      byKey.set(key, v);
    }
    const index = [...byKey.keys()].sort((a, b) => a - b);
    const ts = options.timeSupport;
    if (ts !== undefined && !(ts instanceof IntervalSet)) {
      throw new NappleError("INVALID_ARGUMENT", "timeSupport should be an IntervalSet", {
        key: "timeSupport",
      });
    }
    const members = new Map<number, TsGroupMember>();
    for (const k of index) {
      const v = byKey.get(k);
      if (v instanceof TimeSeriesBase) {
        members.set(k, v as TsGroupMember);
      } else if (Array.isArray(v) || isTypedArray(v) || v instanceof NDArray || isLazy(v)) {
        warn(
          `Elements should not be passed as ${
            pythonTypeName(v)
          }. Default time units is seconds when creating the Ts object.`,
        );
        members.set(k, new Ts({ t: v as TimeInput, timeUnits: units, timeSupport: ts }));
      } else {
        throw new NappleError(
          "INVALID_ARGUMENT",
          `member ${k} must be a Ts, a Tsd or an array of times`,
          { key: String(k) },
        );
      }
    }
    let support: IntervalSet;
    if (ts) support = ts;
    else {
      support = unionSupports(index.map((k) => members.get(k)!.timeSupport));
      if (support.length === 0 && index.length > 0) {
        throw new NappleError(
          "INVALID_ARGUMENT",
          "Union of time supports is empty. Consider passing a time support as argument.",
          { key: "timeSupport" },
        );
      }
    }
    if (!options.bypassCheck) {
      for (const k of index) members.set(k, members.get(k)!.restrict(support));
    }
    this.index = Object.freeze(index);
    this.timeSupport = support;
    this.#data = members;
    this.metadata = new Metadata(index.length, index);
    this.metadata.set("rate", Float64Array.from(index, (k) => members.get(k)!.rate), "float64");
    if (options.metadata) {
      // metadata rows follow the keys as given; the members are stored in sorted key order
      const given = [...byKey.keys()];
      const order = index.map((k) => given.indexOf(k));
      this.setInfo(
        order.every((p, i) => p === i) ? options.metadata : selectRows(options.metadata, order),
      );
    }
  }

  // ---- Map-like access

  /** Number of members. */
  get size(): number {
    return this.index.length;
  }

  /** Number of members (pynapple `len`). */
  get length(): number {
    return this.index.length;
  }

  /** True when `key` is a member. */
  has(key: number): boolean {
    return this.#data.has(key);
  }

  /** The member `key` (KEY_NOT_FOUND naming the keys). */
  get(key: number): TsGroupMember {
    const v = this.#data.get(key);
    if (!v) {
      throw new NappleError(
        "KEY_NOT_FOUND",
        `Key ${key} not in group index (${this.index.join(", ")})`,
        { key: String(key) },
      );
    }
    return v;
  }

  /** Keys in ascending order, as an array (pynapple's `keys()` is a list and prints as one). */
  keys(): number[] {
    return [...this.index];
  }

  /** Members in key order. */
  values(): IterableIterator<TsGroupMember> {
    return this.index.map((k) => this.#data.get(k)!)[Symbol.iterator]();
  }

  /** `[key, member]` pairs in key order. */
  entries(): IterableIterator<[number, TsGroupMember]> {
    return this.index.map((k) => [k, this.#data.get(k)!] as [number, TsGroupMember])[
      Symbol.iterator
    ]();
  }

  /** Iterates `[key, member]` pairs in key order. */
  [Symbol.iterator](): IterableIterator<[number, TsGroupMember]> {
    return this.entries();
  }

  /** Calls `fn(member, key)` for each member in key order. */
  forEach(fn: (member: TsGroupMember, key: number, group: TsGroup) => void): void {
    functionArg(fn);
    for (const k of this.index) fn(this.#data.get(k)!, k, this);
  }

  /** The computed rates, in key order. */
  get rates(): Float64Array {
    return Float64Array.from(this.metadata.get("rate").values as number[]);
  }

  // ---- metadata

  /** Metadata column names (`rate` first). */
  get metadataColumns(): string[] {
    return this.metadata.columns;
  }

  /** Adds or replaces metadata columns (one value per unit, in key order; `rate` is computed). */
  setInfo(metadata: MetadataRecord): void {
    setInfo(this.metadata, metadata, METADATA_RULES);
  }

  /** The values of metadata column `name`, in key order (KEY_NOT_FOUND if absent). */
  getInfo(name: string): unknown[];
  /** The same, each value checked to be a `type` (WRONG_TYPE otherwise): typed without a cast. */
  getInfo<T extends InfoType>(name: string, type: T): InfoValue<T>[];
  getInfo(name: string, type?: InfoType): unknown[] {
    return getInfo(this.metadata, name, type);
  }

  /** Removes metadata column(s) (not `rate`). */
  dropInfo(name: string | readonly string[]): void {
    dropInfo(this.metadata, name, METADATA_RULES);
  }

  /** Metadata without `rate`, for the rows `positions` (rate is recomputed by new groups). */
  #metadataFor(positions: number[]): Metadata | undefined {
    const md = this.metadata.select(positions);
    md.delete("rate");
    return md.columns.length ? md : undefined;
  }

  /**
   * Unit keys grouped by metadata `by` (pynapple `groupby`), sorted by value; with `getGroup`,
   * the TsGroup of that group instead.
   */
  groupby(by: string | readonly string[]): Map<unknown, number[]>;
  /** The units whose metadata `by` equals `getGroup`. */
  groupby(by: string | readonly string[], getGroup: unknown): TsGroup;
  /** pynapple `groupby`. */
  groupby(by: string | readonly string[], getGroup?: unknown): Map<unknown, number[]> | TsGroup {
    const keys = (rows: number[]) => rows.map((i) => this.index[i]);
    return groupby(this.metadata, by, getGroup, keys, (rows) => this.select(keys(rows)));
  }

  /** pynapple `groupby_apply`: `fn` of the TsGroup of each metadata group, keyed by its values. */
  groupbyApply<R>(by: string | readonly string[], fn: (group: TsGroup) => R): Map<unknown, R> {
    functionArg(fn);
    return new Map([...this.groupby(by).keys()].map((k) => [k, fn(this.groupby(by, k))]));
  }

  /**
   * Counts of each unit in bins of `binSize` within each trial of `ep`: a `(units, trials, bins)`
   * float64 array aligned to the trials' start (or end), padded with NaN (pynapple `trial_count`).
   */
  trialCount(ep: IntervalSet, binSize: number, options: TrialCountOptions = {}): NDArray {
    return trialCounts(this, ep, binSize, options);
  }

  /** Each unit's `timeDiff` (pynapple `time_diff`: a dict of Tsd), keyed by unit. */
  timeDiff(options: TimeDiffOptions = {}): Map<number, Tsd> {
    return new Map([...this.keys()].map((k) => [k, this.get(k).timeDiff(options)]));
  }

  // ---- selection

  /** The sub-group of `keys` (pynapple `group[[k1, k2]]`), metadata kept. */
  select(keys: readonly number[]): TsGroup {
    arrayLikeArg(keys, "keys");
    for (const k of keys) this.get(k);
    const sorted = [...new Set(keys)].sort((a, b) => a - b);
    const pos = sorted.map((k) => this.index.indexOf(k));
    return new TsGroup(new Map(sorted.map((k) => [k, this.#data.get(k)!])), {
      timeSupport: this.timeSupport,
      metadata: this.#metadataFor(pos),
      bypassCheck: true,
    });
  }

  /** The sub-group where `mask` is true (one boolean per unit, in key order). */
  mask(mask: ArrayLike<boolean | number>): TsGroup {
    arrayLikeArg(mask, "mask");
    if (mask.length !== this.size) {
      throw new NappleError(
        "SHAPE_MISMATCH",
        `Boolean index length must be equal to the number of Ts in the group (${this.size}); got ${mask.length}`,
      );
    }
    return this.select(this.index.filter((_, i) => mask[i]));
  }

  /** Units whose metadata `key` compares to `thr` with `op` (default ">"). */
  getbyThreshold(key: string, thr: number, op: ThresholdOp = ">"): TsGroup {
    const vals = this.metadata.get(key).values as number[];
    // pynapple cannot compare strings (or None) with a number: it raises a TypeError
    if (!vals.every((v) => typeof v === "number" || typeof v === "boolean")) {
      throw new NappleError(
        "DTYPE",
        `getbyThreshold needs a numeric metadata column; "${key}" is not numeric`,
        { key },
      );
    }
    const test = op === ">"
      ? (v: number) => v > thr
      : op === "<"
      ? (v: number) => v < thr
      : op === ">="
      ? (v: number) => v >= thr
      : op === "<="
      ? (v: number) => v <= thr
      : undefined;
    if (!test) throw new NappleError("INVALID_ARGUMENT", `Operation ${op} not recognized.`);
    return this.select(this.index.filter((_, i) => test(Number(vals[i]))));
  }

  /**
   * Groups units by the bin of `bins` their metadata `key` falls in (`bins[i] <= v < bins[i+1]`,
   * numpy `digitize`). Returns the non-empty groups and their bin centers.
   */
  getbyIntervals(key: string, bins: ArrayLike<number>): [TsGroup[], Float64Array] {
    const vals = this.metadata.get(key).values as number[];
    const groups = new Map<number, number[]>();
    for (let i = 0; i < vals.length; i++) {
      const v = Number(vals[i]);
      let b = -1;
      for (let j = 0; j < bins.length; j++) if (bins[j] <= v) b = j;
      if (b >= 0 && b < bins.length - 1) {
        if (!groups.has(b)) groups.set(b, []);
        groups.get(b)!.push(this.index[i]);
      }
    }
    const ix = [...groups.keys()].sort((a, b) => a - b);
    return [
      ix.map((b) => this.select(groups.get(b)!)),
      Float64Array.from(ix, (b) => bins[b] + (bins[b + 1] - bins[b]) / 2),
    ];
  }

  /** One sub-group per distinct value of metadata `key` (sorted by value, like pandas). */
  getbyCategory(key: string): Map<unknown, TsGroup> {
    return new Map(
      this.metadata.groupRows(key).map((
        g,
      ) => [g.key, this.select(g.rows.map((i) => this.index[i]))]),
    );
  }

  // ---- merging

  /**
   * Merges groups into one (pynapple `TsGroup.merge_group`). Keys must not overlap unless
   * `resetIndex` (keys become 0..n-1); metadata columns must match unless `ignoreMetadata`
   * (metadata dropped); time supports must be equal unless `resetTimeSupport` (the union of the
   * members' supports is used).
   */
  static mergeGroup(groups: readonly TsGroup[], options: MergeOptions = {}): TsGroup {
    options = checkOptions(options, MERGE_KEYS, "mergeGroup");
    arrayLikeArg(groups, "groups");
    if (groups.length === 0 || !groups.every((g) => g instanceof TsGroup)) {
      throw new NappleError("INVALID_ARGUMENT", "mergeGroup needs one or more TsGroup objects");
    }
    const first = groups[0];
    const cols = first.metadata.columns;
    const seen = new Set<number>();
    groups.forEach((g, i) => {
      if (!options.resetIndex) {
        const overlap = g.index.filter((k) => seen.has(k));
        if (overlap.length) {
          throw new NappleError(
            "INVALID_ARGUMENT",
            `TsGroup at position ${i} has overlapping keys ${
              overlap.join(", ")
            } with previous TsGroups. Set resetIndex to true.`,
          );
        }
      }
      g.index.forEach((k) => seen.add(k));
      if (!options.ignoreMetadata) {
        const c = g.metadata.columns;
        if (c.length !== cols.length || c.some((x) => !cols.includes(x))) {
          throw new NappleError(
            "INVALID_ARGUMENT",
            `TsGroup at position ${i} has different metadata columns from previous TsGroup objects. Set ignoreMetadata to true to bypass the check.`,
          );
        }
      }
      if (!options.resetTimeSupport && !g.timeSupport.equals(first.timeSupport)) {
        throw new NappleError(
          "INVALID_ARGUMENT",
          `TsGroup at position ${i} has different time support from previous TsGroup objects. Set resetTimeSupport to true to bypass the check.`,
        );
      }
    });
    const members = new Map<number, TsGroupMember>();
    const rows: { group: TsGroup; pos: number }[] = [];
    let next = 0;
    for (const g of groups) {
      g.index.forEach((k, pos) => {
        members.set(options.resetIndex ? next++ : k, g.#data.get(k)!);
        rows.push({ group: g, pos });
      });
    }
    // metadata rows follow the merged keys in sorted order
    const keys = [...members.keys()];
    const order = keys.map((_, i) => i).sort((a, b) => keys[a] - keys[b]);
    let metadata: Record<string, unknown[]> | undefined;
    if (!options.ignoreMetadata) {
      metadata = {};
      for (const c of cols) {
        if (c === "rate") continue;
        metadata[c] = order.map((i) => rows[i].group.metadata.get(c).values[rows[i].pos]);
      }
    }
    return new TsGroup(members, {
      timeSupport: options.resetTimeSupport ? undefined : first.timeSupport,
      metadata: metadata && Object.keys(metadata).length ? metadata : undefined,
    });
  }

  /** This group merged with `others` (pynapple `merge`); see {@linkcode TsGroup.mergeGroup}. */
  merge(others: TsGroup | readonly TsGroup[], options: MergeOptions = {}): TsGroup {
    const list = others instanceof TsGroup
      ? [others]
      : Array.from(arrayLikeArg<TsGroup>(others, "others"));
    return TsGroup.mergeGroup([this, ...list], options);
  }

  // ---- time operations

  /** Every member restricted to `ep`; the group's time support becomes `ep`. */
  restrict(ep: IntervalSet): TsGroup {
    if (!(ep instanceof IntervalSet)) {
      throw new NappleError("INVALID_ARGUMENT", "restrict needs an IntervalSet", { key: "ep" });
    }
    return new TsGroup(new Map(this.index.map((k) => [k, this.#data.get(k)!.restrict(ep)])), {
      timeSupport: ep,
      metadata: this.#metadataFor(this.index.map((_, i) => i)),
      bypassCheck: true,
    });
  }

  /**
   * Counts per unit in bins of `binSize` (or per epoch without it) inside `ep` (default: time
   * support): a TsdFrame with one column per key (int64 counts by default) carrying every
   * metadata column but `rate` as per-column metadata, as pynapple does.
   */
  count(
    binSize?: number | IntervalSet | CountOptions,
    ep?: IntervalSet | TimeUnits,
    timeUnits?: TimeUnits,
  ): TsdFrame {
    const { epochs, dtype, binSize: bs } = countSpec(binSize, ep, timeUnits, this.timeSupport);
    const n = this.size;
    let centers: Float64Array;
    let counts: TypedArray;
    if (bs === undefined) {
      centers = countInEpochs(new Float64Array(0), epochs.start, epochs.end).centers;
      const out = new Float64Array(centers.length * n);
      this.index.forEach((k, j) => {
        const c = countInEpochs(this.#data.get(k)!.t, epochs.start, epochs.end).counts;
        for (let b = 0; b < c.length; b++) out[b * n + j] = c[b];
      });
      counts = countsAs(out, dtype);
    } else {
      // one grid for all units: the rounded bin edges are computed once
      const grid = binGrid(epochs.start, epochs.end, bs);
      centers = grid.centers;
      const ts = this.index.map((k) => this.#data.get(k)!.t);
      counts = countGroupOnGrid(ts, epochs.start, epochs.end, grid, dtype);
    }
    return new TsdFrame({
      t: centers,
      d: new NDArray(counts, [centers.length, n], dtype),
      columns: this.index,
      timeSupport: epochs,
      metadata: this.#metadataFor(this.index.map((_, i) => i)),
    });
  }

  /**
   * All timestamps in one sorted Tsd whose values are the unit keys, or metadata `key`, or the
   * given per-unit values (pynapple `to_tsd`).
   */
  toTsd(key?: string | ArrayLike<number>): Tsd {
    let per: number[];
    if (key === undefined) per = [...this.index];
    else if (typeof key === "string") {
      per = this.metadata.get(key).values.map((v) => {
        if (typeof v !== "number" && typeof v !== "boolean") {
          throw new NappleError("DTYPE", `metadata "${key}" is not numeric`, { key });
        }
        return Number(v);
      });
    } else {
      arrayLikeArg(key, "key");
      if (key.length !== this.size) {
        throw new NappleError("SHAPE_MISMATCH", `${key.length} values for ${this.size} units`);
      }
      per = Array.from(key, Number);
    }
    const series = this.index.map((k) => this.#data.get(k)!.t);
    const { t, source } = mergeSorted(series);
    const d = Float64Array.from(source, (j) => per[j]);
    return new Tsd({ t: TimeIndex.trusted(t), d, timeSupport: this.timeSupport });
  }

  /** For each member, the values of `data` at its timestamps (pynapple `value_from`). */
  valueFrom(
    data: Tsd | TsdFrame | TsdTensor,
    ep?: IntervalSet,
    mode: ValueFromMode = "closest",
  ): TsGroup {
    if (!(data instanceof TimeSeriesBase)) {
      throw new NappleError("INVALID_ARGUMENT", "valueFrom needs a Tsd, TsdFrame or TsdTensor");
    }
    const epochs = epArg(ep) ?? data.timeSupport;
    return new TsGroup(
      new Map(this.index.map((k) => [k, this.#data.get(k)!.valueFrom(data, epochs, mode)])),
      {
        timeSupport: epochs,
        metadata: this.#metadataFor(this.index.map((_, i) => i)),
        bypassCheck: true,
      },
    );
  }

  // ---- display and saving

  /** pynapple's `print(group)` text for a terminal of `size` (default 80×24). */
  toString(size?: TextSize): string {
    return tsGroupText(this, size);
  }

  /** Deno's console.log hook: pynapple's print for the current terminal (80×24 if none). */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString(terminalSize());
  }

  /** Jupyter rich display: pynapple's text and an HTML table. */
  [Symbol.for("Jupyter.display")](): MimeBundle {
    return jupyterBundle(this.toString(), tsGroupHtml(this));
  }

  /** Saves to pynapple's npz layout (`nap.loadFile` and pynapple read it back); returns the path. */
  save(path: string): string {
    return saveNpzView(path, {
      kind: "TsGroup",
      index: this.index,
      metadata: this.metadata,
      timeSupport: this.timeSupport,
      times: (key) => this.get(key).t,
      values: (key) => {
        const unit = this.get(key);
        return unit instanceof Ts ? undefined : unit.toNDArray();
      },
    });
  }
  /**
   * Draws a raster, one row per unit (`color`: a metadata column): the same figure as `nap.plot(this, options)`. Async because Observable Plot is
   * loaded on the first plot only.
   */
  plot(options: PlotOptions = {}): Promise<PlotFigure> {
    return plot(this, options);
  }
}
