// What each notebook must show: for a code cell (found by a piece of its source), texts its
// outputs must contain and MIME types it must produce.

/** One nbformat output. */
export interface NbOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
  ename?: string;
  evalue?: string;
}

/** One nbformat cell. */
export interface NbCell {
  cell_type: string;
  source: string[];
  outputs?: NbOutput[];
  execution_count?: number | null;
}

/** An nbformat v4 notebook. */
export interface NotebookJson {
  cells: NbCell[];
}

/** Expected output of the code cell whose source contains `source`. */
export interface CellExpectation {
  source: string;
  text?: string[];
  mime?: string[];
}

/** The outputs of a cell. */
export function outputsOf(c: NbCell): NbOutput[] {
  return c.outputs ?? [];
}

function join(x: string | string[] | undefined): string {
  return Array.isArray(x) ? x.join("") : x ?? "";
}

/** All text of some outputs (streams, text/plain, text/html), ANSI colours removed. */
export function outputText(outs: NbOutput[]): string {
  // deno-lint-ignore no-control-regex
  const ansi = /\x1b\[[0-9;]*m/g;
  return outs.map((o) =>
    [join(o.text), join(o.data?.["text/plain"]), join(o.data?.["text/html"])].join("\n")
  ).join("\n").replace(ansi, "");
}

/** Expectations per notebook file name. */
export const EXPECTATIONS: Record<string, CellExpectation[]> = {
  "io_and_lazy_loading.ipynb": [
    {
      source: "const data = nap.loadFile(nwbPath)",
      text: ["units_session", "│ units    │ TsGroup     │", "│ position │ TsdFrame    │"],
    },
    { source: "data.keyToId", text: ['position: "d5128e79-e01c-48b7-b45c-125c5ac7924d"'] },
    {
      source: 'const position = data.get("position", nap.TsdFrame)',
      text: ["dtype: float64, shape: (10000, 2)"],
      mime: ["text/html"],
    },
    { source: "const lazy = position.values", text: ["Hdf5LazyArray lazy: true"] },
    { source: "position.t.constructor.name", text: ["Float64Array 10000"] },
    { source: "const chunk = position.get(67, 67.2)", text: ["shape: (11, 2)"] },
    { source: "chunk.values.constructor.name", text: ["NDArray lazy: false"] },
    { source: "nap.compute1dTuningCurves(units, x, 10)", mime: ["text/html"] },
    { source: 'position.column("x")', text: ["LazyColumns lazy: true shape: [ 10000 ]"] },
    { source: "await tc.plot(", mime: ["image/svg+xml"], text: ["line"] },
    { source: "lazyLoading: false", text: ["lazy: false"] },
    { source: 'tsd.save("my_tsd.npz")', text: ["dtype: float64, shape: (10,)"] },
    {
      source: 'nap.NpzFile.open("my_tsd.npz")',
      text: ["NpzFile 'my_tsd.npz' with keys: t, d, start, end, type"],
    },
    { source: 'tsgroup.save("group")', text: ["_metadata"] },
    { source: '.get("_metadata")', text: ["my_label"] },
    { source: "const eeg = new nap.TsdFrame", text: ["dtype: float32, shape: (10, 3)"] },
    { source: "eeg.values.constructor.name", text: ["MemmapArray lazy: true"] },
    { source: "d: zarrArray, loadArray: false", text: ["ZarrArray lazy: true"] },
    { source: "tsdframe.restrict(ep)", text: ["dtype: int32, shape: (11, 5)"] },
    { source: "nap.computeEventTriggerAverage", text: ["ZarrArray", "shape: (6, 1, 5)"] },
    { source: 'nap.loadFolder("MyProject")', text: ["📂 MyProject", "spikes.npz", "TsGroup"] },
    { source: "console.log(project.view)", text: ["events.npz", "speed.npz"] },
    { source: 'derived.get("speed")', text: ["shape: (60,)"], mime: ["text/html"] },
    { source: 'project.save("stimulus-fish"', text: ["info : Fish pictures to V1"] },
    { source: "position (lazy NWB data)", mime: ["image/svg+xml"] },
    { source: "units coloured by cell type", mime: ["image/svg+xml"], text: ["raster+bands"] },
  ],
  "streaming_data.ipynb": [
    { source: "const server = await RangeServer.start", text: ["http://127.0.0.1:"] },
    {
      source: "const data = nap.loadFile(url, nap.NWBFile)",
      text: ["requests: 1, bytes: 525608 of 525608", "│ units    │ TsGroup     │"],
    },
    {
      source: 'const units = data.get("units", nap.TsGroup)',
      text: ["requests so far: 1"],
      mime: ["text/html"],
    },
    { source: "wholeFileBytes: 0", text: ["open: 3 requests", "│ ElectricalSeries │ TsdFrame │"] },
    { source: "const window = series.get", text: ["get: 1 request(s)"], mime: ["text/html"] },
    { source: "2 s of the streamed ElectricalSeries", mime: ["image/svg+xml"], text: ["line"] },
    { source: "nap.remoteStats()", text: ["requests: "] },
  ],
  "quickstart.ipynb": [
    {
      source: "const tsd = new nap.Tsd",
      text: ["Time (s)", "dtype: float64, shape: (1000,)"],
      mime: ["text/html"],
    },
    {
      source: "const position = new nap.TsdFrame",
      text: ["shape: (1000, 2)"],
      mime: ["text/html"],
    },
    {
      source: "const epochs = new nap.IntervalSet",
      text: ["index    start    end  label", "shape: (2, 2), time unit: sec."],
      mime: ["text/html"],
    },
    { source: "const group = new nap.TsGroup", text: ["rate  region"], mime: ["text/html"] },
    { source: "tsd.restrict(epochs)", text: ["shape: (502,)"] },
    { source: "position.get(10, 11)", text: ["shape: (11, 2)"] },
    { source: "position.derivative()", text: ["dtype: float64, shape: (1000,)"] },
    { source: "position.mean(0)", text: ["Float64Array(2)"] },
    { source: "tsd.zscore().gt(1.3)", text: ["dtype: float64"] },
    { source: "group.count(1).mean(0)", text: ["Float64Array(4)"] },
    { source: "nap.loadFolder", text: ["folder_session"] },
    { source: 'folder.get("position")', mime: ["text/html"] },
    { source: "await nap.plot([tsd, epochs]", mime: ["image/svg+xml"], text: ["line+bands"] },
    { source: "await position.plot(", mime: ["image/svg+xml"] },
    { source: "await nap.plot([group, epochs]", mime: ["image/svg+xml"], text: ["raster+bands"] },
    { source: "await tensor.plot(", mime: ["image/svg+xml"], text: ["heatmap"] },
    { source: "await nap.plot(tc2d", mime: ["image/svg+xml"], text: ["grid"] },
    { source: "await acg.plot(", mime: ["image/svg+xml"], text: ["bars"] },
    { source: "nap.decode1d(tcX, units", text: ["800, 24"] },
    { source: "await compare.plot(", mime: ["image/svg+xml"], text: ["line"] },
    { source: "await psd.plot(", mime: ["image/svg+xml"], text: ["line"] },
    { source: "await response.plot(", mime: ["image/svg+xml"], text: ["1024 rows"] },
    { source: "await both.plot(", mime: ["image/svg+xml"], text: ["line"] },
    { source: "channel.decimate(4)", mime: ["text/html"], text: ["dtype: float64"] },
    { source: "await scalogram.plot(", mime: ["image/svg+xml"], text: ["heatmap"] },
  ],
};
