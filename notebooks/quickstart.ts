// %% [markdown]
// # napple quickstart
//
// napple is [pynapple](https://pynapple.org) for Deno: the same time-series objects, the same
// printouts, lazy NWB and npz loading, and plots. This notebook runs in the Deno Jupyter kernel
// (`deno jupyter --install`) from a checkout of the repository: it imports the library through the
// project's `deno.json`.

// %%
import * as nap from "../mod.ts";

// %% [markdown]
// ## Objects
//
// `Tsd` is a time series: timestamps `t` (seconds, always in memory, rounded to 9 decimals) and
// values `d`. Displayed in the kernel, objects show pynapple's table as HTML.

// %%
// A small deterministic random generator, so the notebook gives the same output every run.
let seed = 42;
const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);

const t = Array.from({ length: 1000 }, (_, i) => i / 10);
const tsd = new nap.Tsd({ t, d: t.map((x) => Math.sin(x / 5) + 0.2 * (rand() - 0.5)) });
tsd;

// %% [markdown]
// A `TsdFrame` has one column per signal, here an animal's position on a circle; `IntervalSet`
// holds epochs, with metadata; `TsGroup` gathers spike trains (`Ts`) under integer keys, with a
// `rate` column computed for you and any other metadata.

// %%
const position = new nap.TsdFrame({
  t,
  d: t.map((x) => [Math.cos(x / 8), Math.sin(x / 8)]),
  columns: ["x", "y"],
});
position;

// %%
const epochs = new nap.IntervalSet({
  start: [10, 55],
  end: [30, 85],
  metadata: { label: ["rest", "run"] },
});
epochs;

// %%
const spikes = (rate: number) => {
  const out: number[] = [];
  for (let s = rand() / rate; s < 100; s += -Math.log(1 - rand()) / rate) out.push(s);
  return new nap.Ts({ t: out });
};
const group = new nap.TsGroup(
  { 1: spikes(2), 2: spikes(5), 7: spikes(1), 12: spikes(8) },
  { metadata: { region: ["CA1", "CA1", "PFC", "PFC"] } },
);
group;

// %% [markdown]
// ## restrict and get
//
// `restrict(epochs)` keeps the samples inside the epochs (and makes them the new time support);
// `get(start, end)` takes one time window.

// %%
console.log(tsd.restrict(epochs).toString());

// %%
position.get(10, 11);

// %%
console.log(group.restrict(epochs).toString());

// %% [markdown]
// ## Arithmetic and reductions
//
// numpy's operators are methods: `add`, `sub`, `mul`, `div`, `pow` take a number, a per-column
// array or a series with the same timestamps; comparisons (`gt`, `lt`, ...) give bool series that
// `mask` takes. Reductions follow numpy's `axis`: over time (0) a plain array, across columns (1)
// a series. Results are plain float64 numbers, int64 spike counts included.

// %%
// speed on the circle: the derivative of each coordinate, squared, summed across columns
const speed = position.derivative().pow(2).sum(1).map(Math.sqrt);
console.log(speed.toString());

// %%
position.mean(0); // one mean per column

// %%
console.log(tsd.mask(tsd.zscore().gt(1.3)).toString()); // samples 1.3 std above the mean

// %%
group.count(1).mean(0); // mean spike count per 1 s bin, per unit

// %% [markdown]
// ## Folders
//
// `nap.loadFolder(path)` walks a folder tree and lists the pynapple npz and NWB files it finds;
// entries load on access.

// %%
const folder = nap.loadFolder("../testdata/folder/folder_session");
console.log(folder.view);

// %%
folder.get("position");

// %% [markdown]
// ## Plots
//
// `await obj.plot(options)` draws one object with [Observable Plot](https://observablehq.com/plot)
// and returns a figure the kernel shows as SVG (`fig.save("x.svg")` or `fig.toSVG()` in a script).
// `await nap.plot([a, b], options)` overlays several on one time axis: epochs are bands behind the
// lines and rasters. Long series are reduced to the minimum and maximum of each horizontal pixel
// before drawing.

// %%
await nap.plot([tsd, epochs], { title: "A Tsd with its epochs", color: "label" });

// %%
await position.plot({ layout: "stack", title: "TsdFrame columns as small multiples" });

// %%
await nap.plot([group, epochs], { color: "region", title: "TsGroup raster coloured by region" });

// %%
const tensor = new nap.TsdTensor({
  t: t.slice(0, 200),
  d: t.slice(0, 200).map((x) => [0, 1].map((a) => [0, 1, 2].map((b) => Math.sin(x + a + b / 2)))),
});
await tensor.plot({ title: "TsdTensor (200 × 2 × 3) as a heatmap of its 6 features" });

// %% [markdown]
// ## Analysis results
//
// Tuning curves and correlograms are tables (pynapple's DataFrames) and plot as lines, bars or, in
// 2-D, one heatmap per unit. Here on the bundled NWB session: 12 place cells on a linear track.

// %%
const session = nap.loadFile("../testdata/nwb/units_session.nwb");
const units = session.get("units", nap.TsGroup);
const track = session.get("position", nap.TsdFrame); // lazy: streamed by the analysis
const tc2d = nap.compute2dTuningCurves(units, track, [12, 4]);
await nap.plot(tc2d, { title: "2-D tuning curves", xLabel: "x (cm)", yLabel: "y (cm)" });

// %%
const acg = nap.computeAutocorrelogram(units.select([0, 1, 2, 3]), 0.01, 0.2);
await acg.plot({ kind: "bars", title: "Autocorrelograms of units 0-3" });

// %% [markdown]
// ## Decoding
//
// `decode1d` takes the tuning curves as `compute1dTuningCurves` returns them and gives the most
// probable position in each time bin, with the probability of every position bin (a TsdFrame).
// Probabilities equal pynapple's `decode_1d` to 1e-9.

// %%
const x = track.column("x");
const tcX = nap.compute1dTuningCurves(units, x, 24);
const whole = new nap.IntervalSet({ start: x.t[0], end: x.t[x.length - 1] });
const [decoded, proba] = nap.decode1d(tcX, units, whole, 0.25, { feature: x });
proba.shape;

// %%
const actual = x.interpolate(decoded).toNumbers();
const guess = decoded.toNumbers();
const compare = new nap.TsdFrame({
  t: decoded.t,
  d: Array.from(decoded.t, (_, i) => [actual[i], guess[i]]),
  columns: ["actual", "decoded"],
});
await compare.plot({ title: "Actual and decoded position (cm)", timeRange: [0, 60] });

// %% [markdown]
// ## LFP: filters, spectra, wavelets
//
// The bundled ecephys file holds a 1 kHz ElectricalSeries, opened lazily. Butterworth filters
// (zero-phase, per epoch), power spectra and Morlet wavelet transforms give pynapple's numbers
// (scipy's `butter` / `sosfiltfilt` and numpy's FFT are ported) and read lazy data in batches.

// %%
const ecephys = nap.loadFile("../testdata/nwb/ecephys_gzip_chunked.nwb");
const lfp = ecephys.get("ElectricalSeries", nap.TsdFrame);
const psd = nap.computeMeanPowerSpectralDensity(lfp.selectColumns([0, 1]), 1.0, {
  progress: false,
});
await psd.plot({ title: "Mean power spectral density (1 s windows)", xLabel: "Hz" });

// %%
const response = nap.getFilterFrequencyResponse([6, 12], 1000, "bandpass", "butter");
await response.plot({ title: "Band-pass 6-12 Hz, Butterworth order 4: gain", xLabel: "Hz" });

// %%
const channel = lfp.column(lfp.columns[0]);
const theta = nap.applyBandpassFilter(channel, [6, 12]);
const raw = channel.toNumbers();
const filtered = theta.toNumbers();
const both = new nap.TsdFrame({
  t: channel.t,
  d: Array.from(channel.t, (_, i) => [raw[i], filtered[i]]),
  columns: ["raw", "6-12 Hz"],
});
await both.plot({ title: "Raw and band-passed (Butterworth, zero-phase)", timeRange: [0, 2] });

// %% [markdown]
// `decimate` low-passes (Chebyshev I, zero-phase, as scipy's `decimate`) and keeps every n-th
// sample, epoch by epoch: here 1 kHz down to 250 Hz. On lazy data it streams in batches.

// %%
const lfp250 = channel.decimate(4);
lfp250;

// %%
const freqs = Array.from({ length: 20 }, (_, i) => 2 * 1.2 ** i);
const scalogram = nap.computeWaveletTransform(
  channel.restrict(new nap.IntervalSet({ start: 0, end: 4 })),
  freqs,
);
await scalogram.plot({
  title: "Morlet wavelet transform (magnitude)",
  yLabel: "frequency 2·1.2^i Hz",
});
