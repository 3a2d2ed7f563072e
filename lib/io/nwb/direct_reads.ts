/**
 * Raw data read straight from the file into the result, bypassing HDF5's copies.
 *
 * Why: h5wasm's HDF5 (2.0, 8 MiB default chunk cache) reads a chunk into its cache, copies the
 * selected part into the WASM heap, and napple then copies it out of the heap: three passes over
 * the data where h5py does one. For unfiltered data stored as is (little-endian, chunks that span
 * whole rows, or contiguous storage) the bytes of a row range are one run of the file, so only
 * the file address of each chunk is needed to `pread` rows directly into the result.
 *
 * How the address is learned: h5wasm exposes no chunk-address call, but every file access of its
 * HDF5 goes through emscripten's `FS.read(stream, heap, at, length, position)`. A probe asks HDF5
 * for the rows of one chunk with a hook on `FS.read`: the one raw-data read of exactly the
 * expected size (the whole stored chunk, or the selection read straight into our buffer) is
 * recorded — its `position` is the chunk's address — and answered without reading, since the
 * probe's data is thrown away. Everything else (metadata) is read normally. The faked bytes only
 * reach buffers HDF5 frees when h5wasm closes the dataset at the end of the call (chunk cache,
 * sieve buffer) and napple's scratch buffer. Only reads of at least {@linkcode MIN_DIRECT_BYTES}
 * are faked, far above any metadata block HDF5 reads. Anything unexpected (no raw read: an
 * unallocated chunk; several; another file: external storage) leaves the chunk to HDF5.
 * @module
 */
import type { H5Module } from "./h5.ts";

/** Smallest raw read (bytes) the probe recognises: metadata blocks are far smaller. */
export const MIN_DIRECT_BYTES = 1 << 20;

/** What a probe expects HDF5 to read for the chunk's raw data. */
export interface ProbeExpectation {
  /** The file HDF5 must read from (the stream path h5wasm opened). */
  filename: string;
  /** Lengths a raw read of the chunk can have (whole stored chunk, or the selection). */
  lengths: readonly number[];
}

interface Recorder {
  expect: ProbeExpectation;
  hits: number[];
  other: number;
}

let recorder: Recorder | undefined;
const hooked = new WeakSet<object>();

type FsRead = (
  stream: { path?: string },
  buffer: unknown,
  offset: number,
  length: number,
  position?: number,
  ...rest: unknown[]
) => number;

/** True when this h5wasm build routes file reads through a hookable `FS.read`. */
export function canProbe(M: H5Module): boolean {
  // deno-lint-ignore no-explicit-any
  const fs = (M as any).FS as { read?: unknown } | undefined;
  return typeof fs === "object" && fs !== null && typeof fs.read === "function";
}

function install(M: H5Module): void {
  // deno-lint-ignore no-explicit-any
  const fs = (M as any).FS as { read: FsRead };
  if (hooked.has(fs)) return;
  hooked.add(fs);
  const original = fs.read;
  fs.read = function (stream, buffer, offset, length, position, ...rest) {
    const r = recorder;
    if (r && length >= MIN_DIRECT_BYTES) {
      if (
        typeof position === "number" && stream?.path === r.expect.filename &&
        r.expect.lengths.includes(length)
      ) {
        r.hits.push(position);
        return length; // the probe's data is discarded: no need to read it
      }
      r.other++;
    }
    return original.call(this, stream, buffer, offset, length, position, ...rest);
  };
}

/**
 * Runs `read` (an HDF5 read of one chunk's rows into a scratch buffer whose contents are then
 * ignored) with raw reads faked, and returns the file address of the chunk's data, or undefined
 * when HDF5 did not read it as exactly one recognisable raw read.
 */
export function probeAddress(
  M: H5Module,
  expect: ProbeExpectation,
  read: () => void,
): number | undefined {
  install(M);
  const r: Recorder = { expect, hits: [], other: 0 };
  recorder = r;
  try {
    read();
  } finally {
    recorder = undefined;
  }
  return r.hits.length === 1 && r.other === 0 ? r.hits[0] : undefined;
}
