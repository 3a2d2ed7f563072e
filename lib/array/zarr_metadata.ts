/**
 * zarr array metadata (v2 `.zarray`, v3 `zarr.json`) parsed into what napple's synchronous reader
 * needs: shape, chunks, dtype and byte order, fill value, codecs, chunk keys and v3 sharding.
 * Anything the reader cannot decode is refused here with a NappleError that says to use
 * `loadArray: true` (zarrita then reads it).
 * @module
 */
import { NappleError } from "../errors.ts";
import { type DType, isBigIntDType, isDType, parseNumericDescr } from "./dtype.ts";
import { shapeSize } from "./ndarray.ts";
import type { ByteCodec } from "./zarr_codecs.ts";
import type { SyncZarrStore, ZarrKey } from "./zarr_store.ts";

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
  /**
   * Byte codecs in encoding order.
   * @ignore decoding detail
   */
  codecs: ByteCodec[];
  /** Value of elements in chunks that were never written. */
  fillValue: number | bigint | null;
  /**
   * Store key suffix of the chunk at `coords` (for a sharded array: of the shard at `coords` in
   * the shard grid).
   */
  chunkKey: (coords: number[]) => string;
  /**
   * Sharding (v3 `sharding_indexed`): `chunks` are then the inner chunks of each shard.
   * @ignore decoding detail
   */
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

/** Throws UNSUPPORTED_FORMAT for `path`. */
export function bad(path: string, what: string): never {
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

/**
 * Reads and parses the metadata of the array at `arrayPath` of `store` (`zarr.json`, else
 * `.zarray`). A store whose `get` answers with a Promise is refused with NOT_IMPLEMENTED: the
 * lazy reads that follow must be synchronous.
 */
export function readZarrMetadata(
  store: SyncZarrStore,
  arrayPath: string,
  where: string,
): ZarrMetadata {
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
