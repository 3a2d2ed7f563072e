/**
 * Where a series keeps its values: an in-memory NDArray or a LazyArray. These helpers read row
 * ranges from either, so callers never care which (and lazy data is read one range at a time,
 * never element by element).
 * @module
 */
import { unsupportedDataError } from "./checks.ts";
import { NappleError } from "../errors.ts";
import { warn } from "../warnings.ts";
import { allocate, isTypedArray, itemSize, type TypedArray } from "../array/dtype.ts";
import { getBatchSize } from "../array/batch_size.ts";
import { NDArray, type NestedArray, shapeSize } from "../array/ndarray.ts";
import {
  isLazy,
  type LazyArray,
  readColumnsReusing,
  readRowsReusing,
  type ReadStats,
  ReusedBuffer,
} from "../array/lazy.ts";
import type { RowRange } from "./time_index.ts";

/** Values of a series: in memory or lazy. */
export type Store = NDArray | LazyArray;

/** What constructors accept as data. */
export type DataInput = number | NestedArray | TypedArray | NDArray | LazyArray;

/**
 * Converts `d` to a Store. A LazyArray stays lazy unless `loadArray` is true, in which case it is
 * read into memory with pynapple's conversion warning.
 */
export function toStore(d: unknown, loadArray: boolean | undefined, what = "d"): Store {
  if (isLazy(d)) {
    if (loadArray !== true) return d;
    warn(
      `Converting '${what}' to numpy.array. The provided array was of type '${d.source}'.`,
      "ConversionWarning",
    );
    return d.readRows(0, d.shape[0] ?? 0);
  }
  if (d instanceof NDArray) return d.ndim === 0 ? d.reshape([1]) : d;
  if (typeof d === "number" || typeof d === "bigint" || typeof d === "boolean") {
    return NDArray.from([d as number]);
  }
  if (isTypedArray(d)) return new NDArray(d, [d.length]);
  if (Array.isArray(d)) return NDArray.from(d as NestedArray);
  throw unsupportedDataError(what, d);
}

/** Number of rows. */
export function storeLength(s: Store): number {
  return s.shape[0] ?? 0;
}

/** Rows `[a, b)`: a view for in-memory data, one read for lazy data. */
export function storeRows(s: Store, a: number, b: number): NDArray {
  return s instanceof NDArray ? s.sliceRows(a, b) : s.readRows(a, b);
}

/** The rows of `ranges` concatenated into a new in-memory array (one read per range). */
export function storeGather(s: Store, ranges: readonly RowRange[]): NDArray {
  const rowShape = s.shape.slice(1);
  const r = shapeSize(rowShape);
  const nonEmpty = ranges.filter(([a, b]) => b > a);
  if (nonEmpty.length === 1 && s instanceof NDArray) {
    // one range: a single copy (TypedArray.slice), no zero-filled buffer to overwrite
    const [a, b] = nonEmpty[0];
    return new NDArray(s.data.slice(a * r, b * r), [b - a, ...rowShape], s.dtype);
  }
  let n = 0;
  for (const [a, b] of ranges) n += b - a;
  const out = allocate(s.dtype, n * r);
  let at = 0;
  for (const [a, b] of ranges) {
    if (b <= a) continue;
    const part = storeRows(s, a, b);
    // deno-lint-ignore no-explicit-any
    (out as any).set(part.data, at);
    at += part.size;
  }
  return new NDArray(out, [n, ...rowShape], s.dtype);
}

/**
 * The rows at `indices` (in that order). Lazy data is never read row by row: increasing indices
 * are served from windows of up to one analysis batch (`setBatchSize`) read in one call each;
 * other orders are read in runs of consecutive rows.
 */
export function storeTake(s: Store, indices: ArrayLike<number>): NDArray {
  if (s instanceof NDArray) return s.takeRows(indices);
  const n = storeLength(s);
  let increasing = true;
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i];
    if (!(k >= 0 && k < n)) {
      throw new NappleError("INDEX_OUT_OF_RANGE", `row ${k} is out of range for length ${n}`);
    }
    if (i && k < indices[i - 1]) increasing = false;
  }
  if (increasing) return takeWindowed(s, indices);
  const runs: [number, number][] = [];
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i];
    const last = runs[runs.length - 1];
    if (last && last[1] === k) last[1]++;
    else runs.push([k, k + 1]);
  }
  return storeGather(s, runs);
}

/** Increasing `indices` of lazy `s`, reading windows of up to one batch of rows. */
function takeWindowed(s: LazyArray, indices: ArrayLike<number>): NDArray {
  const rowShape = s.shape.slice(1);
  const r = shapeSize(rowShape);
  const step = Math.max(1, Math.floor(getBatchSize() / Math.max(1, r * itemSize(s.dtype))));
  const out = allocate(s.dtype, indices.length * r);
  let i = 0;
  while (i < indices.length) {
    const a = indices[i];
    let j = i;
    // the window ends at the last index within `step` rows of its first one
    while (j + 1 < indices.length && indices[j + 1] < a + step) j++;
    const rows = s.readRows(a, indices[j] + 1);
    for (let q = i; q <= j; q++) {
      const off = (indices[q] - a) * r;
      // deno-lint-ignore no-explicit-any
      (out as any).set(rows.data.subarray(off, off + r), q * r);
    }
    i = j + 1;
  }
  return new NDArray(out, [indices.length, ...rowShape], s.dtype);
}

/**
 * Calls `fn` on consecutive row blocks `[a, a + rows.length)` covering all of `store`: one block
 * (the array itself) in memory, batches of the analysis batch size for lazy data, so streaming
 * operations hold one batch of the source at a time. With `reuse`, lazy batches are read into
 * one buffer where the backend allows (`readRowsInto`): `fn` must then be done with `rows`
 * when it returns (copy what it keeps).
 */
export function eachBatch(
  store: Store,
  fn: (rows: NDArray, a: number) => void,
  reuse = false,
): void {
  if (store instanceof NDArray) {
    fn(store, 0);
    return;
  }
  const n = storeLength(store);
  const rowSize = shapeSize(store.shape.slice(1));
  const step = Math.max(1, Math.floor(getBatchSize() / Math.max(1, rowSize * 8))); // float64 copies
  const scratch = reuse && store.readRowsInto
    ? new ArrayBuffer(Math.min(n, step) * rowSize * itemSize(store.dtype))
    : undefined;
  for (let a = 0; a < n; a += step) {
    const b = Math.min(n, a + step);
    fn(scratch ? store.readRowsInto!(a, b, scratch) : store.readRows(a, b), a);
  }
}

/** Everything, in memory. */
export function storeAll(s: Store): NDArray {
  return s instanceof NDArray ? s : s.readRows(0, storeLength(s));
}

/**
 * A LazyArray that shows part of another one: dtype, source and read counters are the base's
 * (reads through the view are reads of the base file).
 */
abstract class LazyView implements LazyArray {
  /** Always true. */
  readonly isLazy = true as const;
  protected readonly base: LazyArray;

  constructor(base: LazyArray) {
    this.base = base;
  }

  /** See {@linkcode LazyArray.shape}. */
  abstract get shape(): readonly number[];

  /** See {@linkcode LazyArray.dtype}. */
  get dtype(): LazyArray["dtype"] {
    return this.base.dtype;
  }

  /** See {@linkcode LazyArray.source}. */
  get source(): string {
    return this.base.source;
  }

  /** The underlying array's counters. */
  get stats(): ReadStats {
    return this.base.stats;
  }

  /** See {@linkcode LazyArray.readRows}. */
  abstract readRows(start: number, end: number, columns?: readonly number[]): NDArray;
}

/**
 * A LazyArray showing only some row ranges of another one, so that dropping samples outside a
 * time support does not force lazy data into memory.
 */
export class LazyRowRanges extends LazyView {
  readonly #ranges: RowRange[];
  readonly #offsets: number[];

  /** Views the rows of `ranges` (sorted, disjoint) of `base`. */
  constructor(base: LazyArray, ranges: readonly RowRange[]) {
    super(base);
    this.#ranges = ranges.filter(([a, b]) => b > a);
    this.#offsets = [0];
    for (const [a, b] of this.#ranges) {
      this.#offsets.push(this.#offsets[this.#offsets.length - 1] + b - a);
    }
  }

  /** See {@linkcode LazyArray.shape}. */
  get shape(): readonly number[] {
    return [this.#offsets[this.#offsets.length - 1], ...this.base.shape.slice(1)];
  }

  /** See {@linkcode LazyArray.readRows}. */
  readRows(start: number, end: number, columns?: readonly number[]): NDArray {
    return this.#read(start, end, columns);
  }

  /** See {@linkcode LazyArray.readRowsInto}: one base range is read into `scratch`. */
  readRowsInto(start: number, end: number, scratch: ArrayBuffer): NDArray {
    return this.#read(start, end, undefined, scratch);
  }

  #read(start: number, end: number, columns?: readonly number[], scratch?: ArrayBuffer): NDArray {
    const n = this.shape[0];
    const s = Math.max(0, Math.min(start, n));
    const e = Math.max(s, Math.min(end, n));
    // base rows [lo, hi) of every range the request overlaps
    const reads: RowRange[] = [];
    for (let k = 0; k < this.#ranges.length; k++) {
      const lo = Math.max(s, this.#offsets[k]);
      const hi = Math.min(e, this.#offsets[k + 1]);
      if (hi <= lo) continue;
      const base = this.#ranges[k][0] - this.#offsets[k];
      reads.push([base + lo, base + hi]);
    }
    if (scratch && reads.length === 1) {
      return readRowsReusing(this.base, reads[0][0], reads[0][1], scratch);
    }
    const parts = reads.map(([lo, hi]) => this.base.readRows(lo, hi, columns));
    const rowShape = columns ? [columns.length, ...this.shape.slice(2)] : this.shape.slice(1);
    if (parts.length === 1) return parts[0];
    return NDArray.concatRows(parts, this.dtype, rowShape);
  }
}

/**
 * A LazyArray showing only some columns (second-axis positions) of another one, so selecting
 * columns of lazy data stays lazy. With `squeeze` and a single column the view is 1-D.
 */
export class LazyColumns extends LazyView {
  readonly #columns: readonly number[];
  readonly #squeeze: boolean;
  readonly #rows = new ReusedBuffer();

  /** Views columns `columns` of `base` (2-D or more); `squeeze` drops the column axis of one. */
  constructor(base: LazyArray, columns: readonly number[], squeeze = false) {
    super(base);
    this.#columns = [...columns];
    this.#squeeze = squeeze && columns.length === 1;
  }

  /** See {@linkcode LazyArray.shape}. */
  get shape(): readonly number[] {
    const [n, , ...rest] = this.base.shape;
    return this.#squeeze ? [n, ...rest] : [n, this.#columns.length, ...rest];
  }

  /** The base's source with numpy's indexing of the columns shown (`[:, 0]`, `[:, [2, 0]]`). */
  override get source(): string {
    const cols = this.#squeeze ? String(this.#columns[0]) : `[${this.#columns.join(", ")}]`;
    return `${this.base.source}[:, ${cols}]`;
  }

  /** See {@linkcode LazyArray.readRows}. */
  readRows(start: number, end: number, columns?: readonly number[]): NDArray {
    if (this.#squeeze) {
      if (columns && !(columns.length === 1 && columns[0] === 0)) {
        throw new NappleError("INDEX_OUT_OF_RANGE", "a 1-D view has no columns to select");
      }
      const r = this.base.readRows(start, end, this.#columns);
      return r.reshape([r.length, ...r.shape.slice(2)]);
    }
    const cols = columns ? columns.map((c) => this.#columns[c]) : this.#columns;
    if (cols.some((c) => c === undefined)) {
      throw new NappleError(
        "INDEX_OUT_OF_RANGE",
        `column out of range for ${this.#columns.length}`,
      );
    }
    return this.base.readRows(start, end, cols);
  }
  /**
   * See {@linkcode LazyArray.readRowsInto}: whole rows of the base are read into a buffer the view
   * reuses, the columns gathered into `scratch`. Where the base is chunked along the columns (zarr)
   * and the columns are a small part of its rows, whole rows would decode chunks `readRows` skips:
   * `readRows` then.
   */
  readRowsInto(start: number, end: number, scratch: ArrayBuffer): NDArray {
    const width = this.base.shape[1];
    const span = Math.max(...this.#columns) - Math.min(...this.#columns) + 1;
    const chunks = (this.base as { chunks?: readonly number[] }).chunks;
    const columnChunks = Array.isArray(chunks) && chunks.length > 1 && chunks[1] < width;
    if (columnChunks && span * 2 < width) return this.readRows(start, end);
    const r = readColumnsReusing(this.base, start, end, this.#columns, scratch, this.#rows);
    return this.#squeeze ? r.reshape([r.length, ...r.shape.slice(2)]) : r;
  }
}
