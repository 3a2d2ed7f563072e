/**
 * A remote file read synchronously over HTTP(S) byte ranges: the first request fetches the
 * file's head (a small file whole), learning its size and ETag; later reads are served from the
 * block cache, and what is missing is fetched in as few requests as possible — missing blocks
 * of one read coalesced into ranges, short gaps between them filled, each range at least
 * {@linkcode MIN_FETCH} long (a request costs a round trip, a few hundred KiB cost little), and
 * sequential reads fetching ahead by a window that doubles up to `maxReadAheadBytes`.
 * Every response must show the same size and ETag as the first, so bytes of two versions of a
 * file are never mixed.
 * @module
 */
import { NappleError } from "../../errors.ts";
import { warn } from "../../warnings.ts";
import { Progress } from "../../process/progress.ts";
import type { ByteSource } from "../zip.ts";
import { BLOCK, dropFile, getBlock, hasBlock, putBlock } from "./block_cache.ts";
import { checkNetPermission, runJob } from "./channel.ts";
import type { FetchReply, JobRange } from "./fetch_worker.ts";
import { remoteOptions } from "./options.ts";

/** Smallest request for missing bytes (a round trip costs far more than 512 KiB). */
export const MIN_FETCH = 512 * 1024;
/** Cached stretches at most this long between missing ones are fetched again to save a request. */
const GAP = 256 * 1024;
/** Reads that fetch at least this much show progress. */
const PROGRESS_BYTES = 16 * 1024 * 1024;

/** True for an `http://` or `https://` URL (what napple reads remotely). */
export function isUrl(path: unknown): path is string {
  return typeof path === "string" && /^https?:\/\//i.test(path);
}

/** The last path segment of a URL without its extension (an NWBFile's name). */
export function urlStem(url: string): string {
  const last = shortName(url);
  const dot = last.lastIndexOf(".");
  return dot > 0 ? last.slice(0, dot) : last;
}

/** Request and byte counters of remote reads. */
export interface RemoteStats {
  /** HTTP requests made (retries included). */
  requests: number;
  /** Body bytes received. */
  bytesFetched: number;
  /** Reads asked of remote files (served from the cache or not). */
  reads: number;
  /** Bytes those reads returned. */
  bytesRead: number;
}

const totals: RemoteStats = { requests: 0, bytesFetched: 0, reads: 0, bytesRead: 0 };

/** Counters of all remote reads of this process so far (a copy). */
export function remoteStats(): RemoteStats {
  return { ...totals };
}

let nextFileId = 1;
/** Files opened to look at their first bytes, handed to the next open of the same URL. */
const handoff = new Map<string, RemoteFile>();

/** A file on an HTTP(S) server, read through byte ranges; a {@linkcode ByteSource}. */
export class RemoteFile implements ByteSource {
  /** The URL as given (errors name it). */
  readonly name: string;
  /** Size in bytes. */
  readonly size: number;
  /** The server's ETag, if it sends one. */
  readonly etag: string | undefined;
  /** This file's counters. */
  readonly stats: RemoteStats = { requests: 0, bytesFetched: 0, reads: 0, bytesRead: 0 };
  readonly #id = nextFileId++;
  /** Where requests go (the URL after redirects). */
  #fetchUrl: string;
  #lastEnd = -1;
  #readAhead = 0;

  private constructor(url: string, reply: FetchReply, data: SharedArrayBuffer) {
    this.name = url;
    this.#fetchUrl = reply.url ?? url;
    this.size = reply.size!;
    this.etag = reply.etag;
    this.#count(reply);
    const have = reply.have ?? 0;
    for (let i = 0; i * BLOCK < have; i++) {
      const end = Math.min(have, (i + 1) * BLOCK);
      // a partial block is complete only at the end of the file
      if (end - i * BLOCK < BLOCK && end < this.size) break;
      putBlock(this.#id, i, new Uint8Array(data, i * BLOCK, end - i * BLOCK).slice());
    }
  }

  /**
   * Opens `url`: one request for the head of the file (the whole file when it is small).
   * Throws PERMISSION without `--allow-net` for the host, FILE_NOT_FOUND for 404, NETWORK for
   * servers that fail, time out or do not support ranges on a big file.
   */
  static open(url: string): RemoteFile {
    const opened = handoff.get(url);
    if (opened) {
      handoff.delete(url);
      return opened;
    }
    try {
      new URL(url);
    } catch {
      throw new NappleError("INVALID_ARGUMENT", "not a valid URL", { path: url });
    }
    checkNetPermission(url);
    const o = remoteOptions();
    const head = Math.max(BLOCK, Math.ceil(o.headBytes / BLOCK) * BLOCK);
    const data = new SharedArrayBuffer(head, {
      maxByteLength: Math.max(head, o.wholeFileBytes),
    });
    const reply = runJob({
      url,
      kind: "open",
      ranges: [],
      headBytes: head,
      wholeBytes: o.wholeFileBytes,
      data,
      timeoutMs: o.timeoutMs,
      retries: o.retries,
      backoffMs: o.backoffMs,
    }, stallBound());
    if (reply.size === undefined) {
      throw new NappleError(
        "NETWORK",
        "the server did not say how big the file is (no Content-Range or Content-Length)",
        { path: url },
      );
    }
    if (reply.ignoredRange) {
      warn(
        `${url}: the server ignores Range requests; the whole file (${reply.size} bytes) was ` +
          `read into memory`,
      );
    }
    return new RemoteFile(url, reply, data);
  }

  /**
   * Opens `url` and tells its format from its first bytes (for URLs without an extension, such
   * as DANDI's): ".nwb" (HDF5), ".npz" (zip) or ".npy"; undefined otherwise. The opened file is
   * reused by the next {@linkcode RemoteFile.open} of the same URL.
   */
  static sniff(url: string): ".nwb" | ".npz" | ".npy" | undefined {
    const f = RemoteFile.open(url);
    handoff.set(url, f);
    const head = f.read(0, Math.min(8, f.size));
    const starts = (sig: number[]) => sig.every((b, i) => head[i] === b);
    if (starts([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a])) return ".nwb";
    if (starts([0x50, 0x4b, 0x03, 0x04]) || starts([0x50, 0x4b, 0x05, 0x06])) return ".npz";
    if (starts([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59])) return ".npy";
    return undefined;
  }

  /** The URL requests go to (after redirects). */
  get url(): string {
    return this.#fetchUrl;
  }

  /** Forgets this file's cached blocks. */
  close(): void {
    dropFile(this.#id);
  }

  #count(reply: FetchReply): void {
    this.stats.requests += reply.requests;
    this.stats.bytesFetched += reply.bytes;
    totals.requests += reply.requests;
    totals.bytesFetched += reply.bytes;
  }

  /** See {@linkcode ByteSource.read}. */
  read(offset: number, length: number): Uint8Array {
    const buf = new Uint8Array(length);
    this.readInto(offset, buf);
    return buf;
  }

  /** Reads `buf.length` bytes at `offset` into `buf`. */
  readInto(offset: number, buf: Uint8Array): void {
    const end = offset + buf.length;
    if (offset < 0 || end > this.size) {
      throw new NappleError(
        "CORRUPT_FILE",
        `read of ${buf.length} bytes at ${offset} goes beyond the end of the file (${this.size})`,
        { path: this.name },
      );
    }
    this.stats.reads++;
    this.stats.bytesRead += buf.length;
    totals.reads++;
    totals.bytesRead += buf.length;
    if (buf.length === 0) return;
    const o = remoteOptions();
    const sequential = this.#lastEnd >= 0 && offset >= this.#lastEnd - BLOCK &&
      offset <= this.#lastEnd + BLOCK;
    this.#readAhead = sequential
      ? Math.min(o.maxReadAheadBytes, Math.max(2 * this.#readAhead, 2 * buf.length, MIN_FETCH))
      : 0;
    this.#lastEnd = end;
    const first = Math.floor(offset / BLOCK);
    const last = Math.floor((end - 1) / BLOCK);
    const fetched = this.#fetchMissing(first, last, end);
    for (let i = first; i <= last; i++) {
      const at = i * BLOCK;
      const block = fetched.get(i) ?? getBlock(this.#id, i);
      if (!block) {
        throw new NappleError("IO", `block ${i} vanished from the cache`, { path: this.name });
      }
      const s = Math.max(offset, at);
      const e = Math.min(end, at + block.length);
      buf.set(block.subarray(s - at, e - at), s - offset);
    }
  }

  /** Number of blocks of the file. */
  #blocks(): number {
    return Math.ceil(this.size / BLOCK);
  }

  /**
   * Fetches the missing blocks of `[first, last]` (plus read-ahead) in one job; returns the
   * fetched blocks that the read needs (they may be too many to keep in the cache).
   */
  #fetchMissing(first: number, last: number, end: number): Map<number, Uint8Array> {
    const runs: [number, number][] = []; // [first block, one past last block]
    for (let i = first; i <= last; i++) {
      if (hasBlock(this.#id, i)) continue;
      const r = runs[runs.length - 1];
      if (r && r[1] === i) r[1] = i + 1;
      else runs.push([i, i + 1]);
    }
    const out = new Map<number, Uint8Array>();
    if (!runs.length) return out;
    const nBlocks = this.#blocks();
    // read-ahead after the read, then the minimum request size, stopping at cached blocks
    const tail = runs[runs.length - 1];
    if (tail[1] === last + 1 && this.#readAhead > 0) {
      const want = Math.min(nBlocks, Math.ceil((end + this.#readAhead) / BLOCK));
      while (tail[1] < want && !hasBlock(this.#id, tail[1])) tail[1]++;
    }
    for (const r of runs) {
      const want = Math.min(nBlocks, r[0] + Math.ceil(MIN_FETCH / BLOCK));
      while (r[1] < want && !hasBlock(this.#id, r[1])) r[1]++;
    }
    // coalesce runs separated by short gaps
    const merged: [number, number][] = [];
    for (const r of runs) {
      const m = merged[merged.length - 1];
      if (m && (r[0] - m[1]) * BLOCK <= GAP) m[1] = Math.max(m[1], r[1]);
      else merged.push([r[0], r[1]]);
    }
    const ranges: JobRange[] = [];
    let total = 0;
    for (const [a, b] of merged) {
      const start = a * BLOCK;
      const stop = Math.min(this.size, b * BLOCK);
      ranges.push({ start, end: stop, at: total });
      total += stop - start;
    }
    const data = new SharedArrayBuffer(total);
    const o = remoteOptions();
    const progress = total >= PROGRESS_BYTES
      ? Progress.start(`reading ${shortName(this.name)}`, true, "bytes")
      : undefined;
    progress?.setTotal(total);
    let shown = 0;
    let reply: FetchReply;
    try {
      reply = runJob(
        {
          url: this.#fetchUrl,
          kind: "ranges",
          ranges,
          headBytes: 0,
          wholeBytes: 0,
          data,
          size: this.size,
          etag: this.etag,
          timeoutMs: o.timeoutMs,
          retries: o.retries,
          backoffMs: o.backoffMs,
        },
        stallBound(),
        progress && ((bytes) => {
          progress.advance(bytes - shown);
          shown = bytes;
        }),
      );
    } finally {
      progress?.done();
    }
    this.#count(reply);
    if (reply.url) this.#fetchUrl = reply.url;
    // blocks the read needs are handed over directly; the cache keeps them (and the
    // read-ahead) unless the fetch is too big for it, then only the read-ahead
    const keepAll = total <= o.cacheBytes / 2;
    for (const r of ranges) {
      for (let s = r.start; s < r.end; s += BLOCK) {
        const i = s / BLOCK;
        const bytes = new Uint8Array(data, r.at + s - r.start, Math.min(BLOCK, r.end - s));
        const needed = i >= first && i <= last;
        if (keepAll || !needed) {
          const copy = bytes.slice();
          if (keepAll || copy.length <= o.cacheBytes / 4) putBlock(this.#id, i, copy);
          if (needed) out.set(i, copy);
        } else out.set(i, bytes);
      }
    }
    return out;
  }
}

function shortName(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname.split("/").filter(Boolean).pop() ?? u.host;
  } catch {
    return url;
  }
}

/** How long a job may show no progress: every attempt timing out, plus the backoffs, plus 5 s. */
function stallBound(): number {
  const o = remoteOptions();
  let backoff = 0;
  for (let k = 0; k < o.retries; k++) backoff += o.backoffMs * 2 ** k;
  return (o.retries + 1) * o.timeoutMs * 2 + backoff + 5000;
}
