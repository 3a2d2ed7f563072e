// Wavelet transforms against pynapple 0.9.2: the Morlet filter bank and the transform of a Tsd,
// a multi-epoch TsdFrame and the lazy ecephys NWB fixture, to 1e-9 of the largest coefficient.
import { assert, assertClose, assertEquals, assertThrows, TESTDATA } from "../assert.ts";
import { seeded } from "../random.ts";
import { NappleError } from "../../lib/errors.ts";
import { IntervalSet } from "../../lib/core/interval_set.ts";
import { Tsd, TsdFrame, TsdTensor } from "../../lib/core/time_series.ts";
import { NWBFile } from "../../lib/io/nwb/nwbfile.ts";
import { computeWaveletTransform, generateMorletFilterbank } from "../../lib/process/wavelets.ts";
import { flat, pynappleValues } from "../oracle/client.ts";

const rnd = seeded(5);
const FS = 200;
const N = 1500;
const t = Array.from({ length: N }, (_, i) => i / FS);
const d = Array.from({ length: N }, (_, i) => [
  Math.sin(2 * Math.PI * 10 * t[i]) + rnd() - 0.5,
  Math.sin(2 * Math.PI * 3 * t[i]) + rnd(),
]);
const freqs = [2, 5, 10, 22.5, 40];

type C = { re: number[][]; im: number[][] };

Deno.test("generateMorletFilterbank and computeWaveletTransform match pynapple", async () => {
  const ref = await pynappleValues<Record<string, C | number[]>>(
    `
f = nap.TsdFrame(t=np.array(inp["t"]), d=np.array(inp["d"]), time_support=nap.IntervalSet([0, 3.1], [2.9, 7.4]))
s = nap.Tsd(t=np.array(inp["t"]), d=np.array(inp["d"])[:, 0])
freqs = np.array(inp["freqs"])
fb = nap.generate_morlet_filterbank(freqs, 200.0, precision=12)
out = {
  "fb": fb.values, "fb_t": fb.t,
  "tsd": nap.compute_wavelet_transform(s, freqs).values,
  "frame_l2": nap.compute_wavelet_transform(f, freqs, norm="l2", gaussian_width=2.0, window_length=1.5).values,
  "frame_none": nap.compute_wavelet_transform(f, freqs[2:], fs=250.0, norm=None, precision=10).values,
}
`,
    { t, d, freqs },
  );
  const fb = generateMorletFilterbank(freqs, 200, { precision: 12 });
  const rfb = ref.fb as C;
  assertClose(fb.real.t, ref.fb_t as number[], 1e-12, "filter bank time");
  assertClose(fb.real.toNDArray().data as Float64Array, flat(rfb.re), 1e-12, "bank re", 1e-9);
  assertClose(fb.imag.toNDArray().data as Float64Array, flat(rfb.im), 1e-12, "bank im", 1e-9);

  const frame = new TsdFrame({
    t,
    d,
    timeSupport: new IntervalSet({ start: [0, 3.1], end: [2.9, 7.4] }),
  });
  const tsd = new Tsd({ t, d: d.map((r) => r[0]) });
  const cases: Array<[string, ReturnType<typeof computeWaveletTransform>]> = [
    ["tsd", computeWaveletTransform(tsd, freqs)],
    [
      "frame_l2",
      computeWaveletTransform(frame, freqs, { norm: "l2", gaussianWidth: 2, windowLength: 1.5 }),
    ],
    [
      "frame_none",
      computeWaveletTransform(frame, freqs.slice(2), { fs: 250, norm: "none", precision: 10 }),
    ],
  ];
  for (const [name, w] of cases) {
    const r = ref[name] as C;
    // FFT convolutions on both sides: agreement relative to the largest coefficient
    assertClose(w.real.toNDArray().data as Float64Array, flat(r.re), 1e-9, `${name} re`, 1);
    assertClose(w.imag.toNDArray().data as Float64Array, flat(r.im), 1e-9, `${name} im`, 1);
  }
  const w = cases[0][1];
  assert(w.real instanceof TsdFrame);
  assertEquals([...(w.real as TsdFrame).columns], freqs);
  const w2 = cases[1][1];
  assert(w2.real instanceof TsdTensor);
  assertEquals([...w2.shape], [frame.length, 2, freqs.length]);
  const fig = await w.plot();
  assert(fig.toSVG().includes("<svg"));
});

Deno.test("wavelet transform of the lazy ecephys NWB fixture matches pynapple", async () => {
  const path = `${TESTDATA}nwb/ecephys_gzip_chunked.nwb`;
  const ref = await pynappleValues<C>(
    `
es = nap.load_file(inp["path"])["ElectricalSeries"]
# pynapple convolves float32 data with single-precision FFTs (~1e-7); its float64 result is exact
s = es[:, 2]
out = nap.compute_wavelet_transform(nap.Tsd(t=s.t, d=np.asarray(s.values, dtype=float)), np.array([4.0, 8.0, 30.0, 80.0])).values
`,
    { path },
  );
  const nwb = new NWBFile(path);
  try {
    const es = nwb.get("ElectricalSeries") as TsdFrame;
    const ch = es.column(2);
    assertEquals(ch.isLazy, true);
    const w = computeWaveletTransform(ch as Tsd, [4, 8, 30, 80], { batchSize: 16384 });
    assertClose(w.real.toNDArray().data as Float64Array, flat(ref.re), 1e-9, "re", 1);
    assertClose(w.imag.toNDArray().data as Float64Array, flat(ref.im), 1e-9, "im", 1);
  } finally {
    nwb.close();
  }
});

Deno.test("wavelet errors name the argument", () => {
  const tsd = new Tsd({ t: [0, 1, 2], d: [1, 2, 3] });
  assertThrows(() => computeWaveletTransform(tsd, []), NappleError, "cannot be empty");
  assertThrows(() => computeWaveletTransform(tsd, [0, 1]), NappleError, "strictly positive");
  assertThrows(
    () => generateMorletFilterbank([1], 100, { precision: 0 }),
    NappleError,
    "precision",
  );
  assertThrows(
    () => computeWaveletTransform(tsd, [1], { norm: "l3" as "l1" }),
    NappleError,
    "norm",
  );
});
