/**
 * The LazyArray protocol: data that stays where it is (an HDF5 dataset, an npz member, a raw
 * binary file, a zarr array) until rows are asked for. Backends implement `readRows`; napple
 * objects call it with row ranges found by binary search on their time index.
 * @module
 */
import { NappleError } from "../errors.ts";
import { type DType, typedArrayFor } from "./dtype.ts";
import { NDArray, shapeSize } from "./ndarray.ts";

/** Counters a backend keeps so callers (and tests) can see how much was read. */
export interface ReadStats {
  /** Number of read calls that reached the storage. */
  reads: number;
  /** Bytes of array data read from storage. */
  bytesRead: number;
}

/** Array data that is read from storage on demand, row range by row range. */
export interface LazyArray {
  /** Marks the object as lazy; see {@linkcode isLazy}. */
  readonly isLazy: true;
  /** Dimensions, outermost (time) first. */
  readonly shape: readonly number[];
  /** numpy dtype of the stored elements. */
  readonly dtype: DType;
  /** Where the data lives, for display (e.g. `file.nwb:/acquisition/x/data`). */
  readonly source: string;
  /** How much this array has read so far. */
  readonly stats: ReadStats;
  /**
   * Reads rows `[start, end)` (clamped to the array) into memory in as few storage reads as the
   * backend allows. With `columns`, only those positions of the second axis are returned.
   */
  readRows(start: number, end: number, columns?: readonly number[]): NDArray;
  /**
   * Optional: rows `[start, end)` as `readRows` gives them, read into `scratch` when it holds
   * them (into new memory otherwise). The result views `scratch`, so it is valid until the
   * caller's next read into it: streaming loops read batch after batch into one buffer instead
   * of leaving a dead buffer per batch for the garbage collector (whose late collection made
   * peak memory grow with the recording's length).
   */
  readRowsInto?(start: number, end: number, scratch: ArrayBuffer): NDArray;
}

/**
 * `a.readRowsInto(start, end, scratch)` where `a` has it, `a.readRows(start, end)` otherwise.
 * @param scratch the caller's reused buffer (see {@linkcode LazyArray.readRowsInto}).
 */
export function readRowsReusing(
  a: LazyArray,
  start: number,
  end: number,
  scratch: ArrayBuffer,
): NDArray {
  return a.readRowsInto ? a.readRowsInto(start, end, scratch) : a.readRows(start, end);
}

/**
 * A buffer an object reads into from batch to batch, held weakly: a streaming loop (one
 * synchronous job) keeps reusing it, and it is freed once the loop is over.
 */
export class ReusedBuffer {
  #ref?: WeakRef<ArrayBuffer>;
  /** A buffer of at least `bytes` bytes: the previous one when it is still alive and large enough. */
  get(bytes: number): ArrayBuffer {
    const b = this.#ref?.deref();
    if (b && b.byteLength >= bytes) return b;
    const fresh = new ArrayBuffer(bytes);
    this.#ref = new WeakRef(fresh);
    return fresh;
  }
}

/** Bytes of whole rows a column view reads at a time (its reused buffer's size). */
const WHOLE_ROWS_BYTES = 4 * 1024 * 1024;

/**
 * Rows `[start, end)` of `base` keeping columns `columns`, for a column view's `readRowsInto`:
 * whole rows are read piece by piece into `rows` (reused, at most WHOLE_ROWS_BYTES: a narrow
 * view's batch is many times its size in whole rows) and the columns gathered into `scratch`, so
 * that a streaming loop allocates nothing per batch. Without `base.readRowsInto`, `readRows`.
 */
export function readColumnsReusing(
  base: LazyArray,
  start: number,
  end: number,
  columns: readonly number[],
  scratch: ArrayBuffer,
  rows: ReusedBuffer,
): NDArray {
  if (!base.readRowsInto) return base.readRows(start, end, columns);
  const n = base.shape[0] ?? 0;
  const width = base.shape[1];
  for (const c of columns) {
    if (!Number.isInteger(c) || c < 0 || c >= width) {
      throw new NappleError("INDEX_OUT_OF_RANGE", `column ${c} is out of range for ${width}`, {
        path: base.source,
      });
    }
  }
  const s = Math.max(0, Math.min(Math.floor(start), n));
  const e = Math.max(s, Math.min(Math.ceil(end), n));
  const inner = shapeSize(base.shape.slice(2));
  const Ctor = typedArrayFor(base.dtype);
  const rowBytes = width * inner * Ctor.BYTES_PER_ELEMENT;
  const size = (e - s) * columns.length * inner;
  const out = scratch.byteLength >= size * Ctor.BYTES_PER_ELEMENT
    ? new Ctor(scratch, 0, size)
    : new Ctor(size);
  const piece = Math.max(1, Math.floor(WHOLE_ROWS_BYTES / Math.max(1, rowBytes)));
  const buffer = rows.get(Math.min(piece, e - s) * rowBytes);
  for (let r = s; r < e; r += piece) {
    const whole = base.readRowsInto(r, Math.min(e, r + piece), buffer).data;
    const count = whole.length / (width * inner);
    for (let i = 0; i < count; i++) {
      for (let j = 0; j < columns.length; j++) {
        const from = (i * width + columns[j]) * inner;
        // deno-lint-ignore no-explicit-any
        (out as any).set(
          whole.subarray(from, from + inner),
          ((r - s + i) * columns.length + j) * inner,
        );
      }
    }
  }
  return new NDArray(out, [e - s, columns.length, ...base.shape.slice(2)], base.dtype);
}

/** True when `x` follows the LazyArray protocol (`nap.isLazy`). */
export function isLazy(x: unknown): x is LazyArray {
  return typeof x === "object" && x !== null && (x as LazyArray).isLazy === true &&
    typeof (x as LazyArray).readRows === "function";
}

/** Bytes in one row of a lazy or in-memory array. */
export function bytesPerRow(shape: readonly number[], itemsize: number): number {
  return shapeSize(shape.slice(1)) * itemsize;
}

/** Reads several row ranges and concatenates them along the first axis. */
export function readRanges(
  array: LazyArray,
  ranges: ReadonlyArray<readonly [number, number]>,
  columns?: readonly number[],
): NDArray {
  const parts = ranges.filter(([s, e]) => e > s).map(([s, e]) => array.readRows(s, e, columns));
  const rowShape = columns ? [columns.length, ...array.shape.slice(2)] : array.shape.slice(1);
  return NDArray.concatRows(parts, array.dtype, rowShape);
}

/** Reads the whole array into memory. */
export function materialize(array: LazyArray | NDArray): NDArray {
  return array instanceof NDArray ? array : array.readRows(0, array.shape[0] ?? 0);
}

/** An in-memory NDArray behind the LazyArray protocol (for tests and adapters). */
export class InMemoryLazyArray implements LazyArray {
  /** Always true. */
  readonly isLazy = true as const;
  /** See {@linkcode LazyArray.stats}. */
  readonly stats: ReadStats = { reads: 0, bytesRead: 0 };
  /** Creates a lazy view over `array`. */
  constructor(private readonly array: NDArray, readonly source = "memory") {}
  /** See {@linkcode LazyArray.shape}. */
  get shape(): readonly number[] {
    return this.array.shape;
  }
  /** See {@linkcode LazyArray.dtype}. */
  get dtype(): DType {
    return this.array.dtype;
  }
  /** See {@linkcode LazyArray.readRows}. */
  readRows(start: number, end: number, columns?: readonly number[]): NDArray {
    let rows = this.array.sliceRows(start, end).copy();
    this.stats.reads++;
    this.stats.bytesRead += rows.data.byteLength;
    if (columns) rows = rows.takeColumns(columns);
    return rows;
  }
}
