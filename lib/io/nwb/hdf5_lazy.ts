/**
 * A LazyArray over an HDF5 dataset: shape and dtype come from metadata; `readRows` reads exactly
 * the requested rows with one hyperslab read (split into batches when a read would not fit
 * comfortably in h5wasm's 2 GiB WebAssembly heap), copying straight from the WASM heap into the
 * result TypedArray.
 * @module
 */
import { NappleError } from "../../errors.ts";
import {
  allocate,
  type DType,
  itemSize,
  type TypedArray,
  typedArrayFor,
} from "../../array/dtype.ts";
import { NDArray, shapeSize } from "../../array/ndarray.ts";
import type { LazyArray, ReadStats } from "../../array/lazy.ts";
import { h5call, type H5Module, h5module } from "./h5.ts";
import { type H5File, type H5Metadata, H5T } from "./h5file.ts";
import { canProbe, MIN_DIRECT_BYTES, probeAddress } from "./direct_reads.ts";

/** numpy dtype of a numeric HDF5 type, or undefined for strings, compounds, references... */
export function dtypeOfMeta(meta: H5Metadata): DType | undefined {
  if (meta.type === H5T.ENUM && meta.enum_type) {
    // h5py stores numpy bools as an int8 enum {FALSE: 0, TRUE: 1}.
    const m = meta.enum_type.members;
    const names = Object.keys(m);
    if (names.length === 2 && m.FALSE === 0 && m.TRUE === 1) return "bool";
    return undefined;
  }
  if (meta.type === H5T.INTEGER) {
    const bits = meta.size * 8;
    if (![8, 16, 32, 64].includes(bits)) return undefined;
    return `${meta.signed ? "int" : "uint"}${bits}` as DType;
  }
  if (meta.type === H5T.FLOAT) {
    if (meta.size === 8) return "float64";
    if (meta.size === 4) return "float32";
  }
  return undefined;
}

/**
 * Largest single read (bytes). Reads beyond it are split (at chunk boundaries), which bounds how
 * far the WASM heap grows (it never shrinks) and keeps far below h5wasm's 2 GiB heap limit.
 * 8 MiB: every batch lands in one reused WASM buffer and is copied out while still in the CPU
 * cache; a bigger buffer only costs first-touch page faults (and resident memory) in the heap.
 */
let batchBytes = 8 * 1024 * 1024;

/**
 * The one WASM-heap buffer every hyperslab read lands in before its single copy out, reused
 * across batches and calls (a malloc/free per batch would also touch fresh heap pages whenever
 * the allocator picked a new spot). Buffers bigger than the batch size (a single huge chunk) are
 * freed after their read so the heap does not keep them.
 */
let scratch: { module: H5Module; ptr: number; bytes: number } | undefined;

function scratchBuffer(M: H5Module, nbytes: number, where: { path: string; key: string }): number {
  if (scratch && scratch.module === M && scratch.bytes >= nbytes) return scratch.ptr;
  releaseScratch();
  // batch-sized from the start (pages never written stay virtual), so it is allocated once
  const bytes = Math.max(nbytes, batchBytes);
  const ptr = h5call("allocating read buffer", where, () => M._malloc(bytes));
  if (!ptr) {
    throw new NappleError("IO", `could not allocate ${bytes} bytes in the HDF5 heap`, where);
  }
  scratch = { module: M, ptr, bytes };
  return ptr;
}

function releaseScratch(): void {
  if (scratch) scratch.module._free(scratch.ptr);
  scratch = undefined;
}

/** Largest chunk whose address is probed (the probe reads one chunk into the WASM heap). */
const MAX_PROBE_BYTES = 256 * 1024 * 1024;

/** Whether eligible datasets are read straight from the file (see direct_reads.ts). */
let directReads = true;

/**
 * Turns direct file reads of raw, unfiltered data on or off (on by default; tests compare both
 * paths). Returns the previous setting.
 */
export function setHdf5DirectReads(enabled: boolean): boolean {
  const previous = directReads;
  directReads = enabled;
  return previous;
}

/** How rows of an unfiltered dataset sit in the file: runs of `layoutRows` rows per chunk. */
interface DirectLayout {
  /** Rows per chunk (all rows for contiguous storage). */
  layoutRows: number;
  /** Bytes of one full row (all trailing dimensions). */
  rowBytes: number;
  /** Raw-read lengths a probe of one chunk may see. */
  chunkBytes: number;
  /** Rows a probe asks for (a whole chunk; enough rows for a direct read when contiguous). */
  probeRows: number;
  /** The path HDF5 opened (the stream path its reads carry). */
  filename: string;
}

/** Changes the batch size of HDF5 reads (tests use a small one to exercise batching). */
export function setHdf5BatchBytes(bytes: number): number {
  const previous = batchBytes;
  batchBytes = Math.max(1, Math.floor(bytes));
  return previous;
}

/** A dataset of an open HDF5 file seen through the LazyArray protocol. */
export class Hdf5LazyArray implements LazyArray {
  /** Always true. */
  readonly isLazy = true as const;
  /** Dimensions of the dataset. */
  readonly shape: readonly number[];
  /** numpy dtype of the elements. */
  readonly dtype: DType;
  /** `file.nwb:/path/to/data`. */
  readonly source: string;
  /** Reads and bytes read so far. */
  readonly stats: ReadStats = { reads: 0, bytesRead: 0 };
  /** Path of the dataset inside the file. */
  readonly datasetPath: string;
  /** Rows per HDF5 chunk (1 for contiguous datasets): batches end on chunk boundaries. */
  readonly #chunkRows: number;
  /** True when chunks go through filters (gzip, shuffle...): HDF5 then decodes whole chunks. */
  readonly #filtered: boolean;
  /** The last partially requested filtered chunk, kept for the next (sequential) request. */
  #chunkCache?: { start: number; colStart: number; colCount: number; data: TypedArray };
  readonly #file: H5File;
  /** Set when rows can be read straight from the file; cleared if a check ever fails. */
  #direct?: DirectLayout;
  /** File address of each probed chunk (undefined: HDF5 reads it, e.g. never written). */
  readonly #addresses = new Map<number, number | undefined>();
  /** The file's stamp when the first address was learned (a replaced file refuses). */
  #fileStamp?: string;

  /** Wraps dataset `datasetPath`; refuses non-numeric types and undecodable filters. */
  constructor(file: H5File, datasetPath: string) {
    const meta = file.datasetMeta(datasetPath);
    const dtype = dtypeOfMeta(meta);
    if (!dtype) {
      throw new NappleError(
        "DTYPE",
        `dataset ${datasetPath} does not hold numbers (HDF5 class ${meta.type}, ${meta.size} bytes)`,
        { path: file.path, key: datasetPath },
      );
    }
    this.#filtered = file.checkFilters(datasetPath).length > 0;
    this.#file = file;
    this.datasetPath = datasetPath;
    this.dtype = dtype;
    this.shape = Object.freeze((meta.shape ?? []).map(Number));
    this.#chunkRows = Math.max(1, Number(meta.chunks?.[0] ?? 1));
    this.source = `${file.path}:${datasetPath}`;
    this.#direct = this.#directLayout(meta);
  }

  /**
   * The direct-read layout when the stored bytes are exactly the values napple returns:
   * no filters, no byte swapping (little-endian or single bytes), and rows stored whole (chunks
   * spanning every trailing dimension, or contiguous storage), big enough to matter.
   */
  #directLayout(meta: H5Metadata): DirectLayout | undefined {
    const n = this.shape[0] ?? 0;
    const size = itemSize(this.dtype);
    if (this.#filtered || this.shape.length === 0 || n === 0) return undefined;
    if (size > 1 && !meta.littleEndian) return undefined;
    // a virtual dataset's rows come from other datasets: not one run of this file
    if ((meta as { virtual_sources?: unknown }).virtual_sources) return undefined;
    if (!canProbe(h5module())) return undefined;
    const rowBytes = shapeSize(this.shape.slice(1)) * size;
    if (rowBytes === 0) return undefined;
    const filename = this.#file.file.filename;
    if (meta.chunks) {
      const chunks = meta.chunks.map(Number);
      if (chunks.length !== this.shape.length) return undefined;
      if (chunks.slice(1).some((c, i) => c !== this.shape[i + 1])) return undefined;
      const chunkBytes = chunks[0] * rowBytes;
      // the probe needs a buffer of one chunk in the WASM heap: leave huge chunks to HDF5
      if (chunkBytes < MIN_DIRECT_BYTES || chunkBytes > MAX_PROBE_BYTES) return undefined;
      // enough rows that HDF5 reads them straight into our buffer when it does not cache the
      // chunk; when it does, it reads the whole chunk and copies only these rows
      const probeRows = Math.min(chunks[0], Math.ceil(MIN_DIRECT_BYTES / rowBytes));
      return { layoutRows: chunks[0], rowBytes, chunkBytes, probeRows, filename };
    }
    const probeRows = Math.ceil(MIN_DIRECT_BYTES / rowBytes);
    if (probeRows > n) return undefined;
    return { layoutRows: n, rowBytes, chunkBytes: probeRows * rowBytes, probeRows, filename };
  }

  /** File address of chunk `k`'s first row (probing HDF5 once per chunk). */
  #address(k: number, d: DirectLayout): number | undefined {
    if (this.#addresses.has(k)) return this.#addresses.get(k);
    const first = k * d.layoutRows;
    // One row first: when HDF5 caches the chunk it reads it whole (recognised by its size) and
    // copies just that row. A chunk HDF5 does not cache is read row by row, so a second probe
    // asks for enough rows that HDF5 reads them straight into our buffer.
    let addr = d.layoutRows < this.shape[0] && d.probeRows > 1
      ? this.#probe(first, 1, d)
      : undefined;
    if (addr === undefined) addr = this.#probe(first, d.probeRows, d);
    this.#addresses.set(k, addr);
    return addr;
  }

  /** Asks HDF5 for `rows` rows from `first` with raw reads faked; see direct_reads.ts. */
  #probe(first: number, rows: number, d: DirectLayout): number | undefined {
    const n = Math.min(rows, this.shape[0] - first);
    const M = h5module();
    const where = { path: this.#file.path, key: this.datasetPath };
    // an edge chunk read straight into our buffer is only as long as its rows in the dataset
    const lengths = [d.chunkBytes, n * d.rowBytes];
    return probeAddress(M, { filename: d.filename, lengths }, () => {
      const ptr = scratchBuffer(M, n * d.rowBytes, where);
      try {
        h5call("locating dataset rows", where, () =>
          M.get_dataset_data(
            this.#file.fileId,
            this.datasetPath,
            [n, ...this.shape.slice(1)].map(BigInt),
            [first, ...this.shape.slice(1).map(() => 0)].map(BigInt),
            this.shape.map(() => 1n),
            BigInt(ptr),
          ));
      } finally {
        if (scratch && scratch.bytes > batchBytes) releaseScratch();
      }
    });
  }

  /**
   * Reads rows `[s, e)` into `out`: chunks whose address is known straight from the file (one
   * `pread` per run of adjacent chunks), the others through HDF5. False when direct reads turned
   * out not to apply (nothing was written to `out` then).
   */
  #readDirect(s: number, e: number, out: TypedArray, d: DirectLayout): boolean {
    const L = d.layoutRows;
    const pieces: { pos: number; at: number; len: number }[] = [];
    const viaHdf5: [number, number][] = [];
    for (let r = s; r < e;) {
      const k = Math.floor(r / L);
      const stop = Math.min(e, (k + 1) * L);
      const addr = this.#address(k, d);
      if (addr === undefined) viaHdf5.push([r, stop]);
      else {
        if (!this.#fileStamp && !this.#verify(k, addr, d)) return false;
        const pos = addr + (r - k * L) * d.rowBytes;
        const at = (r - s) * d.rowBytes;
        const len = (stop - r) * d.rowBytes;
        const last = pieces[pieces.length - 1];
        if (last && last.pos + last.len === pos && last.at + last.len === at) last.len += len;
        else pieces.push({ pos, at, len });
      }
      r = stop;
    }
    if (pieces.length) {
      const bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
      try {
        this.#file.readRaw(
          pieces.map((p) => ({ pos: p.pos, dst: bytes.subarray(p.at, p.at + p.len) })),
          this.#fileStamp,
        );
      } catch (e) {
        if (e instanceof NappleError && !e.key) {
          throw new NappleError(e.code, e.message.replace(`${e.path}: `, ""), {
            path: e.path,
            key: this.datasetPath,
            cause: e.cause,
          });
        }
        throw e;
      }
      this.stats.reads += pieces.length;
      for (const p of pieces) this.stats.bytesRead += p.len;
    }
    const rowElems = d.rowBytes / itemSize(this.dtype);
    const rowShape = this.shape.slice(1);
    for (const [a, b] of viaHdf5) {
      const step = Math.max(1, Math.floor(batchBytes / d.rowBytes));
      for (let r = a; r < b;) {
        const stop = Math.min(b, r + step);
        this.#readInto(
          [r, ...rowShape.map(() => 0)],
          [stop - r, ...rowShape],
          out,
          (r - s) * rowElems,
        );
        r = stop;
      }
    }
    return true;
  }

  /**
   * Once per array, before trusting a learned address: the first and last rows of that chunk
   * read through HDF5 must equal the bytes at the address. Disables direct reads otherwise.
   */
  #verify(k: number, addr: number, d: DirectLayout): boolean {
    const n = this.shape[0];
    const first = k * d.layoutRows;
    const gap = Math.min(n, first + d.layoutRows) - 1 - first;
    const rows = gap > 0 ? 2 : 1;
    const rowShape = this.shape.slice(1);
    const path = this.#file.path;
    const stamp = this.#file.rawStamp();
    // both rows in one strided HDF5 read (HDF5 loads the chunk once)
    const viaHdf5 = new Uint8Array(rows * d.rowBytes);
    const M = h5module();
    const where = { path, key: this.datasetPath };
    const ptr = scratchBuffer(M, viaHdf5.length, where);
    h5call("reading dataset rows", where, () =>
      M.get_dataset_data(
        this.#file.fileId,
        this.datasetPath,
        [rows, ...rowShape].map(BigInt),
        [first, ...rowShape.map(() => 0)].map(BigInt),
        [Math.max(1, gap), ...rowShape.map(() => 1)].map(BigInt),
        BigInt(ptr),
      ));
    viaHdf5.set(M.HEAPU8.subarray(ptr, ptr + viaHdf5.length));
    const direct = new Uint8Array(rows * d.rowBytes);
    const pieces = [{ pos: addr, dst: direct.subarray(0, d.rowBytes) }];
    if (rows === 2) pieces.push({ pos: addr + gap * d.rowBytes, dst: direct.subarray(d.rowBytes) });
    this.#file.readRaw(pieces);
    for (let i = 0; i < direct.length; i++) {
      if (direct[i] !== viaHdf5[i]) {
        this.#direct = undefined;
        return false;
      }
    }
    this.#fileStamp = stamp;
    return true;
  }

  /**
   * True once rows have been read straight from the file (unfiltered little-endian data stored
   * in whole rows, its layout checked against HDF5); false while everything goes through HDF5.
   */
  get readsDirectly(): boolean {
    return this.#direct !== undefined && this.#fileStamp !== undefined;
  }

  /** Reads rows `[start, end)` (clamped), optionally only some positions of the second axis. */
  readRows(start: number, end: number, columns?: readonly number[]): NDArray {
    return this.#read(start, end, columns);
  }

  /** See {@linkcode LazyArray.readRowsInto}: the rows are copied out of HDF5 into `scratch`. */
  readRowsInto(start: number, end: number, scratch: ArrayBuffer): NDArray {
    return this.#read(start, end, undefined, scratch);
  }

  #read(
    start: number,
    end: number,
    columns?: readonly number[],
    scratch?: ArrayBuffer,
  ): NDArray {
    const n = this.shape[0] ?? 0;
    const s = Math.max(0, Math.min(Math.floor(start), n));
    const e = Math.max(s, Math.min(Math.ceil(end), n));
    if (this.shape.length === 0) {
      const one = allocate(this.dtype, 1);
      this.#readInto([], [], one, 0);
      return new NDArray(one, [], this.dtype);
    }
    let colStart = 0;
    let colCount = this.shape.length > 1 ? this.shape[1] : 0;
    let pick: number[] | undefined;
    if (columns) {
      if (this.shape.length < 2) {
        throw new NappleError("SHAPE_MISMATCH", "column selection needs a 2-D or higher dataset", {
          key: this.datasetPath,
        });
      }
      for (const c of columns) {
        if (!Number.isInteger(c) || c < 0 || c >= this.shape[1]) {
          throw new NappleError(
            "INDEX_OUT_OF_RANGE",
            `column ${c} is out of range for ${this.shape[1]} columns`,
            { key: this.datasetPath },
          );
        }
      }
      if (columns.length === 0) {
        return new NDArray(allocate(this.dtype, 0), [e - s, 0, ...this.shape.slice(2)], this.dtype);
      }
      const lo = Math.min(...columns);
      const hi = Math.max(...columns);
      colStart = lo;
      colCount = hi - lo + 1;
      const contiguous = columns.every((c, i) => c === lo + i);
      if (!contiguous) pick = columns.map((c) => c - lo);
    }
    const inner = this.shape.slice(2);
    const rowElems = (this.shape.length > 1 ? colCount : 1) * shapeSize(inner);
    const rowBytes = Math.max(1, rowElems * itemSize(this.dtype));
    const rowShape = this.shape.length > 1 ? [colCount, ...inner] : [];
    // Whole chunks per batch, so no chunk is decompressed twice across two batches.
    const c = this.#chunkRows;
    const rowsPerBatch = Math.max(c, Math.floor(batchBytes / rowBytes / c) * c);
    let out: TypedArray;
    const Ctor = typedArrayFor(this.dtype);
    try {
      out = scratch && scratch.byteLength >= (e - s) * rowElems * Ctor.BYTES_PER_ELEMENT
        ? new Ctor(scratch, 0, (e - s) * rowElems)
        : allocate(this.dtype, (e - s) * rowElems);
    } catch (err) {
      throw new NappleError(
        "IO",
        `cannot hold ${e - s} rows of ${this.datasetPath} in memory at once ` +
          `(${(e - s) * rowBytes} bytes); read a shorter range with get(a, b) or restrict`,
        { path: this.#file.path, key: this.datasetPath, cause: err },
      );
    }
    const direct = this.#direct;
    if (direct && directReads && !columns && e > s && !this.#file.closed) {
      if (this.#readDirect(s, e, out, direct)) {
        return new NDArray(out, [e - s, ...rowShape], this.dtype);
      }
    }
    const wholeChunks = this.#filtered && c > 1;
    const lead = this.shape.length > 1 ? [colStart] : [];
    for (let r = s; r < e;) {
      const chunkStart = Math.floor(r / c) * c;
      const chunkEnd = Math.min(n, chunkStart + c);
      if (wholeChunks && (r !== chunkStart || chunkEnd > e)) {
        // Part of a filtered chunk: HDF5 decodes the whole chunk anyway, so decode it once and
        // keep it, since a sequential reader asks for the rest of it next.
        const stop = Math.min(e, chunkEnd);
        const chunk = this.#chunk(chunkStart, chunkEnd, colStart, colCount, rowShape);
        // deno-lint-ignore no-explicit-any
        (out as any).set(
          chunk.subarray((r - chunkStart) * rowElems, (stop - chunkStart) * rowElems),
          (r - s) * rowElems,
        );
        r = stop;
        continue;
      }
      let stop = Math.min(e, chunkStart + rowsPerBatch);
      if (wholeChunks && stop < n && stop % c !== 0) stop = Math.floor(stop / c) * c;
      const offset = [r, ...lead, ...inner.map(() => 0)];
      // each batch lands straight in its place in the result: one copy out of the WASM heap
      this.#readInto(offset, [stop - r, ...rowShape], out, (r - s) * rowElems);
      r = stop;
    }
    const result = new NDArray(out, [e - s, ...rowShape], this.dtype);
    return pick ? result.takeColumns(pick) : result;
  }

  /** Rows `[start, end)` of one chunk (for the given column window), cached. */
  #chunk(
    start: number,
    end: number,
    colStart: number,
    colCount: number,
    rowShape: number[],
  ): TypedArray {
    const hit = this.#chunkCache;
    if (hit && hit.start === start && hit.colStart === colStart && hit.colCount === colCount) {
      return hit.data;
    }
    const data = allocate(this.dtype, (end - start) * shapeSize(rowShape));
    const offset = [
      start,
      ...(this.shape.length > 1 ? [colStart] : []),
      ...rowShape.slice(1)
        .map(() => 0),
    ];
    this.#readInto(offset, [end - start, ...rowShape], data, 0);
    this.#chunkCache = { start, colStart, colCount, data };
    return data;
  }

  /** One hyperslab read, copied from the WASM heap into `out` at element `at`. */
  #readInto(offset: number[], count: number[], out: TypedArray, at: number): void {
    if (this.#file.closed) {
      throw new NappleError("CLOSED", "the NWB file is closed", {
        path: this.#file.path,
        key: this.datasetPath,
      });
    }
    const M = h5module();
    const nElems = shapeSize(count);
    if (nElems === 0) return;
    const nbytes = nElems * itemSize(this.dtype);
    const where = { path: this.#file.path, key: this.datasetPath };
    const ptr = scratchBuffer(M, nbytes, where);
    try {
      const scalar = count.length === 0;
      h5call("reading dataset rows", where, () =>
        M.get_dataset_data(
          this.#file.fileId,
          this.datasetPath,
          scalar ? null : count.map(BigInt),
          scalar ? null : offset.map(BigInt),
          scalar ? null : count.map(() => 1n),
          BigInt(ptr),
        ));
      // HEAPU8 may have been replaced by a memory growth during the read: read it afterwards.
      new Uint8Array(out.buffer, out.byteOffset + at * itemSize(this.dtype), nbytes)
        .set(M.HEAPU8.subarray(ptr, ptr + nbytes));
    } finally {
      if (scratch && scratch.bytes > batchBytes) releaseScratch();
    }
    this.stats.reads++;
    this.stats.bytesRead += nbytes;
  }
}

/** Reads a whole numeric dataset into memory (timestamps, table columns, indices). */
export function readNumeric(file: H5File, path: string): NDArray {
  const a = new Hdf5LazyArray(file, path);
  return a.readRows(0, a.shape[0] ?? 0);
}
