// pynapple habits fail loudly: every options object of the public API refuses a key it does not
// declare (a snake_case pynapple keyword is named with napple's spelling), the typed getters
// check what they return, and console.log shows the printouts.
import { assert, assertEquals, assertThrows, TESTDATA, withTempDir } from "./assert.ts";
import * as nap from "../mod.ts";
import { suggestKey } from "../lib/suggest.ts";

const NWB = `${TESTDATA}nwb/units_session.nwb` as const;
const t = Array.from({ length: 200 }, (_, i) => i / 10);
const tsd = new nap.Tsd({ t, d: t.map(Math.sin) });
const frame = new nap.TsdFrame({ t, d: t.map((x) => [Math.cos(x), Math.sin(x)]) });
const group = new nap.TsGroup({ 0: new nap.Ts({ t: [1, 2.5, 7] }), 1: new nap.Ts({ t: [3, 9] }) });
const ep = new nap.IntervalSet({ start: [0], end: [10] });

/** Calls `fn` with an options object holding only `key` and checks the error. */
function refuses(what: string, key: string, napple: string | undefined, fn: (o: never) => unknown) {
  const e = assertThrows(() => fn({ [key]: 1 } as never), nap.NappleError);
  assertEquals(e.code, "INVALID_ARGUMENT", what);
  assertEquals(e.key, key, what);
  assert(e.message.includes(`"${key}"`), `${what}: ${e.message}`);
  if (napple) assert(e.message.includes(`did you mean ${napple}?`), `${what}: ${e.message}`);
}

Deno.test("every options object refuses pynapple's snake_case keys, naming napple's", () => {
  const cases: [string, string, string, (o: never) => unknown][] = [
    ["new Ts", "time_units", "timeUnits", (o) => new nap.Ts({ t: [1], ...o as object })],
    ["new Tsd", "time_support", "timeSupport", (o) => new nap.Tsd({ t, d: t, ...o as object })],
    [
      "new TsdFrame",
      "load_array",
      "loadArray",
      (o) => new nap.TsdFrame({ t: [1], d: [[1]], ...o as object }),
    ],
    [
      "new TsdTensor",
      "time_units",
      "timeUnits",
      (o) => new nap.TsdTensor({ t: [1], d: [[[1]]], ...o as object }),
    ],
    [
      "new IntervalSet",
      "time_units",
      "timeUnits",
      (o) => new nap.IntervalSet({ start: [0], end: [1], ...o as object }),
    ],
    ["new TsGroup", "time_support", "timeSupport", (o) => new nap.TsGroup({ 0: [1, 2] }, o)],
    ["count", "bin_size", "binSize", (o) => tsd.count(o)],
    ["binAverage", "time_units", "timeUnits", (o) => tsd.binAverage(0.5, o)],
    ["interpolate", "epochs", "ep", (o) => tsd.interpolate(tsd, o)],
    ["convolve", "trimming", "trim", (o) => tsd.convolve([1, 1], o)],
    ["smooth", "windowsize", "windowSize", (o) => tsd.smooth(0.2, o)],
    ["smooth", "size_factor", "sizeFactor", (o) => tsd.smooth(0.2, o)],
    ["timeDiff", "epoch", "epochs", (o) => tsd.timeDiff(o)],
    ["std", "dof", "ddof", (o) => tsd.std(undefined, o)],
    ["zscore", "nan_policy", "nanPolicy", (o) => frame.zscore(o)],
    ["toTrialTensor", "padding_value", "paddingValue", (o) => tsd.toTrialTensor(ep, o)],
    ["trialCount", "padding_value", "paddingValue", (o) => group.trialCount(ep, 1, o)],
    ["mergeGroup", "reset_index", "resetIndex", (o) => nap.TsGroup.mergeGroup([group, group], o)],
    ["merge", "ignore_metadata", "ignoreMetadata", (o) => group.merge(group, o)],
    ["loadFile", "lazy_loading", "lazyLoading", (o) => nap.loadFile(NWB, o)],
    ["loadNpz", "lazy_loading", "lazyLoading", (o) => nap.loadNpz(`${TESTDATA}npz/ts.npz`, o)],
    ["NWBFile", "lazy_loading", "lazyLoading", (o) => new nap.NWBFile(NWB, o)],
    ["loadNwb", "lazy_loading", "lazyLoading", (o) => nap.loadNwb(NWB, o)],
    ["memmap", "byte_order", "byteOrder", (o) => nap.memmap(NWB, o)],
    ["loadBinaryFile", "n_channels", "nChannels", (o) => nap.loadBinaryFile(NWB, o)],
    ["loadEeg", "bytes_size", "bytesSize", (o) => nap.loadEeg(NWB, o)],
    [
      "compute1dTuningCurves",
      "batch_size",
      "batchSize",
      (o) => nap.compute1dTuningCurves(group, tsd, 5, o),
    ],
    [
      "compute2dTuningCurves",
      "min_max",
      "minmax",
      (o) => nap.compute2dTuningCurves(group, frame, 5, o),
    ],
    [
      "compute1dTuningCurvesContinuous",
      "epochs",
      "ep",
      (o) => nap.compute1dTuningCurvesContinuous(frame, tsd, 5, o),
    ],
    [
      "compute2dTuningCurvesContinuous",
      "epochs",
      "ep",
      (o) => nap.compute2dTuningCurvesContinuous(frame, frame, 5, o),
    ],
    [
      "compute1dMutualInfo",
      "bits_sec",
      "bitssec",
      (o) => nap.compute1dMutualInfo(nap.compute1dTuningCurves(group, tsd, 5), tsd, o),
    ],
    [
      "computeEventTriggerAverage",
      "time_units",
      "timeUnits",
      (o) => nap.computeEventTriggerAverage(group, tsd, 0.1, 1, o),
    ],
    [
      "computePerievent",
      "time_unit",
      "timeUnits",
      (o) => nap.computePerievent(tsd, new nap.Ts({ t: [5] }), 1, o),
    ],
    [
      "computePerieventContinuous",
      "time_unit",
      "timeUnits",
      (o) => nap.computePerieventContinuous(tsd, new nap.Ts({ t: [5] }), 1, o),
    ],
    [
      "computeAutocorrelogram",
      "time_units",
      "timeUnits",
      (o) => nap.computeAutocorrelogram(group, 0.1, 1, o),
    ],
    [
      "computeCrosscorrelogram",
      "reversed",
      "reverse",
      (o) => nap.computeCrosscorrelogram(group, 0.1, 1, o),
    ],
    [
      "computeEventcorrelogram",
      "epochs",
      "ep",
      (o) => nap.computeEventcorrelogram(group, new nap.Ts({ t: [5] }), 0.1, 1, o),
    ],
    [
      "computeIsiDistribution",
      "log_scale",
      "logScale",
      (o) => nap.computeIsiDistribution(group, o),
    ],
    ["computeFft", "full_range", "fullRange", (o) => nap.computeFft(tsd, o)],
    [
      "computePowerSpectralDensity",
      "full_range",
      "fullRange",
      (o) => nap.computePowerSpectralDensity(tsd, o),
    ],
    [
      "computeMeanPowerSpectralDensity",
      "time_unit",
      "timeUnits",
      (o) => nap.computeMeanPowerSpectralDensity(tsd, 5, o),
    ],
    [
      "applyBandpassFilter",
      "transition_bandwidth",
      "transitionBandwidth",
      (o) => nap.applyBandpassFilter(tsd, [1, 2], o),
    ],
    ["applyLowpassFilter", "batch_size", "batchSize", (o) => nap.applyLowpassFilter(tsd, 2, o)],
    [
      "getFilterFrequencyResponse",
      "transition_bandwidth",
      "transitionBandwidth",
      (o) => nap.getFilterFrequencyResponse(2, 10, "lowpass", "butter", o),
    ],
    [
      "computeWaveletTransform",
      "gaussian_width",
      "gaussianWidth",
      (o) => nap.computeWaveletTransform(tsd, [1], o),
    ],
    [
      "generateMorletFilterbank",
      "window_length",
      "windowLength",
      (o) => nap.generateMorletFilterbank([1], 10, o),
    ],
    [
      "decode1d",
      "time_units",
      "timeUnits",
      (o) => nap.decode1d(nap.compute1dTuningCurves(group, tsd, 5), group, ep, 1, o),
    ],
    [
      "decode2d",
      "time_units",
      "timeUnits",
      (o) => nap.decode2d(nap.compute2dTuningCurves(group, frame, 3), group, ep, 1, o),
    ],
    ["shiftTimestamps", "min_shift", "minShift", (o) => nap.shiftTimestamps(group, o)],
    ["shuffleTsIntervals", "seeds", "seed", (o) => nap.shuffleTsIntervals(group, o)],
    [
      "jitterTimestamps",
      "keep_tsupport",
      "keepTimeSupport",
      (o) => nap.jitterTimestamps(group, 0.1, o),
    ],
    ["resampleTimestamps", "seeds", "seed", (o) => nap.resampleTimestamps(group, o)],
    ["buildTensor", "bin_size", "binSize", (o) => nap.buildTensor(group, ep, o)],
    ["decimate", "filter_type", "filterType", (o) => tsd.decimate(2, o)],
    [
      "new LabeledTable",
      "float_index",
      "floatIndex",
      (o) => new nap.LabeledTable([0], [0], new Float64Array(1), o),
    ],
  ];
  for (const [what, key, napple, fn] of cases) refuses(what, key, napple, fn);
  // null options mean "none", as undefined does: never a TypeError reading a key of null
  for (const [what, , , fn] of cases) {
    try {
      fn(null as never);
    } catch (e) {
      assert(e instanceof nap.NappleError, `${what}(null): ${e}`);
    }
  }
  // a key with no near napple name lists the known ones
  const e = assertThrows(() => new nap.TsGroup({ 0: [1] }, { region: ["a"] } as never));
  assert(e.message.includes("known options: metadata, timeSupport, timeUnits, bypassCheck"));
});

Deno.test("the same calls with napple's keys are accepted", () => {
  assertEquals(new nap.Ts({ t: [1000], timeUnits: "ms" }).t[0], 1);
  assertEquals(tsd.count({ binSize: 1, ep }).length, 10);
  assertEquals(nap.computeIsiDistribution(group, { logScale: false }).shape[1], 2);
  assert(nap.loadFile(NWB, { lazyLoading: true }) instanceof nap.NWBFile);
});

Deno.test("zarr and npy options are checked too (async and array loaders)", async () => {
  await withTempDir(async (dir) => {
    const a = new nap.NDArray(new Float64Array(4), [4]);
    const e = await nap.writeZarr(`${dir}/z.zarr`, a, { chunk_size: [2] } as never).then(
      () => undefined,
      (x) => x,
    );
    assert(e instanceof nap.NappleError && e.key === "chunk_size", String(e));
    await nap.writeZarr(`${dir}/z.zarr`, a, { chunks: [2] });
    const f = await nap.fromZarr(`${dir}/z.zarr`, { load_array: false } as never).then(
      () => undefined,
      (x) => x,
    );
    assert(f instanceof nap.NappleError && f.message.includes("did you mean loadArray?"));
    nap.saveNpy(`${dir}/a.npy`, a);
    refuses("loadNpy", "mmap_mode", undefined, (o) => nap.loadNpy(`${dir}/a.npy`, o));
  });
});

Deno.test("plot options name the napple spelling", async () => {
  const e = await tsd.plot({ time_range: [0, 1] } as never).then(() => undefined, (x) => x);
  assert(e instanceof nap.NappleError && e.message.includes("did you mean timeRange?"), String(e));
});

Deno.test("suggestKey: camelCase, same letters, near spelling, else nothing", () => {
  const known = ["timeUnits", "windowSize", "ep", "binSize"];
  assertEquals(suggestKey("time_units", known), "timeUnits");
  assertEquals(suggestKey("windowsize", known), "windowSize");
  assertEquals(suggestKey("timeUnit", known), "timeUnits");
  assertEquals(suggestKey("epochs", known), "ep");
  assertEquals(suggestKey("metadata", known), undefined);
});

Deno.test("binAverage and computePerievent take options; the positional forms still work", () => {
  const a = tsd.binAverage(500, { ep, timeUnits: "ms" });
  const b = tsd.binAverage(500, ep, "ms");
  assertEquals([...a.t], [...b.t]);
  assertEquals([...a.toNDArray().data], [...b.toNDArray().data]);
  assertEquals(a.length, 20);
  const tref = new nap.Ts({ t: [5, 10] });
  const p = nap.computePerievent(tsd, tref, 500, { timeUnits: "ms" });
  const q = nap.computePerievent(tsd, tref, 500, "ms");
  assertEquals(p.size, 2);
  assertEquals([...p.get(0)!.t], [...q.get(0)!.t]);
  assertEquals([...p.timeSupport.end], [0.5]);
});

Deno.test("typed getters return the class asked for, else WRONG_TYPE naming both types", () => {
  const nwb = nap.loadFile(NWB);
  const units: nap.TsGroup = nwb.get("units", nap.TsGroup);
  assertEquals(units.size, 12);
  const e = assertThrows(() => nwb.get("units", nap.TsdFrame), nap.NappleError);
  assertEquals(e.code, "WRONG_TYPE");
  assert(e.message.includes("TsGroup") && e.message.includes("TsdFrame"), e.message);
  const ts: nap.Ts = nap.loadFile(`${TESTDATA}npz/ts.npz`, nap.Ts);
  assert(ts.length > 0);
  const w = assertThrows(() => nap.loadFile(`${TESTDATA}npz/ts.npz`, nap.IntervalSet));
  assert(w instanceof nap.NappleError && w.code === "WRONG_TYPE" && w.message.includes("Ts,"));
  const folder = nap.loadFolder(`${TESTDATA}folder/folder_session`);
  assert(folder.get("derived", nap.Folder) instanceof nap.Folder);
  const f = assertThrows(() => folder.get("derived", nap.TsGroup), nap.NappleError);
  assertEquals(f.code, "WRONG_TYPE");
});

Deno.test("console.log shows the printout of every public object", () => {
  const nwb = nap.loadFile(NWB);
  const npz = nap.NpzFile.open(`${TESTDATA}npz/ts.npz`);
  const folder = nap.loadFolder(`${TESTDATA}folder/folder_session`);
  const table = nap.computeAutocorrelogram(group, 0.5, 1);
  for (const obj of [nwb, npz, folder, table, tsd, frame, group, ep]) {
    assertEquals(Deno.inspect(obj), obj.toString(), obj.constructor.name);
  }
  const md = new nap.TsGroup({ 0: [1, 2], 5: [3] }, {
    metadata: { region: ["CA1", "PFC"] },
    timeSupport: new nap.IntervalSet({ start: [0], end: [4] }),
  }).metadata;
  // pynapple: print(group.metadata), rows labelled by the keys
  assertEquals(Deno.inspect(md), "   rate region\n0  0.50    CA1\n5  0.25    PFC");
  // pynapple's group.keys() is a list
  assertEquals(Deno.inspect(group.keys()), "[ 0, 1 ]");
});
