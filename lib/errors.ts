/**
 * One error type for everything napple refuses. `code` says what went wrong so callers can
 * branch on it; `path` / `key` name the file or entry involved.
 * @module
 */

/** Machine-readable reasons a napple operation can fail. */
export type NappleErrorCode =
  | "INVALID_ARGUMENT"
  | "SHAPE_MISMATCH"
  | "DTYPE"
  | "KEY_NOT_FOUND"
  | "INDEX_OUT_OF_RANGE"
  | "NOT_SORTED"
  | "FILE_NOT_FOUND"
  | "NOT_A_FILE"
  | "UNSUPPORTED_FORMAT"
  | "CORRUPT_FILE"
  | "UNSAFE_PICKLE"
  | "UNSUPPORTED_FILTER"
  | "IO"
  | "NOT_IMPLEMENTED"
  | "CLOSED"
  | "WRONG_TYPE"
  | "NETWORK"
  | "PERMISSION"
  | "FILE_CHANGED";

/** Options naming what an error is about. */
export interface NappleErrorOptions {
  /** The file involved, if any. */
  path?: string;
  /** The key, column or member involved, if any. */
  key?: string;
  /** The underlying error. */
  cause?: unknown;
}

/** The single error class napple throws; `code` discriminates the reason. */
export class NappleError extends Error {
  /** What kind of failure this is. */
  readonly code: NappleErrorCode;
  /** The file involved, if any. */
  readonly path?: string;
  /** The key, column or member involved, if any. */
  readonly key?: string;

  /** Builds an error; the message is prefixed with the path when one is given. */
  constructor(code: NappleErrorCode, message: string, options: NappleErrorOptions = {}) {
    super(options.path ? `${options.path}: ${message}` : message, { cause: options.cause });
    this.name = "NappleError";
    this.code = code;
    this.path = options.path;
    this.key = options.key;
  }
}
