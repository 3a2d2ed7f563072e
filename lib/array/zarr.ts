/**
 * Zarr arrays (v2 and v3) as napple data. zarrita is asynchronous and napple's core is not, so:
 *
 * - `await nap.openZarr(pathOrZarritaArray)` opens an array and returns a {@linkcode ZarrArray}, a
 *   LazyArray whose `readRows` is synchronous: it reads the chunk files it needs from the local
 *   directory (or from any store with a synchronous `get`, such as zarrita's in-memory Map store)
 *   and decodes them with napple's own decoders (none, gzip, zlib, zstd, crc32c, shuffle, Blosc
 *   with blosclz/lz4/lz4hc/zlib/zstd and byte or bit shuffle; see lib/array/zarr_codecs.ts), and
 *   v3 sharding (`sharding_indexed`: the shard index, then each inner chunk, by ranged reads).
 *   Only the chunks overlapping the asked rows are read; the last few decoded chunks are cached.
 * - `await nap.fromZarr(source, { loadArray })` is pynapple's `load_array` choice in one step:
 *   `true` (default) reads everything into an NDArray with pynapple's conversion warning, `false`
 *   returns the lazy ZarrArray. Pass the result as `d` to `new nap.TsdFrame({ t, d })`.
 * - `nap.ZarrDirectoryStore` is a zarrita store over a local folder (node:fs), for creating and
 *   writing arrays with zarrita (`zarr.create`, `zarr.set`); `nap.writeZarr` does both for an
 *   NDArray.
 *
 * Arrays on asynchronous stores (HTTP) load fine with `loadArray: true` (through zarrita) but cannot
 * stay lazy. Not supported lazily: string/object dtypes, float16, Blosc's snappy, other filters
 * (delta, bitround...), sharding combined with other outer codecs — those raise a NappleError that says to use `loadArray: true`, and
 * `fromZarr` with `loadArray: true` hands them to zarrita.
 * @module
 */
import { NappleError } from "../errors.ts";
import { fs, join, statOrUndefined } from "../platform.ts";
import { warn } from "../warnings.ts";
import {
  allocate,
  type DType,
  isBigIntDType,
  isDType,
  itemSize,
  parseNumericDescr,
  swapBytes,
  typedArrayFor,
} from "./dtype.ts";
import type { TypedArray } from "./dtype.ts";
import type { LazyArray, ReadStats } from "./lazy.ts";
import { NDArray, shapeSize } from "./ndarray.ts";
import { type ByteCodec, decodeBytes } from "./zarr_codecs.ts";

/** A store key as zarrita spells it: an absolute path inside the store (`/a/zarr.json`). */
export type ZarrKey = `/${string}`;

/** A store whose reads are synchronous (napple's lazy reads need that). */
export interface SyncZarrStore {
  /** The bytes under `key`, or undefined when absent. */
  get(key: ZarrKey): Uint8Array | undefined;
  /** Part of the bytes under `key` (used for shard indexes and inner chunks when present). */
  getRange?(key: ZarrKey, range: ZarrRange): Uint8Array | undefined;
}

/** A byte range of a store value: from an offset, or the last `suffixLength` bytes. */
export type ZarrRange = { offset: number; length: number } | { suffixLength: number };

/** A zarr store over a local directory, usable by zarrita (read and write) and by napple. */
export class ZarrDirectoryStore implements SyncZarrStore {
  /** The directory holding the store. */
  readonly root: string;

  /** Wraps `root` (created on first write if missing). */
  constructor(root: string) {
    this.root = root;
  }

  #file(key: string): string {
    const rel = key.replace(/^\/+/, "");
    if (rel.split("/").some((p) => p === "..")) {
      throw new NappleError(
        "INVALID_ARGUMENT",
        `zarr key ${JSON.stringify(key)} leaves the store`,
        {
          path: this.root,
        },
      );
    }
    return join(this.root, rel);
  }

  /** A failed open of `key`: undefined when the key does not exist (zarr's "missing"), else IO. */
  #missing(e: unknown, key: ZarrKey): undefined {
    const code = (e as { code?: string }).code;
    if (code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR") return undefined;
    throw new NappleError("IO", `cannot read zarr key ${key} (${(e as Error).message})`, {
      path: this.root,
      cause: e,
    });
  }

  /** Reads `key`; undefined when the file does not exist. */
  get(key: ZarrKey): Uint8Array | undefined {
    try {
      return new Uint8Array(fs.readFileSync(this.#file(key)));
    } catch (e) {
      return this.#missing(e, key);
    }
  }

  /** Reads part of `key` with one positioned read (zarrita needs this for sharded arrays). */
  getRange(key: ZarrKey, range: ZarrRange): Uint8Array | undefined {
    const file = this.#file(key);
    let fd: number;
    try {
      fd = fs.openSync(file, "r");
    } catch (e) {
      return this.#missing(e, key);
    }
    try {
      const size = fs.fstatSync(fd).size;
      const offset = "suffixLength" in range
        ? Math.max(0, size - range.suffixLength)
        : range.offset;
      const length = "suffixLength" in range
        ? size - offset
        : Math.max(0, Math.min(range.length, size - offset));
      const out = new Uint8Array(length);
      let at = 0;
      while (at < length) {
        const n = fs.readSync(fd, out, at, length - at, offset + at);
        if (n <= 0) break;
        at += n;
      }
      return at === length ? out : out.subarray(0, at);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Writes `key`, creating folders as needed. */
  set(key: ZarrKey, value: Uint8Array): void {
    const file = this.#file(key);
    fs.mkdirSync(join(file, ".."), { recursive: true });
    fs.writeFileSync(file, value);
  }
}

/** Decoded zarr array metadata (both formats), as napple uses it. */
export interface ZarrMetadata {
  /** 2 or 3. */
  zarrFormat: 2 | 3;
  /** Array shape. */
  shape: number[];
  /** Chunk shape. */
  chunks: number[];
  /** Element type. */
  dtype: DType;
  /** Byte order of the stored elements. */
  littleEndian: boolean;
  /** Axis permutation of stored chunks (undefined for C order). */
  transpose?: number[];
  /** Byte codecs in encoding order. */
  codecs: ByteCodec[];
  /** Value of elements in chunks that were never written. */
  fillValue: number | bigint | null;
  /**
   * Store key suffix of the chunk at `coords` (for a sharded array: of the shard at `coords` in
   * the shard grid).
   */
  chunkKey: (coords: number[]) => string;
  /** Sharding (v3 `sharding_indexed`): `chunks` are then the inner chunks of each shard. */
  shard?: ZarrShard;
}

/** How a sharded zarr v3 array stores its inner chunks. */
export interface ZarrShard {
  /** Shard shape (the outer chunk grid). */
  shape: number[];
  /** Inner chunks per shard along each axis. */
  perShard: number[];
  /** The index (offset, length as uint64 per inner chunk) is at the start (else the end). */
  indexAtStart: boolean;
  /** Stored size of the index in bytes (16 per inner chunk, +4 with a crc32c checksum). */
  indexBytes: number;
}

function bad(path: string, what: string): never {
  throw new NappleError("UNSUPPORTED_FORMAT", what, { path });
}

function fill(value: unknown, dtype: DType): number | bigint | null {
  if (value === null || value === undefined) return null;
  if (value === "NaN") return NaN;
  if (value === "Infinity") return Infinity;
  if (value === "-Infinity") return -Infinity;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return isBigIntDType(dtype) ? BigInt(Math.trunc(value)) : value;
  if (typeof value === "string" && /^0x[0-9a-f]+$/i.test(value) && dtype.startsWith("float")) {
    // v3 writes NaN payloads as hex bit patterns
    const n = BigInt(value);
    const dv = new DataView(new ArrayBuffer(8));
    if (dtype === "float32") {
      dv.setUint32(0, Number(n));
      return dv.getFloat32(0);
    }
    dv.setBigUint64(0, n);
    return dv.getFloat64(0);
  }
  return null;
}

function byteCodec(name: string, config: Record<string, unknown>, path: string): ByteCodec {
  const short = name.replace(/^numcodecs\./, "");
  if (["gzip", "zlib", "zstd", "blosc", "shuffle", "crc32c"].includes(short)) {
    return { name: short, config };
  }
  if (short === "sharding_indexed") {
    throw new NappleError(
      "UNSUPPORTED_FILTER",
      "sharding_indexed must be the only codec for a lazy read; open with loadArray: true",
      { path },
    );
  }
  throw new NappleError(
    "UNSUPPORTED_FILTER",
    `zarr codec "${name}" is not supported for lazy reads; open with loadArray: true`,
    { path },
  );
}

/** The byte order, axis order and byte codecs of a v3 codec list (without sharding). */
function chunkCodecs(
  list: readonly { name: string; configuration?: Record<string, unknown> }[],
  ndim: number,
  path: string,
): { littleEndian: boolean; transpose?: number[]; codecs: ByteCodec[] } {
  let littleEndian = true;
  let transpose: number[] | undefined;
  const codecs: ByteCodec[] = [];
  for (const c of list) {
    const config = c.configuration ?? {};
    if (c.name === "bytes") littleEndian = config.endian !== "big";
    else if (c.name === "transpose") {
      const order = config.order;
      transpose = order === "F"
        ? Array.from({ length: ndim }, (_, i) => ndim - 1 - i)
        : order === "C"
        ? undefined
        : (order as number[]);
    } else codecs.push(byteCodec(c.name, config, path));
  }
  return { littleEndian, transpose, codecs };
}

/** Parses `.zarray` (v2) or `zarr.json` (v3) array metadata. */
export function parseZarrMetadata(json: Record<string, unknown>, path: string): ZarrMetadata {
  if (json.zarr_format === 3 && json.node_type !== "array") {
    bad(path, `is a zarr ${String(json.node_type)}, not an array`);
  }
  const shape = json.shape as number[];
  if (!Array.isArray(shape)) bad(path, "zarr metadata has no shape");
  if (json.zarr_format === 2) {
    const chunks = json.chunks as number[];
    const parsed = typeof json.dtype === "string" ? parseNumericDescr(json.dtype) : undefined;
    if (!parsed) {
      bad(path, `zarr dtype ${JSON.stringify(json.dtype)} is not a supported numeric dtype`);
    }
    const codecs: ByteCodec[] = [];
    for (const f of (json.filters as Record<string, unknown>[] | null) ?? []) {
      const { id, ...config } = f;
      codecs.push(byteCodec(String(id), config, path));
    }
    if (json.compressor) {
      const { id, ...config } = json.compressor as Record<string, unknown>;
      codecs.push(byteCodec(String(id), config, path));
    }
    const sep = (json.dimension_separator as string | undefined) ?? ".";
    return {
      zarrFormat: 2,
      shape,
      chunks,
      dtype: parsed.dtype,
      littleEndian: parsed.littleEndian,
      transpose: json.order === "F" ? shape.map((_, i) => shape.length - 1 - i) : undefined,
      codecs,
      fillValue: fill(json.fill_value, parsed.dtype),
      chunkKey: (c) => c.join(sep) || "0",
    };
  }
  if (json.zarr_format === 3) {
    const dtype = json.data_type as DType;
    if (!isDType(dtype)) {
      bad(path, `zarr data_type ${JSON.stringify(dtype)} is not a supported numeric dtype`);
    }
    const grid = json.chunk_grid as { name: string; configuration: { chunk_shape: number[] } };
    if (grid?.name !== "regular") bad(path, "only regular zarr chunk grids are supported");
    const enc = json.chunk_key_encoding as
      | { name: string; configuration?: { separator?: string } }
      | undefined;
    const sep = enc?.configuration?.separator ?? (enc?.name === "v2" ? "." : "/");
    const chunkKey = enc?.name === "v2"
      ? (c: number[]) => c.join(sep) || "0"
      : (c: number[]) => ["c", ...c].join(sep);
    type CodecJson = { name: string; configuration?: Record<string, unknown> };
    const list = (json.codecs as CodecJson[] | undefined) ?? [];
    const outer = grid.configuration.chunk_shape;
    const sharding = list.length === 1 && list[0].name === "sharding_indexed"
      ? list[0].configuration ?? {}
      : undefined;
    if (sharding) {
      const inner = sharding.chunk_shape as number[];
      if (
        !Array.isArray(inner) || inner.length !== outer.length ||
        inner.some((c, i) => !(c > 0) || outer[i] % c !== 0)
      ) {
        bad(path, "sharding_indexed chunk_shape must divide the shard shape");
      }
      const perShard = outer.map((o, i) => o / inner[i]);
      let checksum = false;
      for (const c of (sharding.index_codecs as CodecJson[] | undefined) ?? []) {
        if (c.name === "crc32c") checksum = true;
        else if (c.name !== "bytes" || c.configuration?.endian === "big") {
          throw new NappleError(
            "UNSUPPORTED_FILTER",
            `shard index codec "${c.name}" is not supported for lazy reads; use loadArray: true`,
            { path },
          );
        }
      }
      return {
        zarrFormat: 3,
        shape,
        chunks: inner,
        dtype,
        ...chunkCodecs((sharding.codecs as CodecJson[] | undefined) ?? [], shape.length, path),
        fillValue: fill(json.fill_value, dtype),
        chunkKey,
        shard: {
          shape: outer,
          perShard,
          indexAtStart: sharding.index_location === "start",
          indexBytes: 16 * shapeSize(perShard) + (checksum ? 4 : 0),
        },
      };
    }
    return {
      zarrFormat: 3,
      shape,
      chunks: outer,
      dtype,
      ...chunkCodecs(list, shape.length, path),
      fillValue: fill(json.fill_value, dtype),
      chunkKey,
    };
  }
  return bad(path, `unknown zarr_format ${JSON.stringify(json.zarr_format)}`);
}

/** `stored` has the axes of `shape` permuted by `perm`; returns the C-ordered array of `shape`. */
function untranspose(
  stored: TypedArray,
  shape: number[],
  perm: number[],
  dtype: DType,
): TypedArray {
  const n = shape.length;
  const storedShape = perm.map((p) => shape[p]);
  const storedStrides = new Array(n).fill(1);
  for (let d = n - 2; d >= 0; d--) storedStrides[d] = storedStrides[d + 1] * storedShape[d + 1];
  // stride in `stored` of each original axis
  const strideOf = new Array(n);
  for (let d = 0; d < n; d++) strideOf[perm[d]] = storedStrides[d];
  const out = allocate(dtype, stored.length);
  const idx = new Array(n).fill(0);
  for (let i = 0; i < out.length; i++) {
    let src = 0;
    for (let d = 0; d < n; d++) src += idx[d] * strideOf[d];
    // deno-lint-ignore no-explicit-any
    (out as any)[i] = stored[src];
    for (let d = n - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

const CACHE_CHUNKS = 8;
/** Offset and length of an inner chunk that was never written (2^64 - 1). */
const MISSING = 0xffffffffffffffffn;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A zarr array read synchronously, chunk by chunk: a LazyArray. */
export class ZarrArray implements LazyArray {
  /** Always true: see {@linkcode LazyArray}. */
  readonly isLazy = true as const;
  /** Reads of chunk objects from the store, and their stored (compressed) bytes. */
  readonly stats: ReadStats = { reads: 0, bytesRead: 0 };
  /** Parsed array metadata. */
  readonly metadata: ZarrMetadata;
  /** Where the array lives, for display. */
  readonly source: string;
  readonly #store: SyncZarrStore;
  readonly #prefix: string;
  readonly #cache = new Map<string, TypedArray>();
  readonly #indexes = new Map<string, BigUint64Array | null>();
  #whole?: { key: string; bytes: Uint8Array };

  /** Use {@linkcode openZarr}; wraps a store, the array's path in it and its metadata. */
  constructor(store: SyncZarrStore, arrayPath: string, metadata: ZarrMetadata, source: string) {
    this.#store = store;
    this.#prefix = arrayPath.replace(/\/+$/, "");
    this.metadata = metadata;
    this.source = source;
  }

  /** Array shape. */
  get shape(): readonly number[] {
    return this.metadata.shape;
  }

  /** Element type. */
  get dtype(): DType {
    return this.metadata.dtype;
  }

  /** Chunk shape. */
  get chunks(): readonly number[] {
    return this.metadata.chunks;
  }

  #checkSync(value: unknown): void {
    if (value instanceof Promise) {
      value.catch(() => {}); // the answer is not needed: do not leave a rejection unhandled
      throw new NappleError(
        "NOT_IMPLEMENTED",
        "this zarr store reads chunks asynchronously, so the array cannot stay lazy; use loadArray: true",
        { path: this.source },
      );
    }
  }

  /** Reads `[offset, offset + length)` of `key` (or of its end with `suffix`). */
  #range(key: ZarrKey, range: ZarrRange): Uint8Array | undefined {
    if (this.#store.getRange) {
      const part = this.#store.getRange(key, range);
      this.#checkSync(part);
      return part;
    }
    // stores without ranges: read the whole value once and keep the last one
    if (this.#whole?.key !== key) {
      const all = this.#store.get(key);
      this.#checkSync(all);
      if (all === undefined) return undefined;
      this.#whole = { key, bytes: all };
    }
    const all = this.#whole.bytes;
    return "suffixLength" in range
      ? all.subarray(Math.max(0, all.length - range.suffixLength))
      : all.subarray(range.offset, range.offset + range.length);
  }

  /** The (offset, length) index of the shard at `key`; null when the shard does not exist. */
  #shardIndex(key: ZarrKey, shard: ZarrShard): BigUint64Array | null {
    const hit = this.#indexes.get(key);
    if (hit !== undefined) return hit;
    const n = shapeSize(shard.perShard);
    const raw = this.#range(
      key,
      shard.indexAtStart
        ? { offset: 0, length: shard.indexBytes }
        : { suffixLength: shard.indexBytes },
    );
    let index: BigUint64Array | null = null;
    if (raw !== undefined) {
      if (raw.byteLength < 16 * n) {
        throw new NappleError("CORRUPT_FILE", "zarr shard is shorter than its index", {
          path: `${this.source}${key}`,
        });
      }
      this.stats.reads++;
      this.stats.bytesRead += raw.byteLength;
      index = new BigUint64Array(raw.slice(0, 16 * n).buffer);
      if (!LITTLE_ENDIAN) swapBytes(new Uint8Array(index.buffer), 8);
    }
    this.#indexes.set(key, index);
    return index;
  }

  /** The stored bytes of the chunk at `coords` (undefined: never written, use the fill value). */
  #stored(coords: number[]): Uint8Array | undefined {
    const m = this.metadata;
    const shard = m.shard;
    if (!shard) {
      const stored = this.#store.get(`${this.#prefix}/${m.chunkKey(coords)}` as ZarrKey);
      this.#checkSync(stored);
      return stored;
    }
    const shardCoords = coords.map((c, i) => Math.floor(c / shard.perShard[i]));
    const key = `${this.#prefix}/${m.chunkKey(shardCoords)}` as ZarrKey;
    const index = this.#shardIndex(key, shard);
    if (!index) return undefined;
    let linear = 0;
    for (let i = 0; i < coords.length; i++) {
      linear = linear * shard.perShard[i] + (coords[i] % shard.perShard[i]);
    }
    const offset = index[2 * linear];
    const length = index[2 * linear + 1];
    if (offset === MISSING && length === MISSING) return undefined;
    return this.#range(key, { offset: Number(offset), length: Number(length) });
  }

  #chunk(coords: number[]): TypedArray | undefined {
    const key = coords.join(",");
    const hit = this.#cache.get(key);
    if (hit) {
      this.#cache.delete(key);
      this.#cache.set(key, hit);
      return hit;
    }
    const stored = this.#stored(coords);
    if (stored === undefined) return undefined;
    this.stats.reads++;
    this.stats.bytesRead += stored.byteLength;
    const m = this.metadata;
    const where = `${this.source}/${m.chunkKey(coords)}`;
    const size = itemSize(m.dtype);
    const n = shapeSize(m.chunks);
    let bytes = decodeBytes(stored, m.codecs, where, n * size);
    if (bytes.byteLength !== n * size) {
      throw new NappleError(
        "CORRUPT_FILE",
        `zarr chunk decodes to ${bytes.byteLength} bytes, expected ${n * size}`,
        { path: where },
      );
    }
    if (bytes.byteOffset % size !== 0 || bytes === stored || !m.littleEndian) bytes = bytes.slice();
    if (!m.littleEndian) swapBytes(bytes, size);
    const Ctor = typedArrayFor(m.dtype);
    let data = new Ctor(bytes.buffer, bytes.byteOffset, n);
    if (m.transpose) data = untranspose(data, m.chunks, m.transpose, m.dtype);
    this.#cache.set(key, data);
    if (this.#cache.size > CACHE_CHUNKS) this.#cache.delete(this.#cache.keys().next().value!);
    return data;
  }

  /** Reads rows `[start, end)` (clamped), touching only the chunks that overlap them. */
  readRows(start: number, end: number, columns?: readonly number[]): NDArray {
    const shape = this.metadata.shape;
    const chunks = this.metadata.chunks;
    const nd = shape.length;
    if (nd === 0) {
      const c = this.#chunk([]);
      const out = allocate(this.dtype, 1);
      if (c) out.set(c as never);
      return new NDArray(out, [], this.dtype);
    }
    const s = Math.max(0, Math.min(Math.floor(start), shape[0]));
    const e = Math.max(s, Math.min(Math.ceil(end), shape[0]));
    const lo = shape.map(() => 0);
    const hi = [...shape];
    lo[0] = s;
    hi[0] = e;
    if (columns && nd >= 2 && columns.length) {
      for (const c of columns) {
        if (!Number.isInteger(c) || c < 0 || c >= shape[1]) {
          throw new NappleError(
            "INDEX_OUT_OF_RANGE",
            `column ${c} is out of range for ${shape[1]}`,
            {
              path: this.source,
            },
          );
        }
      }
      lo[1] = Math.min(...columns);
      hi[1] = Math.max(...columns) + 1;
    }
    const outShape = lo.map((l, d) => hi[d] - l);
    const out = allocate(this.dtype, shapeSize(outShape));
    const f = this.metadata.fillValue;
    if (f !== null && f !== 0 && out.length) {
      // deno-lint-ignore no-explicit-any
      (out as any).fill(isBigIntDType(this.dtype) ? BigInt(f) : Number(f));
    }
    if (out.length) {
      const c0 = lo.map((l, d) => Math.floor(l / chunks[d]));
      const c1 = hi.map((h, d) => Math.floor((h - 1) / chunks[d]));
      const outStrides = new Array(nd).fill(1);
      const chStrides = new Array(nd).fill(1);
      for (let d = nd - 2; d >= 0; d--) {
        outStrides[d] = outStrides[d + 1] * outShape[d + 1];
        chStrides[d] = chStrides[d + 1] * chunks[d + 1];
      }
      const cc = [...c0];
      while (true) {
        const data = this.#chunk(cc);
        if (data) {
          const blo = cc.map((c, d) => Math.max(lo[d], c * chunks[d]));
          const bhi = cc.map((c, d) => Math.min(hi[d], (c + 1) * chunks[d]));
          let tailWhole = true; // every axis but the first spans the whole chunk and output
          for (let d = 1; d < nd; d++) {
            if (
              blo[d] !== cc[d] * chunks[d] || bhi[d] - blo[d] !== chunks[d] ||
              chunks[d] !== outShape[d]
            ) tailWhole = false;
          }
          const inner = bhi[nd - 1] - blo[nd - 1];
          const idx = [...blo];
          if (tailWhole) {
            // the box is one contiguous run in both the chunk and the output
            const o = (blo[0] - lo[0]) * outStrides[0];
            const k = (blo[0] - cc[0] * chunks[0]) * chStrides[0];
            // deno-lint-ignore no-explicit-any
            (out as any).set(data.subarray(k, k + (bhi[0] - blo[0]) * chStrides[0]), o);
          }
          // otherwise copy the box row by row along the last axis
          while (!tailWhole) {
            let o = 0;
            let k = 0;
            for (let d = 0; d < nd; d++) {
              o += (idx[d] - lo[d]) * outStrides[d];
              k += (idx[d] - cc[d] * chunks[d]) * chStrides[d];
            }
            // deno-lint-ignore no-explicit-any
            (out as any).set(data.subarray(k, k + inner), o);
            let d = nd - 2;
            for (; d >= 0; d--) {
              if (++idx[d] < bhi[d]) break;
              idx[d] = blo[d];
            }
            if (d < 0) break;
          }
        }
        let d = nd - 1;
        for (; d >= 0; d--) {
          if (++cc[d] <= c1[d]) break;
          cc[d] = c0[d];
        }
        if (d < 0) break;
      }
    }
    let arr = new NDArray(out, outShape, this.dtype);
    if (columns && nd >= 2) arr = arr.takeColumns(columns.map((c) => c - lo[1]));
    return arr;
  }

  /** The whole array in memory. */
  toNDArray(): NDArray {
    return this.readRows(0, this.shape[0] ?? 1);
  }

  /** `console.log(z)` shows the one-line summary. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  /** `ZarrArray(source, shape, dtype, chunks)`. */
  toString(): string {
    return `ZarrArray(${this.source}, shape=(${
      this.shape.join(", ")
    }), dtype=${this.dtype}, chunks=(${this.chunks.join(", ")}))`;
  }
}

/** The parts of a zarrita `Array` napple uses (so zarrita need not be imported to type it). */
export interface ZarritaArrayLike {
  /** The zarrita store. */
  readonly store: unknown;
  /** The array's absolute path in the store. */
  readonly path: string;
  /** Shape. */
  readonly shape: number[];
  /** zarrita's dtype name. */
  readonly dtype: string;
  /** Always "array". */
  readonly kind: "array";
}

/** What {@linkcode openZarr} and {@linkcode fromZarr} accept: a local folder or a zarrita array. */
export type ZarrSource = string | ZarritaArrayLike;

function decodeJson(bytes: Uint8Array, where: string): Record<string, unknown> {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new NappleError(
      "CORRUPT_FILE",
      `zarr metadata is not valid JSON (${(e as Error).message})`,
      {
        path: where,
        cause: e,
      },
    );
  }
}

function readMetadata(store: SyncZarrStore, arrayPath: string, where: string): ZarrMetadata {
  const prefix = arrayPath.replace(/\/+$/, "");
  const v3 = store.get(`${prefix}/zarr.json` as ZarrKey);
  if (v3 instanceof Promise) {
    v3.catch(() => {}); // the answer is not needed: do not leave a rejection unhandled
    throw new NappleError(
      "NOT_IMPLEMENTED",
      "this zarr store is asynchronous, so the array cannot stay lazy; use loadArray: true",
      { path: where },
    );
  }
  if (v3) return parseZarrMetadata(decodeJson(v3, `${where}/zarr.json`), where);
  const v2 = store.get(`${prefix}/.zarray` as ZarrKey);
  if (v2) {
    const meta = decodeJson(v2, `${where}/.zarray`);
    return parseZarrMetadata({ zarr_format: 2, ...meta }, where);
  }
  if (store.get(`${prefix}/.zgroup` as ZarrKey)) bad(where, "is a zarr group, not an array");
  return bad(where, "is not a zarr array (no zarr.json or .zarray)");
}

/** Opens a local zarr array folder synchronously (the path must exist). */
export function openZarrSync(path: string): ZarrArray {
  const info = statOrUndefined(path);
  if (!info) {
    throw new NappleError("FILE_NOT_FOUND", "no such zarr array (the folder does not exist)", {
      path,
    });
  }
  if (!info.isDirectory) {
    throw new NappleError("UNSUPPORTED_FORMAT", "a local zarr array is a folder; this is a file", {
      path,
    });
  }
  const store = new ZarrDirectoryStore(path);
  return new ZarrArray(store, "", readMetadata(store, "", path), path);
}

function isSyncStore(store: unknown): store is SyncZarrStore {
  return typeof store === "object" && store !== null &&
    typeof (store as SyncZarrStore).get === "function";
}

function describe(source: ZarritaArrayLike): string {
  const store = source.store;
  if (store instanceof ZarrDirectoryStore) return join(store.root, source.path.replace(/^\//, ""));
  return `zarr:${source.path}`;
}

/**
 * Opens a zarr array as a lazy, synchronously readable {@linkcode ZarrArray}: from a local folder
 * path, or from a zarrita `Array` whose store reads synchronously (ZarrDirectoryStore, Map).
 * Async only so that it can grow to async stores; the reads after it are synchronous.
 */
// deno-lint-ignore require-await
export async function openZarr(source: ZarrSource): Promise<ZarrArray> {
  if (typeof source === "string") return openZarrSync(source);
  if (!source || source.kind !== "array" || !isSyncStore(source.store)) {
    throw new NappleError("INVALID_ARGUMENT", "openZarr needs a folder path or a zarrita Array");
  }
  const where = describe(source);
  const store = source.store as SyncZarrStore;
  return new ZarrArray(
    store,
    source.path === "/" ? "" : source.path,
    readMetadata(store, source.path, where),
    where,
  );
}

/** Options of {@linkcode fromZarr}. */
export interface FromZarrOptions {
  /** true (default): read everything into memory with pynapple's warning; false: stay lazy. */
  loadArray?: boolean;
  /** Name used in the conversion warning (pynapple's argument name; default "d"). */
  arrayName?: string;
}

/**
 * pynapple's `load_array` for zarr data: resolves to an in-memory NDArray (default, warning
 * "Converting 'd' to numpy.array. The provided array was of type 'Array'.") or, with
 * `loadArray: false`, to the lazy {@linkcode ZarrArray}. Use the result as `d` of a Tsd/TsdFrame.
 */
export async function fromZarr(
  source: ZarrSource,
  options: FromZarrOptions = {},
): Promise<NDArray | ZarrArray> {
  const loadArray = options.loadArray ?? true;
  if (!loadArray) return await openZarr(source);
  let data: NDArray;
  if (typeof source !== "string" && !isSyncStore(source?.store)) {
    data = await loadWithZarrita(source);
  } else {
    try {
      data = (await openZarr(source)).toNDArray();
    } catch (e) {
      // codecs napple cannot decode synchronously: let zarrita decode them
      // and asynchronous stores: let zarrita read them
      if (
        !(e instanceof NappleError) || !["UNSUPPORTED_FILTER", "NOT_IMPLEMENTED"].includes(e.code)
      ) {
        throw e;
      }
      data = await loadWithZarrita(
        typeof source === "string" ? await openWithZarrita(source) : source,
      );
    }
  }
  warn(
    `Converting '${
      options.arrayName ?? "d"
    }' to numpy.array. The provided array was of type 'Array'.`,
    "ConversionWarning",
  );
  return data;
}

async function openWithZarrita(path: string): Promise<ZarritaArrayLike> {
  const zarr = await import("zarrita");
  // deno-lint-ignore no-explicit-any
  return await zarr.open(new ZarrDirectoryStore(path) as any, {
    kind: "array",
  }) as unknown as ZarritaArrayLike;
}

async function loadWithZarrita(source: ZarritaArrayLike): Promise<NDArray> {
  const zarr = await import("zarrita");
  // deno-lint-ignore no-explicit-any
  const chunk = await zarr.get(source as any);
  const dtype = source.dtype as DType;
  if (!isDType(dtype)) bad(describe(source), `zarr dtype ${source.dtype} is not supported`);
  const data = chunk.data as unknown as TypedArray;
  return new NDArray(
    dtype === "bool" ? Uint8Array.from(data as Uint8Array) : data,
    chunk.shape,
    dtype,
  );
}

/** Options of {@linkcode writeZarr}. */
export interface WriteZarrOptions {
  /** Chunk shape (default: the whole array in one chunk). */
  chunks?: readonly number[];
  /**
   * zarr v3 codecs as zarrita takes them, e.g.
   * `[{ name: "blosc", configuration: { cname: "lz4", clevel: 5, shuffle: 1, blocksize: 0 } }]`
   * (default: none, raw little-endian bytes).
   */
  codecs?: { name: string; configuration?: Record<string, unknown> }[];
}

/** Writes `data` as a zarr v3 array in the folder `path` with zarrita (created or replaced). */
export async function writeZarr(
  path: string,
  data: NDArray,
  options: WriteZarrOptions = {},
): Promise<void> {
  const zarr = await import("zarrita");
  const store = new ZarrDirectoryStore(path);
  fs.rmSync(path, { recursive: true, force: true });
  // deno-lint-ignore no-explicit-any
  const arr: any = await zarr.create(store as any, {
    shape: [...data.shape],
    chunkShape: [...(options.chunks ?? data.shape)],
    dtype: data.dtype,
    // deno-lint-ignore no-explicit-any
    codecs: options.codecs as any,
  });
  await zarr.set(arr, null, {
    data: data.data,
    shape: [...data.shape],
    stride: stridesOf(data.shape),
  });
}

function stridesOf(shape: readonly number[]): number[] {
  const s = new Array(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) s[d] = s[d + 1] * shape[d + 1];
  return s;
}
