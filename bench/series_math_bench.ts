// Arithmetic, reductions and counting bench (issue 14), with pynapple 0.9.2 measured in the same
// run:
//  1. in memory: a TsdFrame of 600 000 rows × 32 columns (10 min at 1 kHz), element-wise ops,
//     reductions over time and across columns, zscore; and TsGroup.count(0.01) of 50 units at
//     20 Hz over 1 h (360 000 bins); best of 5 on each side, ratio napple / pynapple (numpy on
//     pynapple's objects). napple runs twice, in child processes: with -A (large results on
//     transparent huge pages, advised through FFI as numpy advises them), and without the FFI
//     permission (4 KiB pages: on this VM every first touch of a fresh page costs ~10 µs, which
//     dominates any op that returns a large new array);
//  2. lazy: reductions over time of a memory-mapped int16 recording of 64 channels (a raw .dat)
//     of 10 and 40 minutes, each in a child process whose peak RSS (VmHWM) is reported: memory
//     must not grow with the recording's length (batch size 16 MB); the timestamps (8 bytes per
//     row) are in memory before the first reduction ("before"). pynapple times the same
//     reductions on np.memmap.
// `deno run -A bench/series_math_bench.ts [--small]` (--small: fewer rows, 2 and 8 minutes).
import { IntervalSet, memmap, NDArray, setBatchSize, Ts, TsdFrame, TsGroup } from "../mod.ts";

const SMALL = Deno.args.includes("--small");
const DIR = "/tmp/napple_bench";
// the oracle beside the repository (or beside the main checkout, for a worktree)
const ORACLE = ["../../shared/oracle", "../../../shared/oracle"]
  .map((p) => new URL(p, import.meta.url).pathname)
  .find((p) => {
    try {
      return Deno.statSync(`${p}/pynapple`).isDirectory;
    } catch {
      return false;
    }
  }) ?? "";

function rssMB(field = "VmHWM"): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(Deno.readTextFileSync("/proc/self/status"));
  return m ? Number(m[1]) / 1024 : NaN;
}

function best(fn: () => unknown, repeat = 3): number {
  let ms = Infinity;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    fn();
    ms = Math.min(ms, performance.now() - t0);
  }
  return ms;
}

function pynapple(script: string): Record<string, number> {
  const env: Record<string, string> = Deno.env.get("PYTHONPATH")?.includes("oracle")
    ? {}
    : { PYTHONPATH: ORACLE, NUMBA_CACHE_DIR: "/tmp/pynapple-oracle-numba" };
  const out = new Deno.Command("/usr/bin/python3", { args: ["-c", script], env }).outputSync();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

const PY_TIMER = `
import json, time, warnings
import numpy as np, pynapple as nap, scipy.stats
warnings.simplefilter("ignore")
def best(fn, repeat=5):
    ms = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter(); fn(); ms = min(ms, (time.perf_counter() - t0) * 1000)
    return ms
`;

// --------------------------------------------------------------------------- lazy child

if (Deno.args[0] === "--child") {
  const [, path, rows] = Deno.args;
  const n = Number(rows);
  setBatchSize(16 * 1024 * 1024);
  const t = Float64Array.from({ length: n }, (_, i) => i / 1000);
  const frame = new TsdFrame({ t, d: memmap(path, { dtype: "int16", mode: "r", shape: [n, 64] }) });
  const out: Record<string, number> = { before: rssMB("VmRSS") };
  const runs: Record<string, () => unknown> = {
    mean: () => frame.mean(0),
    std: () => frame.std(0),
    max: () => frame.max(0),
    nanmean: () => frame.nanmean(0),
    argmax: () => frame.argmax(0),
  };
  for (const [name, run] of Object.entries(runs)) {
    const t0 = performance.now();
    run();
    out[name] = performance.now() - t0;
  }
  out.rss = rssMB();
  console.log(JSON.stringify(out));
  Deno.exit(0);
}

// --------------------------------------------------------------------------- 1. in memory

const N = SMALL ? 120_000 : 600_000;
const C = 32;
const UNITS = 50, RATE = 20, SECONDS = SMALL ? 600 : 3600;

function childRun(args: string[], permissions = ["-A"]): Record<string, number> {
  const out = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...permissions,
      "--v8-flags=--expose-gc",
      new URL(import.meta.url).pathname,
      ...args,
    ],
  }).outputSync();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

if (Deno.args[0] === "--memory") {
  const d = new Float64Array(N * C);
  for (let i = 0; i < d.length; i++) d[i] = Math.sin(i * 0.37) * 3 + (i % 7);
  const frame = new TsdFrame({
    t: Float64Array.from({ length: N }, (_, i) => i / 1000),
    d: new NDArray(d, [N, C]),
  });
  const perColumn = Float64Array.from({ length: C }, (_, j) => j + 1);
  let seed = 1;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const group = new TsGroup(
    Object.fromEntries(Array.from({ length: UNITS }, (_, k) => {
      const a = Float64Array.from({ length: SECONDS * RATE }, () => rand() * SECONDS);
      return [k, new Ts({ t: a.sort() })];
    })),
    { timeSupport: new IntervalSet({ start: 0, end: SECONDS }) },
  );
  // the previous operation's garbage is collected before each one is timed (child processes
  // run with --expose-gc), so no operation pays for another's
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  const timed = (fn: () => unknown) => (gc(), best(fn, 5));
  console.log(JSON.stringify({
    "add(2)": timed(() => frame.add(2)),
    "mul(per column)": timed(() => frame.mul(perColumn)),
    "sub(same shape)": timed(() => frame.sub(frame)),
    "gt(1)": timed(() => frame.gt(1)),
    "mean(0)": timed(() => frame.mean(0)),
    "std(0)": timed(() => frame.std(0)),
    "nanmean(0)": timed(() => frame.nanmean(0)),
    "max(0)": timed(() => frame.max(0)),
    "argmax(0)": timed(() => frame.argmax(0)),
    "mean(1)": timed(() => frame.mean(1)),
    "max(1)": timed(() => frame.max(1)),
    "zscore()": timed(() => frame.zscore()),
    "group.count(0.01)": timed(() => group.count(0.01)),
  }));
  Deno.exit(0);
}

{
  const ours = childRun(["--memory", ...Deno.args]);
  const small = childRun(["--memory", ...Deno.args], ["-A", "--deny-ffi"]);
  const theirs = pynapple(`${PY_TIMER}
n, c = ${N}, ${C}
d = (np.sin(np.arange(n * c) * 0.37) * 3 + (np.arange(n * c) % 7)).reshape(n, c)
f = nap.TsdFrame(t=np.arange(n) / 1000, d=d)
pc = np.arange(1, c + 1, dtype=float)
rng = np.random.default_rng(1)
g = nap.TsGroup({k: nap.Ts(np.sort(rng.uniform(0, ${SECONDS}, ${SECONDS * RATE})))
                 for k in range(${UNITS})}, time_support=nap.IntervalSet(0, ${SECONDS}))
print(json.dumps({
  "add(2)": best(lambda: f + 2),
  "mul(per column)": best(lambda: f * pc),
  "sub(same shape)": best(lambda: f - f.values),  # pynapple 0.9.2 refuses f - f
  "gt(1)": best(lambda: f > 1),
  "mean(0)": best(lambda: np.mean(f, axis=0)),
  "std(0)": best(lambda: np.std(f, axis=0)),
  "nanmean(0)": best(lambda: np.nanmean(f, axis=0)),
  "max(0)": best(lambda: np.max(f, axis=0)),
  "argmax(0)": best(lambda: np.argmax(f, axis=0)),
  "mean(1)": best(lambda: np.mean(f, axis=1)),
  "max(1)": best(lambda: np.max(f, axis=1)),
  "zscore()": best(lambda: nap.TsdFrame(t=f.t, d=scipy.stats.zscore(f.values, axis=0))),
  "group.count(0.01)": best(lambda: g.count(0.01)),
}))`);
  console.log(
    `in memory, ${N} rows x ${C} columns float64; count: ${UNITS} units x ${RATE} Hz x ${SECONDS} s ` +
      `(best of 5; "no FFI": napple without the FFI permission, so without huge pages):`,
  );
  console.log(
    "  operation           napple ms  pynapple ms  ratio | no FFI: napple ms  ratio",
  );
  for (const [k, ms] of Object.entries(ours)) {
    const p = theirs[k];
    console.log(
      `  ${k.padEnd(19)} ${ms.toFixed(1).padStart(9)} ${p.toFixed(1).padStart(12)} ${
        (ms / p).toFixed(2).padStart(6)
      } | ${small[k].toFixed(1).padStart(17)} ${(small[k] / p).toFixed(2).padStart(6)}`,
    );
  }
}

// --------------------------------------------------------------------------- 2. lazy

const MINUTES = SMALL ? [2, 8] : [10, 40];
Deno.mkdirSync(DIR, { recursive: true });
console.log(
  "\nlazy int16 recording, 64 channels at 1 kHz, memmap, batch 16 MB, over time (axis 0):",
);
console.log(
  "  minutes  file MB  mean ms  std ms  max ms  nanmean ms  argmax ms  RSS MB before / peak | pynapple mean ms  std ms",
);
for (const minutes of MINUTES) {
  const n = minutes * 60_000;
  const path = `${DIR}/series_math_${minutes}min.dat`;
  try {
    if (Deno.statSync(path).size !== n * 64 * 2) throw new Error("size");
  } catch {
    const f = Deno.openSync(path, { write: true, create: true, truncate: true });
    const block = new Int16Array(60_000 * 64);
    for (let m = 0; m < minutes; m++) {
      for (let i = 0; i < block.length; i++) block[i] = ((i * 7919 + m * 31) % 2001) - 1000;
      f.writeSync(new Uint8Array(block.buffer));
    }
    f.close();
  }
  const r = childRun(["--child", path, String(n)]);
  const p = pynapple(`${PY_TIMER}
n = ${n}
mm = np.memmap("${path}", dtype=np.int16, mode="r", shape=(n, 64))
f = nap.TsdFrame(t=np.arange(n) / 1000, d=mm, load_array=False)
print(json.dumps({"mean": best(lambda: np.mean(f, axis=0), 1), "std": best(lambda: np.std(f, axis=0), 1)}))`);
  console.log(
    `  ${String(minutes).padStart(7)} ${(n * 128 / 2 ** 20).toFixed(0).padStart(8)} ${
      r.mean.toFixed(0).padStart(8)
    } ${r.std.toFixed(0).padStart(7)} ${r.max.toFixed(0).padStart(7)} ${
      r.nanmean.toFixed(0).padStart(11)
    } ${r.argmax.toFixed(0).padStart(10)} ${
      `${r.before.toFixed(0)} / ${r.rss.toFixed(0)}`.padStart(20)
    } | ${p.mean.toFixed(0).padStart(16)} ${p.std.toFixed(0).padStart(7)}`,
  );
}
