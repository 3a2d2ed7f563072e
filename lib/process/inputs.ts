/**
 * Input checks and adapters shared by the analysis functions: the group of units, series values
 * as a row source (lazy stays lazy), epochs, and pynapple's error texts for wrong types.
 * @module
 */
import { NappleError } from "../errors.ts";
import { isTypedArray } from "../array/dtype.ts";
import { isLazy } from "../array/lazy.ts";
import { NDArray } from "../array/ndarray.ts";
import { IntervalSet } from "../core/interval_set.ts";
import { BaseTsd, TsdFrame } from "../core/time_series.ts";
import type { RowSource } from "./batching.ts";

/**
 * What the analysis functions need of a TsGroup: sorted numeric keys, the timestamps of each
 * unit and the group's time support. `TsGroup` satisfies it.
 */
export interface UnitGroup {
  /** Unit keys. */
  keys(): Iterable<number>;
  /** The unit with key `key`. */
  get(key: number): { readonly t: Float64Array } | undefined;
  /** The group's time support. */
  readonly timeSupport: IntervalSet;
}

/** True when `x` looks like a TsGroup. */
export function isUnitGroup(x: unknown): x is UnitGroup {
  return typeof x === "object" && x !== null &&
    typeof (x as UnitGroup).keys === "function" && typeof (x as UnitGroup).get === "function" &&
    (x as UnitGroup).timeSupport instanceof IntervalSet;
}

/** Throws pynapple's "group should be a TsGroup." unless `x` is a group. */
export function requireGroup(x: unknown, what = "group"): UnitGroup {
  if (!isUnitGroup(x)) {
    throw new NappleError("INVALID_ARGUMENT", `${what} should be a TsGroup.`, { key: what });
  }
  return x;
}

/** The units of a group as `[key, times]`, keys ascending. */
export function unitsOf(group: UnitGroup): Array<[number, Float64Array]> {
  const keys = [...group.keys()].sort((a, b) => a - b);
  return keys.map((k) => {
    const u = group.get(k);
    if (!u) throw new NappleError("KEY_NOT_FOUND", `unit ${k} is missing from the group`);
    return [k, u.t];
  });
}

/** Throws unless `ep` is undefined or an IntervalSet. */
export function optionalEpochs(ep: unknown, what = "ep"): IntervalSet | undefined {
  if (ep === undefined || ep === null) return undefined;
  if (!(ep instanceof IntervalSet)) {
    throw new NappleError("INVALID_ARGUMENT", `${what} should be an IntervalSet`, { key: what });
  }
  return ep;
}

/** A series' values as a row source (a LazyArray stays lazy; a TypedArray becomes 1-D). */
export function sourceOf(series: BaseTsd): RowSource {
  const v = series.values;
  if (isLazy(v)) return v;
  if (v instanceof NDArray) return v;
  if (isTypedArray(v)) return new NDArray(v, [v.length]);
  throw new NappleError("INVALID_ARGUMENT", "series has no values");
}

/**
 * A 1-column feature: a Tsd, or a TsdFrame with one column (pynapple's "feature should be a Tsd
 * (or TsdFrame with 1 column only)").
 */
export function requireFeature1d(x: unknown, what = "feature"): BaseTsd {
  const msg = "feature should be a Tsd (or TsdFrame with 1 column only)";
  if (!(x instanceof BaseTsd)) throw new NappleError("INVALID_ARGUMENT", msg, { key: what });
  const shape = x.shape;
  const ok = shape.length === 1 || (x instanceof TsdFrame && shape.length === 2 && shape[1] === 1);
  if (!ok) throw new NappleError("INVALID_ARGUMENT", msg, { key: what });
  return x;
}

/** A 2-column TsdFrame (pynapple's "features should be a TsdFrame with 2 columns"). */
export function requireFeatures2d(x: unknown, what = "features"): TsdFrame {
  if (!(x instanceof TsdFrame)) {
    throw new NappleError("INVALID_ARGUMENT", "features should be a TsdFrame with 2 columns", {
      key: what,
    });
  }
  if (x.shape[1] !== 2) {
    throw new NappleError("INVALID_ARGUMENT", "features should have 2 columns only.", {
      key: what,
    });
  }
  return x;
}

/** A positive integer number of bins. */
export function requireBins(n: unknown, what = "nbBins"): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
    throw new NappleError("INVALID_ARGUMENT", `${what} should be a positive integer; got ${n}`, {
      key: what,
    });
  }
  return n;
}

/** A finite positive number (bin sizes, windows). */
export function requirePositive(x: unknown, what: string): number {
  if (typeof x !== "number" || !Number.isFinite(x) || x <= 0) {
    throw new NappleError("INVALID_ARGUMENT", `${what} should be a positive number; got ${x}`, {
      key: what,
    });
  }
  return x;
}
