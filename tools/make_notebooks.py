#!/usr/bin/python3
"""Writes the notebooks in notebooks/ from the cell lists below (their source of truth), without
outputs. Then execute them in the Deno kernel, which fills the outputs that get committed:

    /usr/bin/python3 tools/make_notebooks.py && /usr/bin/python3 tools/run_notebook.py notebooks/*.ipynb
"""
import os
import sys

import nbformat

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "notebooks")


def md(text):
    return nbformat.v4.new_markdown_cell(text.strip("\n"))


def code(text):
    return nbformat.v4.new_code_cell(text.strip("\n"))


QUICKSTART = [
    md("""
# napple quickstart

napple is [pynapple](https://pynapple.org) for Deno: the same time-series objects, the same
printouts, lazy NWB and npz loading, and plots. This notebook runs in the Deno Jupyter kernel
(`deno jupyter --install`) from a checkout of the repository: it imports the library through the
project's `deno.json`.
"""),
    code("""
import * as nap from "../mod.ts";
"""),
    md("""
## Objects

`Tsd` is a time series: timestamps `t` (seconds, always in memory, rounded to 9 decimals) and
values `d`. Displayed in the kernel, objects show pynapple's table as HTML.
"""),
    code("""
// A small deterministic random generator, so the notebook gives the same output every run.
let seed = 42;
const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);

const t = Array.from({ length: 1000 }, (_, i) => i / 10);
const tsd = new nap.Tsd({ t, d: t.map((x) => Math.sin(x / 5) + 0.2 * (rand() - 0.5)) });
tsd
"""),
    md("""
A `TsdFrame` has one column per signal, here an animal's position on a circle; `IntervalSet`
holds epochs, with metadata; `TsGroup` gathers spike trains (`Ts`) under integer keys, with a
`rate` column computed for you and any other metadata.
"""),
    code("""
const position = new nap.TsdFrame({
  t,
  d: t.map((x) => [Math.cos(x / 8), Math.sin(x / 8)]),
  columns: ["x", "y"],
});
position
"""),
    code("""
const epochs = new nap.IntervalSet({
  start: [10, 55],
  end: [30, 85],
  metadata: { label: ["rest", "run"] },
});
epochs
"""),
    code("""
const spikes = (rate: number) => {
  const out: number[] = [];
  for (let s = rand() / rate; s < 100; s += -Math.log(1 - rand()) / rate) out.push(s);
  return new nap.Ts({ t: out });
};
const group = new nap.TsGroup(
  { 1: spikes(2), 2: spikes(5), 7: spikes(1), 12: spikes(8) },
  { metadata: { region: ["CA1", "CA1", "PFC", "PFC"] } },
);
group
"""),
    md("""
## restrict and get

`restrict(epochs)` keeps the samples inside the epochs (and makes them the new time support);
`get(start, end)` takes one time window.
"""),
    code("""
console.log(tsd.restrict(epochs).toString());
"""),
    code("""
position.get(10, 11)
"""),
    code("""
console.log(group.restrict(epochs).toString());
"""),
    md("""
## Plots

`await obj.plot(options)` draws one object with [Observable Plot](https://observablehq.com/plot)
and returns a figure the kernel shows as SVG (`fig.save("x.svg")` or `fig.toSVG()` in a script).
`await nap.plot([a, b], options)` overlays several on one time axis: epochs are bands behind the
lines and rasters. Long series are reduced to the minimum and maximum of each horizontal pixel
before drawing.
"""),
    code("""
await nap.plot([tsd, epochs], { title: "A Tsd with its epochs", color: "label" })
"""),
    code("""
await position.plot({ layout: "stack", title: "TsdFrame columns as small multiples" })
"""),
    code("""
await nap.plot([group, epochs], { color: "region", title: "TsGroup raster coloured by region" })
"""),
    code("""
const tensor = new nap.TsdTensor({
  t: t.slice(0, 200),
  d: t.slice(0, 200).map((x) => [0, 1].map((a) => [0, 1, 2].map((b) => Math.sin(x + a + b / 2)))),
});
await tensor.plot({ title: "TsdTensor (200 × 2 × 3) as a heatmap of its 6 features" })
"""),
    md("""
## Analysis results

Tuning curves and correlograms are tables (pynapple's DataFrames) and plot as lines, bars or, in
2-D, one heatmap per unit. Here on the bundled NWB session: 12 place cells on a linear track.
"""),
    code("""
const session = nap.loadFile("../testdata/nwb/units_session.nwb") as nap.NWBFile;
const units = session.get("units") as nap.TsGroup;
const track = session.get("position") as nap.TsdFrame; // lazy: streamed by the analysis
const tc2d = nap.compute2dTuningCurves(units, track, [12, 4]);
await nap.plot(tc2d, { title: "2-D tuning curves", xLabel: "x (cm)", yLabel: "y (cm)" })
"""),
    code("""
const acg = nap.computeAutocorrelogram(units.select([0, 1, 2, 3]), 0.01, 0.2);
await acg.plot({ kind: "bars", title: "Autocorrelograms of units 0-3" })
"""),
]


IO = [
    md("""
# Input-output & lazy-loading

This follows pynapple's user-guide page
[Input-output & lazy-loading](https://pynapple.org/user_guide/02_input_output.html) step by step,
in napple (Deno, TypeScript). napple loads NWB files, and pynapple's `npz` files, and each object
can be saved as an `npz` that pynapple reads back. The `Folder` class walks nested folders
(see the quickstart notebook).
"""),
    md("""
## NWB

When loading an NWB file, napple walks through it and checks which data structures are compatible
with a napple object; the others are ignored. `nap.loadFile(path)` (or `nap.loadNwb`) returns an
`NWBFile`. napple reads HDF5 with h5wasm: no pynwb, no Python.

pynapple's page downloads a recording from OSF; here a file bundled with the repository stands in
for it: `testdata/nwb/units_session.nwb` (12 place-cell-like units over 200 s, a position
`TsdFrame` on a linear track, and wake/sleep epochs).
"""),
    code("""
import * as nap from "../mod.ts";

const nwbPath = "../testdata/nwb/units_session.nwb";
const data = nap.loadFile(nwbPath) as nap.NWBFile;
console.log(data.toString());
"""),
    md("""
napple gives a table of all the entries of the NWB file that are compatible with a napple object.
When parsing the NWB file, nothing but the structure is read. The `NWBFile` keeps track of where
each entry lives in the file with a key and the object id, in `keyToId`:
"""),
    code("""
data.keyToId
"""),
    md("""
Loading an entry gets napple to build the object:
"""),
    code("""
const position = data.get("position") as nap.TsdFrame;
position
"""),
    md("""
While it looks like napple has loaded the data, it did not: the values are still an HDF5 dataset
on disk, a `LazyArray` (pynapple returns the h5py dataset). Only the rows shown above were read.
"""),
    code("""
const lazy = position.values as nap.LazyArray;
console.log(lazy.constructor.name, "lazy:", nap.isLazy(lazy));
console.log("source:", lazy.source);
console.log("bytes read so far:", lazy.stats.bytesRead, "of", lazy.shape[0] * lazy.shape[1] * 8);
"""),
    md("""
The time index, on the other hand, is always in memory:
"""),
    code("""
console.log(position.t.constructor.name, position.t.length);
"""),
    md("""
This is very useful for large datasets that do not fit in memory: you get a chunk of the data, and
only that chunk is read (one contiguous read, found by binary search on the timestamps).
"""),
    code("""
const chunk = position.get(67, 67.2); // 0.2 s of data
chunk
"""),
    md("""
The chunk is now in memory:
"""),
    code("""
console.log(chunk.values.constructor.name, "lazy:", nap.isLazy(chunk.values));
"""),
    md("""
You can still apply the analysis functions. Here we compute tuning curves of the units against the
animal's position x without loading the dataset: napple streams lazy data through its functions in
bounded batches (pynapple warns that its functions load everything; napple does not need to).

The feature must be 1-D, so we take column `x`. Like indexing a column of an h5py dataset in
pynapple, the column stays lazy: a view that reads only that column, and only when asked:
"""),
    code("""
const x = position.column("x");
const xValues = x.values as nap.LazyArray;
console.log(xValues.constructor.name, "lazy:", nap.isLazy(xValues), "shape:", xValues.shape);
"""),
    code("""
const units = data.get("units") as nap.TsGroup;
const tc = nap.compute1dTuningCurves(units, x, 10);
tc
"""),
    code("""
await tc.plot({ title: "Tuning curves: rate (Hz) against position x (cm)" })
"""),
    md("""
To change this behaviour, pass `lazyLoading: false` when opening the file: the values are then
read into memory.
"""),
    code("""
const eager = nap.loadFile(nwbPath, { lazyLoading: false }) as nap.NWBFile;
const positionInMemory = eager.get("position") as nap.TsdFrame;
console.log(positionInMemory.d.constructor.name, "lazy:", nap.isLazy(positionInMemory.d));
"""),
    md("""
## Saving as NPZ

napple objects have `save` methods that write them as npz files, in pynapple's layout (pynapple
loads them, and napple loads pynapple's).
"""),
    code("""
// The files of this section go to a fresh temporary folder, not into the repository.
const testdata = Deno.realPathSync("../testdata");
Deno.chdir(Deno.makeTempDirSync({ prefix: "napple_io_" }));
console.log("now working in a fresh temporary folder");
"""),
    code("""
const tsd = new nap.Tsd({ t: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], d: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] });
tsd.save("my_tsd.npz");
console.log(String(nap.loadFile("my_tsd.npz")));
"""),
    md("""
To be loaded as a napple object, an npz must contain a particular set of keys:
"""),
    code("""
// nap.NpzFile is numpy's np.load: the raw members of the archive.
console.log(String(nap.NpzFile.open("my_tsd.npz")));
"""),
    md("""
When the objects have metadata, it is added to the npz file:
"""),
    code("""
const tsgroup = new nap.TsGroup(
  { 0: new nap.Ts({ t: [0, 1, 2] }), 1: new nap.Ts({ t: [0, 1, 2] }) },
  { metadata: { my_label: ["a", "b"] } },
);
tsgroup.save("group");
console.log(String(nap.NpzFile.open("group.npz")));
"""),
    md("""
By default, it goes in the `_metadata` member, a pickled dict of arrays (napple reads it with a
restricted unpickler that accepts only numpy arrays, and writes it so that pynapple reads it):
"""),
    code("""
nap.NpzFile.open("group.npz").get("_metadata")
"""),
    md("""
## Memory map

### numpy-style memory map

napple can work with memory-mapped raw binary files (`nap.memmap`, numpy's `np.memmap`): the
file is read row range by row range.
"""),
    code("""
let seed = 1;
const randn = () => {
  // Box-Muller on a small deterministic generator (same output every run)
  const u = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) + 1) / (2 ** 32 + 1);
  return Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
};
const mm = nap.memmap("memmap.dat", { dtype: "float32", mode: "w+", shape: [10, 3] });
mm.set(Array.from({ length: 10 }, () => [randn(), randn(), randn()]));
const timestep = Array.from({ length: 10 }, (_, i) => i);
console.log(String(mm));
"""),
    md("""
Building a `TsdFrame` keeps the data as a memory map:
"""),
    code("""
const eeg = new nap.TsdFrame({ t: timestep, d: mm });
eeg
"""),
    md("""
We can check the type of `eeg.values`:
"""),
    code("""
console.log(eeg.values.constructor.name, "lazy:", nap.isLazy(eeg.values));
"""),
    md("""
### Zarr

Higher-level array libraries such as [zarr](https://zarr.dev) work too. Here a 10000 × 5 int32
zarr array in chunks of 1000 rows is written to disk with zarrita, then opened lazily.
"""),
    code("""
await nap.writeZarr("my_array.zarr", new nap.NDArray(new Int32Array(10000 * 5), [10000, 5]), {
  chunks: [1000, 5],
});
const zarrArray = await nap.openZarr("my_array.zarr");
const zTimestep = Array.from({ length: zarrArray.shape[0] }, (_, i) => i);
let tsdframe = new nap.TsdFrame({ t: zTimestep, d: zarrArray, loadArray: true });
"""),
    md("""
With `loadArray: true` the zarr array is converted to an in-memory array:
"""),
    code("""
console.log(tsdframe.d.constructor.name, "lazy:", nap.isLazy(tsdframe.d));
"""),
    md("""
To keep the zarr array, pass `loadArray: false` (napple's default for lazy arrays):
"""),
    code("""
tsdframe = new nap.TsdFrame({ t: zTimestep, d: zarrArray, loadArray: false });
console.log(tsdframe.d.constructor.name, "lazy:", nap.isLazy(tsdframe.d));
"""),
    md("""
In pynapple a numpy memory map is a numpy array while a zarr array is not; in napple both are
`LazyArray`s, read row range by row range:
"""),
    code("""
console.log(mm.constructor.name, "is lazy?", nap.isLazy(mm));
console.log(zarrArray.constructor.name, "is lazy?", nap.isLazy(zarrArray));
"""),
    md("""
As with memory maps, napple functions apply directly:
"""),
    code("""
const ep = new nap.IntervalSet({ start: [0], end: [10] });
tsdframe.restrict(ep)
"""),
    code("""
const group = new nap.TsGroup({ 0: new nap.Ts({ t: [10, 20, 30] }) });
const sta = nap.computeEventTriggerAverage(group, tsdframe, 1, [-2, 3]);
console.log(tsdframe.values.constructor.name);
console.log("");
console.log(String(sta));
"""),
    md("""
## Navigating a dataset

pynapple's page downloads a project folder here; we copy the small folder tree bundled in
`testdata/folder/` instead. `nap.loadFolder` (pynapple's `load_folder`) walks it:
"""),
    code("""
import { cpSync } from "node:fs";
cpSync(`${testdata}/folder/folder_session`, "MyProject", { recursive: true });
const project = nap.loadFolder("MyProject");
console.log(project.toString());
"""),
    md("""
`view` shows the whole hierarchy: subfolders, the npz files holding a napple object and the NWB
files.
"""),
    code("""
console.log(project.view);
"""),
    md("""
The folder behaves like a nested dictionary; entries load on access:
"""),
    code("""
const derived = project.get("derived") as nap.Folder;
console.log(derived.toString());
"""),
    code("""
derived.get("speed")
"""),
    md("""
### JSON sidecar file

A good practice when sharing datasets is to write as much meta-information as possible:
following [BIDS](https://bids-standard.github.io/bids-starter-kit/index.html), any data file can
come with a JSON sidecar. `Folder.save` writes one with a `description`, and `doc` reads it back.
"""),
    code("""
const epoch = new nap.IntervalSet({ start: [0, 3], end: [1, 6] });
project.save("stimulus-fish", epoch, "Fish pictures to V1");
console.log(project.doc("stimulus-fish"));
"""),
    md("""
## Plots of lazy data

Plots read lazy data too: a long series is reduced to the minimum and maximum of each horizontal
pixel while it is read in batches, so even a series far larger than memory plots quickly.
"""),
    code("""
await nap.plot([position, data.get("epochs") as nap.IntervalSet], {
  title: "position (lazy NWB data) with wake/sleep epochs",
  color: "tags",
})
"""),
    code("""
await nap.plot([units, data.get("epochs") as nap.IntervalSet], {
  title: "units coloured by cell type",
  color: "cell_type",
  timeRange: [60, 80],
})
"""),
]

# Added to the quickstart once nap.loadFolder is exported from mod.ts.
FOLDER_CELLS = [
    md("""
## Folders

`nap.loadFolder(path)` walks a folder tree and lists the pynapple npz and NWB files it finds;
entries load on access.
"""),
    code("""
const folder = nap.loadFolder("../testdata/folder/folder_session");
console.log(folder.view);
"""),
    code("""
folder.get("position")
"""),
]

_plots = next(i for i, c in enumerate(QUICKSTART) if "## Plots" in c.source)
QUICKSTART[_plots:_plots] = FOLDER_CELLS

NOTEBOOKS = {"quickstart.ipynb": QUICKSTART, "io_and_lazy_loading.ipynb": IO}


def main():
    names = sys.argv[1:] or list(NOTEBOOKS)
    for name in names:
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "deno", "display_name": "Deno", "language": "typescript"}
        nb.metadata["language_info"] = {"name": "typescript", "file_extension": ".ts"}
        nb.cells = NOTEBOOKS[name]
        nbformat.write(nb, os.path.join(OUT, name))
        print("wrote", name)


if __name__ == "__main__":
    main()
