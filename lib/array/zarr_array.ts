/**
 * {@linkcode ZarrArray}: a zarr array read synchronously, chunk by chunk, as a LazyArray. Only the
 * chunks overlapping the asked rows are read (for a v3 sharded array: the shard index, then each
 * inner chunk, by ranged reads), decoded with lib/array/zarr_codecs.ts; the last few decoded
 * chunks are cached.
 * @module
 */
import { NappleError } from "../errors.ts";
import {
  allocate,
  type DType,
  isBigIntDType,
  itemSize,
  swapBytes,
  type TypedArray,
  typedArrayFor,
} from "./dtype.ts";
import type { LazyArray, ReadStats } from "./lazy.ts";
import { NDArray, shapeSize } from "./ndarray.ts";
import { decodeBytes } from "./zarr_codecs.ts";
import type { ZarrMetadata, ZarrShard } from "./zarr_metadata.ts";
import type { SyncZarrStore, ZarrKey, ZarrRange } from "./zarr_store.ts";

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
    return this.#read(start, end, columns);
  }

  /** See {@linkcode LazyArray.readRowsInto}: the chunks are decoded into `scratch`. */
  readRowsInto(start: number, end: number, scratch: ArrayBuffer): NDArray {
    return this.#read(start, end, undefined, scratch);
  }

  #read(start: number, end: number, columns?: readonly number[], scratch?: ArrayBuffer): NDArray {
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
    const size = shapeSize(outShape);
    const Ctor = typedArrayFor(this.dtype);
    const reuse = scratch !== undefined && scratch.byteLength >= size * Ctor.BYTES_PER_ELEMENT;
    const out = reuse ? new Ctor(scratch, 0, size) : allocate(this.dtype, size);
    const f = this.metadata.fillValue;
    // a reused buffer holds the previous batch where chunks were never written
    // deno-lint-ignore no-explicit-any
    if (reuse && (f === null || f === 0)) (out as any).fill(isBigIntDType(this.dtype) ? 0n : 0);
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
