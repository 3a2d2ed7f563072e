/**
 * Synchronous decoders for the zarr chunk codecs napple reads lazily: gzip, zlib, zstd (node:zlib),
 * numcodecs' shuffle filter, crc32c (checksum stripped), and Blosc 1 frames whose inner compressor
 * is lz4/lz4hc, zlib or zstd, with byte shuffle or none. zarrita decodes these asynchronously;
 * napple's core is synchronous, so lazy zarr reads go through these instead.
 * Not supported (clear `UNSUPPORTED_FILTER` error): Blosc's blosclz and snappy compressors and its
 * bit-shuffle, sharding, and codecs outside this list.
 * @module
 */
import * as zlib from "node:zlib";
import { NappleError } from "../errors.ts";

function unsupported(what: string, path: string): never {
  throw new NappleError(
    "UNSUPPORTED_FILTER",
    `${what} is not supported for lazy zarr reads; open with loadArray: true (zarrita decodes it)`,
    { path },
  );
}

/** Decompresses an LZ4 *block* (no frame header) into exactly `outSize` bytes. */
export function lz4BlockDecompress(src: Uint8Array, outSize: number, path = ""): Uint8Array {
  const out = new Uint8Array(outSize);
  let ip = 0;
  let op = 0;
  const end = src.length;
  const bad = () => {
    throw new NappleError("CORRUPT_FILE", "corrupt lz4 block in a zarr chunk", { path });
  };
  while (ip < end) {
    const token = src[ip++];
    let lit = token >> 4;
    if (lit === 15) {
      let b: number;
      do {
        if (ip >= end) bad();
        b = src[ip++];
        lit += b;
      } while (b === 255);
    }
    if (ip + lit > end || op + lit > outSize) bad();
    out.set(src.subarray(ip, ip + lit), op);
    ip += lit;
    op += lit;
    if (ip >= end) break;
    const offset = src[ip] | (src[ip + 1] << 8);
    ip += 2;
    if (offset === 0 || offset > op) bad();
    let len = token & 15;
    if (len === 15) {
      let b: number;
      do {
        if (ip >= end) bad();
        b = src[ip++];
        len += b;
      } while (b === 255);
    }
    len += 4;
    if (op + len > outSize) bad();
    let from = op - offset;
    if (offset >= len) {
      out.copyWithin(op, from, from + len);
      op += len;
    } else {
      for (let i = 0; i < len; i++) out[op++] = out[from++];
    }
  }
  if (op !== outSize) bad();
  return out;
}

/** Reverses numcodecs/blosc byte shuffle of `elementSize`-byte elements. */
export function unshuffle(src: Uint8Array, elementSize: number): Uint8Array {
  if (elementSize <= 1) return src;
  const n = Math.floor(src.length / elementSize);
  const out = new Uint8Array(src.length);
  for (let b = 0; b < elementSize; b++) {
    const base = b * n;
    for (let i = 0; i < n; i++) out[i * elementSize + b] = src[base + i];
  }
  // bytes past the last whole element are stored unshuffled
  out.set(src.subarray(n * elementSize), n * elementSize);
  return out;
}

function zstdDecompress(bytes: Uint8Array, path: string): Uint8Array {
  // deno-lint-ignore no-explicit-any
  const fn = (zlib as any).zstdDecompressSync as ((b: Uint8Array) => Uint8Array) | undefined;
  if (!fn) unsupported("zstd (node:zlib has no zstd here)", path);
  return new Uint8Array(fn(bytes));
}

function inner(compressor: number, src: Uint8Array, size: number, path: string): Uint8Array {
  switch (compressor) {
    case 1:
      return lz4BlockDecompress(src, size, path);
    case 3:
      return new Uint8Array(zlib.inflateSync(src));
    case 4:
      return zstdDecompress(src, path);
    case 0:
      return unsupported("Blosc compressor blosclz", path);
    case 2:
      return unsupported("Blosc compressor snappy", path);
    default:
      return unsupported(`Blosc compressor #${compressor}`, path);
  }
}

/** Decodes one Blosc 1 frame (what numcodecs' Blosc writes) into its uncompressed bytes. */
export function bloscDecompress(src: Uint8Array, path = ""): Uint8Array {
  if (src.length < 16) {
    throw new NappleError("CORRUPT_FILE", "Blosc frame shorter than its header", { path });
  }
  const view = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const flags = src[2];
  const typesize = src[3];
  const nbytes = view.getUint32(4, true);
  const blocksize = view.getUint32(8, true);
  const doShuffle = (flags & 0x01) !== 0;
  const memcpyed = (flags & 0x02) !== 0;
  if (flags & 0x04) unsupported("Blosc bit-shuffle", path);
  const dontSplit = (flags & 0x10) !== 0;
  const compressor = (flags >> 5) & 0x7;
  if (memcpyed) return src.slice(16, 16 + nbytes);
  if (nbytes === 0) return new Uint8Array(0);
  const out = new Uint8Array(nbytes);
  const nblocks = Math.ceil(nbytes / blocksize);
  for (let b = 0; b < nblocks; b++) {
    const bsize = b === nblocks - 1 && nbytes % blocksize ? nbytes % blocksize : blocksize;
    const leftover = bsize !== blocksize;
    const nsplits = !dontSplit && !leftover && typesize <= 16 && blocksize / typesize >= 128
      ? typesize
      : 1;
    const neblock = Math.floor(bsize / nsplits);
    let ip = view.getInt32(16 + 4 * b, true);
    const block = new Uint8Array(bsize);
    for (let s = 0; s < nsplits; s++) {
      const cbytes = view.getInt32(ip, true);
      ip += 4;
      if (cbytes === neblock) {
        block.set(src.subarray(ip, ip + neblock), s * neblock);
      } else if (cbytes === 0) {
        // a run of zeros: the block stays zero-filled
      } else {
        block.set(inner(compressor, src.subarray(ip, ip + cbytes), neblock, path), s * neblock);
      }
      ip += Math.max(cbytes, 0);
    }
    out.set(doShuffle && typesize > 1 ? unshuffle(block, typesize) : block, b * blocksize);
  }
  return out;
}

/** One step of a chunk's byte pipeline, in encoding order. */
export interface ByteCodec {
  /** Codec name (`gzip`, `zlib`, `zstd`, `blosc`, `shuffle`, `crc32c`). */
  name: string;
  /** Codec configuration (e.g. shuffle's `elementsize`). */
  config: Record<string, unknown>;
}

/** Undoes `codecs` (given in encoding order) on the stored bytes of one chunk. */
export function decodeBytes(
  bytes: Uint8Array,
  codecs: readonly ByteCodec[],
  path: string,
): Uint8Array {
  let out = bytes;
  for (let i = codecs.length - 1; i >= 0; i--) {
    const { name, config } = codecs[i];
    try {
      switch (name) {
        case "gzip":
          out = new Uint8Array(zlib.gunzipSync(out));
          break;
        case "zlib":
          out = new Uint8Array(zlib.inflateSync(out));
          break;
        case "zstd":
          out = zstdDecompress(out, path);
          break;
        case "blosc":
          out = bloscDecompress(out, path);
          break;
        case "shuffle":
          out = unshuffle(out, Number(config.elementsize ?? 4));
          break;
        case "crc32c":
          out = out.subarray(0, out.length - 4);
          break;
        default:
          unsupported(`zarr codec "${name}"`, path);
      }
    } catch (e) {
      if (e instanceof NappleError) throw e;
      throw new NappleError(
        "CORRUPT_FILE",
        `cannot decode a ${name} chunk (${(e as Error).message})`,
        {
          path,
          cause: e,
        },
      );
    }
  }
  return out;
}
