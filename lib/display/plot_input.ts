/**
 * Recognising and reading what `nap.plot` is given: the kind of object (by class name, then by
 * shape), its time extent, a row reader over its values (NDArray, TypedArray or LazyArray), and
 * the labels and colour values of metadata columns.
 * @module
 */
import type { NDArray } from "../array/ndarray.ts";
import { isTypedArray, type TypedArray } from "../array/dtype.ts";
import { NappleError } from "../errors.ts";
import { lowerBound, upperBound } from "../core/time_index.ts";
import type { RowReader } from "./plot_decimate.ts";
import type {
  PlotGroup,
  PlotIntervals,
  PlotMetadata,
  PlotSeries,
  Plottable,
} from "./plot_types.ts";

/** The kinds of object a plot draws. */
export type Kind = "ts" | "tsd" | "frame" | "tensor" | "intervals" | "group" | "table" | "tc2d";

/** Names the kind of object, by class name first and then by shape. */
export function classify(obj: unknown): Kind {
  if (typeof obj !== "object" || obj === null) {
    throw new NappleError("INVALID_ARGUMENT", `cannot plot ${String(obj)}`);
  }
  const name = (obj as { constructor?: { name?: string } }).constructor?.name ?? "";
  const o = obj as Record<string, unknown>;
  switch (name) {
    case "Ts":
      return "ts";
    case "Tsd":
      return "tsd";
    case "TsdFrame":
      return "frame";
    case "TsdTensor":
      return "tensor";
    case "IntervalSet":
      return "intervals";
    case "TsGroup":
      return "group";
    case "LabeledTable":
      return "table";
  }
  if (o.t instanceof Float64Array) {
    const shape = (o.shape as number[] | undefined) ?? [];
    if (o.values === undefined && o.d === undefined) return "ts";
    if (shape.length <= 1) return "tsd";
    if (shape.length === 2) return "frame";
    return "tensor";
  }
  if (o.start instanceof Float64Array && o.end instanceof Float64Array) return "intervals";
  if (typeof o.keys === "function" && typeof o.get === "function") return "group";
  if (o.index !== undefined && Array.isArray(o.columns) && o.values !== undefined) return "table";
  if (o.tc instanceof Map && Array.isArray(o.xy) && o.xy.length === 2) return "tc2d";
  throw new NappleError(
    "INVALID_ARGUMENT",
    `cannot plot a ${
      name || "plain object"
    }: expected Ts, Tsd, TsdFrame, TsdTensor, IntervalSet, ` +
      "TsGroup or a table with index, columns and values",
  );
}

/** The time extent of an object (for the shared x axis), or undefined when it has no time. */
export function timeExtent(obj: Plottable): [number, number] | undefined {
  const k = classify(obj);
  if (k === "table" || k === "tc2d") return undefined;
  if (k === "intervals") {
    const iv = obj as PlotIntervals;
    return iv.start.length ? [iv.start[0], iv.end[iv.end.length - 1]] : undefined;
  }
  if (k === "group") {
    const g = obj as PlotGroup;
    let lo = Infinity, hi = -Infinity;
    for (const key of g.keys()) {
      const t = g.get(key)?.t;
      if (t && t.length) {
        lo = Math.min(lo, t[0]);
        hi = Math.max(hi, t[t.length - 1]);
      }
    }
    return lo <= hi ? [lo, hi] : undefined;
  }
  const t = (obj as PlotSeries).t;
  return t.length ? [t[0], t[t.length - 1]] : undefined;
}

/** Reader for a series' value rows, whether its values are an NDArray or a LazyArray. */
export function seriesReader(obj: PlotSeries): RowReader {
  // The object's own row reader first (napple series have one; it knows lazy from in-memory).
  const self = obj as { readRows?: RowReader["readRows"]; shape?: readonly number[] };
  if (typeof self.readRows === "function" && self.shape) {
    return { shape: self.shape, readRows: (s, e) => self.readRows!.call(obj, s, e) };
  }
  const v = (obj.values ?? (obj as { d?: unknown }).d) as
    | {
      shape: readonly number[];
      readRows?: RowReader["readRows"];
      sliceRows?: RowReader["readRows"];
    }
    | undefined;
  if (v && typeof v.readRows === "function") return v as RowReader;
  if (v && typeof v.sliceRows === "function") {
    return { shape: v.shape, readRows: (s, e) => v.sliceRows!.call(v, s, e) };
  }
  if (isTypedArray(v)) {
    const a = v as TypedArray;
    return {
      shape: [a.length],
      readRows: (s, e) =>
        ({ data: a.subarray(s, e), shape: [Math.max(0, e - s)] }) as unknown as NDArray,
    };
  }
  throw new NappleError("INVALID_ARGUMENT", "cannot read the values of this series to plot them");
}

/** Text of a label: numbers and strings as they are, pairs as tuples. */
export function label(x: unknown): string {
  // Pairs of unit ids (cross-correlograms) read as tuples; one-element lists (NWB `tags`) as
  // their element.
  if (Array.isArray(x)) return x.length === 1 ? label(x[0]) : `(${x.map(label).join(", ")})`;
  return String(x);
}

/** Values of a metadata column as labels (undefined when the object has no such column). */
export function metaColumn(
  meta: PlotMetadata | undefined,
  name: string | undefined,
): string[] | undefined {
  // A colour column missing here may belong to another overlaid object; buildLayers checks that
  // at least one object had it.
  if (name === undefined || !meta || !meta.has(name)) return undefined;
  return Array.from(meta.get(name).values as ArrayLike<unknown>, (v) => label(v));
}

/**
 * Colour values of a metadata column: numbers when the column is numeric with more than ten
 * distinct values (a continuous colour scale, e.g. depth), labels otherwise (categories).
 */
export function colorColumn(
  meta: PlotMetadata | undefined,
  name: string | undefined,
): string[] | number[] | undefined {
  if (name === undefined || !meta || !meta.has(name)) return undefined;
  const raw = Array.from(meta.get(name).values as ArrayLike<unknown>);
  const numeric = raw.length > 0 &&
    raw.every((v) => (typeof v === "number" && Number.isFinite(v)) || typeof v === "bigint");
  if (numeric && new Set(raw.map(String)).size > 10) return raw.map(Number);
  return raw.map(label);
}

/** Rows of `t` inside `[x0, x1]`. */
export function rowRange(t: Float64Array, x0: number, x1: number): [number, number] {
  return [lowerBound(t, x0), upperBound(t, x1)];
}
