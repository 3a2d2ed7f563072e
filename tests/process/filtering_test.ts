// Filters against pynapple 0.9.2 / scipy 1.10: Butterworth sections equal scipy's `butter`, the
// zero-phase outputs and frequency responses equal pynapple's to 1e-9, on random multi-epoch
// inputs and the lazy ecephys NWB fixture.
import { assertClose, assertEquals, assertThrows, TESTDATA } from "../assert.ts";
import { seeded } from "../random.ts";
import { NappleError } from "../../lib/errors.ts";
import { IntervalSet } from "../../lib/core/interval_set.ts";
import { Tsd, TsdFrame, TsdTensor } from "../../lib/core/time_series.ts";
import { NWBFile } from "../../lib/io/nwb/nwbfile.ts";
import { NDArray } from "../../lib/array/ndarray.ts";
import { memmap } from "../../lib/array/memmap.ts";
import { butterSos, type FilterType } from "../../lib/process/iir.ts";
import {
  applyBandpassFilter,
  applyBandstopFilter,
  applyHighpassFilter,
  applyLowpassFilter,
  getFilterFrequencyResponse,
} from "../../lib/process/filtering.ts";
import { sincKernel } from "../../lib/process/sinc.ts";
import { flat, pynappleValues } from "../oracle/client.ts";

const rnd = seeded(7);
const FS = 1000;
const N = 3000;
const t = Array.from({ length: N }, (_, i) => i / FS);
const d = Array.from({ length: N }, (_, i) => [
  Math.sin(2 * Math.PI * 8 * t[i]) + rnd() - 0.5,
  Math.cos(2 * Math.PI * 90 * t[i]) * 2 + rnd(),
]);
const support = new IntervalSet({ start: [0, 1.2], end: [0.9, 2.999] });
const frame = new TsdFrame({ t, d, timeSupport: support });
const tsd = new Tsd({ t, d: d.map((r) => r[0]) });

const designs: Array<[number, number | [number, number], FilterType, number]> = [
  [4, [10, 30], "bandpass", 1000],
  [3, [10, 30], "bandpass", 1000],
  [5, [50, 120], "bandstop", 1000],
  [4, [50, 120], "bandstop", 1000],
  [1, 20, "lowpass", 1000],
  [4, 20, "lowpass", 1250],
  [7, 3.5, "highpass", 250],
  [2, 100, "highpass", 1000],
  [8, [300, 3000], "bandpass", 20000],
];

Deno.test("butterSos equals scipy.signal.butter(..., output='sos')", async () => {
  const ref = await pynappleValues<number[][][]>(
    `
from scipy.signal import butter
out = [butter(o, np.array(c, dtype=float), btype=b, fs=fs, output="sos") for o, c, b, fs in inp]
`,
    designs,
  );
  designs.forEach(([o, c, b, fs], i) => {
    const sos = butterSos(o, c, b, fs);
    assertEquals(sos.length, ref[i].length, `${b} order ${o} sections`);
    assertClose(flat(sos.map((s) => Array.from(s))), flat(ref[i]), 1e-12, `${b} ${o}`, 1e-3);
  });
});

Deno.test("butter filters match pynapple per epoch (Tsd, TsdFrame with two epochs)", async () => {
  const ref = await pynappleValues<Record<string, number[][]>>(
    `
f = nap.TsdFrame(t=np.array(inp["t"]), d=np.array(inp["d"]), time_support=nap.IntervalSet([0, 1.2], [0.9, 2.999]))
s = nap.Tsd(t=np.array(inp["t"]), d=np.array(inp["d"])[:, 0])
out = {
  "bp": nap.apply_bandpass_filter(f, (10, 30)).values,
  "bs": nap.apply_bandstop_filter(f, (50, 120), order=5).values,
  "lp": nap.apply_lowpass_filter(s, 20, fs=1000.0, order=3).values,
  "hp": nap.apply_highpass_filter(s, 40).values,
  "bp_sinc": nap.apply_bandpass_filter(f, (10, 30), mode="sinc", transition_bandwidth=0.05).values,
  "lp_sinc": nap.apply_lowpass_filter(s, 20, mode="sinc").values,
  "hp_sinc": nap.apply_highpass_filter(s, 40, mode="sinc", transition_bandwidth=0.1).values,
  "bs_sinc": nap.apply_bandstop_filter(f, (50, 120), mode="sinc").values,
}
`,
    { t, d },
  );
  const got: Record<string, Tsd | TsdFrame> = {
    bp: applyBandpassFilter(frame, [10, 30]),
    bs: applyBandstopFilter(frame, [50, 120], { order: 5 }),
    lp: applyLowpassFilter(tsd, 20, { fs: 1000, order: 3 }),
    hp: applyHighpassFilter(tsd, 40),
    bp_sinc: applyBandpassFilter(frame, [10, 30], { mode: "sinc", transitionBandwidth: 0.05 }),
    lp_sinc: applyLowpassFilter(tsd, 20, { mode: "sinc" }),
    hp_sinc: applyHighpassFilter(tsd, 40, { mode: "sinc", transitionBandwidth: 0.1 }),
    bs_sinc: applyBandstopFilter(frame, [50, 120], { mode: "sinc" }),
  };
  for (const [name, series] of Object.entries(got)) {
    const v = series.toNDArray().data as Float64Array;
    assertClose(v, flat(ref[name]), 1e-9, name, 1e-6);
  }
  const bp = got.bp as TsdFrame;
  assertEquals(bp instanceof TsdFrame, true);
  assertEquals(bp.columns, frame.columns);
  assertEquals(bp.t, frame.t);
  assertEquals(bp.timeSupport.start, frame.timeSupport.start);
});

Deno.test("lazy NWB input: butter filtering streams and matches pynapple on the fixture", async () => {
  const path = `${TESTDATA}nwb/ecephys_gzip_chunked.nwb`;
  const ref = await pynappleValues<Record<string, number[][]>>(
    `
es = nap.load_file(inp["path"])["ElectricalSeries"]
out = {"bp": nap.apply_bandpass_filter(es, (5.0, 40.0)).values,
       "hp": nap.apply_highpass_filter(es, 200.0, order=6).values}
`,
    { path },
  );
  const nwb = new NWBFile(path);
  try {
    const es = nwb.get("ElectricalSeries") as TsdFrame;
    assertEquals(es.isLazy, true);
    const bp = applyBandpassFilter(es, [5, 40], { batchSize: 8192 });
    assertClose(bp.toNDArray().data as Float64Array, flat(ref.bp), 1e-9, "bp", 1e-6);
    const hp = applyHighpassFilter(es, 200, { order: 6, batchSize: 8192 });
    assertClose(hp.toNDArray().data as Float64Array, flat(ref.hp), 1e-9, "hp", 1e-6);
  } finally {
    nwb.close();
  }
});

Deno.test("float32 input stays float32, in memory and lazy (filled chunk by chunk), as pynapple", async () => {
  const x32 = Float32Array.from(d.flat());
  const ref = await pynappleValues<Record<string, number[][]>>(
    `
x = np.array(inp["d"], dtype=np.float32)
f = nap.TsdFrame(t=np.array(inp["t"]), d=x, time_support=nap.IntervalSet([0, 1.2], [0.9, 2.999]))
r = nap.apply_bandpass_filter(f, (10, 30))
out = {"bp": r.values, "dtype": [str(r.dtype)], "bs": nap.apply_bandstop_filter(f, (50, 120), order=5).values}
`,
    { t, d: Array.from({ length: N }, (_, i) => [x32[2 * i], x32[2 * i + 1]]) },
  );
  assertEquals(ref.dtype as unknown, ["float32"]);
  const file = Deno.makeTempFileSync({ suffix: ".bin" });
  try {
    Deno.writeFileSync(file, new Uint8Array(x32.buffer));
    const inMemory = new TsdFrame({
      t,
      d: new NDArray(x32, [N, 2], "float32"),
      timeSupport: support,
    });
    const lazy = new TsdFrame({
      t,
      d: memmap(file, { dtype: "float32", shape: [N, 2], mode: "r" }),
      timeSupport: support,
    });
    assertEquals(lazy.isLazy, true);
    for (
      const [name, sig, opts] of [
        ["in memory", inMemory, {}],
        ["lazy, 16 rows per chunk", lazy, { batchSize: 256 }],
      ] as const
    ) {
      const bp = applyBandpassFilter(sig, [10, 30], opts);
      assertEquals(bp.dtype, "float32", name);
      // the same float64 numbers rounded once to float32: equal to the last bit
      assertEquals(Array.from(bp.toNDArray().data as Float32Array), Array.from(flat(ref.bp)), name);
      const bs = applyBandstopFilter(sig, [50, 120], { ...opts, order: 5 });
      assertEquals(Array.from(bs.toNDArray().data as Float32Array), Array.from(flat(ref.bs)), name);
    }
  } finally {
    Deno.removeSync(file);
  }
});

Deno.test("getFilterFrequencyResponse matches pynapple (butter and sinc)", async () => {
  const ref = await pynappleValues<Record<string, { index: number[]; values: number[] }>>(
    `
def ser(s): return {"index": np.asarray(s.index), "values": np.asarray(s.values)}
out = {
  "butter_bp": ser(nap.get_filter_frequency_response((10, 30), 1000, "bandpass", "butter")),
  "butter_hp": ser(nap.get_filter_frequency_response(40, 1000, "highpass", "butter", order=6)),
  "sinc_bs": ser(nap.get_filter_frequency_response((50, 120), 1000, "bandstop", "sinc")),
  "sinc_lp": ser(nap.get_filter_frequency_response(20, 250, "lowpass", "sinc", transition_bandwidth=0.1)),
}
`,
  );
  const got = {
    butter_bp: getFilterFrequencyResponse([10, 30], 1000, "bandpass", "butter"),
    butter_hp: getFilterFrequencyResponse(40, 1000, "highpass", "butter", { order: 6 }),
    sinc_bs: getFilterFrequencyResponse([50, 120], 1000, "bandstop", "sinc"),
    sinc_lp: getFilterFrequencyResponse(20, 250, "lowpass", "sinc", { transitionBandwidth: 0.1 }),
  };
  for (const [name, table] of Object.entries(got)) {
    const r = ref[name];
    assertClose(Float64Array.from(table.index as number[]), r.index, 1e-12, `${name} freqs`);
    assertClose(table.values, r.values, 1e-9, `${name} gain`, 1e-9);
  }
});

Deno.test("sinc kernels equal pynapple's _get_windowed_sinc_kernel", async () => {
  const cases: Array<[number | [number, number], FilterType, number, number]> = [
    [20, "lowpass", 1000, 0.02],
    [40, "highpass", 1000, 0.1],
    [[10, 30], "bandpass", 500, 0.05],
    [[50, 120], "bandstop", 1000, 0.03],
  ];
  const ref = await pynappleValues<number[][]>(
    `
from pynapple.process.filtering import _get_windowed_sinc_kernel
out = [_get_windowed_sinc_kernel(np.array(fc, dtype=float), ft, fs, tb) for fc, ft, fs, tb in inp]
`,
    cases,
  );
  cases.forEach(([fc, type, fs, tb], i) => {
    assertClose(sincKernel(fc, type, fs, tb), ref[i], 1e-12, `${type}`, 1e-6);
  });
});

Deno.test("filter errors are clear: cutoff shape, NaN input, short epochs, bad mode", () => {
  assertThrows(
    () => applyBandpassFilter(tsd, 10 as unknown as [number, number]),
    NappleError,
    "bandpass filter require a pair of two numbers",
  );
  assertThrows(() => applyLowpassFilter(tsd, 600), NappleError, "fs/2");
  const withNaN = new Tsd({
    t: t.slice(0, 100),
    d: t.slice(0, 100).map((x, i) => i === 50 ? NaN : x),
  });
  assertThrows(() => applyLowpassFilter(withNaN, 20), NappleError, "NaN");
  assertThrows(() => applyLowpassFilter(withNaN, 20, { mode: "sinc" }), NappleError, "NaN");
  const short = new Tsd({ t: t.slice(0, 15), d: t.slice(0, 15) }); // pad length is 15
  assertThrows(() => applyLowpassFilter(short, 20), NappleError, "too short");
  assertThrows(
    () => applyLowpassFilter(tsd, 20, { mode: "fir" as "sinc" }),
    NappleError,
    "Unrecognized filter mode",
  );
  assertThrows(() => applyLowpassFilter([1, 2] as unknown as Tsd, 20), NappleError, "Tsd");
});

Deno.test("a TsdTensor is filtered along time, every element independently", () => {
  const n = 400;
  const vals = Array.from({ length: n }, (_, i) => [[Math.sin(i / 3), 1], [i % 7, Math.cos(i)]]);
  const tensor = new TsdTensor({ t: t.slice(0, n), d: vals });
  const out = applyLowpassFilter(tensor, 50);
  assertEquals(out instanceof TsdTensor, true);
  assertEquals([...out.shape], [n, 2, 2]);
  const one = applyLowpassFilter(new Tsd({ t: t.slice(0, n), d: vals.map((v) => v[1][0]) }), 50);
  const all = out.toNDArray().data as Float64Array;
  assertClose(
    Float64Array.from({ length: n }, (_, i) => all[i * 4 + 2]),
    one.toNDArray().data as Float64Array,
    1e-12,
    "element [1,0]",
  );
});
