/**
 * `deno task demo`: a tour of napple on the bundled test data (testdata/). Loads an NWB file
 * lazily and an npz file, prints them the way pynapple does, restricts and slices, computes
 * tuning curves and a correlogram on the lazy data, and writes plots to /tmp.
 * @module
 */
import * as nap from "./mod.ts";

const here = new URL(".", import.meta.url).pathname;
const section = (title: string) => console.log(`\n=== ${title}\n`);

section("An NWB file, parsed lazily (nothing but timestamps is read)");
const data = nap.loadNwb(`${here}testdata/nwb/units_session.nwb`);
console.log(data.toString());

const units = data.get("units", nap.TsGroup);
const epochs = data.get("epochs", nap.IntervalSet);
const position = data.get("position", nap.TsdFrame);
console.log(units.toString());
console.log(epochs.toString());
console.log(position.toString());
const lazy = position.values;
if (!nap.isLazy(lazy)) throw new Error("an NWB series opened lazily keeps its values on disk");
console.log(
  `position.values is lazy: ${nap.isLazy(lazy)} (${lazy.source}), read so far: ` +
    `${lazy.stats.bytesRead} bytes`,
);

section("restrict and get read only the rows they need");
const wake = new nap.IntervalSet({ start: [epochs.start[0]], end: [epochs.end[0]] });
const onTrack = position.restrict(wake);
console.log(`position restricted to the wake epoch: ${onTrack.length} of ${position.length} rows`);
const chunk = position.get(10, 10.1);
console.log(chunk.toString());
console.log(`read so far: ${lazy.stats.bytesRead} bytes`);

section("An npz file written by pynapple");
console.log(String(nap.loadFile(`${here}testdata/npz/tsgroup_ts_metadata.npz`)));

section("Tuning curves on the lazy position (streamed in batches)");
// Column x stays lazy: a view that reads only that column of the NWB dataset, batch by batch.
const x = position.column("x");
const tc = nap.compute1dTuningCurves(units, x, 20);
console.log(tc.toString());
const acg = nap.computeAutocorrelogram(units, 0.01, 0.2, { ep: wake });

section("Plots (written to /tmp)");
const figures: [string, nap.PlotFigure][] = [
  [
    "napple_demo_position.svg",
    await nap.plot([position, epochs], { title: "position with epochs", color: "tags" }),
  ],
  [
    "napple_demo_raster.svg",
    await nap.plot([units, epochs], { title: "units by cell type", color: "cell_type" }),
  ],
  ["napple_demo_tuning.svg", await tc.plot({ title: "place fields (rate vs x)" })],
  ["napple_demo_acg.svg", await acg.plot({ kind: "bars", title: "autocorrelograms", width: 800 })],
];
for (const [name, fig] of figures) {
  fig.save(`/tmp/${name}`);
  console.log(`/tmp/${name}: ${fig}`);
}
