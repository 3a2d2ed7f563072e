/**
 * Settings of remote reads (one set per process): cache size, timeouts, retries, and the sizes
 * of the first request. `setRemoteOptions` changes them; every remote file uses the current ones.
 * @module
 */
import { NappleError } from "../../errors.ts";

/** Settings of remote (HTTP/HTTPS) reads; see {@linkcode setRemoteOptions}. */
export interface RemoteOptions {
  /** Bytes the block cache of remote files may hold, all files together (default 64 MiB). */
  cacheBytes?: number;
  /** A request that receives nothing for this long is abandoned and retried (default 30 000 ms). */
  timeoutMs?: number;
  /** Retries of a failed request (5xx, dropped connection, timeout) before an error (default 3). */
  retries?: number;
  /** First delay between retries, doubled each time (default 200 ms). */
  backoffMs?: number;
  /** Bytes the first request of a file asks for: HDF5 metadata sits mostly there (default 1 MiB). */
  headBytes?: number;
  /** Files up to this size are read whole when opened (default 8 MiB). */
  wholeFileBytes?: number;
  /** Longest read-ahead of sequential reads (default 32 MiB). */
  maxReadAheadBytes?: number;
}

const DEFAULTS: Required<RemoteOptions> = {
  cacheBytes: 64 * 1024 * 1024,
  timeoutMs: 30_000,
  retries: 3,
  backoffMs: 200,
  headBytes: 1024 * 1024,
  wholeFileBytes: 8 * 1024 * 1024,
  maxReadAheadBytes: 32 * 1024 * 1024,
};

let current: Required<RemoteOptions> = { ...DEFAULTS };
const listeners: (() => void)[] = [];

/** The settings in force. */
export function remoteOptions(): Readonly<Required<RemoteOptions>> {
  return current;
}

/** Called when the settings change (the cache shrinks to a new bound). */
export function onRemoteOptionsChange(f: () => void): void {
  listeners.push(f);
}

/**
 * Changes the settings of remote reads (only the keys given; `undefined` restores a default)
 * and returns the previous settings.
 *
 * @example
 * ```ts
 * import * as nap from "jsr:@napple/napple";
 * const previous = nap.setRemoteOptions({ cacheBytes: 256 * 1024 * 1024, timeoutMs: 60_000 });
 * nap.setRemoteOptions(previous);
 * ```
 */
export function setRemoteOptions(options: RemoteOptions): Required<RemoteOptions> {
  const previous = { ...current };
  const next = { ...current };
  for (const [k, v] of Object.entries(options)) {
    if (!(k in DEFAULTS)) {
      throw new NappleError(
        "INVALID_ARGUMENT",
        `unknown remote option "${k}"; known: ${Object.keys(DEFAULTS).join(", ")}`,
      );
    }
    const key = k as keyof RemoteOptions;
    if (v === undefined) {
      next[key] = DEFAULTS[key];
      continue;
    }
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new NappleError("INVALID_ARGUMENT", `remote option ${k} must be a number >= 0`);
    }
    next[key] = key === "retries" ? Math.floor(v) : v;
  }
  current = next;
  for (const f of listeners) f();
  return previous;
}
