/**
 * `nap.memmap`: numpy.memmap's analogue — a raw binary file (C order, no header) seen as an
 * N-d array. It is a LazyArray: rows are read with one positioned read per `readRows` call, so a
 * TsdFrame over a file of many gigabytes reads only the rows it is asked for. Modes `r+` and `w+`
 * also write rows back (`write`, `set`), as the seed's notebook does before wrapping the data.
 *
 * The file is opened for each call and closed right after (a few microseconds) instead of being
 * held open: a lazy object can live for a whole session without leaking a file handle, and tests
 * run under Deno's resource sanitizer.
 * @module
 */
import { NappleError } from "../errors.ts";
import { checkOptions, type OptionKeys } from "../options.ts";
import { warn } from "../warnings.ts";
import {
  allocate,
  assertDType,
  type DType,
  isTypedArray,
  itemSize,
  swapBytes,
  typedArrayFor,
} from "./dtype.ts";
import type { TypedArray } from "./dtype.ts";
import type { LazyArray, ReadStats } from "./lazy.ts";
import { NDArray, type NestedArray, shapeSize } from "./ndarray.ts";

/**
 * numpy.memmap modes: `r` read-only (the file must hold the whole array), `r+` read and write an
 * existing file (grown with zeros when too short, as numpy does), `w+` create or overwrite, `c`
 * copy-on-write (writes stay in memory, the file is never changed).
 */
export type MemmapMode = "r" | "r+" | "w+" | "c";

/** numpy's long names of the modes. */
const MODE_ALIASES: Record<string, MemmapMode> = {
  r: "r",
  "r+": "r+",
  "w+": "w+",
  c: "c",
  readonly: "r",
  readwrite: "r+",
  write: "w+",
  copyonwrite: "c",
};

/**
 * Options of {@linkcode memmap}; names follow
 * `numpy.memmap(filename, dtype, mode, offset, shape)`.
 */
export interface MemmapOptions {
  /** Element type (numpy's default is uint8). */
  dtype?: DType;
  /** Array shape; when omitted (modes r / r+ / c) a 1-D shape is derived from the file size. */
  shape?: number | readonly number[];
  /** Access mode (numpy's default is `r+`); numpy's long names (`readonly`, ...) work too. */
  mode?: MemmapMode | "readonly" | "readwrite" | "write" | "copyonwrite";
  /** Bytes to skip at the start of the file (a header), as numpy's `offset`. */
  offset?: number;
  /**
   * Refuse a file longer than `offset + dtype × shape` (default true). numpy silently maps a prefix
   * of a longer file; with `strict: false` napple does too, but still warns once.
   */
  strict?: boolean;
  /**
   * Byte order of the file: `<` little-endian (default, numpy's `<i2`) or `>` big-endian (numpy's
   * `>i2`, written by some acquisition systems). Values are swapped on read and write.
   */
  byteOrder?: "<" | ">";
}

const MEMMAP_KEYS: OptionKeys<MemmapOptions> = {
  dtype: true,
  shape: true,
  mode: true,
  offset: true,
  strict: true,
  byteOrder: true,
};

/** What can be written into a memmap: an NDArray, a TypedArray or nested plain arrays. */
export type MemmapInput = NDArray | TypedArray | NestedArray;

function normShape(shape: number | readonly number[] | undefined): number[] | undefined {
  if (shape === undefined) return undefined;
  const s = typeof shape === "number" ? [shape] : [...shape];
  for (const d of s) {
    if (!Number.isInteger(d) || d < 0) {
      throw new NappleError("INVALID_ARGUMENT", `memmap shape (${s.join(", ")}) is not valid`);
    }
  }
  return s;
}

function fileSize(path: string): number | undefined {
  try {
    const info = Deno.statSync(path);
    if (!info.isFile) {
      throw new NappleError("NOT_A_FILE", "is not a regular file; memmap needs a file", { path });
    }
    return info.size;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    if (e instanceof NappleError) throw e;
    throw new NappleError("IO", `cannot stat the file (${(e as Error).message})`, {
      path,
      cause: e,
    });
  }
}

/** A raw binary file seen as an N-d array, read (and written) row range by row range. */
export class MemmapArray implements LazyArray {
  /** Always true: see {@linkcode LazyArray}. */
  readonly isLazy = true as const;
  /** Dimensions, outermost first. */
  readonly shape: readonly number[];
  /** Element type. */
  readonly dtype: DType;
  /** The file path. */
  readonly path: string;
  /** Access mode. */
  readonly mode: MemmapMode;
  /** Byte offset of the first element in the file. */
  readonly offset: number;
  /** Reads (and writes, in `bytesWritten`) that reached the file so far. */
  readonly stats: ReadStats & { writes: number; bytesWritten: number } = {
    reads: 0,
    bytesRead: 0,
    writes: 0,
    bytesWritten: 0,
  };

  /** Mode `c`: rows written in memory only (row index → row bytes). */
  readonly #overlay = new Map<number, Uint8Array>();

  /** Use {@linkcode memmap} to create one; the constructor trusts its arguments. */
  constructor(
    path: string,
    dtype: DType,
    shape: readonly number[],
    mode: MemmapMode,
    offset = 0,
    byteOrder: "<" | ">" = "<",
  ) {
    this.path = path;
    this.dtype = dtype;
    this.shape = Object.freeze([...shape]);
    this.mode = mode;
    this.offset = offset;
    this.byteOrder = byteOrder;
  }

  /** Byte order of the file (`<` little-endian, `>` big-endian). */
  readonly byteOrder: "<" | ">";

  /** Swaps each element's bytes in place when the file is big-endian (and the element wider). */
  #swap(bytes: Uint8Array): void {
    if (this.byteOrder === ">") swapBytes(bytes, itemSize(this.dtype));
  }

  /** Where the data live, for display. */
  get source(): string {
    return `memmap:${this.path}`;
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Number of elements. */
  get size(): number {
    return shapeSize(this.shape);
  }

  /** Length of the first axis. */
  get length(): number {
    return this.shape[0] ?? 0;
  }

  /** Bytes of array data (numpy's `nbytes`). */
  get nbytes(): number {
    return this.size * itemSize(this.dtype);
  }

  /** Bytes in one row (along the first axis). */
  get rowBytes(): number {
    return shapeSize(this.shape.slice(1)) * itemSize(this.dtype);
  }

  #open(write: boolean): Deno.FsFile {
    try {
      return Deno.openSync(this.path, { read: true, write });
    } catch (e) {
      const code = e instanceof Deno.errors.NotFound ? "FILE_NOT_FOUND" : "IO";
      throw new NappleError(code, `cannot open the memmap file (${(e as Error).message})`, {
        path: this.path,
        cause: e,
      });
    }
  }

  /**
   * Reads rows `[start, end)` (clamped) with a single positioned read. With `columns`, only those
   * positions of the second axis are kept (whole rows are still read: they are contiguous).
   */
  readRows(start: number, end: number, columns?: readonly number[]): NDArray {
    const out = this.#read(start, end);
    return columns ? out.takeColumns(columns) : out;
  }

  /** See {@linkcode LazyArray.readRowsInto}. */
  readRowsInto(start: number, end: number, scratch: ArrayBuffer): NDArray {
    return this.#read(start, end, scratch);
  }

  #read(start: number, end: number, scratch?: ArrayBuffer): NDArray {
    const n = this.length;
    const s = Math.max(0, Math.min(Math.floor(start), n));
    const e = Math.max(s, Math.min(Math.ceil(end), n));
    const rowShape = this.shape.slice(1);
    const rowBytes = this.rowBytes;
    const byteLength = (e - s) * rowBytes;
    const bytes = scratch && scratch.byteLength >= byteLength
      ? new Uint8Array(scratch, 0, byteLength)
      : new Uint8Array(byteLength);
    if (byteLength > 0) {
      const file = this.#open(false);
      try {
        file.seekSync(this.offset + s * rowBytes, Deno.SeekMode.Start);
        let at = 0;
        while (at < byteLength) {
          const got = file.readSync(bytes.subarray(at));
          if (got === null || got === 0) {
            throw new NappleError(
              "CORRUPT_FILE",
              `the file ended after ${this.offset + s * rowBytes + at} bytes; the memmap needs ${
                this.offset + this.nbytes
              }`,
              { path: this.path },
            );
          }
          at += got;
        }
      } finally {
        file.close();
      }
      this.stats.reads++;
      this.stats.bytesRead += byteLength;
    }
    this.#swap(bytes);
    if (this.#overlay.size) {
      // copy-on-write: rows written in memory replace the file's
      if (this.#overlay.size < e - s) {
        for (const [row, b] of this.#overlay) {
          if (row >= s && row < e) bytes.set(b, (row - s) * rowBytes);
        }
      } else {
        for (let row = s; row < e; row++) {
          const b = this.#overlay.get(row);
          if (b) bytes.set(b, (row - s) * rowBytes);
        }
      }
    }
    const Ctor = typedArrayFor(this.dtype);
    const data = new Ctor(bytes.buffer, 0, byteLength / itemSize(this.dtype));
    return new NDArray(data, [e - s, ...rowShape], this.dtype);
  }

  /** The whole array in memory (numpy's `np.asarray(mm)`). */
  toNDArray(): NDArray {
    return this.readRows(0, this.length);
  }

  /**
   * Writes `data` into rows `rowStart ...` (one positioned write). `data` holds whole rows: its
   * size must be a multiple of the row size; values are converted to the memmap's dtype. Modes
   * `r+` and `w+` write the file; mode `c` keeps the rows in memory (copy-on-write).
   */
  write(rowStart: number, data: MemmapInput): void {
    if (this.mode === "r") {
      throw new NappleError("INVALID_ARGUMENT", "memmap opened in mode 'r' is read-only", {
        path: this.path,
      });
    }
    const arr = data instanceof NDArray
      ? data
      : isTypedArray(data)
      ? NDArray.from(data)
      : NDArray.from(data as NestedArray, this.dtype);
    const rowSize = shapeSize(this.shape.slice(1));
    if (rowSize === 0 || arr.size % rowSize !== 0) {
      throw new NappleError(
        "SHAPE_MISMATCH",
        `cannot write ${arr.size} elements as whole rows of ${rowSize} elements`,
        { path: this.path },
      );
    }
    const nRows = arr.size / rowSize;
    if (!Number.isInteger(rowStart) || rowStart < 0 || rowStart + nRows > this.length) {
      throw new NappleError(
        "INDEX_OUT_OF_RANGE",
        `rows [${rowStart}, ${rowStart + nRows}) are outside the memmap's ${this.length} rows`,
        { path: this.path },
      );
    }
    const typed = arr.dtype === this.dtype ? arr.data : arr.astype(this.dtype).data;
    const bytes = new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
    if (bytes.byteLength === 0) return;
    // overlay rows (mode c) stay in native order; the file gets the file's order
    const fileBytes = this.byteOrder === ">" && this.mode !== "c" ? bytes.slice() : bytes;
    if (fileBytes !== bytes) this.#swap(fileBytes);
    if (this.mode === "c") {
      const rowBytes = this.rowBytes;
      for (let r = 0; r < nRows; r++) {
        this.#overlay.set(rowStart + r, bytes.slice(r * rowBytes, (r + 1) * rowBytes));
      }
      this.stats.writes++;
      return;
    }
    const file = this.#open(true);
    try {
      file.seekSync(this.offset + rowStart * this.rowBytes, Deno.SeekMode.Start);
      let at = 0;
      while (at < fileBytes.byteLength) at += file.writeSync(fileBytes.subarray(at));
    } finally {
      file.close();
    }
    this.stats.writes++;
    this.stats.bytesWritten += bytes.byteLength;
  }

  /** Writes the whole array (numpy's `mm[:] = data`); `data` must have `size` elements. */
  set(data: MemmapInput): void {
    const arr = data instanceof NDArray
      ? data
      : isTypedArray(data)
      ? NDArray.from(data)
      : NDArray.from(data as NestedArray, this.dtype);
    if (arr.size !== this.size) {
      throw new NappleError(
        "SHAPE_MISMATCH",
        `cannot assign ${arr.size} elements to a memmap of shape (${this.shape.join(", ")})`,
        { path: this.path },
      );
    }
    this.write(0, arr);
  }

  /** Forces written data to disk (numpy's `flush`). Writes are unbuffered, so this only syncs. */
  flush(): void {
    if (this.mode === "r" || this.mode === "c") return;
    const file = this.#open(true);
    try {
      file.syncDataSync();
    } finally {
      file.close();
    }
  }

  /** `console.log(mm)` shows the one-line summary. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  /** A one-line summary: path, dtype, shape and mode. */
  toString(): string {
    return `memmap(${JSON.stringify(this.path)}, dtype=${this.dtype}, shape=(${
      this.shape.join(", ")
    }${this.shape.length === 1 ? "," : ""}), mode=${this.mode})`;
  }
}

/**
 * Maps a raw binary file as an N-d array, like `numpy.memmap(path, dtype, mode, offset, shape)`.
 * Throws NappleError `FILE_NOT_FOUND` (modes r / r+ / c on a missing file), `SHAPE_MISMATCH` (the file
 * size does not match offset + dtype × shape, or is not a whole number of elements) or
 * `INVALID_ARGUMENT`.
 */
export function memmap(path: string, options: MemmapOptions = {}): MemmapArray {
  options = checkOptions(options, MEMMAP_KEYS, "memmap");
  const dtype = assertDType(options.dtype ?? "uint8", "memmap dtype");
  const mode = MODE_ALIASES[String(options.mode ?? "r+")];
  if (!mode) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      `memmap mode ${JSON.stringify(options.mode)} must be r, r+, w+ or c`,
      { path },
    );
  }
  const offset = options.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      `memmap offset ${offset} must be a non-negative integer`,
      {
        path,
      },
    );
  }
  const byteOrder = options.byteOrder ?? "<";
  if (byteOrder !== "<" && byteOrder !== ">") {
    throw new NappleError("INVALID_ARGUMENT", `memmap byteOrder must be "<" or ">"`, { path });
  }
  let shape = normShape(options.shape);
  const item = itemSize(dtype);
  const size = fileSize(path);

  if (mode === "w+") {
    if (!shape) {
      throw new NappleError("INVALID_ARGUMENT", "memmap mode 'w+' needs a shape", { path });
    }
    const total = offset + shapeSize(shape) * item;
    try {
      // Create or truncate, then extend with zeros: numpy's w+ gives a zero-filled file.
      const file = Deno.openSync(path, { read: true, write: true, create: true, truncate: true });
      try {
        file.truncateSync(total);
      } finally {
        file.close();
      }
    } catch (e) {
      throw new NappleError("IO", `cannot create the memmap file (${(e as Error).message})`, {
        path,
        cause: e,
      });
    }
    return new MemmapArray(path, dtype, shape, mode, offset, byteOrder);
  }

  if (size === undefined) {
    throw new NappleError("FILE_NOT_FOUND", `no such file (memmap mode '${mode}')`, { path });
  }
  if (!shape) {
    const available = size - offset;
    if (available < 0 || available % item !== 0) {
      throw new NappleError(
        "SHAPE_MISMATCH",
        `file size ${size} minus offset ${offset} is not a multiple of the ${dtype} size (${item} bytes)`,
        { path },
      );
    }
    shape = [available / item];
  }
  const needed = offset + shapeSize(shape) * item;
  if (needed > size) {
    if (mode === "r" || mode === "c") {
      throw new NappleError(
        "SHAPE_MISMATCH",
        `file has ${size} bytes but offset ${offset} + ${dtype} × (${
          shape.join(", ")
        }) needs ${needed}`,
        { path },
      );
    }
    // r+: numpy grows the file to the mapped size.
    const file = Deno.openSync(path, { write: true });
    try {
      file.truncateSync(needed);
    } finally {
      file.close();
    }
  } else if (needed < size) {
    const msg = `file has ${size} bytes but offset ${offset} + ${dtype} × (${
      shape.join(", ")
    }) covers only ${needed}`;
    if (options.strict ?? true) {
      throw new NappleError(
        "SHAPE_MISMATCH",
        `${msg}; check dtype and shape, or pass strict: false to map a prefix as numpy does`,
        { path },
      );
    }
    warn(`${path}: ${msg}; the remaining bytes are ignored`);
  }
  return new MemmapArray(path, dtype, shape, mode, offset, byteOrder);
}

/** Allocates an empty NDArray shaped like `shape` (exported for adapters that fill rows). */
export function emptyLike(dtype: DType, shape: readonly number[]): NDArray {
  return new NDArray(allocate(dtype, shapeSize(shape)), shape, dtype);
}
