// Spectra against pynapple 0.9.2 (numpy.fft, scipy's hamming) on random inputs and the
// ecephys NWB fixture, to 1e-9.
import { assertClose, assertEquals, assertThrows, TESTDATA } from "../assert.ts";
import { seeded } from "../random.ts";
import { NappleError } from "../../lib/errors.ts";
import { IntervalSet } from "../../lib/core/interval_set.ts";
import { Tsd, TsdFrame } from "../../lib/core/time_series.ts";
import { NWBFile } from "../../lib/io/nwb/nwbfile.ts";
import { fftPlan, fftReal } from "../../lib/process/fft.ts";
import {
  computeFft,
  computeMeanPowerSpectralDensity,
  computePowerSpectralDensity,
} from "../../lib/process/spectrum.ts";
import { flat, pynappleValues } from "../oracle/client.ts";

const rnd = seeded(14);
const N = 1001;
const FS = 250;
const t = Array.from({ length: N }, (_, i) => i / FS);
const d = Array.from({ length: N }, () => [rnd() - 0.5, rnd() * 3, Math.sin(rnd() * 7)]);
const frame = new TsdFrame({ t, d });
const tsd = new Tsd({ t: t.slice(0, 600), d: d.slice(0, 600).map((r) => r[0]) });
const ep2 = new IntervalSet({ start: [0, 2.1], end: [1.5, 3.9] });

type Ref = Record<string, unknown>;
const ref = pynappleValues<Ref>(
  `
f = nap.TsdFrame(t=np.array(inp["t"]), d=np.array(inp["d"]))
s = nap.Tsd(t=np.array(inp["t"][:600]), d=np.array(inp["d"])[:600, 0])
ep2 = nap.IntervalSet(start=[0, 2.1], end=[1.5, 3.9])
def tab(df): return {"index": np.asarray(df.index), "values": np.asarray(df.values)}
out = {
  "fft": tab(nap.compute_fft(f)),
  "fft_full_norm": tab(nap.compute_fft(f, full_range=True, norm=True)),
  "fft_n": tab(nap.compute_fft(s, n=1024, fs=100.0)),
  "fft_crop": tab(nap.compute_fft(s, n=333)),
  "psd": tab(nap.compute_power_spectral_density(f)),
  "psd_full": tab(nap.compute_power_spectral_density(s, full_range=True)),
  "psd_ep": tab(nap.compute_power_spectral_density(f, ep=nap.IntervalSet(0.5, 3.0))),
  "mpsd": tab(nap.compute_mean_power_spectral_density(f, 0.4)),
  "mpsd_ep": tab(nap.compute_mean_power_spectral_density(f, 300, ep=ep2, overlap=0.5, time_unit="ms")),
  "mpsd_full": tab(nap.compute_mean_power_spectral_density(s, 0.5, overlap=0.0, full_range=True)),
}
`,
  { t, d },
);

interface Tab {
  index: number[];
  values: { re: number[][]; im: number[][] } | number[][];
}

async function table(name: string): Promise<Tab> {
  return (await ref)[name] as Tab;
}

Deno.test("fft of every length class matches numpy's definition (mixed radix, Bluestein, real)", () => {
  for (const n of [1, 2, 6, 7, 30, 97, 128, 210, 286, 1001, 1009, 2048]) {
    const x = Array.from({ length: n }, () => rnd() - 0.5);
    // direct DFT as the reference
    const er = new Float64Array(n), ei = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      for (let j = 0; j < n; j++) {
        const a = (-2 * Math.PI * ((j * k) % n)) / n;
        er[k] += x[j] * Math.cos(a);
        ei[k] += x[j] * Math.sin(a);
      }
    }
    const re = Float64Array.from(x), im = new Float64Array(n);
    fftPlan(n).run(re, im);
    const [rr, ri] = fftReal(x);
    // one scale for both parts: the direct sum leaves ~1e-17 where the exact value is 0
    const cat = (a: ArrayLike<number>, b: ArrayLike<number>) =>
      Float64Array.from([...Array.from(a), ...Array.from(b)]);
    assertClose(cat(re, im), cat(er, ei), 1e-9, `complex n=${n}`, 1);
    assertClose(cat(rr, ri), cat(er, ei), 1e-9, `real n=${n}`, 1);
    fftPlan(n).run(re, im, true);
    assertClose(re.map((v) => v / n), x, 1e-9, `inverse n=${n}`, 1);
  }
});

Deno.test("computeFft matches pynapple's compute_fft (default, full range + norm, n, crop)", async () => {
  const cases: Array<[string, ReturnType<typeof computeFft>]> = [
    ["fft", computeFft(frame)],
    ["fft_full_norm", computeFft(frame, { fullRange: true, norm: true })],
    ["fft_n", computeFft(tsd, { n: 1024, fs: 100 })],
    ["fft_crop", computeFft(tsd, { n: 333 })],
  ];
  for (const [name, got] of cases) {
    const r = await table(name);
    const v = r.values as { re: number[][]; im: number[][] };
    assertClose(got.index, r.index, 1e-12, `${name} index`);
    assertEquals(got.shape, [r.index.length, v.re[0].length]);
    assertClose(got.re, flat(v.re), 1e-9, `${name} re`, 1e-6);
    assertClose(got.im, flat(v.im), 1e-9, `${name} im`, 1e-6);
  }
  assertEquals(computeFft(frame).columns, [0, 1, 2]);
});

Deno.test("computePowerSpectralDensity matches pynapple (one-sided, full range, epoch)", async () => {
  const cases: Array<[string, ReturnType<typeof computePowerSpectralDensity>]> = [
    ["psd", computePowerSpectralDensity(frame)],
    ["psd_full", computePowerSpectralDensity(tsd, { fullRange: true })],
    ["psd_ep", computePowerSpectralDensity(frame, { ep: new IntervalSet({ start: 0.5, end: 3 }) })],
  ];
  for (const [name, got] of cases) {
    const r = await table(name);
    assertClose(Float64Array.from(got.index as number[]), r.index, 1e-12, `${name} index`);
    assertClose(got.values, flat(r.values), 1e-9, `${name} values`, 1e-9);
  }
});

Deno.test("computeMeanPowerSpectralDensity matches pynapple (overlap, epochs, ms, full range)", async () => {
  const cases: Array<[string, ReturnType<typeof computeMeanPowerSpectralDensity>]> = [
    ["mpsd", computeMeanPowerSpectralDensity(frame, 0.4)],
    [
      "mpsd_ep",
      computeMeanPowerSpectralDensity(frame, 300, { ep: ep2, overlap: 0.5, timeUnits: "ms" }),
    ],
    ["mpsd_full", computeMeanPowerSpectralDensity(tsd, 0.5, { overlap: 0, fullRange: true })],
  ];
  for (const [name, got] of cases) {
    const r = await table(name);
    assertClose(Float64Array.from(got.index as number[]), r.index, 1e-12, `${name} index`);
    assertClose(got.values, flat(r.values), 1e-9, `${name} values`, 1e-9);
  }
});

Deno.test("mean PSD of columns transformed in pairs: disparate scales, a zero column, a NaN (pynapple)", async () => {
  // columns go through the complex transform two at a time; each must still agree on its own
  // scale, keep numpy's exact zeros and NaN pattern
  const cols = (r: number[], i: number) => [
    r[0] * 1e6,
    r[1] * 1e-7,
    0,
    r[2],
    i === 37 ? NaN : r[2],
    r[0],
    r[1] + 1e3,
  ];
  const d7 = d.map(cols);
  const r = await pynappleValues<{ values: number[][] }>(
    `
d = np.array(inp["d"])
x = np.column_stack([d[:, 0] * 1e6, d[:, 1] * 1e-7, np.zeros(len(d)), d[:, 2], d[:, 2], d[:, 0], d[:, 1] + 1e3])
x[37, 4] = np.nan
out = {"values": np.asarray(nap.compute_mean_power_spectral_density(nap.TsdFrame(t=np.array(inp["t"]), d=x), 0.4).values)}
`,
    { t, d },
  );
  const got = computeMeanPowerSpectralDensity(new TsdFrame({ t, d: d7 }), 0.4).values;
  const want = flat(r.values);
  const m = 7;
  for (let c = 0; c < m; c++) {
    const column = (v: Float64Array) => v.filter((_, i) => i % m === c);
    // each column against its own largest value
    assertClose(column(got), column(want), 1e-9, `column ${c}`, 1e-9);
  }
  assertEquals(column2(got, m, 2).every((v) => v === 0), true);
  assertEquals(column2(got, m, 4).every(Number.isNaN), true);
});

function column2(v: Float64Array, m: number, c: number): number[] {
  return Array.from(v).filter((_, i) => i % m === c);
}

Deno.test("spectra of the ecephys NWB fixture (lazy) match pynapple's", async () => {
  const path = `${TESTDATA}nwb/ecephys_gzip_chunked.nwb`;
  const r = await pynappleValues<Record<string, number[][]>>(
    `
es = nap.load_file(inp["path"])["ElectricalSeries"]
out = {
  "psd": np.asarray(nap.compute_power_spectral_density(es).values),
  "mpsd": np.asarray(nap.compute_mean_power_spectral_density(es, 1.0).values),
}
`,
    { path },
  );
  const nwb = new NWBFile(path);
  try {
    const es = nwb.get("ElectricalSeries") as TsdFrame;
    assertEquals(es.isLazy, true);
    assertClose(
      computePowerSpectralDensity(es, { batchSize: 4096 }).values,
      flat(r.psd),
      1e-9,
      "psd",
      1e-9,
    );
    assertClose(
      computeMeanPowerSpectralDensity(es, 1.0, { batchSize: 4096 }).values,
      flat(r.mpsd),
      1e-9,
      "mean psd",
      1e-9,
    );
  } finally {
    nwb.close();
  }
});

Deno.test("spectrum errors name the parameter, not a Python type", () => {
  const e = assertThrows(() => computeFft(frame, { ep: ep2 }), NappleError);
  assertEquals(e.code, "INVALID_ARGUMENT");
  assertThrows(
    () => computePowerSpectralDensity({} as unknown as Tsd),
    NappleError,
    "sig should be a Tsd or a TsdFrame",
  );
  assertThrows(() => computeMeanPowerSpectralDensity(frame, 0.4, { overlap: 1 }), NappleError);
  assertThrows(() => computeMeanPowerSpectralDensity(frame, 100), NappleError, "empty");
});
