// Analysis bench (issue 6). Two parts, each printing ratios against a baseline measured in the
// same run:
//  1. in memory: tuning curves and event-triggered average on 200 units / 1M spikes / 1M feature
//     samples, napple vs a plain-loop implementation of the same quantity;
//  2. larger than memory: ETA over a lazy 4 GB NWB TsdFrame (written once with h5py into
//     /tmp/napple_bench/), batch size 64 MB, run in a child process whose peak RSS (VmHWM) is
//     reported and checked against 1 GB.
// `deno run -A bench/analysis_bench.ts [--small]` (--small: 256 MB file instead of 4 GB).
import {
  compute1dTuningCurves,
  computeEventTriggerAverage,
  IntervalSet,
  loadNwb,
  setBatchSize,
  setProgressEnabled,
  Ts,
  Tsd,
  type TsdFrame,
  TsGroup,
} from "../mod.ts";
import { loadAverage, peakRssMB, rng, runDeno, time } from "./helpers.ts";

const args = Deno.args;
const DIR = "/tmp/napple_bench";

// ---------------------------------------------------------------- baselines (plain loops)

function lowerBound(t: Float64Array, x: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Tuning curves the obvious way: nearest sample by binary search per spike, bin by division. */
function baselineTuning(units: Float64Array[], ft: Float64Array, fv: Float64Array, nb: number) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of fv) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const w = (hi - lo) / nb;
  const bin = (v: number) => Math.min(nb - 1, Math.floor((v - lo) / w));
  const occ = new Float64Array(nb);
  for (const v of fv) occ[bin(v)]++;
  const rate = ft.length / (ft[ft.length - 1] - ft[0]);
  return units.map((t) => {
    const c = new Float64Array(nb);
    for (const x of t) {
      let i = lowerBound(ft, x);
      if (i > 0 && (i === ft.length || x - ft[i - 1] <= ft[i] - x)) i--;
      c[bin(fv[i])]++;
    }
    for (let b = 0; b < nb; b++) c[b] = (c[b] / occ[b]) * rate;
    return c;
  });
}

/** ETA the obvious way: for each spike and lag, average the feature in that bin by search. */
function baselineEta(
  units: Float64Array[],
  ft: Float64Array,
  fv: Float64Array,
  bs: number,
  w: number,
) {
  const out = units.map(() => new Float64Array(2 * w + 1));
  units.forEach((t, u) => {
    for (const x of t) {
      const left = Math.floor(x / bs) * bs;
      for (let l = -w; l <= w; l++) {
        const a = lowerBound(ft, left + l * bs);
        const b = lowerBound(ft, left + (l + 1) * bs);
        let s = 0;
        for (let i = a; i < b; i++) s += fv[i];
        if (b > a) out[u][l + w] += s / (b - a);
      }
    }
    for (let l = 0; l < 2 * w + 1; l++) out[u][l] /= t.length;
  });
  return out;
}

// ---------------------------------------------------------------- part 1: in memory

function inMemory(): void {
  const nUnits = 200;
  const perUnit = 5000; // 1M spikes
  const nSamples = 1_000_000; // 1 kHz over 1000 s
  const duration = 1000;
  const r = rng(42);
  const ft = new Float64Array(nSamples);
  const fv = new Float64Array(nSamples);
  for (let i = 0; i < nSamples; i++) {
    ft[i] = i / 1000;
    fv[i] = 50 + 40 * Math.sin((2 * Math.PI * ft[i]) / 20) + 2 * (r() - 0.5);
  }
  const support = new IntervalSet({ start: [0], end: [duration] });
  const spikes: Float64Array[] = [];
  const members = new Map<number, Ts>();
  for (let u = 0; u < nUnits; u++) {
    const t = new Float64Array(perUnit);
    for (let i = 0; i < perUnit; i++) t[i] = Math.round(r() * duration * 1e6) / 1e6;
    t.sort();
    spikes.push(t);
    members.set(u, new Ts({ t, timeSupport: support }));
  }
  const group = new TsGroup(members, { timeSupport: support });
  const feature = new Tsd({ t: ft, d: fv, timeSupport: support });
  console.log(
    `in memory: ${nUnits} units, ${nUnits * perUnit} spikes, ${nSamples} feature samples`,
  );

  const tc = time(() => compute1dTuningCurves(group, feature, 30));
  const tcBase = time(() => baselineTuning(spikes, ft, fv, 30));
  console.log(
    `  compute1dTuningCurves (30 bins): napple ${tc.ms.toFixed(0)} ms, plain loop ${
      tcBase.ms.toFixed(0)
    } ms, ratio baseline/napple ${(tcBase.ms / tc.ms).toFixed(2)}`,
  );

  const eta = time(() => computeEventTriggerAverage(group, feature, 0.01, 0.1));
  const etaBase = time(() => baselineEta(spikes, ft, fv, 0.01, 10), 1);
  console.log(
    `  computeEventTriggerAverage (10 ms bins, ±100 ms): napple ${
      eta.ms.toFixed(0)
    } ms, plain loop ${etaBase.ms.toFixed(0)} ms, ratio baseline/napple ${
      (etaBase.ms / eta.ms).toFixed(2)
    }`,
  );
}

// ---------------------------------------------------------------- part 2: larger than memory

function writeBigNwb(path: string, rows: number, cols: number): void {
  const py = `
import h5py, numpy as np, shutil, sys, uuid
src, dst, n, c = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
shutil.copy(src, dst)
with h5py.File(dst, "a") as f:
    g = f["acquisition"].create_group("big_signal")
    g.attrs.update({"comments": "no comments", "description": "bench signal", "namespace": "core",
                    "neurodata_type": "TimeSeries", "object_id": str(uuid.uuid4())})
    fs = n / 200.0
    ts = g.create_dataset("timestamps", data=np.arange(n) / fs)
    ts.attrs.update({"interval": 1, "unit": "seconds"})
    d = g.create_dataset("data", shape=(n, c), dtype="f8", chunks=(max(1, 2**20 // c), c))
    d.attrs.update({"conversion": 1.0, "offset": 0.0, "resolution": -1.0, "unit": "a.u."})
    freq = 0.5 + np.arange(c) / c
    step = max(1, 2**22 // c)
    for a in range(0, n, step):
        b = min(n, a + step)
        t = (np.arange(a, b) / fs)[:, None]
        d[a:b] = np.sin(2 * np.pi * freq * t)
`;
  const out = new Deno.Command("/usr/bin/python3", {
    args: [
      "-c",
      py,
      new URL("../testdata/nwb/units_session.nwb", import.meta.url).pathname,
      path,
      String(rows),
      String(cols),
    ],
    stderr: "inherit",
  }).outputSync();
  if (!out.success) throw new Error("h5py could not write the bench NWB file");
}

function bigChild(path: string): void {
  setProgressEnabled(true);
  setBatchSize(64 * 1024 * 1024);
  const before = peakRssMB();
  const nwb = loadNwb(path);
  const sig = nwb.get("big_signal") as TsdFrame;
  const units = nwb.get("units") as TsGroup;
  const t0 = performance.now();
  const eta = computeEventTriggerAverage(units, sig, 0.01, 0.1);
  const ms = performance.now() - t0;
  const gb = (sig.shape[0] * sig.shape[1] * 8) / 1e9;
  console.log(
    JSON.stringify({
      ms,
      gb,
      shape: eta.shape,
      lazy: sig.isLazy,
      rssBefore: before,
      peak: peakRssMB(),
    }),
  );
}

function largerThanMemory(small: boolean): void {
  Deno.mkdirSync(DIR, { recursive: true });
  const cols = 512;
  const rows = small ? 62_500 : 1_000_000; // 256 MB or 4.1 GB of float64
  const path = `${DIR}/big_${rows}x${cols}.nwb`;
  let exists = false;
  try {
    exists = Deno.statSync(path).size > rows * cols * 8;
  } catch { /* not written yet */ }
  if (!exists) {
    const t0 = performance.now();
    writeBigNwb(path, rows, cols);
    console.log(`  wrote ${path} with h5py in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const out = runDeno(new URL(import.meta.url).pathname, ["--big-child", path]);
  const r = JSON.parse(out.trim().split("\n").pop()!);
  console.log(
    `larger than memory: ETA over a lazy ${
      r.gb.toFixed(2)
    } GB NWB TsdFrame (${rows} × ${cols}, batch 64 MB): ${(r.ms / 1000).toFixed(1)} s, ${
      (r.gb * 1000 / (r.ms / 1000)).toFixed(0)
    } MB/s, peak RSS ${r.peak.toFixed(0)} MB ` +
      `(${r.rssBefore.toFixed(0)} MB after start-up; data/peak RSS ratio ${
        (r.gb * 1000 / r.peak).toFixed(1)
      }) ${r.peak < 1024 ? "OK < 1 GB" : "OVER 1 GB"}`,
  );
}

if (args[0] === "--big-child") {
  bigChild(args[1]);
} else {
  setProgressEnabled(false);
  console.log(loadAverage());
  if (!args.includes("--big-only")) inMemory();
  largerThanMemory(args.includes("--small"));
  console.log(loadAverage());
}
