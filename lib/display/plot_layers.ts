/**
 * Turns napple objects into plot layers: plain arrays, already reduced to what the picture needs
 * (per-pixel min/max for lines, one tick per pixel for rasters, merged bands, binned heatmaps).
 * Objects are recognised structurally (from lib/core only the leaf time_index.ts is imported, for
 * its binary searches, so there is no cycle), and nothing here loads Observable Plot: that happens
 * only when a layer is rendered.
 * @module
 */
import { NappleError } from "../errors.ts";
import { lowerBound, upperBound } from "../core/time_index.ts";
import { type DecimatedLine, decimateMinMax, mergeBands, thinEvents } from "./plot_decimate.ts";
import { heatmapLayer } from "./plot_heatmap.ts";
import {
  classify,
  colorColumn,
  label,
  metaColumn,
  rowRange,
  seriesReader,
  timeExtent,
} from "./plot_input.ts";
import { gridLayer, tableLayer } from "./plot_tables.ts";
import type {
  BandLayer,
  Layer,
  LineLayer,
  PlotGroup,
  PlotIntervals,
  PlotOptions,
  PlotSeries,
  PlotTable,
  Plottable,
  PlotTuning2d,
  RasterLayer,
} from "./plot_types.ts";

export type * from "./plot_types.ts";
export { classify, gridLayer, heatmapLayer, seriesReader, tableLayer, timeExtent };

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
