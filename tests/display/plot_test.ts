import { assert, assertEquals, assertThrows } from "../assert.ts";
import { NDArray } from "../../lib/array/ndarray.ts";
import { Metadata } from "../../lib/core/metadata.ts";
import { NappleError } from "../../lib/errors.ts";
import { SyntheticLazy } from "./synthetic_lazy.ts";
import {
  binMean,
  decimateMinMax,
  mergeBands,
  ndarrayReader,
  thinEvents,
} from "../../lib/display/plot_decimate.ts";
import { buildLayers } from "../../lib/display/plot_layers.ts";
import type { LineLayer, RasterLayer } from "../../lib/display/plot_types.ts";
import { plot } from "../../lib/display/plot.ts";
import { ensureXmlns } from "../../lib/display/plot_figure.ts";
import { seeded } from "../random.ts";

Deno.test("decimateMinMax keeps exactly each pixel's min and max, in time order", () => {
  const r = seeded(7);
  const n = 10_000, pixels = 97;
  const t = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) t[i] = acc += 0.001 + r() * 0.01; // irregular sampling
  const y = Float64Array.from({ length: n }, () => r() * 2 - 1);
  y[1234] = NaN;
  const x0 = t[0], x1 = t[n - 1];
  const [line] = decimateMinMax(t, ndarrayReader(new NDArray(y, [n])), {
    startRow: 0,
    endRow: n,
    x0,
    x1,
    pixels,
  });
  // Brute force, independently: per pixel min and max.
  const lo = new Array(pixels).fill(Infinity), hi = new Array(pixels).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(y[i])) continue;
    const p = Math.min(pixels - 1, Math.floor(((t[i] - x0) / (x1 - x0)) * pixels));
    lo[p] = Math.min(lo[p], y[i]);
    hi[p] = Math.max(hi[p], y[i]);
  }
  const expected = lo.flatMap((v, p) => [v, hi[p]].sort((a, b) => a - b));
  const got: number[] = [];
  for (let p = 0; p < pixels; p++) {
    const inPixel: number[] = [];
    for (let k = 0; k < line.t.length; k++) {
      const q = Math.min(pixels - 1, Math.floor(((line.t[k] - x0) / (x1 - x0)) * pixels));
      if (q === p) inPixel.push(line.y[k]);
    }
    got.push(...inPixel.sort((a, b) => a - b));
  }
  assertEquals(got, expected);
  for (let k = 1; k < line.t.length; k++) assert(line.t[k] > line.t[k - 1], "time order");
  // Every kept point is a real sample.
  for (let k = 0; k < line.t.length; k++) {
    const i = t.indexOf(line.t[k]);
    assert(i >= 0 && y[i] === line.y[k], "kept point is a sample");
  }
});

Deno.test("decimateMinMax keeps every row when there are few per pixel, per column", () => {
  const t = Float64Array.from([0, 1, 2, 3]);
  const d = new NDArray(Float64Array.from([1, 10, 2, 20, 3, 30, 4, 40]), [4, 2]);
  const lines = decimateMinMax(t, ndarrayReader(d), {
    startRow: 1,
    endRow: 4,
    x0: 0,
    x1: 3,
    pixels: 640,
  });
  assertEquals(lines.map((l) => Array.from(l.y)), [[2, 3, 4], [20, 30, 40]]);
  assertEquals(Array.from(lines[0].t), [1, 2, 3]);
});

Deno.test("decimateMinMax widens int64 values and reads lazy data in bounded batches", () => {
  const n = 1_000_000;
  const t = Float64Array.from({ length: n }, (_, i) => i / 1000);
  const lazy = new SyntheticLazy([n], (i) => Math.sin(i / 5000) + (i === 777_777 ? 100 : 0));
  const [line] = decimateMinMax(t, lazy, {
    startRow: 0,
    endRow: n,
    x0: 0,
    x1: t[n - 1],
    pixels: 500,
    batchRows: 50_000,
  });
  assert(lazy.maxRows <= 50_000, `largest read ${lazy.maxRows} rows`);
  assertEquals(lazy.stats.bytesRead, n * 8);
  assert(line.t.length <= 1000, `${line.t.length} points for 500 pixels`);
  assertEquals(Math.max(...line.y), 100 + Math.sin(777_777 / 5000)); // a one-sample spike survives

  const big = new NDArray(BigInt64Array.from([5n, -3n, 9n]), [3], "int64");
  const [l2] = decimateMinMax(Float64Array.from([0, 1, 2]), ndarrayReader(big), {
    startRow: 0,
    endRow: 3,
    x0: 0,
    x1: 2,
    pixels: 10,
  });
  assertEquals(Array.from(l2.y), [5, -3, 9]);
});

Deno.test("thinEvents keeps one event per pixel inside the range; mergeBands merges only sub-pixel gaps", () => {
  const t = Float64Array.from([0, 0.001, 0.002, 0.5, 0.9, 1.5, 2]);
  assertEquals(Array.from(thinEvents(t, 0, 1, 10)), [0, 0.5, 0.9]);
  // Few intervals: drawn one by one (clipped to the range).
  const few = mergeBands([0, 2, 5], [1, 3, 20], 0, 10, 100);
  assertEquals([Array.from(few.start), Array.from(few.end)], [[0, 2, 5], [1, 3, 10]]);
  // Many intervals closer than a pixel: merged.
  const s = Array.from({ length: 1000 }, (_, i) => i * 0.01);
  const e = s.map((x) => x + 0.005);
  const many = mergeBands(s, e, 0, 10, 50);
  assertEquals(many.start.length, 1);
  assertEquals([many.start[0], many.end[0]], [0, e[999]]);
});

Deno.test("binMean averages rows into time bins", () => {
  const t = Float64Array.from([0, 1, 2, 3]);
  const d = new NDArray(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]), [4, 2]);
  const { mean, edges } = binMean(t, ndarrayReader(d), 0, 4, 0, 4, 2);
  assertEquals(Array.from(mean), [2, 3, 6, 7]);
  assertEquals(Array.from(edges), [0, 2, 4]);
});

const n = 5000;
const t = Float64Array.from({ length: n }, (_, i) => i / 100);
const tsd = { t, shape: [n], values: new NDArray(Float64Array.from(t, Math.sin), [n]) };
const frame = {
  t,
  shape: [n, 2],
  values: new NDArray(Float64Array.from({ length: 2 * n }, (_, i) => (i % 2) + Math.cos(i / 300)), [
    n,
    2,
  ]),
  columns: ["x", "y"],
  metadata: Metadata.from(2, { axis: ["horizontal", "vertical"] }),
};
const epochs = {
  start: Float64Array.from([5, 20]),
  end: Float64Array.from([10, 30]),
  metadata: Metadata.from(2, { label: ["wake", "sleep"] }),
};
const group = {
  keys: () => [3, 7],
  get: (k: number) => ({ t: Float64Array.from({ length: 40 }, (_, i) => i + k / 10) }),
  metadata: Metadata.from(2, { location: ["CA1", "PFC"] }),
};

Deno.test("buildLayers: lines, raster colour and bands over a shared time range", () => {
  const { layers, x0, x1 } = buildLayers([frame, group, epochs], {
    color: "location",
    timeRange: [0, 25],
    width: 200,
  });
  assertEquals([x0, x1], [0, 25]);
  const [line, raster, bands] = layers as [LineLayer, RasterLayer, ReturnType<typeof Object>];
  assertEquals(line.series, ["x", "y"]);
  assert(line.x.every((x) => x >= 0 && x <= 25), "lines clipped to the range");
  assertEquals(raster.units, ["3", "7"]);
  assertEquals(new Set<unknown>(raster.color), new Set(["CA1", "PFC"]));
  assertEquals(raster.rows, 25 + 25); // events i + 0.3 and i + 0.7 (i = 0..24) of units 3 and 7
  assertEquals(Array.from((bands as { end: Float64Array }).end), [10, 25]);
});

Deno.test("plot() errors name the problem", async () => {
  await assertRejectsCode(() => plot(tsd, { color: "nope" }), "KEY_NOT_FOUND");
  await assertRejectsCode(() => plot(frame, { columns: ["z"] }), "KEY_NOT_FOUND");
  await assertRejectsCode(() => plot(42 as never), "INVALID_ARGUMENT");
  await assertRejectsCode(() => plot(tsd, { timeRange: [3, 1] }), "INVALID_ARGUMENT");
  await assertRejectsCode(() => plot(tsd, { width: 10 }), "INVALID_ARGUMENT");
  assertThrows(() => ensureXmlns("<div></div>"), NappleError);
  // Wrong option types are named, never a TypeError from inside the drawing code.
  for (
    const bad of [
      { columns: 5 },
      { slice: "a" },
      { timeRange: "x" },
      { width: "wide" },
      { layout: "grid" },
      { decimate: 1 },
      { colour: "x" },
    ]
  ) {
    await assertRejectsCode(() => plot(frame, bad as never), "INVALID_ARGUMENT");
  }
});

async function assertRejectsCode(fn: () => Promise<unknown>, code: string): Promise<void> {
  try {
    await fn();
  } catch (e) {
    assert(e instanceof NappleError, `expected NappleError, got ${e}`);
    assertEquals(e.code, code);
    return;
  }
  throw new Error("expected a rejection");
}

function countTag(svg: string, tag: string): number {
  return svg.match(new RegExp(`<${tag}\\b`, "g"))?.length ?? 0;
}

Deno.test("plot() renders a standalone SVG: lines, bands, ticks, legend, display bundle", async () => {
  const fig = await plot([frame, group, epochs], { color: "location", title: "session" });
  const svg = fig.toSVG();
  assert(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'), svg.slice(0, 80));
  assert(svg.includes(">session</text>"), "title");
  for (const label of ["x", "y", "CA1", "PFC"]) assert(svg.includes(`>${label}</text>`), label);
  // Two line paths with real geometry, two bands per panel, 80 ticks.
  const paths = [...svg.matchAll(/<path[^>]* d="M([^"]+)"/g)].map((m) => m[1]);
  assert(paths.filter((d) => d.split("L").length > 100).length >= 2, "two long line paths");
  assert(countTag(svg, "line") >= 80, "ticks");
  assertEquals(fig.summary.kinds, ["line", "raster", "bands"]);
  const display = (fig as unknown as Record<symbol, () => Record<string, string>>)[
    Symbol.for("Jupyter.display")
  ];
  const bundle = display.call(fig);
  assertEquals(Object.keys(bundle).sort(), ["image/svg+xml", "text/plain"]);
  assertEquals(bundle["image/svg+xml"], svg);
  // A well-formed XML document: the browser-independent parser in linkedom reads it back.
  const { DOMParser } = await import("linkedom");
  const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
  assertEquals(doc.documentElement?.tagName.toLowerCase(), "svg");
});

Deno.test("plot() of a TsdTensor draws a heatmap and a frame; tables draw lines or bars", async () => {
  const tensor = {
    t: t.slice(0, 50),
    shape: [50, 3, 4],
    values: new NDArray(Float64Array.from({ length: 600 }, (_, i) => i), [50, 3, 4]),
  };
  const heat = await plot(tensor, { slice: [1] });
  assertEquals(heat.summary.points, 50 * 4);
  // Values 4..7 (+12 per row) of slice 1: the ramp legend spans their range.
  const svg = heat.toSVG();
  assert(/<linearGradient id="napple-ramp-[^"]+">(<stop [^>]+>){11}<\/linearGradient>/.test(svg));
  assert(svg.includes(">4</text>") && svg.includes(`>${49 * 12 + 7}</text>`), "ramp extremes");
  const frameFig = await plot(tensor, { at: 0.2 });
  assertEquals(frameFig.summary.points, 12);
  await assertRejectsCode(() => plot(tensor, { slice: [5] }), "INDEX_OUT_OF_RANGE");
  const table = { index: [0, 1, 2], columns: [1, 2], values: [1, 2, 3, 4, 5, 6] };
  const bars = await plot(table, { kind: "bars" });
  assertEquals(countTag(bars.toSVG(), "rect") >= 6, true);
  await assertRejectsCode(
    () => plot({ index: [0, 1], columns: [1, 2], values: [1, 2, 3] }),
    "SHAPE_MISMATCH",
  );
});

Deno.test("a 2M-sample lazy Tsd plots from bounded reads into a small SVG", async () => {
  const m = 2_000_000;
  const tt = new Float64Array(m);
  for (let i = 0; i < m; i++) tt[i] = i / 20000;
  const lazy = new SyntheticLazy([m], (i) => Math.sin(i / 1e4) + ((i * 7919) % 101) / 500);
  const fig = await plot({ t: tt, shape: [m], values: lazy }, { width: 600 });
  assert(lazy.maxRows <= 65536, `largest read ${lazy.maxRows}`);
  assert(fig.summary.points <= 1200, `${fig.summary.points} points`);
  assertEquals(fig.summary.rows, m);
  assert(fig.toSVG().length < 60_000, `svg ${fig.toSVG().length} bytes`);
  // timeRange reads only the rows inside it.
  const before = lazy.stats.bytesRead;
  await plot({ t: tt, shape: [m], values: lazy }, { timeRange: [10, 11] });
  assertEquals(lazy.stats.bytesRead - before, 20001 * 8);
});

Deno.test("lines break between time-support intervals instead of bridging the gap", async () => {
  const tt = Float64Array.from({ length: 200 }, (_, i) => (i < 100 ? i / 10 : 20 + (i - 100) / 10));
  const series = {
    t: tt,
    shape: [200],
    values: new NDArray(Float64Array.from(tt, Math.sin), [200]),
    timeSupport: { start: Float64Array.from([0, 20]), end: Float64Array.from([9.9, 29.9]) },
  };
  const { layers } = buildLayers([series], {});
  const line = layers[0] as LineLayer;
  assertEquals(line.y.filter((v) => Number.isNaN(v)).length, 1);
  const fig = await plot(series);
  const d = [...fig.toSVG().matchAll(/<path[^>]* d="(M[^"]+)"/g)].map((m) => m[1])
    .find((p) => p.split("L").length > 50)!;
  assertEquals(d.split("M").length - 1, 2, "two sub-paths");
});

Deno.test("a numeric metadata column with many values colours on a continuous scale", async () => {
  const keys = Array.from({ length: 12 }, (_, i) => i);
  const many = {
    keys: () => keys,
    get: (k: number) => ({ t: Float64Array.from({ length: 20 }, (_, i) => i + k / 100) }),
    metadata: Metadata.from(12, {
      depth: keys.map((k) => 100 + 12.5 * k),
      region: keys.map((k) => (k < 6 ? "CA1" : "PFC")),
    }),
  };
  const { layers } = buildLayers([many], { color: "depth" });
  assertEquals((layers[0] as RasterLayer).color?.[0], 100);
  const svg = (await plot(many, { color: "depth" })).toSVG();
  assert(svg.includes("linearGradient") && svg.includes(">100</text>"), "ramp legend");
  assert(svg.includes(">237.5</text>"), "ramp maximum");
  const strokes = new Set([...svg.matchAll(/<line[^>]* stroke="([^"]+)"/g)].map((m) => m[1]));
  assert(strokes.size >= 10, `${strokes.size} distinct tick colours`);
  // Few distinct values stay categories, with swatches.
  const cat = (await plot(many, { color: "region" })).toSVG();
  assert(!cat.includes("linearGradient") && cat.includes(">CA1</text>"));
});

Deno.test("2-D tuning curves draw one heatmap per unit, leaving NaN bins empty", async () => {
  const tc = new Map([
    [3, new NDArray(Float64Array.from([1, 2, NaN, 4, 5, 6]), [2, 3])],
    [8, new NDArray(Float64Array.from([0, 0, 0, 0, 0, 9]), [2, 3])],
  ]);
  const obj = { tc, xy: [Float64Array.from([0.5, 1.5]), Float64Array.from([10, 20, 30])] as const };
  const { layers } = buildLayers([obj], {});
  const grid = layers[0] as { kind: string; v: Float64Array; facets: string[]; x1: Float64Array };
  assertEquals(grid.kind, "grid");
  assertEquals(grid.facets, ["3", "8"]);
  assertEquals(grid.v.length, 11);
  assertEquals([grid.x1[0], grid.x1[3]], [0, 1]);
  const svg = (await plot(obj)).toSVG();
  assert(svg.includes(">3</text>") && svg.includes(">8</text>"), "facet labels");
  assert(countTag(svg, "rect") >= 11);
  await assertRejectsCode(
    () => plot({ tc: new Map([[1, new NDArray(new Float64Array(4), [4])]]), xy: obj.xy }),
    "SHAPE_MISMATCH",
  );
});

Deno.test("a PlotFigure prints as its one-line summary and saves a standalone SVG", async () => {
  const fig = await plot(tsd);
  const { inspect } = await import("node:util");
  assertEquals(Deno.inspect(fig), fig.toString());
  assert(inspect(fig).length < 200);
  const path = Deno.makeTempFileSync({ suffix: ".svg" });
  fig.save(path);
  assertEquals(Deno.readTextFileSync(path), fig.toSVG());
  Deno.removeSync(path);
  assertThrows(() => fig.save("/nonexistent-dir/x.svg"), NappleError);
});
