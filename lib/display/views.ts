/**
 * What the display code needs to see of an object. The core classes satisfy these structurally,
 * which keeps lib/display free of imports from lib/core (no cycle) and lets lazy objects show
 * their head and tail without reading everything.
 * @module
 */
import type { DType } from "../array/dtype.ts";
import type { NDArray } from "../array/ndarray.ts";
import type { Metadata } from "../core/metadata.ts";

/** Terminal size used for pynapple's printout (pynapple falls back to 80×24 with no terminal). */
export interface TextSize {
  /** Terminal width in characters (default 80). */
  columns?: number;
  /** Terminal height in lines (default 24). */
  rows?: number;
}

/** The kinds of series the display layer (and the npz writer) distinguish. */
export type SeriesKind = "Ts" | "Tsd" | "TsdFrame" | "TsdTensor";

/** A Ts / Tsd / TsdFrame / TsdTensor as display code sees it. */
export interface SeriesView {
  /** Timestamps in seconds. */
  readonly t: Float64Array;
  /** Data shape (`[n]` for Ts). */
  readonly shape: readonly number[];
  /** numpy dtype of the values (ignored for Ts). */
  readonly dtype: DType;
  /** Reads value rows `[start, end)`; display asks only for the rows it shows. */
  readRows(start: number, end: number): NDArray;
  /**
   * For a complex series (`readRows` then gives the real parts): reads the imaginary parts of
   * rows `[start, end)`; the series prints as complex128.
   */
  readImagRows?(start: number, end: number): NDArray;
  /** TsdFrame column labels. */
  readonly columns?: readonly (string | number)[];
  /** TsdFrame per-column metadata (one row per column). */
  readonly metadata?: Metadata;
  /** Time support starts and ends (for captions). */
  readonly timeSupport?: { readonly start: Float64Array; readonly end: Float64Array };
  /** Where lazy values live (`LazyArray.source`), shown in the HTML caption; unset in memory. */
  readonly source?: string;
}

/** An IntervalSet as display code sees it. */
export interface IntervalSetView {
  /** Interval starts in seconds. */
  readonly start: Float64Array;
  /** Interval ends in seconds. */
  readonly end: Float64Array;
  /** One metadata row per interval. */
  readonly metadata: Metadata;
}

/** A TsGroup as display code sees it. */
export interface TsGroupView {
  /** Unit keys, sorted. */
  readonly index: readonly number[];
  /** One metadata row per unit; `rate` is the first column. */
  readonly metadata: Metadata;
  /** Time support starts and ends (for captions). */
  readonly timeSupport?: { readonly start: Float64Array; readonly end: Float64Array };
}
