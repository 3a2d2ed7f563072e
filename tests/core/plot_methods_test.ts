// `.plot(options)` on every object draws exactly what `nap.plot(obj, options)` draws.
import { assert, assertEquals, assertRejects } from "../assert.ts";
import * as nap from "../../mod.ts";
import { NappleError } from "../../lib/errors.ts";

const ep = new nap.IntervalSet({ start: [0, 6], end: [4, 9.5], metadata: { label: ["a", "b"] } });
const t = Array.from({ length: 200 }, (_, i) => i * 0.05);
const tsd = new nap.Tsd({ t, d: t.map((x) => Math.sin(x)) });
const frame = new nap.TsdFrame({
  t,
  d: t.map((x) => [Math.sin(x), Math.cos(x), x / 10]),
  columns: ["s", "c", "r"],
  metadata: { kind: ["trig", "trig", "ramp"] },
});
const tensor = new nap.TsdTensor({
  t: t.slice(0, 20),
  d: t.slice(0, 20).map((x) => [[x, 2 * x], [3 * x, -x]]),
});
const ts = new nap.Ts({ t: [0.5, 1.2, 3.3, 7.5] });
const group = new nap.TsGroup(
  { 1: new nap.Ts({ t: [0.1, 2, 5] }), 4: new nap.Ts({ t: [1, 1.5, 8, 9] }) },
  { metadata: { area: ["ca1", "pfc"] } },
);
const table = new nap.LabeledTable(
  [0.5, 1.5, 2.5],
  [1, 4],
  Float64Array.from([1, 2, 3, 4, 5, 6]),
  { floatIndex: true },
);

const cases: [string, { plot(o?: nap.PlotOptions): Promise<nap.PlotFigure> }, nap.PlotOptions][] = [
  ["Ts", ts, {}],
  ["Tsd", tsd, { title: "sin", timeRange: [1, 8] }],
  ["TsdFrame", frame, { layout: "stack", color: "kind" }],
  ["TsdTensor", tensor, { slice: [1] }],
  ["TsGroup", group, { color: "area" }],
  ["IntervalSet", ep, { color: "label" }],
  ["LabeledTable", table, { kind: "bars" }],
];

/** The SVG with its per-figure unique ids (colour-ramp gradients) replaced by a placeholder. */
function svgOf(fig: nap.PlotFigure): string {
  return fig.toSVG().replace(/napple-ramp-[0-9]+-[0-9a-z]+/g, "napple-ramp-ID");
}

for (const [name, obj, options] of cases) {
  Deno.test(`${name}.plot(options) is nap.plot(${name}, options)`, async () => {
    const viaMethod = await obj.plot(options);
    const viaFunction = await nap.plot(obj as unknown as nap.Plottable, options);
    assert(viaMethod instanceof nap.PlotFigure);
    assert(viaMethod.toSVG().includes("<svg"), "an SVG");
    assertEquals(svgOf(viaMethod), svgOf(viaFunction));
    assertEquals(viaMethod.summary, viaFunction.summary);
    // No options: the defaults, again identical to the function.
    assertEquals(svgOf(await obj.plot()), svgOf(await nap.plot(obj as unknown as nap.Plottable)));
  });
}

Deno.test("the methods draw the expected kind of layer", async () => {
  assertEquals((await tsd.plot()).summary.kinds, ["line"]);
  assertEquals((await ts.plot()).summary.kinds, ["raster"]);
  assertEquals((await group.plot()).summary.kinds, ["raster"]);
  assertEquals((await ep.plot()).summary.kinds, ["bands"]);
  assertEquals((await tensor.plot()).summary.kinds, ["heatmap"]);
  assertEquals((await table.plot({ kind: "bars" })).summary.kinds, ["bars"]);
  // 3 columns of 200 samples: fewer than pixels, so every point is drawn.
  assertEquals((await frame.plot()).summary.points, 600);
});

Deno.test("a bad option through the method is the same NappleError as through nap.plot", async () => {
  const e = await assertRejects(
    () => tsd.plot({ widht: 300 } as unknown as nap.PlotOptions),
    NappleError,
  );
  assert(/widht/.test((e as Error).message), (e as Error).message);
  await assertRejects(() => group.plot({ color: "nope" }), NappleError);
});
