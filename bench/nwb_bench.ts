// NWB reading against h5py, measured in the same run.
//
// 1. Open + key table of every fixture: napple's `new NWBFile(path)` (first open, then the
//    median of repeated opens) vs h5py opening the file and walking it for neurodata_type
//    attributes (what pynwb must do at least).
// 2. `get(10 s)` from an ElectricalSeries written here by h5py (float32, 64 channels, 20 kHz,
//    1 GiB, a 256 MiB copy to show peak RSS does not grow with file size, and a 256 MiB
//    contiguous one as pynwb stores uncompressed data): napple in a fresh process (open, get,
//    materialise the rows) vs h5py reading the same rows, with peak RSS; best of 3 processes.
//
// `deno task bench nwb`; `NWB_BENCH_GB=0.25` shrinks the big file.
import { NWBFile } from "../lib/io/nwb/nwbfile.ts";
import type { TsdFrame } from "../lib/core/time_series.ts";
import { setWarningsSuppressed } from "../lib/warnings.ts";

const PYTHON = "/usr/bin/python3";
const ROOT = new URL("../", import.meta.url).pathname;
const FIXTURES = `${ROOT}testdata/nwb/`;
const CHANNELS = 64;
const RATE = 20000;

function py(script: string, ...args: string[]): string {
  const r = new Deno.Command(PYTHON, { args: ["-c", script, ...args] }).outputSync();
  if (!r.success) throw new Error(new TextDecoder().decode(r.stderr));
  return new TextDecoder().decode(r.stdout);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function peakRssMiB(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(Deno.readTextFileSync("/proc/self/status"));
  return m ? Number(m[1]) / 1024 : NaN;
}

// --- child mode: one get in a fresh process, prints JSON
if (Deno.args[0] === "--child") {
  setWarningsSuppressed(true);
  const [, path, start, seconds] = Deno.args;
  const rssBefore = peakRssMiB();
  const t0 = performance.now();
  const nwb = new NWBFile(path);
  const es = nwb.get("ElectricalSeries") as TsdFrame;
  const t1 = performance.now();
  const part = es.get(Number(start), Number(start) + Number(seconds));
  const rows = part.toNDArray();
  const t2 = performance.now();
  // second get of another 10 s window (warm)
  const again = es.get(Number(start) + 20, Number(start) + 20 + Number(seconds)).toNDArray();
  const t3 = performance.now();
  nwb.close();
  console.log(JSON.stringify({
    open_ms: t1 - t0,
    get_ms: t2 - t1,
    get2_ms: t3 - t2,
    rows: rows.shape[0] + again.shape[0] * 0,
    peak_rss_mib: peakRssMiB(),
    rss_before_mib: rssBefore,
  }));
  Deno.exit(0);
}

setWarningsSuppressed(true);

// --- 1. fixtures
console.log("open + key table of each fixture (napple: first open, then median of 20)");
const walk = `
import sys, time, json, h5py
path = sys.argv[1]
def once():
    t0 = time.perf_counter()
    f = h5py.File(path, "r")
    keys = []
    def v(name, obj):
        if name.startswith("specifications"): return
        if "neurodata_type" in obj.attrs: keys.append((name, obj.attrs["neurodata_type"]))
    f.visititems(v)
    f.close()
    return (time.perf_counter() - t0) * 1000
first = once()
print(json.dumps({"first": first, "median": sorted(once() for _ in range(20))[10]}))
`;
let ratios: number[] = [];
for (const name of [...Deno.readDirSync(FIXTURES)].map((e) => e.name).sort()) {
  const path = FIXTURES + name;
  const f0 = performance.now();
  new NWBFile(path).close();
  const first = performance.now() - f0;
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    const nwb = new NWBFile(path);
    nwb.toString();
    nwb.close();
    times.push(performance.now() - t0);
  }
  const ours = median(times);
  const h = JSON.parse(py(walk, path)) as { first: number; median: number };
  ratios.push(ours / h.median);
  console.log(
    `  ${name.padEnd(38)} napple ${first.toFixed(1).padStart(6)} ms first, ${
      ours.toFixed(1).padStart(5)
    } ms median | h5py walk ${h.median.toFixed(1).padStart(5)} ms | ratio ${
      (ours / h.median).toFixed(1)
    }×`,
  );
}
console.log(`  median ratio napple open / h5py walk: ${median(ratios).toFixed(1)}×`);

// --- 2. big ElectricalSeries
const gib = Number(Deno.env.get("NWB_BENCH_GB") ?? "1");
const dir = Deno.makeTempDirSync({ prefix: "napple_nwb_bench_" });
const writer = `
import sys, h5py, numpy as np
path, rows, ch, rate = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
f = h5py.File(path, "w")
f.attrs["neurodata_type"] = "NWBFile"; f.attrs["namespace"] = "core"; f.attrs["nwb_version"] = "2.6.0"
f.attrs["object_id"] = "root"
el = f.create_group("general/extracellular_ephys/electrodes")
el.attrs["neurodata_type"] = "DynamicTable"; el.attrs["namespace"] = "hdmf-common"
el.attrs["object_id"] = "el"; el.attrs["colnames"] = np.array(["location"], dtype=object)
el.create_dataset("id", data=np.arange(ch))
el.create_dataset("location", data=np.array(["CA1"] * ch, dtype=object), dtype=h5py.string_dtype())
es = f.create_group("acquisition/ElectricalSeries")
es.attrs["neurodata_type"] = "ElectricalSeries"; es.attrs["namespace"] = "core"; es.attrs["object_id"] = "es"
reg = es.create_dataset("electrodes", data=np.arange(ch)); reg.attrs["table"] = el.ref
reg.attrs["neurodata_type"] = "DynamicTableRegion"
st = es.create_dataset("starting_time", data=0.0); st.attrs["rate"] = rate
chunks = None if sys.argv[5] == "contiguous" else (20000, ch)
d = es.create_dataset("data", shape=(rows, ch), dtype="f4", chunks=chunks)
block = 200000
rng = np.random.default_rng(0)
noise = rng.standard_normal((block, ch)).astype("f4")
for s in range(0, rows, block):
    e = min(rows, s + block)
    d[s:e] = noise[: e - s] + np.float32(s / rows)
f.close()
`;
const reader = `
import sys, time, json, resource, h5py
path, i0, i1 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
t0 = time.perf_counter()
f = h5py.File(path, "r")
d = f["acquisition/ElectricalSeries/data"]
t1 = time.perf_counter()
x = d[i0:i1]
t2 = time.perf_counter()
y = d[i0 + 20 * ${RATE}: i1 + 20 * ${RATE}]
t3 = time.perf_counter()
print(json.dumps({"open_ms": (t1 - t0) * 1000, "get_ms": (t2 - t1) * 1000, "get2_ms": (t3 - t2) * 1000,
  "rows": x.shape[0], "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
`;
try {
  // chunked as h5py chunks it here, then contiguous as pynwb stores uncompressed data
  const sizes: [number, string][] = [[gib, "chunked"], [gib / 4, "chunked"], [
    gib / 4,
    "contiguous",
  ]];
  console.log(
    `\nget(10 s) from an ElectricalSeries (${CHANNELS} ch float32, ${RATE} Hz), best of 3 processes`,
  );
  for (const [size, layout] of sizes) {
    const rows = Math.floor((size * 1024 ** 3) / (CHANNELS * 4));
    const path = `${dir}/es_${size}_${layout}.nwb`;
    const w0 = performance.now();
    py(writer, path, String(rows), String(CHANNELS), String(RATE), layout);
    const seconds = rows / RATE;
    const start = Math.floor(seconds / 2);
    console.log(
      `  ${layout} file ${(Deno.statSync(path).size / 1024 ** 2).toFixed(0)} MiB, ${
        seconds.toFixed(0)
      } s ` +
        `(written by h5py in ${((performance.now() - w0) / 1000).toFixed(1)} s)`,
    );
    // drop-in fairness: both read the file once before timing (page cache warm for both)
    py(reader, path, String(start * RATE), String((start + 10) * RATE + 1));
    // best of 3 fresh processes each, alternating napple and h5py (the machine may be shared)
    type Run = {
      open_ms: number;
      get_ms: number;
      get2_ms: number;
      rows: number;
      peak_rss_mib: number;
    };
    const bestOf = (runs: Run[]): Run => ({
      open_ms: Math.min(...runs.map((r) => r.open_ms)),
      get_ms: Math.min(...runs.map((r) => r.get_ms)),
      get2_ms: Math.min(...runs.map((r) => r.get2_ms)),
      rows: runs[0].rows,
      peak_rss_mib: Math.max(...runs.map((r) => r.peak_rss_mib)),
    });
    const napRuns: Run[] = [];
    const pyRuns: Run[] = [];
    for (let rep = 0; rep < 3; rep++) {
      const child = new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--allow-all",
          new URL(import.meta.url).pathname,
          "--child",
          path,
          String(start),
          "10",
        ],
      }).outputSync();
      if (!child.success) throw new Error(new TextDecoder().decode(child.stderr));
      napRuns.push(JSON.parse(new TextDecoder().decode(child.stdout)));
      pyRuns.push(
        JSON.parse(py(reader, path, String(start * RATE), String((start + 10) * RATE + 1))),
      );
    }
    const ours = bestOf(napRuns);
    const theirs = bestOf(pyRuns);
    console.log(
      `    napple: open+build ${ours.open_ms.toFixed(1)} ms, get ${ours.get_ms.toFixed(1)} ms, ` +
        `2nd get ${ours.get2_ms.toFixed(1)} ms, ${ours.rows} rows, peak RSS ${
          ours.peak_rss_mib.toFixed(0)
        } MiB`,
    );
    console.log(
      `    h5py:   open ${theirs.open_ms.toFixed(1)} ms, get ${theirs.get_ms.toFixed(1)} ms, ` +
        `2nd get ${theirs.get2_ms.toFixed(1)} ms, ${theirs.rows} rows, peak RSS ${
          theirs.peak_rss_mib.toFixed(0)
        } MiB`,
    );
    console.log(
      `    ratio get napple / h5py: ${(ours.get_ms / theirs.get_ms).toFixed(2)}× (2nd get ${
        (ours.get2_ms / theirs.get2_ms).toFixed(2)
      }×)`,
    );
    Deno.removeSync(path);
  }
} finally {
  Deno.removeSync(dir, { recursive: true });
}
ratios = [];
