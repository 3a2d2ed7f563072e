/**
 * Synchronous decoders for the zarr chunk codecs napple reads lazily: gzip, zlib, zstd (node:zlib),
 * numcodecs' shuffle filter, crc32c (checksum stripped), and Blosc 1 frames whose inner compressor
 * is blosclz, lz4/lz4hc, zlib or zstd, with byte shuffle, bit-shuffle or none. zarrita decodes
 * these asynchronously; napple's core is synchronous, so lazy zarr reads go through these instead.
 * Not supported (clear `UNSUPPORTED_FILTER` error): Blosc's snappy compressor, sharding, and
 * codecs outside this list.
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
    // short runs: a plain loop beats creating a subarray view for each copy
    if (lit < 32) {
      for (let i = 0; i < lit; i++) out[op + i] = src[ip + i];
    } else out.set(src.subarray(ip, ip + lit), op);
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
    if (len < 32) {
      for (let i = 0; i < len; i++) out[op++] = out[from++];
    } else if (offset >= len) {
      out.copyWithin(op, from, from + len);
      op += len;
    } else if (offset === 1) {
      out.fill(out[from], op, op + len);
      op += len;
    } else {
      // an overlapping match repeats the last `offset` bytes: copy the growing periodic prefix
      // (its length stays a multiple of `offset`), doubling each time
      const stop = op + len;
      while (op < stop) {
        const n = Math.min(op - from, stop - op);
        out.copyWithin(op, from, from + n);
        op += n;
      }
    }
  }
  if (op !== outSize) bad();
  return out;
}

/**
 * Decompresses a BloscLZ stream (Blosc's own LZ77 variant, derived from FastLZ) into exactly
 * `outSize` bytes. A control byte below 32 starts a literal run of `ctrl + 1` bytes; otherwise
 * its top 3 bits give a match length (7 = extended by following bytes) and its low 5 bits the
 * high part of the distance (a 255 low byte with the maximal high part escapes to a 16-bit
 * distance beyond 8191).
 */
export function blosclzDecompress(src: Uint8Array, outSize: number, path = ""): Uint8Array {
  const out = new Uint8Array(outSize);
  const end = src.length;
  const bad = () => {
    throw new NappleError("CORRUPT_FILE", "corrupt BloscLZ block in a zarr chunk", { path });
  };
  if (end === 0) bad();
  let ip = 0;
  let op = 0;
  let ctrl = src[ip++] & 31;
  while (true) {
    if (ctrl >= 32) {
      let len = (ctrl >> 5) - 1;
      let ofs = (ctrl & 31) << 8;
      let code: number;
      if (len === 6) {
        do {
          if (ip + 1 >= end) bad();
          code = src[ip++];
          len += code;
        } while (code === 255);
      } else if (ip + 1 >= end) bad();
      code = src[ip++];
      len += 3;
      let ref = op - ofs - code;
      if (code === 255 && ofs === 31 << 8) {
        if (ip + 1 >= end) bad();
        ofs = (src[ip] << 8) + src[ip + 1];
        ip += 2;
        ref = op - ofs - 8191;
      }
      ref--;
      if (op + len > outSize || ref < 0) bad();
      if (op - ref >= len) {
        out.copyWithin(op, ref, ref + len);
        op += len;
      } else {
        for (let i = 0; i < len; i++) out[op++] = out[ref++];
      }
      if (ip >= end) break;
      ctrl = src[ip++];
    } else {
      const run = ctrl + 1;
      if (op + run > outSize || ip + run > end) bad();
      out.set(src.subarray(ip, ip + run), op);
      op += run;
      ip += run;
      if (ip >= end) break;
      ctrl = src[ip++];
    }
  }
  if (op !== outSize) bad();
  return out;
}

/**
 * Reverses Blosc's bit-shuffle of one block: the block holds, for each byte position `b` of the
 * elements and each bit `k`, a row of one bit per element (LSB first). Blosc 1 frames (format
 * version 2) leave blocks whose element count is not a multiple of 8 unshuffled; later formats
 * bit-shuffle the largest multiple of 8 elements and leave the remaining bytes as they are.
 */
export function bitunshuffle(src: Uint8Array, elementSize: number, formatVersion = 2): Uint8Array {
  let n = Math.floor(src.length / elementSize);
  if (formatVersion <= 2 && n % 8 !== 0) return src;
  n -= n % 8;
  if (n === 0) return src;
  const out = new Uint8Array(src.length);
  const rowBytes = n / 8;
  for (let b = 0; b < elementSize; b++) {
    for (let k = 0; k < 8; k++) {
      const row = (b * 8 + k) * rowBytes;
      const bit = 1 << k;
      for (let j = 0; j < rowBytes; j++) {
        const byte = src[row + j];
        if (byte === 0) continue;
        const base = j * 8 * elementSize + b;
        for (let i = 0; i < 8; i++) if (byte & (1 << i)) out[base + i * elementSize] |= bit;
      }
    }
  }
  out.set(src.subarray(n * elementSize), n * elementSize);
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

/**
 * node:zlib options for an output of about `size` bytes: one output chunk of that size instead of
 * the default 16 KiB chunks joined at the end (10× faster for inflate, 2× for zstd).
 */
function zopts(size: number | undefined): { chunkSize?: number } {
  return size && size > 0 ? { chunkSize: Math.max(64, size + 64) } : {};
}

function zstdDecompress(bytes: Uint8Array, path: string, size?: number): Uint8Array {
  // deno-lint-ignore no-explicit-any
  const fn = (zlib as any).zstdDecompressSync as
    | ((b: Uint8Array, o: { chunkSize?: number }) => Uint8Array)
    | undefined;
  if (!fn) unsupported("zstd (node:zlib has no zstd here)", path);
  return new Uint8Array(fn(bytes, zopts(size)));
}

function inner(compressor: number, src: Uint8Array, size: number, path: string): Uint8Array {
  switch (compressor) {
    case 1:
      return lz4BlockDecompress(src, size, path);
    case 3:
      return new Uint8Array(zlib.inflateSync(src, zopts(size)));
    case 4:
      return zstdDecompress(src, path, size);
    case 0:
      return blosclzDecompress(src, size, path);
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
  const doBitShuffle = (flags & 0x04) !== 0;
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
    const plain = doShuffle && typesize > 1
      ? unshuffle(block, typesize)
      : doBitShuffle
      ? bitunshuffle(block, typesize, src[0])
      : block;
    out.set(plain, b * blocksize);
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

/**
 * Undoes `codecs` (given in encoding order) on the stored bytes of one chunk. `sizeHint` (the
 * decoded chunk size) lets decompressors allocate their output once.
 */
export function decodeBytes(
  bytes: Uint8Array,
  codecs: readonly ByteCodec[],
  path: string,
  sizeHint?: number,
): Uint8Array {
  let out = bytes;
  for (let i = codecs.length - 1; i >= 0; i--) {
    const { name, config } = codecs[i];
    try {
      switch (name) {
        case "gzip":
          out = new Uint8Array(zlib.gunzipSync(out, zopts(sizeHint)));
          break;
        case "zlib":
          out = new Uint8Array(zlib.inflateSync(out, zopts(sizeHint)));
          break;
        case "zstd":
          out = zstdDecompress(out, path, sizeHint);
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
