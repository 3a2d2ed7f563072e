// %% [markdown]
// # Input-output & lazy-loading
//
// This follows pynapple's user-guide page
// [Input-output & lazy-loading](https://pynapple.org/user_guide/02_input_output.html) step by step,
// in napple (Deno, TypeScript). napple loads NWB files, and pynapple's `npz` files, and each object
// can be saved as an `npz` that pynapple reads back. The `Folder` class walks nested folders
// (see the quickstart notebook).

// %% [markdown]
// ## NWB
//
// When loading an NWB file, napple walks through it and checks which data structures are compatible
// with a napple object; the others are ignored. `nap.loadFile(path)` (or `nap.loadNwb`) returns an
// `NWBFile`. napple reads HDF5 with h5wasm: no pynwb, no Python.
//
// pynapple's page downloads a recording from OSF; here a file bundled with the repository stands in
// for it: `testdata/nwb/units_session.nwb` (12 place-cell-like units over 200 s, a position
// `TsdFrame` on a linear track, and wake/sleep epochs).

// %%
import * as nap from "../mod.ts";

const nwbPath = "../testdata/nwb/units_session.nwb";
const data = nap.loadFile(nwbPath); // an NWBFile (the type follows the extension)
console.log(data.toString());

// %% [markdown]
// napple gives a table of all the entries of the NWB file that are compatible with a napple object.
// When parsing the NWB file, nothing but the structure is read. The `NWBFile` keeps track of where
// each entry lives in the file with a key and the object id, in `keyToId`:

// %%
data.keyToId;

// %% [markdown]
// Loading an entry gets napple to build the object:

// %%
const position = data.get("position", nap.TsdFrame); // checked: a TsdFrame, or an error
position;

// %% [markdown]
// While it looks like napple has loaded the data, it did not: the values are still an HDF5 dataset
// on disk, a `LazyArray` (pynapple returns the h5py dataset). Only the rows shown above were read.

// %%
const lazy = position.values;
console.log(lazy.constructor.name, "lazy:", nap.isLazy(lazy));
if (nap.isLazy(lazy)) {
  console.log("source:", lazy.source);
  console.log("bytes read so far:", lazy.stats.bytesRead, "of", lazy.shape[0] * lazy.shape[1] * 8);
}

// %% [markdown]
// The time index, on the other hand, is always in memory:

// %%
console.log(position.t.constructor.name, position.t.length);

// %% [markdown]
// This is very useful for large datasets that do not fit in memory: you get a chunk of the data, and
// only that chunk is read (one contiguous read, found by binary search on the timestamps).

// %%
const chunk = position.get(67, 67.2); // 0.2 s of data
chunk;

// %% [markdown]
// The chunk is now in memory:

// %%
console.log(chunk.values.constructor.name, "lazy:", nap.isLazy(chunk.values));

// %% [markdown]
// You can still apply the analysis functions. Here we compute tuning curves of the units against the
// animal's position x without loading the dataset: napple streams lazy data through its functions in
// bounded batches (pynapple warns that its functions load everything; napple does not need to).
//
// The feature must be 1-D, so we take column `x`. Like indexing a column of an h5py dataset in
// pynapple, the column stays lazy: a view that reads only that column, and only when asked:

// %%
const x = position.column("x");
console.log(x.values.constructor.name, "lazy:", nap.isLazy(x.values), "shape:", x.shape);

// %%
const units = data.get("units", nap.TsGroup);
const tc = nap.compute1dTuningCurves(units, x, 10);
tc;

// %%
await tc.plot({ title: "Tuning curves: rate (Hz) against position x (cm)" });

// %% [markdown]
// To change this behaviour, pass `lazyLoading: false` when opening the file: the values are then
// read into memory.

// %%
const eager = nap.loadFile(nwbPath, { lazyLoading: false });
const positionInMemory = eager.get("position", nap.TsdFrame);
console.log(positionInMemory.d.constructor.name, "lazy:", nap.isLazy(positionInMemory.d));

// %% [markdown]
// ## Saving as NPZ
//
// napple objects have `save` methods that write them as npz files, in pynapple's layout (pynapple
// loads them, and napple loads pynapple's).

// %%
// The files of this section go to a fresh temporary folder, not into the repository.
const testdata = Deno.realPathSync("../testdata");
Deno.chdir(Deno.makeTempDirSync({ prefix: "napple_io_" }));
console.log("now working in a fresh temporary folder");

// %%
const tsd = new nap.Tsd({ t: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], d: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] });
tsd.save("my_tsd.npz");
console.log(String(nap.loadFile("my_tsd.npz")));

// %% [markdown]
// To be loaded as a napple object, an npz must contain a particular set of keys:

// %%
// nap.NpzFile is numpy's np.load: the raw members of the archive.
console.log(String(nap.NpzFile.open("my_tsd.npz")));

// %% [markdown]
// When the objects have metadata, it is added to the npz file:

// %%
const tsgroup = new nap.TsGroup(
  { 0: new nap.Ts({ t: [0, 1, 2] }), 1: new nap.Ts({ t: [0, 1, 2] }) },
  { metadata: { my_label: ["a", "b"] } },
);
tsgroup.save("group");
console.log(String(nap.NpzFile.open("group.npz")));

// %% [markdown]
// By default, it goes in the `_metadata` member, a pickled dict of arrays (napple reads it with a
// restricted unpickler that accepts only numpy arrays, and writes it so that pynapple reads it):

// %%
nap.NpzFile.open("group.npz").get("_metadata");

// %% [markdown]
// ## Memory map
//
// ### numpy-style memory map
//
// napple can work with memory-mapped raw binary files (`nap.memmap`, numpy's `np.memmap`): the
// file is read row range by row range.

// %%
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

// %% [markdown]
// Building a `TsdFrame` keeps the data as a memory map:

// %%
const eeg = new nap.TsdFrame({ t: timestep, d: mm });
eeg;

// %% [markdown]
// We can check the type of `eeg.values`:

// %%
console.log(eeg.values.constructor.name, "lazy:", nap.isLazy(eeg.values));

// %% [markdown]
// ### Zarr
//
// Higher-level array libraries such as [zarr](https://zarr.dev) work too. Here a 10000 × 5 int32
// zarr array in chunks of 1000 rows is written to disk with zarrita, then opened lazily.

// %%
await nap.writeZarr("my_array.zarr", new nap.NDArray(new Int32Array(10000 * 5), [10000, 5]), {
  chunks: [1000, 5],
});
const zarrArray = await nap.openZarr("my_array.zarr");
const zTimestep = Array.from({ length: zarrArray.shape[0] }, (_, i) => i);
let tsdframe = new nap.TsdFrame({ t: zTimestep, d: zarrArray, loadArray: true });

// %% [markdown]
// With `loadArray: true` the zarr array is converted to an in-memory array:

// %%
console.log(tsdframe.d.constructor.name, "lazy:", nap.isLazy(tsdframe.d));

// %% [markdown]
// To keep the zarr array, pass `loadArray: false` (napple's default for lazy arrays):

// %%
tsdframe = new nap.TsdFrame({ t: zTimestep, d: zarrArray, loadArray: false });
console.log(tsdframe.d.constructor.name, "lazy:", nap.isLazy(tsdframe.d));

// %% [markdown]
// In pynapple a numpy memory map is a numpy array while a zarr array is not; in napple both are
// `LazyArray`s, read row range by row range:

// %%
console.log(mm.constructor.name, "is lazy?", nap.isLazy(mm));
console.log(zarrArray.constructor.name, "is lazy?", nap.isLazy(zarrArray));

// %% [markdown]
// As with memory maps, napple functions apply directly:

// %%
const ep = new nap.IntervalSet({ start: [0], end: [10] });
tsdframe.restrict(ep);

// %%
const group = new nap.TsGroup({ 0: new nap.Ts({ t: [10, 20, 30] }) });
const sta = nap.computeEventTriggerAverage(group, tsdframe, 1, [-2, 3]);
console.log(tsdframe.values.constructor.name);
console.log("");
console.log(String(sta));

// %% [markdown]
// ## Navigating a dataset
//
// pynapple's page downloads a project folder here; we copy the small folder tree bundled in
// `testdata/folder/` instead. `nap.loadFolder` (pynapple's `load_folder`) walks it:

// %%
import { cpSync } from "node:fs";
cpSync(`${testdata}/folder/folder_session`, "MyProject", { recursive: true });
const project = nap.loadFolder("MyProject");
console.log(project.toString());

// %% [markdown]
// `view` shows the whole hierarchy: subfolders, the npz files holding a napple object and the NWB
// files.

// %%
console.log(project.view);

// %% [markdown]
// The folder behaves like a nested dictionary; entries load on access:

// %%
const derived = project.get("derived", nap.Folder);
console.log(derived.toString());

// %%
derived.get("speed");

// %% [markdown]
// ### JSON sidecar file
//
// A good practice when sharing datasets is to write as much meta-information as possible:
// following [BIDS](https://bids-standard.github.io/bids-starter-kit/index.html), any data file can
// come with a JSON sidecar. `Folder.save` writes one with a `description`, and `doc` reads it back.

// %%
const epoch = new nap.IntervalSet({ start: [0, 3], end: [1, 6] });
project.save("stimulus-fish", epoch, "Fish pictures to V1");
console.log(project.doc("stimulus-fish"));

// %% [markdown]
// ## Plots of lazy data
//
// Plots read lazy data too: a long series is reduced to the minimum and maximum of each horizontal
// pixel while it is read in batches, so even a series far larger than memory plots quickly.

// %%
await nap.plot([position, data.get("epochs", nap.IntervalSet)], {
  title: "position (lazy NWB data) with wake/sleep epochs",
  color: "tags",
});

// %%
await nap.plot([units, data.get("epochs", nap.IntervalSet)], {
  title: "units coloured by cell type",
  color: "cell_type",
  timeRange: [60, 80],
});
