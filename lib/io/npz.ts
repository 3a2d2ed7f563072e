/**
 * `.npz` archives and bare `.npy` files on disk: `NpzFile` (numpy's NpzFile analogue: members
 * by name, decoded on access, optionally kept on disk as LazyArrays), `saveNpz` (what
 * `np.savez` writes, atomically) and `loadNpy` / `saveNpy`.
 * @module
 */
import { NappleError } from "../errors.ts";
import { checkOptions, type OptionKeys } from "../options.ts";
import { NDArray, shapeSize } from "../array/ndarray.ts";
import { allocate, descrOf, type DType, isTypedArray, type TypedArray } from "../array/dtype.ts";
import { isLazy, type LazyArray } from "../array/lazy.ts";
import type { NestedArray } from "../array/ndarray.ts";
import { NpyLazyArray } from "../array/npy_lazy.ts";
import { type NpyArray, ObjectArray, StringArray } from "./npy_values.ts";
import {
  decodeNpyData,
  encodeNpy,
  encodeNpyHeader,
  type NpyHeader,
  parseNpyHeader,
  partsLength,
} from "./npy.ts";
import {
  type ByteSource,
  entryDataOffset,
  FileSource,
  isStored,
  readEntry,
  readZipDirectory,
  type ZipEntry,
  ZipWriter,
} from "./zip.ts";
import { atomicWrite } from "./atomic.ts";
import { isUrl, RemoteFile } from "./remote/http_file.ts";

/** A local file or a URL as a byte source (opening a URL fetches its head). */
function openSource(path: string): FileSource | RemoteFile {
  return isUrl(path) ? RemoteFile.open(path) : new FileSource(path);
}

/** Bytes read to find a `.npy` header (numpy headers are 128 bytes; big ones are re-read). */
const HEADER_PROBE = 4096;

function readHeader(src: ByteSource, offset: number, avail: number, where: string): NpyHeader {
  let probe = src.read(offset, Math.min(avail, HEADER_PROBE));
  let header: NpyHeader;
  try {
    header = parseNpyHeader(probe, where);
  } catch (e) {
    // A header longer than the probe: read exactly what the length field announces.
    if (!(e instanceof NappleError) || avail <= probe.length || probe.length < 12) throw e;
    const dv = new DataView(probe.buffer, probe.byteOffset, probe.byteLength);
    const len = probe[6] === 1 ? dv.getUint16(8, true) + 10 : dv.getUint32(8, true) + 12;
    if (len <= probe.length || len > avail) throw e;
    probe = src.read(offset, len);
    header = parseNpyHeader(probe, where);
  }
  return header;
}

/**
 * An opened `.npz` archive (numpy's `NpzFile`): `files` lists the members (without `.npy`),
 * `get(name)` decodes one, `lazy(name)` keeps a stored numeric member on disk. Opening reads
 * only the central directory.
 */
export class NpzFile {
  /** The archive's path. */
  readonly path: string;
  /** Member names without their `.npy` suffix, in archive order. */
  readonly files: readonly string[];
  readonly #src: FileSource | RemoteFile;
  readonly #entries = new Map<string, ZipEntry>();

  private constructor(path: string, src: FileSource | RemoteFile, entries: ZipEntry[]) {
    this.path = path;
    this.#src = src;
    const names: string[] = [];
    for (const e of entries) {
      if (e.name.endsWith("/")) continue;
      const key = e.name.endsWith(".npy") ? e.name.slice(0, -4) : e.name;
      this.#entries.set(key, e);
      names.push(key);
    }
    this.files = Object.freeze(names);
  }

  /** Opens `path` (or an HTTP(S) URL), reading only its zip directory. */
  static open(path: string): NpzFile {
    const src = openSource(path);
    return new NpzFile(path, src, readZipDirectory(src));
  }

  /** Read counters of the underlying file (what opening and reading members cost). */
  get stats(): { reads: number; bytesRead: number } {
    return this.#src.stats;
  }

  /** True when the archive has member `name`. */
  has(name: string): boolean {
    return this.#entries.has(name);
  }

  #entry(name: string): ZipEntry {
    const e = this.#entries.get(name);
    if (!e) {
      throw new NappleError(
        "KEY_NOT_FOUND",
        `no member "${name}" in the archive; members: ${this.files.join(", ") || "(none)"}`,
        { path: this.path, key: name },
      );
    }
    return e;
  }

  /** True when member `name` is stored uncompressed (it can then be read lazily). */
  isStored(name: string): boolean {
    return isStored(this.#entry(name));
  }

  /**
   * The `.npy` header of member `name` (reads only the header for stored members).
   * @ignore plumbing for lazy loading, not user API
   */
  header(name: string): NpyHeader {
    const e = this.#entry(name);
    const where = `${this.path}:${e.name}`;
    if (!isStored(e)) return parseNpyHeader(readEntry(this.#src, e), where);
    return readHeader(this.#src, entryDataOffset(this.#src, e), e.compressedSize, where);
  }

  /** Decodes member `name` into memory (CRC checked). */
  get(name: string): NpyArray {
    const e = this.#entry(name);
    const where = `${this.path}:${e.name}`;
    const bytes = readEntry(this.#src, e);
    const header = parseNpyHeader(bytes, where);
    return decodeNpyData(header, bytes.subarray(header.dataOffset), where);
  }

  /** The raw bytes of member `name` (for members that are not `.npy`). */
  getBytes(name: string): Uint8Array {
    return readEntry(this.#src, this.#entry(name));
  }

  /**
   * Member `name` as a LazyArray reading rows from disk, when it is stored, numeric and
   * row-contiguous (C order, or 1-D); undefined otherwise (deflated, strings, objects, float16,
   * Fortran-order N-d), in which case use {@linkcode NpzFile.get}.
   */
  lazy(name: string): NpyLazyArray | undefined {
    const e = this.#entry(name);
    if (!isStored(e)) return undefined;
    const where = `${this.path}:${e.name}`;
    const start = entryDataOffset(this.#src, e);
    const h = readHeader(this.#src, start, e.compressedSize, where);
    if (!h.info.dtype || h.info.half || (h.fortranOrder && h.shape.length > 1)) return undefined;
    if (h.dataOffset + h.dataBytes > e.compressedSize) {
      throw new NappleError(
        "CORRUPT_FILE",
        `header promises shape (${h.shape.join(", ")}) of ${h.descr} (${h.dataBytes} bytes) ` +
          `but the member holds only ${e.compressedSize - h.dataOffset}`,
        { path: where },
      );
    }
    return new NpyLazyArray({
      path: this.path,
      offset: start + h.dataOffset,
      shape: h.shape,
      dtype: h.info.dtype,
      itemsize: h.info.itemsize,
      littleEndian: h.info.littleEndian,
      source: where,
      ...this.#src instanceof RemoteFile
        ? { reader: this.#src }
        : { fileSize: this.#src.size, mtime: this.#src.mtime },
    });
  }

  /** Every member decoded, as a record (like `dict(np.load(path))`). */
  toRecord(): Record<string, NpyArray> {
    const out: Record<string, NpyArray> = {};
    for (const f of this.files) out[f] = this.get(f);
    return out;
  }

  /** Iterates over `[name, array]` pairs, decoding each member as it goes. */
  *[Symbol.iterator](): IterableIterator<[string, NpyArray]> {
    for (const f of this.files) yield [f, this.get(f)];
  }

  /** numpy-like summary: `NpzFile 'path' with keys: x, y, labels`. */
  toString(): string {
    const keys = this.files.slice(0, 5).join(", ") + (this.files.length > 5 ? "..." : "");
    return `NpzFile '${this.path}' with keys: ${keys}`;
  }

  /** `console.log(x)` shows numpy's summary, as `print(np.load(p))` does. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
}

// ---------------------------------------------------------------------------------------------

/** What `saveNpz` / `saveNpy` accept as an array. */
export type NpyInput = NpyArray | TypedArray | NestedArray | readonly string[];

/** Turns plain arrays into NpyArrays the way `np.asarray` would. */
export function toNpyArray(value: NpyInput | unknown, where: string): NpyArray {
  if (value instanceof NDArray || value instanceof StringArray || value instanceof ObjectArray) {
    return value;
  }
  if (isTypedArray(value)) return NDArray.from(value);
  if (Array.isArray(value)) {
    const flat = value.flat(Infinity as 1);
    if (flat.length && flat.every((v) => typeof v === "string")) {
      const shape: number[] = [];
      let probe: unknown = value;
      while (Array.isArray(probe)) {
        shape.push(probe.length);
        probe = probe[0];
      }
      return new StringArray(flat as string[], shape);
    }
    try {
      return NDArray.from(value as NestedArray);
    } catch {
      return new ObjectArray(value as unknown[]);
    }
  }
  if (typeof value === "number") return new NDArray(new Float64Array([value]), [], "float64");
  if (typeof value === "boolean") return new NDArray(new Uint8Array([value ? 1 : 0]), [], "bool");
  if (typeof value === "string") return new StringArray([value], []);
  if (value && typeof value === "object") return new ObjectArray([value], []);
  throw new NappleError("INVALID_ARGUMENT", `cannot store ${String(value)} in an .npy`, {
    path: where,
  });
}

/** Appends `.npz` like numpy's `savez` (and pynapple's `save`) when the path lacks it. */
export function withNpzSuffix(path: string): string {
  return path.endsWith(".npz") ? path : `${path}.npz`;
}

/**
 * Writes `record` (member name → array) as an uncompressed `.npz`, as `np.savez(path,
 * **record)` does, atomically (temporary file + rename). Returns the final path (`.npz`
 * appended when missing).
 */
export function saveNpz(
  path: string,
  record: Record<string, NpyInput | LazyArray | unknown>,
): string {
  const final = withNpzSuffix(path);
  const members = Object.entries(record).map(([k, v]) => {
    if (isLazy(v)) return { name: k, ...lazyNpyParts(v) };
    const parts = encodeNpy(toNpyArray(v, `${final}:${k}`), `${final}:${k}`);
    return { name: k, size: partsLength(parts), chunks: parts };
  });
  return saveNpzStreaming(final, members);
}

/** Bytes per chunk when streaming a LazyArray into an archive. */
const STREAM_CHUNK = 8 << 20;

/**
 * The `.npy` bytes of a LazyArray as a stream of chunks (~8 MB of rows each, read as they are
 * written), with their total size: lazy data of any size is saved in bounded memory.
 */
export function lazyNpyParts(lazy: LazyArray): { size: number; chunks: Iterable<Uint8Array> } {
  const header = encodeNpyHeader(descrOf(lazy.dtype), lazy.shape);
  const itemsize = allocate(lazy.dtype, 0).BYTES_PER_ELEMENT;
  const rowBytes = shapeSize(lazy.shape.slice(1)) * itemsize;
  const n = lazy.shape.length ? lazy.shape[0] : 1;
  const step = Math.max(1, Math.floor(STREAM_CHUNK / Math.max(1, rowBytes)));
  return {
    size: header.length + n * rowBytes,
    chunks: (function* () {
      yield header;
      for (let s = 0; s < n; s += step) {
        const rows = lazy.readRows(s, Math.min(n, s + step));
        const a = rows.dtype === lazy.dtype ? rows : rows.astype(lazy.dtype);
        if (a.size * itemsize !== Math.min(step, n - s) * rowBytes) {
          throw new NappleError(
            "SHAPE_MISMATCH",
            `lazy array ${lazy.source} returned ${a.size} elements for rows ${s}..`,
          );
        }
        yield new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength);
      }
    })(),
  };
}

/**
 * Writes members to an `.npz` where each member's bytes come from a generator (for arrays
 * larger than memory): `size` must be the exact byte count the chunks add up to.
 */
export function saveNpzStreaming(
  path: string,
  members: ReadonlyArray<{ name: string; size: number; chunks: Iterable<Uint8Array> }>,
): string {
  const final = withNpzSuffix(path);
  atomicWrite(final, (file) => {
    const zip = new ZipWriter(file, final);
    for (const m of members) zip.add(`${m.name}.npy`, m.size, m.chunks);
    zip.finish();
  });
  return final;
}

/** Options of {@linkcode loadNpy}. */
export interface LoadNpyOptions {
  /** Keep the data on disk as a LazyArray (numeric, row-contiguous arrays only). */
  lazy?: boolean;
}

const LOAD_NPY_KEYS: OptionKeys<LoadNpyOptions> = {
  lazy: true,
};

/**
 * Reads a `.npy` file: the whole array, or with `{lazy: true}` a LazyArray that reads only the
 * rows asked for (falls back to reading everything for strings, objects and Fortran order).
 */
export function loadNpy(path: string, options: LoadNpyOptions = {}): NpyArray | NpyLazyArray {
  options = checkOptions(options, LOAD_NPY_KEYS, "loadNpy");
  const src = openSource(path);
  if (options.lazy) {
    const h = readHeader(src, 0, src.size, path);
    if (h.info.dtype && !h.info.half && !(h.fortranOrder && h.shape.length > 1)) {
      if (h.dataOffset + h.dataBytes > src.size) {
        throw new NappleError(
          "CORRUPT_FILE",
          `header promises shape (${h.shape.join(", ")}) of ${h.descr} (${h.dataBytes} bytes) ` +
            `but the file holds only ${src.size - h.dataOffset}`,
          { path },
        );
      }
      return new NpyLazyArray({
        path,
        offset: h.dataOffset,
        shape: h.shape,
        dtype: h.info.dtype as DType,
        itemsize: h.info.itemsize,
        littleEndian: h.info.littleEndian,
        ...src instanceof RemoteFile ? { reader: src } : { fileSize: src.size, mtime: src.mtime },
      });
    }
  }
  const bytes = src.read(0, src.size);
  const header = parseNpyHeader(bytes, path);
  return decodeNpyData(header, bytes.subarray(header.dataOffset), path);
}

/** Writes `array` as a `.npy` file (what `np.save` writes), atomically; `.npy` is appended. */
export function saveNpy(path: string, array: NpyInput): string {
  const final = path.endsWith(".npy") ? path : `${path}.npy`;
  const parts = encodeNpy(toNpyArray(array, final), final);
  atomicWrite(final, (file) => {
    for (const p of parts) {
      for (let at = 0; at < p.length;) at += file.writeSync(p.subarray(at, at + (8 << 20)));
    }
  });
  return final;
}
