/**
 * How `obj.save(path)` reaches the npz writer although core does not import io (io imports core
 * to rebuild objects, so the other direction would be a cycle). Each class describes itself as an
 * {@linkcode NpzView}, a plain structure keyed on `kind`; the writer (`io/npz_writer.ts`) turns
 * views into files and is registered here by the package entry (`lib/register.ts`, which `mod.ts`
 * imports first), the way Observable Plot's index attaches `Mark.prototype.plot`.
 * @module
 */
import { NappleError } from "../errors.ts";
import type { NDArray } from "../array/ndarray.ts";
import type { LazyArray } from "../array/lazy.ts";
import type { SeriesKind } from "../display/views.ts";
import type { Metadata } from "./metadata.ts";

/** Interval starts and ends in seconds (a time support). */
export interface IntervalsView {
  /** Interval starts. */
  readonly start: Float64Array;
  /** Interval ends. */
  readonly end: Float64Array;
}

/** A Ts, Tsd, TsdFrame or TsdTensor as the npz writer sees it. */
export interface SeriesNpzView {
  /** Which class this is. */
  readonly kind: SeriesKind;
  /** Timestamps in seconds. */
  readonly t: Float64Array;
  /** The values, in memory or lazy (streamed while writing); none for a Ts. */
  readonly store?: NDArray | LazyArray;
  /** Time support. */
  readonly timeSupport: IntervalsView;
  /** TsdFrame column labels. */
  readonly columns?: readonly (string | number)[];
  /** TsdFrame metadata (one row per column). */
  readonly metadata?: Metadata;
}

/** An IntervalSet as the npz writer sees it. */
export interface IntervalSetNpzView extends IntervalsView {
  /** Which class this is. */
  readonly kind: "IntervalSet";
  /** One metadata row per interval. */
  readonly metadata: Metadata;
}

/** A TsGroup as the npz writer sees it. */
export interface TsGroupNpzView {
  /** Which class this is. */
  readonly kind: "TsGroup";
  /** Unit keys, sorted. */
  readonly index: readonly number[];
  /** One metadata row per unit (`rate` included; the writer leaves it out as pynapple does). */
  readonly metadata: Metadata;
  /** Time support. */
  readonly timeSupport: IntervalsView;
  /** The timestamps of unit `key`. */
  times(key: number): Float64Array;
  /** The values of unit `key` in memory; undefined when the unit is a Ts. */
  values(key: number): NDArray | undefined;
}

/** What the npz writer sees of any savable object. */
export type NpzView = SeriesNpzView | IntervalSetNpzView | TsGroupNpzView;

/** Writes a view to `path` in pynapple's npz layout; returns the path written. */
export type NpzWriter = (path: string, view: NpzView) => string;

let writer: NpzWriter | undefined;

/** Sets the function `save` writes with (done once, by `lib/register.ts`). */
export function registerNpzWriter(write: NpzWriter): void {
  writer = write;
}

/** Writes `view` with the registered writer (what the classes' `save` methods call). */
export function saveNpzView(path: string, view: NpzView): string {
  if (!writer) {
    throw new NappleError(
      "NOT_IMPLEMENTED",
      "saving needs the npz writer, which the package entry registers: import mod.ts " +
        "(or lib/register.ts) before calling save",
      { path },
    );
  }
  return writer(path, view);
}
