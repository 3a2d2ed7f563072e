/**
 * Just enough of the zip format for npz files, with random access: the central directory
 * (EOCD, zip64 locator and record, zip64 extra fields) tells where each member starts, so a
 * stored member can be read — or memory-mapped row by row — straight from disk, and a deflated
 * one is inflated by fflate. Writing produces stored members exactly like Python's `zipfile`
 * under `np.savez` (zip64 extra in every local header, zip64 records once sizes or offsets pass
 * 2 GiB), streaming the data so a member of any size never has to sit in memory twice.
 * @module
 */
import { inflateSync } from "fflate";
import { crc32 } from "node:zlib";
import { NappleError } from "../errors.ts";
import { readFully } from "../array/read_fully.ts";

/** Random access to bytes (a file on disk or a buffer). */
export interface ByteSource {
  /** Total size in bytes. */
  readonly size: number;
  /** Reads exactly `length` bytes from `offset` into a new buffer. */
  read(offset: number, length: number): Uint8Array;
  /** Name for error messages. */
  readonly name: string;
}

/** A ByteSource over a buffer already in memory. */
export class BufferSource implements ByteSource {
  /** Wraps `bytes`. */
  constructor(readonly bytes: Uint8Array, readonly name = "buffer") {}
  /** See {@linkcode ByteSource.size}. */
  get size(): number {
    return this.bytes.length;
  }
  /** See {@linkcode ByteSource.read}. */
  read(offset: number, length: number): Uint8Array {
    if (offset < 0 || offset + length > this.bytes.length) {
      throw new NappleError("CORRUPT_FILE", "read beyond the end of the data", {
        path: this.name,
      });
    }
    return this.bytes.subarray(offset, offset + length);
  }
}

/** A zeroed buffer, or a typed error when the engine cannot allocate that much. */
export function allocateBytes(length: number, where: string): Uint8Array {
  try {
    return new Uint8Array(length);
  } catch (e) {
    throw new NappleError(
      "IO",
      `cannot allocate ${length} bytes to read into memory; load it lazily instead`,
      { path: where, cause: e },
    );
  }
}

/**
 * A ByteSource over a file on disk. Each read opens the file, seeks and reads only what was
 * asked, so no handle stays open between calls. `stats` counts what was read.
 */
export class FileSource implements ByteSource {
  /** Size of the file when it was opened. */
  readonly size: number;
  /** Modification time (ms) of the file when it was opened, to notice it being replaced. */
  readonly mtime: number | undefined;
  /** Read calls and bytes read so far. */
  readonly stats = { reads: 0, bytesRead: 0 };
  /** Opens `path` (throws FILE_NOT_FOUND / NOT_A_FILE). */
  constructor(readonly name: string) {
    let info: Deno.FileInfo;
    try {
      info = Deno.statSync(name);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) {
        throw new NappleError("FILE_NOT_FOUND", "no such file", { path: name, cause: e });
      }
      throw new NappleError("IO", `cannot stat: ${(e as Error).message}`, { path: name, cause: e });
    }
    if (!info.isFile) throw new NappleError("NOT_A_FILE", "not a regular file", { path: name });
    this.size = info.size;
    this.mtime = info.mtime?.getTime();
  }
  /** See {@linkcode ByteSource.read}. */
  read(offset: number, length: number): Uint8Array {
    const buf = allocateBytes(length, this.name);
    this.readInto(offset, buf);
    return buf;
  }
  /** Reads `buf.length` bytes at `offset` into `buf`. */
  readInto(offset: number, buf: Uint8Array): void {
    if (offset < 0 || offset + buf.length > this.size) {
      throw new NappleError(
        "CORRUPT_FILE",
        `read of ${buf.length} bytes at ${offset} goes beyond the end of the file (${this.size})`,
        { path: this.name },
      );
    }
    if (buf.length === 0) return;
    const file = Deno.openSync(this.name, { read: true });
    try {
      readFully(file, offset, buf, this.name);
    } finally {
      file.close();
    }
    this.stats.reads++;
    this.stats.bytesRead += buf.length;
  }
}

/** One member of a zip archive, from its central directory record. */
export interface ZipEntry {
  /** File name inside the archive (e.g. `t.npy`). */
  name: string;
  /** 0 = stored, 8 = deflated. */
  method: number;
  /** CRC-32 of the uncompressed data. */
  crc32: number;
  /** Bytes stored in the archive. */
  compressedSize: number;
  /** Bytes after decompression. */
  uncompressedSize: number;
  /** Offset of the local file header. */
  localHeaderOffset: number;
  /** General purpose flags. */
  flags: number;
}

// CRC-32 table for small inputs, where calling into node:zlib costs more than the sum itself.
const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 of `data` continuing from `prev` (zip's CRC, as zlib's crc32). */
export function crc32Update(data: Uint8Array, prev = 0): number {
  if (data.length > 512) return crc32(data, prev) >>> 0;
  let c = ~prev;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_EOCD64 = 0x06064b50;
const SIG_LOCATOR64 = 0x07064b50;

function corrupt(message: string, where: string): NappleError {
  return new NappleError("CORRUPT_FILE", message, { path: where });
}

function u64(dv: DataView, at: number, where: string): number {
  const v = dv.getBigUint64(at, true);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt("zip64 field is implausibly large", where);
  return Number(v);
}

/** Reads the central directory of a zip archive. */
export function readZipDirectory(src: ByteSource): ZipEntry[] {
  const where = src.name;
  if (src.size < 22) throw corrupt("not a zip/npz archive (file too short)", where);
  // The end record is the last 22 bytes unless the archive has a comment (np.savez writes none):
  // try the short tail (with room for the zip64 locator) first, then the longest possible one.
  const findEnd = (tailLen: number) => {
    const tail = src.read(src.size - tailLen, tailLen);
    const tv = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tv.getUint32(i, true) === SIG_EOCD && i + 22 + tv.getUint16(i + 20, true) <= tailLen) {
        return { tv, eocd: i };
      }
    }
    return { tv, eocd: -1 };
  };
  let { tv, eocd } = findEnd(Math.min(src.size, 22 + 20));
  if (eocd < 0 || eocd + 22 !== tv.byteLength) {
    ({ tv, eocd } = findEnd(Math.min(src.size, 22 + 65535 + 20)));
  }
  if (eocd < 0) {
    throw corrupt("not a zip/npz archive or truncated (no end of central directory)", where);
  }
  let count = tv.getUint16(eocd + 10, true);
  let cdSize = tv.getUint32(eocd + 12, true);
  let cdOffset = tv.getUint32(eocd + 16, true);
  if (tv.getUint16(eocd + 4, true) !== 0 || tv.getUint16(eocd + 6, true) !== 0) {
    throw new NappleError("UNSUPPORTED_FORMAT", "multi-disk zip archives are not supported", {
      path: where,
    });
  }
  const locator = eocd - 20;
  if (locator >= 0 && tv.getUint32(locator, true) === SIG_LOCATOR64) {
    const recOffset = u64(tv, locator + 8, where);
    if (recOffset + 56 > src.size) throw corrupt("zip64 end record is out of range", where);
    const rec = src.read(recOffset, 56);
    const rv = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
    if (rv.getUint32(0, true) !== SIG_EOCD64) throw corrupt("bad zip64 end record", where);
    count = u64(rv, 32, where);
    cdSize = u64(rv, 40, where);
    cdOffset = u64(rv, 48, where);
  }
  if (cdOffset + cdSize > src.size) {
    throw corrupt("central directory is out of range (truncated archive?)", where);
  }
  if (count * 46 > cdSize) throw corrupt("central directory is too small for its entries", where);
  const cd = src.read(cdOffset, cdSize);
  const dv = new DataView(cd.buffer, cd.byteOffset, cd.byteLength);
  const entries: ZipEntry[] = [];
  const utf8 = new TextDecoder("utf-8");
  const cp437 = new TextDecoder("latin1");
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > cd.length || dv.getUint32(p, true) !== SIG_CENTRAL) {
      throw corrupt(`bad central directory record ${k}`, where);
    }
    const flags = dv.getUint16(p + 8, true);
    const method = dv.getUint16(p + 10, true);
    const crc = dv.getUint32(p + 16, true);
    let csize = dv.getUint32(p + 20, true);
    let usize = dv.getUint32(p + 24, true);
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const commentLen = dv.getUint16(p + 32, true);
    let lho = dv.getUint32(p + 42, true);
    if (p + 46 + nameLen + extraLen + commentLen > cd.length) {
      throw corrupt(`central directory record ${k} is truncated`, where);
    }
    const nameBytes = cd.subarray(p + 46, p + 46 + nameLen);
    const name = (flags & 0x800 ? utf8 : cp437).decode(nameBytes);
    // zip64 extra field: 64-bit values for whichever 32-bit fields are saturated, in order.
    let e = p + 46 + nameLen;
    const eEnd = e + extraLen;
    while (e + 4 <= eEnd) {
      const id = dv.getUint16(e, true);
      const len = dv.getUint16(e + 2, true);
      if (e + 4 + len > eEnd) throw corrupt(`bad extra field in ${name}`, where);
      if (id === 1) {
        let q = e + 4;
        const next = () => {
          if (q + 8 > e + 4 + len) throw corrupt(`short zip64 extra field in ${name}`, where);
          const v = u64(dv, q, where);
          q += 8;
          return v;
        };
        if (usize === 0xffffffff) usize = next();
        if (csize === 0xffffffff) csize = next();
        if (lho === 0xffffffff) lho = next();
      }
      e += 4 + len;
    }
    entries.push({
      name,
      method,
      crc32: crc,
      compressedSize: csize,
      uncompressedSize: usize,
      localHeaderOffset: lho,
      flags,
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Absolute offset of a member's data (reads its local header). */
export function entryDataOffset(src: ByteSource, entry: ZipEntry): number {
  const where = `${src.name}:${entry.name}`;
  if (entry.localHeaderOffset + 30 > src.size) throw corrupt("local header is out of range", where);
  const h = src.read(entry.localHeaderOffset, 30);
  const hv = new DataView(h.buffer, h.byteOffset, h.byteLength);
  if (hv.getUint32(0, true) !== SIG_LOCAL) throw corrupt("bad local file header", where);
  const start = entry.localHeaderOffset + 30 + hv.getUint16(26, true) + hv.getUint16(28, true);
  if (start + entry.compressedSize > src.size) {
    throw corrupt(
      `member data runs beyond the end of the file (truncated archive?)`,
      where,
    );
  }
  return start;
}

function checkSupported(entry: ZipEntry, where: string) {
  if (entry.flags & 1) {
    throw new NappleError("UNSUPPORTED_FORMAT", "encrypted zip members are not supported", {
      path: where,
    });
  }
  if (entry.method !== 0 && entry.method !== 8) {
    throw new NappleError(
      "UNSUPPORTED_FORMAT",
      `zip compression method ${entry.method} is not supported (stored and deflated are)`,
      { path: where },
    );
  }
  if (entry.method === 0 && entry.compressedSize !== entry.uncompressedSize) {
    throw corrupt("stored member has different compressed and uncompressed sizes", where);
  }
}

/** Reads (and inflates) a whole member, checking its CRC-32. */
export function readEntry(src: ByteSource, entry: ZipEntry): Uint8Array {
  const where = `${src.name}:${entry.name}`;
  checkSupported(entry, where);
  const start = entryDataOffset(src, entry);
  let data: Uint8Array;
  if (entry.method === 0) {
    data = src.read(start, entry.compressedSize);
  } else {
    // Deflate expands at most ~1032:1; a larger claim is a lie (or a bomb): refuse it.
    if (entry.uncompressedSize > entry.compressedSize * 1032 + 1024) {
      throw corrupt("deflated member claims an impossible size", where);
    }
    const packed = src.read(start, entry.compressedSize);
    const out = allocateBytes(entry.uncompressedSize, where);
    try {
      data = inflateSync(packed, { out });
    } catch (e) {
      throw new NappleError("CORRUPT_FILE", `cannot inflate member: ${(e as Error).message}`, {
        path: where,
        cause: e,
      });
    }
    if (data.length !== entry.uncompressedSize) {
      throw corrupt("inflated member has the wrong size", where);
    }
  }
  if ((crc32(data) >>> 0) !== entry.crc32) {
    throw corrupt("CRC-32 mismatch: the member is corrupt", where);
  }
  return data;
}

/** True when the entry's data can be read in place (stored, not encrypted). */
export function isStored(entry: ZipEntry): boolean {
  return entry.method === 0 && !(entry.flags & 1);
}

// ---------------------------------------------------------------------------------------------
// Writing.

/** Python's zipfile switches to zip64 records beyond this (2 GiB - 1). */
const ZIP64_LIMIT = 2 ** 31 - 1;
/** Chunk size for writes (large single writes are split; keeps syscalls bounded). */
const WRITE_CHUNK = 8 << 20;

interface WrittenEntry {
  name: Uint8Array;
  utf8: boolean;
  crc: number;
  size: number;
  offset: number;
}

function writeAll(file: Deno.FsFile, bytes: Uint8Array) {
  for (let at = 0; at < bytes.length;) {
    const end = Math.min(bytes.length, at + WRITE_CHUNK);
    at += file.writeSync(bytes.subarray(at, end));
  }
}

/**
 * Writes a zip archive of stored members to an open file, the way Python's zipfile does for
 * `np.savez`: sizes known up front, CRC computed while streaming and patched into the local
 * header, zip64 records when sizes, offsets or counts need them.
 */
export class ZipWriter {
  #offset = 0;
  readonly #entries: WrittenEntry[] = [];
  readonly #names = new Set<string>();
  // Small writes are gathered here (many tiny members would otherwise cost several syscalls
  // each); `#bufStart` is the file offset of the buffer's first byte.
  readonly #buf = new Uint8Array(1 << 20);
  #bufLen = 0;
  #bufStart = 0;

  /** Writes into `file`, which must be empty and positioned at 0. */
  constructor(private readonly file: Deno.FsFile, private readonly where: string) {}

  #flush() {
    if (this.#bufLen) writeAll(this.file, this.#buf.subarray(0, this.#bufLen));
    this.#bufStart += this.#bufLen;
    this.#bufLen = 0;
  }

  #write(bytes: Uint8Array) {
    if (bytes.length > this.#buf.length - this.#bufLen) {
      this.#flush();
      if (bytes.length >= this.#buf.length) {
        writeAll(this.file, bytes);
        this.#bufStart += bytes.length;
        return;
      }
    }
    this.#buf.set(bytes, this.#bufLen);
    this.#bufLen += bytes.length;
  }

  /** Overwrites already written bytes at absolute offset `at`. */
  #patch(at: number, bytes: Uint8Array) {
    if (at >= this.#bufStart) {
      this.#buf.set(bytes, at - this.#bufStart);
      return;
    }
    this.#flush();
    this.file.seekSync(at, Deno.SeekMode.Start);
    writeAll(this.file, bytes);
    this.file.seekSync(this.#bufStart, Deno.SeekMode.Start);
  }

  /**
   * Adds a stored member `name` of `size` bytes whose contents are the concatenation of
   * `chunks` (any chunking; a view per array part is fine, nothing is copied).
   */
  add(name: string, size: number, chunks: Iterable<Uint8Array>): void {
    if (this.#names.has(name)) {
      throw new NappleError("INVALID_ARGUMENT", `duplicate zip member ${name}`, {
        path: this.where,
        key: name,
      });
    }
    this.#names.add(name);
    const nameBytes = new TextEncoder().encode(name);
    const utf8 = nameBytes.length !== name.length;
    const zip64 = size > ZIP64_LIMIT;
    const header = new Uint8Array(30 + nameBytes.length + 20);
    const hv = new DataView(header.buffer);
    hv.setUint32(0, SIG_LOCAL, true);
    hv.setUint16(4, zip64 ? 45 : 20, true);
    hv.setUint16(6, utf8 ? 0x800 : 0, true);
    hv.setUint16(8, 0, true); // stored
    hv.setUint16(10, 0, true); // time 00:00:00
    hv.setUint16(12, 0x21, true); // date 1980-01-01, as zipfile writes for np.savez
    hv.setUint32(14, 0, true); // CRC, patched after the data
    hv.setUint32(18, zip64 ? 0xffffffff : size, true);
    hv.setUint32(22, zip64 ? 0xffffffff : size, true);
    hv.setUint16(26, nameBytes.length, true);
    hv.setUint16(28, 20, true);
    header.set(nameBytes, 30);
    const x = 30 + nameBytes.length;
    hv.setUint16(x, 1, true);
    hv.setUint16(x + 2, 16, true);
    hv.setBigUint64(x + 4, BigInt(size), true);
    hv.setBigUint64(x + 12, BigInt(size), true);
    const headerOffset = this.#offset;
    this.#write(header);
    let crc = 0;
    let written = 0;
    for (const chunk of chunks) {
      for (let at = 0; at < chunk.length; at += WRITE_CHUNK) {
        const part = chunk.subarray(at, Math.min(chunk.length, at + WRITE_CHUNK));
        crc = crc32Update(part, crc);
        this.#write(part);
        written += part.length;
      }
    }
    if (written !== size) {
      throw new NappleError(
        "INVALID_ARGUMENT",
        `zip member ${name}: announced ${size} bytes, wrote ${written}`,
        { path: this.where, key: name },
      );
    }
    crc >>>= 0;
    const crcBytes = new Uint8Array(4);
    new DataView(crcBytes.buffer).setUint32(0, crc, true);
    this.#patch(headerOffset + 14, crcBytes);
    this.#offset = headerOffset + header.length + size;
    this.#entries.push({ name: nameBytes, utf8, crc, size, offset: headerOffset });
  }

  /** Writes the central directory and end records. */
  finish(): void {
    const records: Uint8Array[] = [];
    for (const e of this.#entries) {
      const big: number[] = [];
      if (e.size > ZIP64_LIMIT) big.push(e.size, e.size);
      if (e.offset > ZIP64_LIMIT) big.push(e.offset);
      const extraLen = big.length ? 4 + 8 * big.length : 0;
      const r = new Uint8Array(46 + e.name.length + extraLen);
      const v = new DataView(r.buffer);
      v.setUint32(0, SIG_CENTRAL, true);
      v.setUint16(4, 0x0314, true); // made by: unix, 2.0
      v.setUint16(6, big.length ? 45 : 20, true);
      v.setUint16(8, e.utf8 ? 0x800 : 0, true);
      v.setUint16(10, 0, true);
      v.setUint16(12, 0, true);
      v.setUint16(14, 0x21, true);
      v.setUint32(16, e.crc, true);
      v.setUint32(20, e.size > ZIP64_LIMIT ? 0xffffffff : e.size, true);
      v.setUint32(24, e.size > ZIP64_LIMIT ? 0xffffffff : e.size, true);
      v.setUint16(28, e.name.length, true);
      v.setUint16(30, extraLen, true);
      v.setUint32(38, 0o600 << 16, true); // -rw-------, as zipfile marks np.savez members
      v.setUint32(42, e.offset > ZIP64_LIMIT ? 0xffffffff : e.offset, true);
      r.set(e.name, 46);
      if (big.length) {
        const x = 46 + e.name.length;
        v.setUint16(x, 1, true);
        v.setUint16(x + 2, 8 * big.length, true);
        big.forEach((n, i) => v.setBigUint64(x + 4 + 8 * i, BigInt(n), true));
      }
      records.push(r);
    }
    const cdOffset = this.#offset;
    let cdSize = 0;
    for (const r of records) {
      this.#write(r);
      cdSize += r.length;
    }
    const count = this.#entries.length;
    const zip64 = count > 0xffff || cdOffset > ZIP64_LIMIT || cdSize > ZIP64_LIMIT;
    if (zip64) {
      const rec = new Uint8Array(56 + 20);
      const v = new DataView(rec.buffer);
      v.setUint32(0, SIG_EOCD64, true);
      v.setBigUint64(4, 44n, true);
      v.setUint16(12, 45, true);
      v.setUint16(14, 45, true);
      v.setBigUint64(24, BigInt(count), true);
      v.setBigUint64(32, BigInt(count), true);
      v.setBigUint64(40, BigInt(cdSize), true);
      v.setBigUint64(48, BigInt(cdOffset), true);
      v.setUint32(56, SIG_LOCATOR64, true);
      v.setBigUint64(64, BigInt(cdOffset + cdSize), true);
      v.setUint32(72, 1, true);
      this.#write(rec);
    }
    const end = new Uint8Array(22);
    const v = new DataView(end.buffer);
    v.setUint32(0, SIG_EOCD, true);
    v.setUint16(8, Math.min(count, 0xffff), true);
    v.setUint16(10, Math.min(count, 0xffff), true);
    v.setUint32(12, Math.min(cdSize, 0xffffffff), true);
    v.setUint32(16, Math.min(cdOffset, 0xffffffff), true);
    this.#write(end);
    this.#flush();
  }
}
