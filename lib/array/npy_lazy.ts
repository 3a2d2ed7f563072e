/**
 * A LazyArray over numeric `.npy` data on disk: a bare `.npy` file or a stored (not deflated)
 * member of an npz. Only the header is read on opening; `readRows` seeks to the first requested
 * row and reads the range in one read. The file is opened per read, so no handle stays open.
 * @module
 */
import { NappleError } from "../errors.ts";
import type { LazyArray, ReadStats } from "./lazy.ts";
import { NDArray, shapeSize } from "./ndarray.ts";
import { allocate, type DType, type TypedArray, typedArrayFor } from "./dtype.ts";
import { readFully } from "./read_fully.ts";

/** Where and how the rows of a numeric C-order array are stored in a file. */
export interface NpyLazyLayout {
  /** File holding the data. */
  path: string;
  /** Absolute byte offset of element 0. */
  offset: number;
  /** Dimensions (C order). */
  shape: readonly number[];
  /** dtype the rows load as. */
  dtype: DType;
  /** Bytes per stored element. */
  itemsize: number;
  /** Byte order of the stored elements. */
  littleEndian: boolean;
  /** For display, e.g. `session.npz:d.npy`. */
  source?: string;
  /** Size and modification time (ms) of the file when opened: reads refuse a replaced file. */
  fileSize?: number;
  /** See `fileSize`. */
  mtime?: number;
  /**
   * Reads bytes of the file instead of opening `path` (a remote file, which checks on every
   * response that it did not change).
   */
  reader?: { readInto(offset: number, buf: Uint8Array): void };
}

/** A LazyArray reading rows of `.npy` data straight from a file. */
export class NpyLazyArray implements LazyArray {
  /** Always true. */
  readonly isLazy = true as const;
  /** See {@linkcode LazyArray.stats}. */
  readonly stats: ReadStats = { reads: 0, bytesRead: 0 };
  /** See {@linkcode LazyArray.shape}. */
  readonly shape: readonly number[];
  /** See {@linkcode LazyArray.dtype}. */
  readonly dtype: DType;
  /** See {@linkcode LazyArray.source}. */
  readonly source: string;
  readonly #layout: NpyLazyLayout;

  /** Wraps a layout found by the npy/npz reader. */
  constructor(layout: NpyLazyLayout) {
    this.#layout = layout;
    this.shape = Object.freeze([...layout.shape]);
    this.dtype = layout.dtype;
    this.source = layout.source ?? layout.path;
  }

  /** Path of the file the rows are read from. */
  get path(): string {
    return this.#layout.path;
  }

  /** Refuses to read a file that was replaced or rewritten since the array was opened. */
  #checkUnchanged(file: Deno.FsFile): void {
    const { fileSize, mtime } = this.#layout;
    if (fileSize === undefined && mtime === undefined) return;
    const info = file.statSync();
    if (
      (fileSize !== undefined && info.size !== fileSize) ||
      (mtime !== undefined && info.mtime?.getTime() !== mtime)
    ) {
      throw new NappleError(
        "IO",
        "the file changed since it was opened lazily; load it again",
        { path: this.#layout.path },
      );
    }
  }

  /** See {@linkcode LazyArray.readRows}. */
  readRows(start: number, end: number, columns?: readonly number[]): NDArray {
    const rows = this.#read(start, end);
    return columns ? rows.takeColumns(columns) : rows;
  }

  /** See {@linkcode LazyArray.readRowsInto}. */
  readRowsInto(start: number, end: number, scratch: ArrayBuffer): NDArray {
    return this.#read(start, end, scratch);
  }

  #read(start: number, end: number, scratch?: ArrayBuffer): NDArray {
    const n = this.shape.length ? this.shape[0] : 1;
    const s = Math.max(0, Math.min(Math.floor(start), n));
    const e = Math.max(s, Math.min(Math.floor(end), n));
    const rowShape = this.shape.slice(1);
    const rowElems = shapeSize(rowShape);
    const { itemsize, littleEndian } = this.#layout;
    const bytes = (e - s) * rowElems * itemsize;
    let data: TypedArray;
    try {
      const Ctor = typedArrayFor(this.dtype);
      data = scratch && scratch.byteLength >= (e - s) * rowElems * Ctor.BYTES_PER_ELEMENT
        ? new Ctor(scratch, 0, (e - s) * rowElems)
        : allocate(this.dtype, (e - s) * rowElems);
    } catch (err) {
      throw new NappleError(
        "IO",
        `cannot allocate ${bytes} bytes for rows ${s}..${e}; read fewer rows at a time`,
        { path: this.source, cause: err },
      );
    }
    const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (bytes > 0 && this.#layout.reader) {
      this.#layout.reader.readInto(this.#layout.offset + s * rowElems * itemsize, view);
      this.stats.reads++;
      this.stats.bytesRead += bytes;
      if (!littleEndian && itemsize > 1) swapInPlace(view, itemsize);
    } else if (bytes > 0) {
      let file: Deno.FsFile;
      try {
        file = Deno.openSync(this.#layout.path, { read: true });
      } catch (err) {
        throw new NappleError("IO", `cannot open for reading: ${(err as Error).message}`, {
          path: this.#layout.path,
          cause: err,
        });
      }
      try {
        this.#checkUnchanged(file);
        readFully(file, this.#layout.offset + s * rowElems * itemsize, view, this.source);
      } finally {
        file.close();
      }
      this.stats.reads++;
      this.stats.bytesRead += bytes;
      if (!littleEndian && itemsize > 1) swapInPlace(view, itemsize);
    }
    return new NDArray(data, this.shape.length ? [e - s, ...rowShape] : [], this.dtype);
  }
}

function swapInPlace(view: Uint8Array, itemsize: number): void {
  for (let i = 0; i < view.length; i += itemsize) {
    for (let a = i, b = i + itemsize - 1; a < b; a++, b--) {
      const t = view[a];
      view[a] = view[b];
      view[b] = t;
    }
  }
}
