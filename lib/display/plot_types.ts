/**
 * The shapes plots work with: what `nap.plot` accepts (structural views of napple objects, so
 * lib/display imports nothing from lib/core), its options, and the layers objects become.
 * @module
 */
import type { NDArray } from "../array/ndarray.ts";

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
