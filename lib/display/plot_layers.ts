/**
 * Turns napple objects into plot layers: plain arrays, already reduced to what the picture needs
 * (per-pixel min/max for lines, one tick per pixel for rasters, merged bands, binned heatmaps).
 * Objects are recognised structurally (no import from lib/core, so no cycle), and nothing here
 * loads Observable Plot: that happens only when a layer is rendered.
 * @module
 */
import type { NDArray } from "../array/ndarray.ts";
import { isTypedArray, type TypedArray } from "../array/dtype.ts";
import { NappleError } from "../errors.ts";
import {
  binMean,
  type DecimatedLine,
  decimateMinMax,
  lowerBound,
  mergeBands,
  numericData,
  type RowReader,
  thinEvents,
  upperBound,
} from "./plot_decimate.ts";

/** Options shared by every plot. */
export interface PlotOptions {
  /** Width in pixels (default 640); also the number of decimation bins. */
  width?: number;
  /** Height of each panel in pixels (default 260 for lines; rasters scale with the unit count). */
  height?: number;
  /** Title drawn above the plot. */
  title?: string;
  /** Only show `[start, end]` (seconds): lazy data outside is never read. */
  timeRange?: readonly [number, number];
  /** Metadata column that colours TsGroup units, IntervalSet bands or TsdFrame columns. */
  color?: string;
  /** TsdFrame: one line per column in one panel (`"overlay"`, default) or small multiples (`"stack"`). */
  layout?: "overlay" | "stack";
  /** TsdFrame: the columns to draw (labels), default all. */
  columns?: readonly (string | number)[];
  /** TsdTensor: fixed indices of the leading non-time axes; the rest is the heatmap's y axis. */
  slice?: readonly number[];
  /** TsdTensor: draw the frame at this time (nearest sample) as an image instead. */
  at?: number;
  /** Tables (tuning curves, correlograms): draw lines (default) or bars. */
  kind?: "line" | "bars";
  /** Per-pixel reduction of long series (default true; false draws every sample). */
  decimate?: boolean;
  /** Label of the x axis (tables and 2-D tuning curves; time plots say "Time (s)"). */
  xLabel?: string;
  /** Label of the y axis. */
  yLabel?: string;
}

/** A line layer: one or several lines against time (or against a table's index). */
export interface LineLayer {
  /** Discriminant. */
  kind: "line";
  /** x of every point, lines concatenated. */
  x: Float64Array;
  /** y of every point. */
  y: Float64Array;
  /** Line label of every point (column name), used for colour and small multiples. */
  z: string[];
  /** Labels in drawing order. */
  series: string[];
  /** Small multiples (one panel row per label). */
  stack: boolean;
  /** Rows of data the points stand for. */
  rows: number;
  /** True when x is time. */
  time: boolean;
  /** Colour label per series (metadata value), when colouring by metadata. */
  colorOf?: Map<string, string>;
}

/** A raster layer: event ticks, one row per unit. */
export interface RasterLayer {
  /** Discriminant. */
  kind: "raster";
  /** Tick times. */
  x: Float64Array;
  /** Unit label of each tick. */
  y: string[];
  /** Colour value of each tick (metadata), if colouring: labels, or numbers (continuous). */
  color?: string[] | number[];
  /** Unit labels in order (bottom to top as listed). */
  units: string[];
  /** Events the ticks stand for. */
  rows: number;
}

/** A band layer: intervals drawn as vertical bands behind everything else. */
export interface BandLayer {
  /** Discriminant. */
  kind: "bands";
  /** Band starts. */
  start: Float64Array;
  /** Band ends. */
  end: Float64Array;
  /** Colour value of each band (metadata), if colouring: labels, or numbers (continuous). */
  color?: string[] | number[];
  /** Intervals the bands stand for. */
  rows: number;
}

/** A heatmap layer: cells with a value each. */
export interface HeatmapLayer {
  /** Discriminant. */
  kind: "heatmap";
  /** Cell left edges. */
  x1: Float64Array;
  /** Cell right edges. */
  x2: Float64Array;
  /** Cell row (feature) index. */
  y: Float64Array;
  /** Cell values. */
  v: Float64Array;
  /** Number of feature rows. */
  nrows: number;
  /** True when x is time; false for a single frame (x = column index). */
  time: boolean;
  /** Rows of data the cells stand for. */
  rows: number;
}

/** A bar layer (correlograms): one bar per index value and column. */
export interface BarLayer {
  /** Discriminant. */
  kind: "bars";
  /** Bar left edges. */
  x1: Float64Array;
  /** Bar right edges. */
  x2: Float64Array;
  /** Bar heights. */
  y: Float64Array;
  /** Column label of each bar. */
  z: string[];
  /** Labels in order. */
  series: string[];
  /** Rows of data. */
  rows: number;
}

/** 2-D tuning curves: one small heatmap per unit. */
export interface GridLayer {
  /** Discriminant. */
  kind: "grid";
  /** Cell left edges. */
  x1: Float64Array;
  /** Cell right edges. */
  x2: Float64Array;
  /** Cell bottom edges. */
  y1: Float64Array;
  /** Cell top edges. */
  y2: Float64Array;
  /** Cell values. */
  v: Float64Array;
  /** Facet (unit) index of each cell. */
  facet: Int32Array;
  /** Unit labels, one per facet. */
  facets: string[];
  /** Cells before dropping empty ones. */
  rows: number;
}

/** Anything a plot is made of. */
export type Layer = LineLayer | RasterLayer | BandLayer | HeatmapLayer | BarLayer | GridLayer;

/** The part of a metadata table plots read (colour columns); napple's `Metadata` has it. */
export interface PlotMetadata {
  /** Column names. */
  readonly columns: readonly string[];
  /** True when the column exists. */
  has(name: string): boolean;
  /** One column: one value per row. */
  get(name: string): { readonly values: ArrayLike<unknown> };
}

/** A series (Ts, Tsd, TsdFrame, TsdTensor) as plots see it. */
export interface PlotSeries {
  /** Timestamps in seconds. */
  readonly t: Float64Array;
  /** Value shape, time first. */
  readonly shape?: readonly number[];
  /** Values: an NDArray or a LazyArray. */
  readonly values?: unknown;
  /** TsdFrame column labels. */
  readonly columns?: readonly (string | number)[];
  /** TsdFrame per-column metadata. */
  readonly metadata?: PlotMetadata;
}

/** An IntervalSet as plots see it. */
export interface PlotIntervals {
  /** Starts in seconds. */
  readonly start: Float64Array;
  /** Ends in seconds. */
  readonly end: Float64Array;
  /** One metadata row per interval. */
  readonly metadata?: PlotMetadata;
}

/** A TsGroup as plots see it (Map-like with numeric keys). */
export interface PlotGroup {
  /** Unit keys. */
  keys(): Iterable<number>;
  /** A unit's Ts / Tsd. */
  get(key: number): { readonly t: Float64Array } | undefined;
  /** One row per unit, in key order. */
  readonly metadata?: PlotMetadata;
}

/**
 * A table indexed by a number, one column per unit: tuning curves and correlograms. `values` is
 * `index.length × columns.length`, row-major.
 */
export interface PlotTable {
  /** Row positions (bin centres, lags): numbers. */
  readonly index: ArrayLike<unknown>;
  /** Column labels (unit ids, or pairs of them). */
  readonly columns: readonly unknown[];
  /** Values, row-major, or one array per column. */
  readonly values: ArrayLike<number> | NDArray | ReadonlyArray<ArrayLike<number>>;
}

/** 2-D tuning curves (`nap.compute2dTuningCurves`): one `nx × ny` array per unit. */
export interface PlotTuning2d {
  /** Tuning curve of each unit. */
  readonly tc: ReadonlyMap<
    unknown,
    { readonly shape: readonly number[]; readonly data: ArrayLike<number | bigint> }
  >;
  /** Bin centres along the first and second feature. */
  readonly xy: readonly [ArrayLike<number>, ArrayLike<number>];
}

/** Everything `nap.plot` accepts. */
export type Plottable = PlotSeries | PlotIntervals | PlotGroup | PlotTable | PlotTuning2d;

type Kind = "ts" | "tsd" | "frame" | "tensor" | "intervals" | "group" | "table" | "tc2d";

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

function label(x: unknown): string {
  // Pairs of unit ids (cross-correlograms) read as tuples; one-element lists (NWB `tags`) as
  // their element.
  if (Array.isArray(x)) return x.length === 1 ? label(x[0]) : `(${x.map(label).join(", ")})`;
  return String(x);
}

function metaColumn(
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
function colorColumn(
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
function rowRange(t: Float64Array, x0: number, x1: number): [number, number] {
  return [lowerBound(t, x0), upperBound(t, x1)];
}

/**
 * Row ranges of the time-support intervals inside `[x0, x1]`, so lines break between epochs
 * instead of bridging the gaps. Undefined (one range) with a single interval, or with so many
 * intervals that per-interval drawing would outgrow the per-pixel budget.
 */
function supportSegments(
  obj: PlotSeries,
  x0: number,
  x1: number,
  pixels: number,
): [number, number][] | undefined {
  const ts = (obj as { timeSupport?: { start: Float64Array; end: Float64Array } }).timeSupport;
  if (!ts || !(ts.start instanceof Float64Array) || ts.start.length <= 1) return undefined;
  if (ts.start.length > pixels / 4) return undefined;
  const out: [number, number][] = [];
  for (let i = 0; i < ts.start.length; i++) {
    const s = Math.max(ts.start[i], x0), e = Math.min(ts.end[i], x1);
    if (e < s) continue;
    const a = lowerBound(obj.t, s), b = upperBound(obj.t, e);
    if (b > a) out.push([a, b]);
  }
  return out.length ? out : undefined;
}

/** Concatenates per-segment lines column by column, with a NaN point (a break) between segments. */
function joinSegments(parts: DecimatedLine[][], ncol: number): DecimatedLine[] {
  if (parts.length === 1) return parts[0];
  return Array.from({ length: ncol }, (_, c) => {
    const n = parts.reduce((a, p) => a + p[c].t.length, 0) + parts.length - 1;
    const t = new Float64Array(n), y = new Float64Array(n);
    let m = 0;
    parts.forEach((p, k) => {
      if (k > 0) {
        t[m] = t[m - 1];
        y[m++] = NaN;
      }
      t.set(p[c].t, m);
      y.set(p[c].y, m);
      m += p[c].t.length;
    });
    return { t, y };
  });
}

/** A Tsd or TsdFrame as lines (TsdFrame columns selected by `options.columns`). */
export function lineLayer(
  obj: PlotSeries,
  x0: number,
  x1: number,
  options: PlotOptions,
): LineLayer {
  const t = obj.t;
  const reader = seriesReader(obj);
  const [r0, r1] = rowRange(t, x0, x1);
  const labels = (obj.columns ??
    (reader.shape.length > 1 ? Array.from({ length: reader.shape[1] }, (_, i) => i) : ["value"]))
    .map(label);
  let pick: number[] | undefined;
  if (options.columns) {
    pick = options.columns.map((c) => {
      const i = labels.indexOf(label(c));
      if (i < 0) {
        throw new NappleError("KEY_NOT_FOUND", `no column ${label(c)} to plot`, { key: label(c) });
      }
      return i;
    });
  }
  const width = options.width ?? 640;
  const segments = supportSegments(obj, x0, x1, width) ?? [[r0, r1]];
  const parts = segments.map(([a, b]) =>
    decimateMinMax(t, reader, {
      startRow: a,
      endRow: b,
      x0,
      x1,
      pixels: width,
      minRowsPerPixel: options.decimate === false ? Infinity : 2,
    })
  );
  const lines = joinSegments(parts, reader.shape.slice(1).reduce((a, b) => a * b, 1));
  const chosen = pick ?? lines.map((_, i) => i);
  const total = chosen.reduce((a, i) => a + lines[i].t.length, 0);
  const x = new Float64Array(total);
  const y = new Float64Array(total);
  const z: string[] = new Array(total);
  let m = 0;
  for (const i of chosen) {
    x.set(lines[i].t, m);
    y.set(lines[i].y, m);
    z.fill(labels[i], m, m + lines[i].t.length);
    m += lines[i].t.length;
  }
  let colorOf: Map<string, string> | undefined;
  const vals = obj.columns ? metaColumn(obj.metadata, options.color) : undefined;
  if (vals) colorOf = new Map(labels.map((l, i) => [l, vals[i]]));
  return {
    kind: "line",
    x,
    y,
    z,
    series: chosen.map((i) => labels[i]),
    stack: options.layout === "stack",
    rows: r1 - r0,
    time: true,
    colorOf,
  };
}

/** A Ts (one row) or a TsGroup (one row per unit) as a raster. */
export function rasterLayer(
  obj: PlotSeries | PlotGroup,
  x0: number,
  x1: number,
  options: PlotOptions,
  name = "ts",
): RasterLayer {
  const width = options.width ?? 640;
  const units: { key: string; t: Float64Array }[] = [];
  let colors: string[] | number[] | undefined;
  if (obj instanceof Object && "t" in obj && (obj as PlotSeries).t instanceof Float64Array) {
    units.push({ key: name, t: (obj as PlotSeries).t });
  } else {
    const g = obj as PlotGroup;
    for (const k of g.keys()) units.push({ key: label(k), t: g.get(k)?.t ?? new Float64Array() });
    colors = colorColumn(g.metadata, options.color);
  }
  const xs: Float64Array[] = [];
  const ys: string[] = [];
  const cs: (string | number)[] = [];
  let rows = 0;
  units.forEach((u, i) => {
    const [a, b] = rowRange(u.t, x0, x1);
    rows += b - a;
    const kept = options.decimate === false ? u.t.slice(a, b) : thinEvents(u.t, x0, x1, width);
    xs.push(kept);
    for (let j = 0; j < kept.length; j++) {
      ys.push(u.key);
      if (colors) cs.push(colors[i]);
    }
  });
  const x = new Float64Array(ys.length);
  let m = 0;
  for (const a of xs) {
    x.set(a, m);
    m += a.length;
  }
  return {
    kind: "raster",
    x,
    y: ys,
    color: colors ? (cs as string[] | number[]) : undefined,
    units: units.map((u) => u.key),
    rows,
  };
}

/** An IntervalSet as bands. */
export function bandLayer(
  obj: PlotIntervals,
  x0: number,
  x1: number,
  options: PlotOptions,
): BandLayer {
  const merged = mergeBands(obj.start, obj.end, x0, x1, options.width ?? 640);
  const colors = colorColumn(obj.metadata, options.color);
  return {
    kind: "bands",
    start: merged.start,
    end: merged.end,
    color: colors
      ? (Array.from(merged.source, (i) => colors[i]) as string[] | number[])
      : undefined,
    rows: obj.start.length,
  };
}

/** A TsdTensor as a time × feature heatmap, or one frame as an image (`options.at`). */
export function heatmapLayer(
  obj: PlotSeries,
  x0: number,
  x1: number,
  options: PlotOptions,
): HeatmapLayer {
  const t = obj.t;
  const reader = seriesReader(obj);
  const shape = reader.shape;
  const fixed = options.slice ?? [];
  if (fixed.length > shape.length - 2) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      `slice has ${fixed.length} indices but the tensor has only ${
        shape.length - 1
      } non-time axes; ` +
        "leave at least one free axis",
    );
  }
  fixed.forEach((ix, a) => {
    if (!Number.isInteger(ix) || ix < 0 || ix >= shape[a + 1]) {
      throw new NappleError(
        "INDEX_OUT_OF_RANGE",
        `slice index ${ix} is out of range for axis ${a + 1} (size ${shape[a + 1]})`,
      );
    }
  });
  // Row-major: the fixed leading axes select one contiguous block of each row.
  const rest = shape.slice(1 + fixed.length);
  const blockSize = rest.reduce((a, b) => a * b, 1);
  let offset = 0;
  let stride = shape.slice(1).reduce((a, b) => a * b, 1);
  for (let a = 0; a < fixed.length; a++) {
    stride /= shape[a + 1];
    offset += fixed[a] * stride;
  }
  const rowSize = shape.slice(1).reduce((a, b) => a * b, 1);
  const sliced: RowReader = {
    shape: [shape[0], blockSize],
    readRows(s: number, e: number) {
      const block = reader.readRows(s, e);
      const src = numericData(block);
      const n = e - s;
      const out = new Float64Array(n * blockSize);
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < blockSize; c++) out[r * blockSize + c] = src[r * rowSize + offset + c];
      }
      return { data: out, shape: [n, blockSize] } as unknown as NDArray;
    },
  };
  if (options.at !== undefined) {
    let i = lowerBound(t, options.at);
    if (i >= t.length || (i > 0 && options.at - t[i - 1] <= t[i] - options.at)) {
      i = Math.max(0, i - 1);
    }
    if (t.length === 0) {
      throw new NappleError("INVALID_ARGUMENT", "cannot show a frame of an empty tensor");
    }
    const frame = numericData(sliced.readRows(i, i + 1));
    const ncols = rest.length >= 2 ? rest.slice(1).reduce((a, b) => a * b, 1) : blockSize;
    const nrows = blockSize / ncols;
    const x1a = new Float64Array(blockSize), x2a = new Float64Array(blockSize);
    const ya = new Float64Array(blockSize), va = new Float64Array(blockSize);
    for (let k = 0; k < blockSize; k++) {
      x1a[k] = k % ncols;
      x2a[k] = (k % ncols) + 1;
      ya[k] = Math.floor(k / ncols);
      va[k] = frame[k];
    }
    return { kind: "heatmap", x1: x1a, x2: x2a, y: ya, v: va, nrows, time: false, rows: 1 };
  }
  const [r0, r1] = rowRange(t, x0, x1);
  const n = r1 - r0;
  const maxBins = Math.min(options.width ?? 640, 200);
  let edges: Float64Array, mean: Float64Array;
  if (n <= maxBins) {
    // Few samples: one cell per sample, edges halfway between samples.
    const data = numericData(sliced.readRows(r0, r1));
    edges = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) edges[i] = i === 0 ? t[r0] : (t[r0 + i - 1] + t[r0 + i]) / 2;
    const lastDt = n > 1 ? t[r1 - 1] - t[r1 - 2] : 1;
    if (n > 0) edges[0] = t[r0] - (n > 1 ? (t[r0 + 1] - t[r0]) / 2 : 0.5);
    if (n > 0) edges[n] = t[r1 - 1] + lastDt / 2;
    mean = Float64Array.from(data);
  } else {
    ({ edges, mean } = binMean(t, sliced, r0, r1, x0, x1, maxBins));
  }
  const bins = edges.length - 1;
  const cells = bins * blockSize;
  const X1 = new Float64Array(cells), X2 = new Float64Array(cells);
  const Y = new Float64Array(cells), V = new Float64Array(cells);
  for (let b = 0; b < bins; b++) {
    for (let c = 0; c < blockSize; c++) {
      const k = b * blockSize + c;
      X1[k] = edges[b];
      X2[k] = edges[b + 1];
      Y[k] = c;
      V[k] = mean[k];
    }
  }
  return { kind: "heatmap", x1: X1, x2: X2, y: Y, v: V, nrows: blockSize, time: true, rows: n };
}

function tableColumns(tbl: PlotTable): { index: Float64Array; cols: Float64Array[] } {
  const index = Float64Array.from(tbl.index as ArrayLike<number>, Number);
  if (index.some((x) => Number.isNaN(x))) {
    throw new NappleError("INVALID_ARGUMENT", "a table to plot needs a numeric index");
  }
  const n = index.length;
  const k = tbl.columns.length;
  const v = tbl.values as unknown;
  let cols: Float64Array[];
  if (Array.isArray(v) && v.length === k && typeof v[0] === "object") {
    cols = (v as ArrayLike<number>[]).map((c) => Float64Array.from(c));
  } else {
    const flat = (v as { data?: unknown }).data !== undefined
      ? numericData(v as NDArray)
      : (v as ArrayLike<number>);
    if (flat.length !== n * k) {
      throw new NappleError(
        "SHAPE_MISMATCH",
        `table values have ${flat.length} numbers, expected ${n} rows × ${k} columns`,
      );
    }
    cols = Array.from({ length: k }, (_, j) => {
      const c = new Float64Array(n);
      for (let i = 0; i < n; i++) c[i] = flat[i * k + j];
      return c;
    });
  }
  return { index, cols };
}

/** A table (tuning curves, correlograms): one line or bar series per column. */
export function tableLayer(tbl: PlotTable, options: PlotOptions): LineLayer | BarLayer {
  const { index, cols } = tableColumns(tbl);
  const labels = tbl.columns.map(label);
  const n = index.length;
  const total = n * cols.length;
  const y = new Float64Array(total);
  const z: string[] = new Array(total);
  cols.forEach((c, j) => {
    y.set(c, j * n);
    z.fill(labels[j], j * n, (j + 1) * n);
  });
  if (options.kind === "bars") {
    const x1 = new Float64Array(total), x2 = new Float64Array(total);
    const step = n > 1 ? (index[n - 1] - index[0]) / (n - 1) : 1;
    for (let j = 0; j < cols.length; j++) {
      for (let i = 0; i < n; i++) {
        x1[j * n + i] = index[i] - step / 2;
        x2[j * n + i] = index[i] + step / 2;
      }
    }
    return { kind: "bars", x1, x2, y, z, series: labels, rows: n };
  }
  const x = new Float64Array(total);
  for (let j = 0; j < cols.length; j++) x.set(index, j * n);
  return {
    kind: "line",
    x,
    y,
    z,
    series: labels,
    stack: options.layout === "stack",
    rows: n,
    time: false,
  };
}

function edgesOf(centres: ArrayLike<number>): Float64Array {
  const n = centres.length;
  const e = new Float64Array(n + 1);
  const step = n > 1 ? (centres[n - 1] - centres[0]) / (n - 1) : 1;
  for (let i = 0; i < n; i++) e[i] = centres[i] - step / 2;
  e[n] = centres[n - 1] + step / 2;
  return e;
}

/** 2-D tuning curves as one heatmap per unit (unvisited, NaN bins left empty). */
export function gridLayer(obj: PlotTuning2d): GridLayer {
  const [cx, cy] = obj.xy;
  const ex = edgesOf(cx), ey = edgesOf(cy);
  const nx = cx.length, ny = cy.length;
  const X1: number[] = [],
    X2: number[] = [],
    Y1: number[] = [],
    Y2: number[] = [],
    V: number[] = [];
  const F: number[] = [];
  const facets: string[] = [];
  let rows = 0;
  for (const [key, arr] of obj.tc) {
    if (arr.shape.length !== 2 || arr.shape[0] !== nx || arr.shape[1] !== ny) {
      throw new NappleError(
        "SHAPE_MISMATCH",
        `tuning curve of ${label(key)} has shape (${
          arr.shape.join(", ")
        }), expected (${nx}, ${ny})`,
        { key: label(key) },
      );
    }
    const f = facets.push(label(key)) - 1;
    for (let i = 0; i < nx; i++) {
      for (let j = 0; j < ny; j++) {
        rows++;
        const v = Number(arr.data[i * ny + j]);
        if (Number.isNaN(v)) continue;
        X1.push(ex[i]);
        X2.push(ex[i + 1]);
        Y1.push(ey[j]);
        Y2.push(ey[j + 1]);
        V.push(v);
        F.push(f);
      }
    }
  }
  return {
    kind: "grid",
    x1: Float64Array.from(X1),
    x2: Float64Array.from(X2),
    y1: Float64Array.from(Y1),
    y2: Float64Array.from(Y2),
    v: Float64Array.from(V),
    facet: Int32Array.from(F),
    facets,
    rows,
  };
}

/** Builds the layers of every object over the shared time range. */
export function buildLayers(
  objs: readonly Plottable[],
  options: PlotOptions,
): { layers: Layer[]; x0: number; x1: number } {
  let x0 = Infinity, x1 = -Infinity;
  if (options.timeRange) {
    [x0, x1] = options.timeRange;
    if (!(x1 > x0)) {
      throw new NappleError("INVALID_ARGUMENT", `timeRange must be [start, end] with end > start`);
    }
  } else {
    for (const o of objs) {
      const e = timeExtent(o);
      if (e) {
        x0 = Math.min(x0, e[0]);
        x1 = Math.max(x1, e[1]);
      }
    }
    if (!(x0 <= x1)) [x0, x1] = [0, 1];
    if (x0 === x1) [x0, x1] = [x0 - 0.5, x1 + 0.5];
  }
  const layers = objs.map((o): Layer => {
    switch (classify(o)) {
      case "ts":
        return rasterLayer(o as PlotSeries, x0, x1, options);
      case "tsd":
      case "frame":
        return lineLayer(o as PlotSeries, x0, x1, options);
      case "tensor":
        return heatmapLayer(o as PlotSeries, x0, x1, options);
      case "intervals":
        return bandLayer(o as PlotIntervals, x0, x1, options);
      case "group":
        return rasterLayer(o as PlotGroup, x0, x1, options);
      case "table":
        return tableLayer(o as PlotTable, options);
      case "tc2d":
        return gridLayer(o as PlotTuning2d);
    }
  });
  if (options.color !== undefined) {
    const used = layers.some((l) =>
      (l.kind === "line" && l.colorOf) || ((l.kind === "raster" || l.kind === "bands") && l.color)
    );
    if (!used) {
      throw new NappleError(
        "KEY_NOT_FOUND",
        `no metadata column "${options.color}" to colour by in the plotted objects`,
        { key: options.color },
      );
    }
  }
  return { layers, x0, x1 };
}
