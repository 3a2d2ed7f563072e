// Signal-processing bench (issue 14): napple against pynapple 0.9.2 (the oracle, numba/scipy
// compiled code) measured in the same run on the same inputs, best of a few repeats each:
//  1. decode1d, 200 units × 1 h at 10 ms bins (30 position bins). pynapple's decode_1d builds
//     T × bins × units arrays (tens of GB for an hour), so it is timed on one 3-minute epoch and
//     scaled ×20 (its cost is linear in the number of time bins); napple decodes the full hour;
//  2. band-pass (butter, order 4, 6–12 Hz) of 64 channels × 10 min at 1 kHz;
//  3. power spectral density and mean PSD (1 s windows) of the same;
//  4. Morlet transform, 30 frequencies (2–150 Hz), 1 channel × 10 min at 1 kHz.
// Then peak memory (VmHWM of a child process) on lazy input, a float32 memmap of 5 and 10 min:
// neither the mean PSD's peak nor the band-pass's (a lazy result, then its mean over time) may
// grow with the recording; the band-pass of the same recording read into memory is the baseline
// (its time, and its peak that grows with the input and the result).
// The load average is printed before and after: ratios on a shared machine mean little without it.
// `deno run -A bench/signal_bench.ts [--small] [--repeat N] [--spectra-only] [--lazy-only]` (--small: 2 min
// and 32 channels, for a quick look; --repeat: best of N for the filter and spectra, default 3;
// --spectra-only: the band-pass, PSD and mean PSD rows only; --lazy-only: the lazy-input peak
// memory and timings only, without pynapple).
import {
  applyBandpassFilter,
  computeMeanPowerSpectralDensity,
  computePowerSpectralDensity,
  computeWaveletTransform,
  decode1d,
  IntervalSet,
  LabeledTable,
  NDArray,
  saveNpy,
  setProgressEnabled,
  Ts,
  Tsd,
  TsdFrame,
  TsGroup,
} from "../mod.ts";
import { loadAverage, rng, runDeno, time } from "./helpers.ts";

setProgressEnabled(false);
const small = Deno.args.includes("--small");
const spectraOnly = Deno.args.includes("--spectra-only");
const lazyOnly = Deno.args.includes("--lazy-only");
const at = Deno.args.indexOf("--repeat");
const REPEAT = at >= 0 ? Math.max(1, Number(Deno.args[at + 1]) || 1) : 3;
const DIR = "/tmp/napple_signal_bench";
const FS = 1000;
const MINUTES = small ? 2 : 10;
const CH = small ? 32 : 64;
const N = MINUTES * 60 * FS;
const ORACLE = Deno.env.get("NAPPLE_ORACLE") ?? "/work/shared/oracle";

// ------------------------------------------------------------------ inputs (written once)

Deno.mkdirSync(DIR, { recursive: true });
const r = rng(1);
const lfp = new Float32Array(N * CH);
for (let i = 0; i < N; i++) {
  const s = Math.sin((2 * Math.PI * 8 * i) / FS);
  for (let c = 0; c < CH; c++) lfp[i * CH + c] = s * (1 + c / CH) + (r() - 0.5);
}
Deno.writeFileSync(`${DIR}/lfp_f32_${N}.bin`, new Uint8Array(lfp.buffer));
Deno.writeFileSync(
  `${DIR}/lfp_f32_${N / 2}.bin`,
  new Uint8Array(lfp.buffer, 0, (N / 2) * CH * 4),
);
const lfp64 = Float64Array.from(lfp);
saveNpy(`${DIR}/lfp.npy`, new NDArray(lfp64, [N, CH]));

const HOUR = 3600, NU = 200, NB = 30;
const posT = Float64Array.from({ length: HOUR * 50 }, (_, i) => i / 50);
const posD = posT.map((t) => 50 + 45 * Math.sin(t / 7) * Math.cos(t / 31));
const centres = Array.from({ length: NB }, (_, i) => 2 + (96 / NB) * (i + 0.5));
const tc = new Float64Array(NB * NU);
const unitTimes: Float64Array[] = [];
for (let u = 0; u < NU; u++) {
  const pref = r() * 100, width = 5 + r() * 15, peak = 2 + r() * 10;
  for (let b = 0; b < NB; b++) {
    tc[b * NU + u] = 0.2 + peak * Math.exp(-((centres[b] - pref) ** 2) / (2 * width ** 2));
  }
  const n = Math.floor(HOUR * (1 + r() * 4));
  unitTimes.push(Float64Array.from({ length: n }, () => Math.round(r() * HOUR * 1e4) / 1e4).sort());
}
saveNpy(`${DIR}/pos.npy`, posD);
saveNpy(`${DIR}/tc.npy`, new NDArray(tc, [NB, NU]));
unitTimes.forEach((t, u) => saveNpy(`${DIR}/unit_${u}.npy`, t));
saveNpy(`${DIR}/centres.npy`, Float64Array.from(centres));

if (lazyOnly) console.log(loadAverage());
else compareWithPynapple();

function compareWithPynapple(): void {
  // ------------------------------------------------------------------ pynapple (oracle)

  const py = `
import json, sys, time, warnings
warnings.filterwarnings("ignore")
import numpy as np, pandas as pd, pynapple as nap
D, FS, N, CH = sys.argv[1], ${FS}, ${N}, ${CH}
def best(f, k=${REPEAT}):
    b = 1e99
    for _ in range(k):
        t0 = time.perf_counter(); f(); b = min(b, time.perf_counter() - t0)
    return b * 1000
x = np.load(D + "/lfp.npy")
t = np.arange(N) / FS
f = nap.TsdFrame(t=t, d=x)
res = {}
res["bandpass"] = best(lambda: nap.apply_bandpass_filter(f, (6.0, 12.0)))
res["psd"] = best(lambda: nap.compute_power_spectral_density(f))
res["mean_psd"] = best(lambda: nap.compute_mean_power_spectral_density(f, 1.0))
if ${spectraOnly ? "True" : "False"}:
    print(json.dumps(res))
    sys.exit(0)
s = nap.Tsd(t=t, d=x[:, 0])
freqs = np.geomspace(2, 150, 30)
res["morlet"] = best(lambda: nap.compute_wavelet_transform(s, freqs), 1)
tc = pd.DataFrame(np.load(D + "/tc.npy"), index=np.load(D + "/centres.npy"), columns=range(${NU}))
g = nap.TsGroup({u: nap.Ts(t=np.load(D + "/unit_%d.npy" % u)) for u in range(${NU})}, time_support=nap.IntervalSet(0, ${HOUR}))
ep = nap.IntervalSet(0, 180)
res["decode_3min"] = best(lambda: nap.decode_1d(tc, g, ep, 0.01), 1)
print(json.dumps(res))
`;
  console.log(loadAverage());
  console.log(
    `inputs: ${CH} ch × ${MINUTES} min at ${FS} Hz; ${NU} units × 1 h; best of ${REPEAT}; timing pynapple…`,
  );
  const out = new Deno.Command("/usr/bin/python3", {
    args: ["-c", py, DIR],
    env: {
      PYTHONPATH: ORACLE,
      PYTHONNOUSERSITE: "1",
      NUMBA_CACHE_DIR: "/tmp/pynapple-oracle-numba",
    },
    stderr: "inherit",
  }).outputSync();
  if (!out.success) Deno.exit(1);
  const pn = JSON.parse(new TextDecoder().decode(out.stdout)) as Record<string, number>;

  // ------------------------------------------------------------------ napple, in memory

  const t = Float64Array.from({ length: N }, (_, i) => i / FS);
  const frame = new TsdFrame({ t, d: new NDArray(lfp64, [N, CH]) });
  const rows: Array<[string, number, number, string]> = [];
  const bp = time(() => applyBandpassFilter(frame, [6, 12]), REPEAT);
  rows.push(["band-pass (butter 4, 6–12 Hz)", bp.ms, pn.bandpass, ""]);
  rows.push([
    "power spectral density",
    time(() => computePowerSpectralDensity(frame), REPEAT).ms,
    pn.psd,
    "",
  ]);
  rows.push([
    "mean PSD (1 s windows)",
    time(() => computeMeanPowerSpectralDensity(frame, 1), REPEAT).ms,
    pn.mean_psd,
    "",
  ]);
  if (!spectraOnly) {
    const ch0 = new Tsd({ t, d: Float64Array.from({ length: N }, (_, i) => lfp64[i * CH]) });
    const freqs = Array.from({ length: 30 }, (_, i) => 2 * (150 / 2) ** (i / 29));
    rows.push([
      "Morlet, 30 freqs, 1 ch",
      time(() => computeWaveletTransform(ch0, freqs), 1).ms,
      pn.morlet,
      "",
    ]);
    const units = new Map<number, Ts>();
    unitTimes.forEach((tt, u) => units.set(u, new Ts({ t: tt })));
    const group = new TsGroup(units, { timeSupport: new IntervalSet({ start: 0, end: HOUR }) });
    const table = new LabeledTable(centres, Array.from({ length: NU }, (_, u) => u), tc, {
      floatIndex: true,
    });
    const dec = time(
      () => decode1d(table, group, new IntervalSet({ start: 0, end: HOUR }), 0.01),
      1,
    );
    rows.push([
      "decode1d, 200 units × 1 h, 10 ms",
      dec.ms,
      pn.decode_3min * 20,
      " (pynapple: 3 min ×20)",
    ]);
  }

  console.log("\noperation                              napple ms  pynapple ms  ratio");
  for (const [name, ms, base, note] of rows) {
    console.log(
      `${name.padEnd(38)} ${ms.toFixed(0).padStart(9)} ${base.toFixed(0).padStart(12)}  ${
        (ms / base).toFixed(2)
      }×${note}`,
    );
  }
}

// ------------------------------------------------------------------ lazy input, peak memory

if (!spectraOnly) {
  // op 0: mean PSD; op 1: band-pass of the lazy memmap (a lazy result), then its mean over time
  // (which computes every row); op 2: the same with the recording read into memory first (an
  // in-memory result): the baseline of the same run
  const child = `
  import { applyBandpassFilter, computeMeanPowerSpectralDensity, memmap, NDArray, setProgressEnabled, TsdFrame } from "${
    new URL("../mod.ts", import.meta.url).href
  }";
  import { peakRssMB } from "${new URL("./helpers.ts", import.meta.url).href}";
  setProgressEnabled(false);
  const [op, n, ch] = Deno.args.slice(0, 3).map(Number);
  const mm = memmap("${DIR}/lfp_f32_" + n + ".bin", { dtype: "float32", shape: [n, ch], mode: "r" });
  const t = Float64Array.from({ length: n }, (_, i) => i / ${FS});
  const f = new TsdFrame({ t, d: op === 2 ? new NDArray(mm.readRows(0, n).data, [n, ch], "float32") : mm });
  let filterMs = 0, meanMs = 0;
  if (op === 0) computeMeanPowerSpectralDensity(f, 1, { batchSize: 8 << 20 });
  else {
    const t0 = performance.now();
    const bp = applyBandpassFilter(f, [6, 12], { batchSize: 8 << 20 });
    const t1 = performance.now();
    bp.mean(0);
    filterMs = t1 - t0;
    meanMs = performance.now() - t1;
  }
  console.log(JSON.stringify({ peak: peakRssMB(), filterMs, meanMs }));
  `;
  Deno.writeTextFileSync(`${DIR}/child.ts`, child);
  const run = (op: number, n: number): { peak: number; filterMs: number; meanMs: number } =>
    JSON.parse(runDeno(`${DIR}/child.ts`, [String(op), String(n), String(CH)]).trim());
  const half = N / 2;
  const mb = (x: number) => x.toFixed(0).padStart(11);
  console.log("\nfloat32 memmap input (fresh process each)  peak RSS MB: half length  full length");
  console.log(
    `mean PSD (1 s windows)                         ${mb(run(0, half).peak)} ${mb(run(0, N).peak)}`,
  );
  const times: string[] = [];
  for (
    const [op, name] of [[1, "band-pass, lazy result"], [2, "band-pass, input in memory"]] as const
  ) {
    const h = run(op, half), f = run(op, N);
    console.log(`${name.padEnd(46)} ${mb(h.peak)} ${mb(f.peak)}`);
    times.push(
      `${name.padEnd(46)} filter ${f.filterMs.toFixed(0)} ms, then mean(0) ${
        f.meanMs.toFixed(0)
      } ms, total ${(f.filterMs + f.meanMs).toFixed(0)} ms`,
    );
  }
  console.log(`\nfull length (${MINUTES} min × ${CH} ch):`);
  for (const line of times) console.log(line);
}
console.log(loadAverage());
