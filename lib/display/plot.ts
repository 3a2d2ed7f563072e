/**
 * `nap.plot(...)`: draws napple objects with Observable Plot on a linkedom DOM and returns a
 * {@linkcode PlotFigure}. Plot and linkedom are imported on the first call only (they cost
 * ~200 ms to load), so importing napple stays light; plotting is therefore async.
 *
 * Layout: IntervalSets are bands behind every time panel; Tsd/TsdFrame lines share one panel,
 * Ts/TsGroup rasters another, each TsdTensor heatmap and each table gets its own, 2-D tuning
 * curves a grid of small heatmaps; panels stack vertically on one shared time axis. Every panel is
 * its own Plot SVG, nested in one outer SVG that also holds the title and the legends (Plot's
 * own categorical legends are HTML, which a standalone .svg file cannot hold).
 * @module
 */
import { NappleError } from "../errors.ts";
import { PlotFigure } from "./plot_figure.ts";
import { checkPlotOptions } from "./plot_options.ts";
import { compose, legendItems } from "./plot_svg.ts";
import { buildLayers } from "./plot_layers.ts";
import type {
  BandLayer,
  HeatmapLayer,
  Layer,
  LineLayer,
  PlotOptions,
  Plottable,
  RasterLayer,
} from "./plot_types.ts";

// deno-lint-ignore no-explicit-any
type PlotModule = any;
// deno-lint-ignore no-explicit-any
type Element = any;

let loaded:
  | Promise<{ Plot: PlotModule; parseHTML: (html: string) => { document: unknown } }>
  | undefined;

/** Loads Observable Plot and linkedom once. */
function loadPlot(): Promise<
  { Plot: PlotModule; parseHTML: (html: string) => { document: unknown } }
> {
  loaded ??= (async () => {
    const [Plot, dom] = await Promise.all([import("@observablehq/plot"), import("linkedom")]);
    return { Plot, parseHTML: dom.parseHTML as unknown as (html: string) => { document: unknown } };
  })();
  return loaded;
}

const BAND_FILL = "#9ecae1";
const GRID_COLUMNS = 4;

interface Panel {
  layers: Layer[];
  time: boolean;
  height: number;
}

function panelsOf(layers: Layer[], options: PlotOptions): Panel[] {
  const bands = layers.filter((l): l is BandLayer => l.kind === "bands");
  const lines = layers.filter((l): l is LineLayer => l.kind === "line" && l.time);
  const rasters = layers.filter((l): l is RasterLayer => l.kind === "raster");
  const panels: Panel[] = [];
  const h = options.height;
  if (lines.length) {
    const stacked = lines.some((l) => l.stack);
    const nseries = lines.reduce((a, l) => a + l.series.length, 0);
    panels.push({
      layers: [...bands, ...lines],
      time: true,
      height: h ?? (stacked ? Math.max(260, Math.min(80 * nseries, 640)) : 260),
    });
  }
  if (rasters.length) {
    const units = rasters.reduce((a, l) => a + l.units.length, 0);
    panels.push({
      layers: [...bands, ...rasters],
      time: true,
      height: h ?? Math.max(90, Math.min(40 + 16 * units, 420)),
    });
  }
  for (const l of layers) {
    if (l.kind === "heatmap") {
      panels.push({
        layers: l.time ? [l, ...bands] : [l],
        time: l.time,
        height: h ?? Math.max(140, Math.min(40 + 12 * l.nrows, 420)),
      });
    } else if ((l.kind === "line" && !l.time) || l.kind === "bars") {
      const stacked = (l.kind === "line" && l.stack) || (l.kind === "bars" && l.series.length > 1);
      panels.push({
        layers: [l],
        time: false,
        height: h ?? (stacked ? Math.max(260, Math.min(50 * l.series.length, 900)) : 260),
      });
    }
  }
  for (const l of layers) {
    if (l.kind !== "grid" || l.facets.length === 0) continue;
    const cols = Math.min(GRID_COLUMNS, l.facets.length);
    const rows = Math.ceil(l.facets.length / cols);
    const side = Math.max(60, ((options.width ?? 640) - 70) / cols);
    panels.push({
      layers: [l],
      time: false,
      height: h ?? Math.round(Math.min(60 + rows * side, 1600)),
    });
  }
  if (panels.length === 0 && bands.length) {
    panels.push({ layers: bands, time: true, height: h ?? 90 });
  }
  return panels;
}

function marksOf(Plot: PlotModule, panel: Panel, stacked: boolean): unknown[] {
  const marks: unknown[] = [];
  for (const l of panel.layers) {
    const len = { length: 0 };
    switch (l.kind) {
      case "bands":
        len.length = l.start.length;
        marks.push(Plot.rectX(len, {
          x1: l.start,
          x2: l.end,
          fill: l.color ?? BAND_FILL,
          fillOpacity: 0.35,
        }));
        break;
      case "line": {
        len.length = l.x.length;
        const many = l.series.length > 1 || l.colorOf !== undefined;
        const stroke = l.colorOf
          ? l.z.map((s) => l.colorOf!.get(s) ?? s)
          : many
          ? l.z
          : "steelblue";
        marks.push(Plot.line(len, {
          x: l.x,
          y: l.y,
          z: l.z,
          stroke,
          strokeWidth: 1,
          fy: stacked ? l.z : undefined,
        }));
        break;
      }
      case "raster":
        len.length = l.x.length;
        marks.push(Plot.tickX(len, {
          x: l.x,
          y: l.y,
          stroke: l.color ?? "steelblue",
          strokeWidth: 1,
        }));
        break;
      case "heatmap":
        len.length = l.v.length;
        marks.push(Plot.rect(len, {
          x1: l.x1,
          x2: l.x2,
          y1: l.y,
          y2: Array.from(l.y, (v) => v + 1),
          fill: l.v,
          inset: 0,
          shapeRendering: "crispEdges", // no hairline gaps between neighbouring cells
        }));
        break;
      case "grid": {
        len.length = l.v.length;
        const cols = Math.min(GRID_COLUMNS, l.facets.length);
        marks.push(Plot.rect(len, {
          x1: l.x1,
          x2: l.x2,
          y1: l.y1,
          y2: l.y2,
          fill: l.v,
          fx: Array.from(l.facet, (f) => f % cols),
          fy: Array.from(l.facet, (f) => Math.floor(f / cols)),
          inset: 0,
          shapeRendering: "crispEdges",
        }));
        marks.push(Plot.text(l.facets, {
          fx: (_: string, i: number) => i % cols,
          fy: (_: string, i: number) => Math.floor(i / cols),
          text: (d: string) => d,
          frameAnchor: "top-left",
          dx: 3,
          dy: 3,
          fill: "white",
          stroke: "black",
          strokeWidth: 2,
          paintOrder: "stroke",
        }));
        marks.push(Plot.frame({ stroke: "#ccc" }));
        break;
      }
      case "bars":
        len.length = l.y.length;
        marks.push(Plot.rectY(len, {
          x1: l.x1,
          x2: l.x2,
          y: l.y,
          fill: l.series.length > 1 ? l.z : "steelblue",
          fy: l.series.length > 1 ? l.z : undefined,
          insetLeft: 0.5,
          insetRight: 0.5,
        }));
        break;
    }
  }
  return marks;
}

function renderPanel(
  Plot: PlotModule,
  document: unknown,
  panel: Panel,
  width: number,
  x0: number,
  x1: number,
  options: PlotOptions,
  colorDomain: string[],
): Element {
  const heat = panel.layers.find((l): l is HeatmapLayer => l.kind === "heatmap");
  const grid = panel.layers.some((l) => l.kind === "grid");
  const raster = panel.layers.filter((l): l is RasterLayer => l.kind === "raster");
  const stacked = panel.layers.some((l) =>
    (l.kind === "line" && l.stack) || (l.kind === "bars" && l.series.length > 1)
  );
  const spec: Record<string, unknown> = {
    document,
    width,
    height: panel.height,
    marginLeft: 50,
    marginRight: stacked ? 60 : 20,
    marks: marksOf(Plot, panel, stacked),
  };
  if (grid) {
    // Small multiples: one square heatmap per unit, sharing axes and the colour scale.
    Object.assign(spec, {
      fx: { axis: null, padding: 0.2 }, // room between neighbours' tick labels
      fy: { axis: null, padding: 0.12 },
      x: { label: options.xLabel ?? "feature 0", ticks: 3 },
      y: { label: options.yLabel ?? "feature 1", ticks: 3 },
      color: { type: "linear", scheme: "viridis" },
    });
    return Plot.plot(spec);
  }
  if (panel.time) spec.x = { domain: [x0, x1], label: "Time (s)" };
  else if (heat) spec.x = { label: "column" };
  if (raster.length) {
    const units = raster.flatMap((l) => l.units);
    const every = Math.ceil(units.length / 20);
    spec.y = {
      type: "band",
      domain: units,
      label: options.yLabel ?? "unit",
      ticks: units.filter((_, i) => i % every === 0),
    };
  } else if (heat) {
    // Cells span [k, k + 1): label each row (and frame column) at its centre.
    const centres = (n: number) => {
      const every = Math.ceil(n / 12);
      return Array.from({ length: n }, (_, k) => k + 0.5).filter((_, k) => k % every === 0);
    };
    const fmt = (d: number) => String(d - 0.5);
    spec.y = {
      label: options.yLabel ?? (heat.time ? "feature" : "row"),
      reverse: !heat.time,
      ticks: centres(heat.nrows),
      tickFormat: fmt,
    };
    if (!heat.time) {
      const ncols = Math.max(1, Math.round(heat.v.length / heat.nrows));
      spec.x = { label: "column", ticks: centres(ncols), tickFormat: fmt };
    }
    spec.color = { type: "linear", scheme: "viridis" };
  } else {
    spec.y = { nice: true, label: options.yLabel, ticks: stacked ? 2 : undefined };
  }
  if (stacked) {
    // Facets in the objects' own order (Plot would sort the labels as strings: 0, 1, 10, 11, 2...).
    const order = panel.layers.flatMap((l) =>
      (l.kind === "line" || l.kind === "bars") ? l.series : []
    );
    spec.fy = { label: null, domain: [...new Set(order)] };
  }
  const colored = panel.layers.some((l) =>
    (l.kind === "line" && (l.series.length > 1 || l.colorOf)) ||
    (l.kind === "raster" && l.color) || (l.kind === "bands" && l.color) ||
    (l.kind === "bars" && l.series.length > 1)
  );
  // One colour domain for every panel, so a colour means the same thing in all of them.
  // More than 10 categories would repeat the 10-colour palette: spread them over a rainbow.
  const continuous = panel.layers.some((l) =>
    (l.kind === "raster" || l.kind === "bands") && l.color !== undefined && isNumeric(l.color)
  );
  if (continuous && !heat) {
    spec.color = { type: "linear", scheme: "turbo" };
  } else if (colored && !heat) {
    spec.color = colorDomain.length > 10
      ? { type: "ordinal", scheme: "turbo", domain: colorDomain }
      : { type: "categorical", domain: colorDomain };
  }
  return Plot.plot(spec);
}

function isNumeric(c: readonly unknown[]): boolean {
  return c.length > 0 && typeof c[0] === "number";
}

function colorDomainOf(layers: Layer[]): string[] {
  const seen = new Set<string>();
  const add = (xs: Iterable<string>) => {
    for (const x of xs) seen.add(x);
  };
  for (const l of layers) {
    if (l.kind === "line") {
      if (l.colorOf) add(l.series.map((s) => l.colorOf!.get(s) ?? s));
      else if (l.series.length > 1) add(l.series);
    } else if ((l.kind === "raster" || l.kind === "bands") && l.color && !isNumeric(l.color)) {
      add(l.color as string[]);
    } else if (l.kind === "bars" && l.series.length > 1) add(l.series);
  }
  return [...seen];
}

function isOptions(x: unknown): x is PlotOptions {
  return typeof x === "object" && x !== null && !Array.isArray(x) &&
    Object.getPrototypeOf(x) === Object.prototype &&
    !["t", "start", "index", "keys", "tc"].some((k) => k in x);
}

/**
 * Plots one object, or several overlaid on a shared time axis (e.g. a Tsd with IntervalSet bands
 * and a TsGroup raster).
 *
 * Tsd → line; TsdFrame → one line per column (`layout: "stack"` for small multiples); TsdTensor →
 * heatmap (`slice`, or `at` for one frame); Ts / TsGroup → raster (`color: "<metadata column>"`);
 * IntervalSet → bands; tables (tuning curves, correlograms) → lines or bars (`kind: "bars"`);
 * 2-D tuning curves → one heatmap per unit.
 * Long series are reduced to min/max per horizontal pixel before drawing.
 *
 * @example A series with its epochs, saved as SVG
 * ```ts
 * import * as nap from "jsr:@napple/napple";
 * const t = Array.from({ length: 600 }, (_, i) => i / 10);
 * const speed = new nap.Tsd({ t, d: t.map((x) => Math.abs(Math.sin(x / 7))) });
 * const epochs = new nap.IntervalSet({ start: [5, 30], end: [15, 45] });
 * const fig = await nap.plot([speed, epochs], { title: "speed", timeRange: [0, 60] });
 * fig.save("/tmp/speed.svg");
 * ```
 */
export async function plot(
  objects: Plottable | readonly Plottable[],
  opts: PlotOptions = {},
): Promise<PlotFigure> {
  const options = checkPlotOptions(opts);
  if (isOptions(objects)) {
    throw new NappleError("INVALID_ARGUMENT", "plot() needs an object to draw as first argument");
  }
  const objs = (Array.isArray(objects) ? objects : [objects]) as Plottable[];
  if (objs.length === 0) throw new NappleError("INVALID_ARGUMENT", "plot() got an empty list");
  const width = Math.floor(options.width ?? 640);
  if (!(width >= 50)) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      `plot width must be at least 50 pixels, got ${options.width}`,
    );
  }
  // Layers first (pure data, may read lazy rows), then Plot.
  const { layers, x0, x1 } = buildLayers(objs, { ...options, width });
  const panels = panelsOf(layers, options);
  const { Plot, parseHTML } = await loadPlot();
  const { document } = parseHTML("<!DOCTYPE html><html><head></head><body></body></html>");
  const domain = colorDomainOf(layers);
  const svgs = panels.map((p) => renderPanel(Plot, document, p, width, x0, x1, options, domain));
  const legend = legendItems(svgs);
  const { svg, height } = compose(svgs, width, options.title, legend);
  const points = layers.reduce(
    (a, l) =>
      a +
      (l.kind === "bands"
        ? l.start.length
        : l.kind === "heatmap" || l.kind === "grid"
        ? l.v.length
        : l.y.length),
    0,
  );
  return new PlotFigure(svg, {
    kinds: layers.map((l) => l.kind),
    width,
    height,
    points,
    rows: layers.reduce((a, l) => a + l.rows, 0),
  });
}

export type { PlotOptions, Plottable };
