/**
 * How many bytes of lazy data napple reads at a time. One setting serves the core objects
 * (threshold, dropna, binAverage, valueFrom on lazy data) and the analysis functions, so it lives
 * with the LazyArray protocol rather than in either of them.
 * @module
 */
import { NappleError } from "../errors.ts";

const DEFAULT_BATCH_BYTES = 64 * 1024 * 1024;
let batchBytes = DEFAULT_BATCH_BYTES;

/**
 * Sets how many bytes of lazy data are read at a time (default 64 MB). Peak memory of an
 * operation over lazy data is a small multiple of this.
 */
export function setBatchSize(bytes: number): void {
  if (!Number.isFinite(bytes) || bytes < 1) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      `batch size must be a positive number of bytes; got ${bytes}`,
    );
  }
  batchBytes = Math.floor(bytes);
}

/** The current batch size in bytes (see {@linkcode setBatchSize}). */
export function getBatchSize(): number {
  return batchBytes;
}
