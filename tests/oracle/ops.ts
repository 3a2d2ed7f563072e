/**
 * The operations the oracle checks: for each, a random case in napple and pynapple code.
 * @module
 */

import type { Gen } from "./gen.ts";
import {
  CONVOLVE_EMPTY_EPOCH,
  type Deliberate,
  DROPNA_EMPTY,
  EMPTY_GET_SLICE,
  EMPTY_INPUT,
  GET_EMPTY,
  GROUPBY_NAN,
  INTERPOLATE_FROM_NOTHING,
  NO_ROWS_KEEP_COLUMNS,
  ONE_COLUMN_SELECTION,
  PLAIN_ARRAYS_FLOAT64,
  plainObjectKeys,
  SMOOTH_STD_UNDER_ONE_SAMPLE,
  TAKE_INCREASING,
  THRESHOLD_ONE_SAMPLE,
  TO_TSD_TIES,
  TS_SCALAR,
  unsortedTimes,
} from "./deliberate.ts";
import { ANALYSIS_OPS } from "./ops_analysis.ts";
import { jsLit, pyLit, type SeriesSpec, type Spec } from "./spec.ts";

/** One generated case before the runner adds its size. */
export interface OpCase {
  inputs: Record<string, Spec>;
  ts: string;
  py: string;
  /** Deliberate differences that may apply to this case. */
  deliberate?: Deliberate[];
}

/** An operation with its random case maker (null: no case for these inputs, draw again). */
export interface Op {
  name: string;
  make(g: Gen): OpCase | null;
}

const UNITS = ["s", "ms", "us"] as const;
const f = (g: Gen, lo: number, hi: number, digits = 2) =>
  Number(g.r.uniform(lo, hi).toFixed(digits));

function nonTs(g: Gen, opts: Parameters<Gen["series"]>[1] = {}): SeriesSpec {
  return g.series(g.r.pick(["Tsd", "Tsd", "TsdFrame", "TsdTensor"] as const), opts);
}

function anySeries(g: Gen): SeriesSpec {
  return g.series();
}

/** Python keyword arguments from a record (undefined entries left out). */
function kw(args: Record<string, unknown>): string {
  return Object.entries(args).filter(([, v]) => v !== undefined).map(([k, v]) =>
    `, ${k}=${pyLit(v)}`
  )
    .join("");
}

/** A JS options object from a record (undefined entries left out); "" when empty. */
function opts(args: Record<string, unknown>): string {
  const e = Object.entries(args).filter(([, v]) => v !== undefined);
  return e.length ? `{ ${e.map(([k, v]) => `${k}: ${jsLit(v)}`).join(", ")} }` : "";
}

const SERIES_OPS: Op[] = [
  {
    name: "series.construct",
    make: (g) => ({ inputs: { x: anySeries(g) }, ts: "out = x", py: "out = x" }),
  },
  {
    name: "series.restrict",
    make: (g) => ({
      inputs: { x: anySeries(g), ep: g.ep(0, 100, { units: true }) },
      ts: "out = x.restrict(ep)",
      py: "out = x.restrict(ep)",
    }),
  },
  {
    name: "series.get(a,b)",
    make: (g) => {
      let a = g.time(), b = g.time();
      if (a > b) [a, b] = [b, a];
      if (a === b && g.r.bool(0.5)) b = a + 1;
      const u = g.r.bool(0.2) ? g.r.pick(UNITS) : undefined;
      const k = u === "ms" ? 1e3 : u === "us" ? 1e6 : 1;
      const [A, B] = [a * k, b * k].map((v) => Number(v.toFixed(3)));
      return {
        inputs: { x: anySeries(g) },
        ts: u ? `out = x.get(${A}, ${B}, "${u}")` : `out = x.get(${A}, ${B})`,
        py: u ? `out = x.get(${A}, ${B}, time_units="${u}")` : `out = x.get(${A}, ${B})`,
        deliberate: [EMPTY_GET_SLICE],
      };
    },
  },
  {
    name: "series.get(t)",
    make: (g) => {
      const x = nonTs(g);
      if (x.type === "TsdTensor") return null;
      if (!x.t.length) return null;
      const t = g.r.bool(0.5) ? g.r.pick(x.t) : g.time();
      return {
        inputs: { x },
        ts: `out = x.get(${t})`,
        py: `out = x.get(${t})`,
        deliberate: [GET_EMPTY],
      };
    },
  },
  {
    name: "series.getSlice",
    make: (g) => {
      const x = anySeries(g);
      if (g.r.bool(0.3)) {
        // one timestamp: the nearest sample's row (pynapple fails on an empty series, as get(t))
        if (!x.t.length) return null;
        const t = g.r.bool(0.5) ? g.r.pick(x.t) : g.time();
        return {
          inputs: { x },
          ts: `out = [...x.getSlice(${t})]`,
          py: `s = x.get_slice(${t}); out = [s.start, s.stop]`,
        };
      }
      // often a sample's own time, so repeated timestamps at the end are exercised
      let a = g.time(), b = x.t.length && g.r.bool(0.6) ? g.r.pick(x.t) : g.time();
      if (a > b) [a, b] = [b, a];
      return {
        inputs: { x },
        ts: `out = [...x.getSlice(${a}, ${b})]`,
        py: `s = x.get_slice(${a}, ${b}); out = [s.start, s.stop]`,
        deliberate: [EMPTY_GET_SLICE],
      };
    },
  },
  {
    name: "series.count",
    make: (g) => {
      const x = anySeries(g);
      const v = g.r.int(0, 3);
      const bs = g.binSize();
      if (v === 0) return { inputs: { x }, ts: `out = x.count(${bs})`, py: `out = x.count(${bs})` };
      if (v === 1) {
        return {
          inputs: { x, ep: g.ep() },
          ts: `out = x.count(${bs}, ep)`,
          py: `out = x.count(${bs}, ep)`,
        };
      }
      if (v === 2) return { inputs: { x }, ts: "out = x.count()", py: "out = x.count()" };
      return {
        inputs: { x },
        ts: `out = x.count(${bs * 1000}, undefined, "ms")`,
        py: `out = x.count(${bs * 1000}, time_units="ms")`,
      };
    },
  },
  {
    name: "series.binAverage",
    make: (g) => {
      const x = nonTs(g);
      const bs = g.binSize();
      return g.r.bool(0.5)
        ? { inputs: { x }, ts: `out = x.binAverage(${bs})`, py: `out = x.bin_average(${bs})` }
        : {
          inputs: { x, ep: g.ep() },
          ts: `out = x.binAverage(${bs}, ep)`,
          py: `out = x.bin_average(${bs}, ep)`,
        };
    },
  },
  {
    name: "Tsd.threshold",
    make: (g) => {
      const m = g.r.pick(["above", "below", "aboveequal", "belowequal"]);
      const thr = g.r.pick([0, 1.5, -3, 5]);
      return {
        inputs: { x: g.tsd() },
        ts: `out = x.threshold(${thr}, "${m}")`,
        py: `out = x.threshold(${thr}, "${m}")`,
        deliberate: [THRESHOLD_ONE_SAMPLE],
      };
    },
  },
  {
    name: "series.valueFrom",
    make: (g) => {
      const x = g.series(g.r.pick(["Ts", "Tsd"] as const));
      const y = g.series(g.r.pick(["Tsd", "TsdFrame"] as const), { ints: false });
      const mode = g.r.pick(["closest", "closest", "before", "after"]);
      if (g.r.bool(0.4)) {
        return {
          inputs: { x, y, ep: g.ep() },
          ts: `out = x.valueFrom(y, ep, "${mode}")`,
          py: `out = x.value_from(y, ep, mode="${mode}")`,
        };
      }
      return {
        inputs: { x, y },
        ts: `out = x.valueFrom(y, undefined, "${mode}")`,
        py: `out = x.value_from(y, mode="${mode}")`,
      };
    },
  },
  {
    name: "series.interpolate",
    make: (g) => {
      const x = g.series(g.r.pick(["Tsd", "TsdFrame"] as const));
      // Targets without repeated timestamps: pynapple misplaces the values after a target
      // timestamp repeated at an epoch's end (docs/differences.md, interpolate), which
      // tests/oracle/regressions_test.ts checks on a fixed case.
      const y0 = g.series("Ts");
      const y = { ...y0, t: [...new Set(y0.t)] };
      const ep = g.r.bool(0.3) ? g.ep() : undefined;
      const left = g.r.bool(0.3) ? f(g, -9, 9) : undefined;
      const right = g.r.bool(0.3) ? f(g, -9, 9) : undefined;
      const o = opts({ left, right });
      const inputs: Record<string, Spec> = { x, y };
      if (ep) inputs.ep = ep;
      const tsOpts = ep ? (o ? o.replace("{ ", "{ ep, ") : "{ ep }") : o;
      return {
        inputs,
        ts: `out = x.interpolate(y${tsOpts ? ", " + tsOpts : ""})`,
        py: `out = x.interpolate(y${ep ? ", ep=ep" : ""}${kw({ left, right })})`,
        deliberate: [INTERPOLATE_FROM_NOTHING],
      };
    },
  },
  {
    name: "series.convolve",
    make: (g) => {
      const x = g.series(g.r.pick(["Tsd", "TsdFrame"] as const));
      const trim = g.r.pick([undefined, "both", "left", "right"]);
      return {
        inputs: { x, k: { type: "array", a: g.kernel() } },
        ts: `out = x.convolve(k.data${trim ? `, { trim: "${trim}" }` : ""})`,
        py: `out = x.convolve(k${kw({ trim })})`,
        deliberate: [CONVOLVE_EMPTY_EPOCH, EMPTY_INPUT],
      };
    },
  },
  {
    name: "series.smooth",
    make: (g) => {
      const x = g.series(g.r.pick(["Tsd", "TsdFrame"] as const), { nan: false });
      // a std of a few samples mostly (under one sample napple raises: SMOOTH_STD_UNDER_ONE_SAMPLE):
      // one sample lasts 1 / rate, the support's length over the samples inside it
      const sec = { s: 1, ms: 1e3, us: 1e6 }[x.units ?? "s"];
      const sup = x.support;
      const inside = sup
        ? x.t.filter((t) => sup.start.some((s, i) => s <= t && t <= sup.end[i])).length
        : x.t.length;
      const length = sup
        ? sup.start.reduce((a, s, i) => a + sup.end[i] - s, 0)
        : (x.t[x.t.length - 1] - x.t[0]) / sec;
      const std = inside > 1 && length > 0 && g.r.bool(0.85)
        ? Number((g.r.pick([1.5, 3, 6]) * length / inside).toFixed(3))
        : g.r.pick([0.5, 1, 2, 5]);
      const windowsize = g.r.bool(0.6) ? g.r.pick([2, 5, 10, 20]) : undefined;
      const size_factor = windowsize === undefined && g.r.bool(0.5) ? g.r.int(2, 20) : undefined;
      const norm = g.r.bool(0.3) ? g.r.bool() : undefined;
      const o = opts({ windowSize: windowsize, sizeFactor: size_factor, norm });
      return {
        inputs: { x },
        ts: `out = x.smooth(${std}${o ? ", " + o : ""})`,
        py: `out = x.smooth(${std}${kw({ windowsize, size_factor, norm })})`,
        deliberate: [SMOOTH_STD_UNDER_ONE_SAMPLE, CONVOLVE_EMPTY_EPOCH, EMPTY_INPUT],
      };
    },
  },
  {
    name: "series.dropna",
    make: (g) => {
      const x = nonTs(g);
      const upd = g.r.bool(0.7);
      return {
        inputs: { x },
        ts: upd ? "out = x.dropna()" : "out = x.dropna(false)",
        py: upd ? "out = x.dropna()" : "out = x.dropna(update_time_support=False)",
        deliberate: [DROPNA_EMPTY],
      };
    },
  },
  {
    name: "series.findSupport",
    make: (g) => {
      const gap = g.r.pick([0.5, 1, 3, 10]);
      return {
        inputs: { x: anySeries(g) },
        ts: `out = x.findSupport(${gap})`,
        py: `out = x.find_support(${gap})`,
        deliberate: [EMPTY_INPUT],
      };
    },
  },
  {
    name: "series.slice",
    make: (g) => {
      const x = anySeries(g);
      const n = x.t.length;
      const a = g.r.int(0, n), b = g.r.int(a, n + 1);
      return { inputs: { x }, ts: `out = x.slice(${a}, ${b})`, py: `out = x[${a}:${b}]` };
    },
  },
  {
    name: "series.mask",
    make: (g) => {
      const x = anySeries(g);
      const m = x.t.map(() => g.r.bool());
      return {
        inputs: { x },
        ts: `out = x.mask(${jsLit(m)})`,
        py: `out = x[np.array(${pyLit(m)}, dtype=bool)]`,
        deliberate: [NO_ROWS_KEEP_COLUMNS],
      };
    },
  },
  {
    name: "series.take",
    make: (g) => {
      const x = anySeries(g);
      const idx = x.t.map((_, i) => i).filter(() => g.r.bool());
      return {
        inputs: { x },
        ts: `out = x.take(${jsLit(idx)})`,
        py: `out = x[np.array(${pyLit(idx)}, dtype=int)]`,
        deliberate: [NO_ROWS_KEEP_COLUMNS],
      };
    },
  },
  {
    name: "series.properties",
    make: (g) => ({
      inputs: { x: anySeries(g) },
      ts: "out = [x.startTime ?? null, x.endTime ?? null, x.rate, x.length, [...x.shape]]",
      py: "out = [x.start_time(), x.end_time(), x.rate, len(x), list(x.shape)]",
    }),
  },
  {
    name: "series.times",
    make: (g) => {
      const u = g.r.pick(UNITS);
      return {
        inputs: { x: anySeries(g) },
        ts: `out = x.times("${u}")`,
        py: `out = x.times("${u}")`,
      };
    },
  },
  {
    name: "TsdFrame.column",
    make: (g) => {
      const x = g.series("TsdFrame");
      const n = x.d!.shape[1];
      x.columns = Array.from({ length: n }, (_, i) => "abcdefgh"[i]);
      const c = g.r.pick(x.columns);
      const many = x.columns.filter(() => g.r.bool());
      return g.r.bool(0.5)
        ? { inputs: { x }, ts: `out = x.column("${c}")`, py: `out = x["${c}"]` }
        : {
          inputs: { x },
          ts: `out = x.selectColumns(${jsLit(many)})`,
          py: `out = x[${pyLit(many)}]`,
          deliberate: [ONE_COLUMN_SELECTION],
        };
    },
  },
  {
    name: "Tsd.toTsGroup",
    make: (g) => {
      const x = g.tsd({ ints: true });
      x.d = { dtype: "int64", shape: [x.t.length], v: x.t.map(() => g.r.int(0, 3)) };
      return { inputs: { x }, ts: "out = x.toTsGroup()", py: "out = x.to_tsgroup()" };
    },
  },
  {
    name: "Ts.get/at (README)",
    make: (g) => {
      const x = g.series("Ts", { n: g.r.int(1, 20) });
      if (!x.t.length) return null;
      const i = g.r.int(0, x.t.length - 1);
      return g.r.bool()
        ? { inputs: { x }, ts: `out = x.at(${i})`, py: `out = x[${i}]`, deliberate: [TS_SCALAR] }
        : {
          inputs: { x },
          ts: `out = x.get(${x.t[i]})`,
          py: `out = x.get(${x.t[i]})`,
          deliberate: [TS_SCALAR],
        };
    },
  },
  {
    name: "Tsd.unsorted (README)",
    make: (g) => {
      const n = g.r.int(3, 12);
      const t = g.times(n, 0, 100, 0.001, false);
      if (t.length < 3) return null;
      for (let i = t.length - 1; i > 0; i--) {
        const j = g.r.int(0, i);
        [t[i], t[j]] = [t[j], t[i]];
      }
      if (t.every((v, i) => i === 0 || t[i - 1] < v)) return null;
      const d = g.values(t.length, "float64", 0);
      return {
        inputs: { x: { type: "Tsd", t, d: { dtype: "float64", shape: [t.length], v: d } } },
        ts: "out = x",
        py: "out = x",
        deliberate: [unsortedTimes(t, d)],
      };
    },
  },
  {
    name: "Tsd.plainArray (README)",
    make: (g) => {
      const n = g.r.int(1, 10);
      const t = Array.from({ length: n }, (_, i) => i + 1);
      const d = t.map(() => g.r.int(-9, 9));
      return {
        inputs: {},
        ts: `out = new nap.Tsd({ t: ${jsLit(t)}, d: ${jsLit(d)} })`,
        py: `out = nap.Tsd(t=${pyLit(t)}, d=${pyLit(d)})`,
        deliberate: [PLAIN_ARRAYS_FLOAT64],
      };
    },
  },
  {
    name: "series.take unsorted (README)",
    make: (g) => {
      const x = g.series(undefined, { n: g.r.int(3, 20), support: false });
      const n = x.t.length;
      if (n < 2) return null;
      const idx = [g.r.int(1, n - 1), 0];
      return {
        inputs: { x },
        ts: `out = x.take(${jsLit(idx)})`,
        py: `out = x[np.array(${pyLit(idx)})]`,
        deliberate: [TAKE_INCREASING],
      };
    },
  },
];

const EP_OPS: Op[] = [
  {
    name: "IntervalSet.construct",
    make: (g) => ({
      inputs: { a: g.ep(0, 100, { meta: true, units: true, maxN: 8 }) },
      ts: "out = a",
      py: "out = a",
    }),
  },
  ...(["intersect", "union", "setDiff"] as const).map((m): Op => ({
    name: `IntervalSet.${m}`,
    make: (g) => ({
      inputs: { a: g.ep(0, 100, { maxN: 6 }), b: g.ep(0, 100, { maxN: 6 }) },
      ts: `out = a.${m}(b)`,
      py: `out = a.${m === "setDiff" ? "set_diff" : m}(b)`,
    }),
  })),
  ...([
    ["mergeCloseIntervals", "merge_close_intervals"],
    ["dropShortIntervals", "drop_short_intervals"],
    ["dropLongIntervals", "drop_long_intervals"],
  ] as const).map(([m, p]): Op => ({
    name: `IntervalSet.${m}`,
    make: (g) => {
      const thr = g.r.pick([0, 0.5, 1, 5, 10, 30]);
      const u = g.r.bool(0.2) ? "ms" : undefined;
      return {
        inputs: { a: g.ep(0, 100, { maxN: 8, meta: true }) },
        ts: u ? `out = a.${m}(${thr * 1000}, "ms")` : `out = a.${m}(${thr})`,
        py: u ? `out = a.${p}(${thr * 1000}, time_units="ms")` : `out = a.${p}(${thr})`,
      };
    },
  })),
  {
    name: "IntervalSet.totLength",
    make: (g) => {
      const u = g.r.pick(UNITS);
      return {
        inputs: { a: g.ep() },
        ts: `out = a.totLength("${u}")`,
        py: `out = a.tot_length("${u}")`,
      };
    },
  },
  {
    name: "IntervalSet.inInterval",
    make: (g) => ({
      inputs: { a: g.ep(), x: g.series("Ts") },
      ts: "out = a.inInterval(x)",
      py: "out = a.in_interval(x)",
    }),
  },
  {
    name: "IntervalSet.split",
    make: (g) => {
      const s = g.r.pick([0.5, 1, 3, 7.5, 20]);
      return {
        inputs: { a: g.ep(0, 100, { meta: true }) },
        ts: `out = a.split(${s})`,
        py: `out = a.split(${s})`,
      };
    },
  },
  {
    name: "IntervalSet.getIntervalsCenter",
    make: (g) => {
      const al = g.r.pick([undefined, 0, 0.25, 0.5, 1]);
      return {
        inputs: { a: g.ep() },
        ts: `out = a.getIntervalsCenter(${al ?? ""})`,
        py: `out = a.get_intervals_center(${al === undefined ? "" : `float(${al})`})`,
      };
    },
  },
  {
    name: "IntervalSet.timeSpan",
    make: (g) => ({
      inputs: { a: g.ep() },
      ts: "out = a.timeSpan()",
      py: "out = a.time_span()",
      deliberate: [EMPTY_INPUT],
    }),
  },
  {
    name: "IntervalSet.index",
    make: (g) => {
      const a = g.ep(0, 100, { meta: true, maxN: 6 });
      const n = a.start.length;
      if (!n) return null;
      const v = g.r.int(0, 2);
      if (v === 0) {
        const i = g.r.int(0, n - 1);
        return { inputs: { a }, ts: `out = a.at(${i})`, py: `out = a[${i}]` };
      }
      if (v === 1) {
        const i = g.r.int(0, n), j = g.r.int(i, n);
        return { inputs: { a }, ts: `out = a.slice(${i}, ${j})`, py: `out = a[${i}:${j}]` };
      }
      const m = a.start.map(() => g.r.bool());
      return {
        inputs: { a },
        ts: `out = a.mask(${jsLit(m)})`,
        py: `out = a[np.array(${pyLit(m)}, dtype=bool)]`,
      };
    },
  },
  {
    name: "IntervalSet.metadata",
    make: (g) => {
      const a = g.ep(0, 100, { meta: true, maxN: 6 });
      if (!a.meta?.length) return null;
      const c = g.r.pick(a.meta);
      const v = g.r.int(0, 2);
      if (v === 0) {
        return {
          inputs: { a },
          ts: `out = a.getInfo("${c.name}")`,
          py: `out = a.get_info("${c.name}").values`,
        };
      }
      if (v === 1) {
        return {
          inputs: { a },
          ts: `out = a.groupby("${c.name}")`,
          py: `out = a.groupby("${c.name}")`,
          deliberate: [GROUPBY_NAN],
        };
      }
      const val = g.r.pick(c.v.filter((v) => !Number.isNaN(v)));
      if (val === undefined) return null;
      return {
        inputs: { a },
        ts: `out = a.groupby("${c.name}", ${jsLit(val)})`,
        py: `out = a.groupby("${c.name}", get_group=${pyLit(val)})`,
      };
    },
  },
];

const GROUP_OPS: Op[] = [
  {
    name: "TsGroup.construct",
    make: (g) => ({
      inputs: { g: g.group({ sorted: g.r.bool(0.6) }) },
      ts: "out = g",
      py: "out = g",
    }),
  },
  {
    name: "TsGroup plain object (differences.md)",
    make: (g) => {
      const grp = g.group({ sorted: false, meta: false, n: g.r.int(2, 5) });
      const keys = grp.members.map((m) => m.key);
      if (keys.every((k, i) => i === 0 || keys[i - 1] < k)) return null;
      const labels = keys.map((_, i) => `u${i}`);
      const ts = grp.members.map((m) => `${m.key}: new nap.Ts({ t: ${jsLit(m.t)} })`).join(", ");
      const py = grp.members.map((m) => `${m.key}: nap.Ts(t=np.array(${pyLit(m.t)}, dtype=float))`)
        .join(", ");
      return {
        inputs: {},
        ts: `out = new nap.TsGroup({ ${ts} }, { metadata: { label: ${jsLit(labels)} } })`,
        py: `out = nap.TsGroup({${py}}, metadata={"label": ${pyLit(labels)}})`,
        deliberate: [plainObjectKeys(keys)],
      };
    },
  },
  {
    name: "TsGroup.count",
    make: (g) => {
      const bs = g.binSize();
      const v = g.r.int(0, 2);
      if (v === 0) {
        return { inputs: { g: g.group() }, ts: `out = g.count(${bs})`, py: `out = g.count(${bs})` };
      }
      if (v === 1) {
        return {
          inputs: { g: g.group(), ep: g.ep() },
          ts: `out = g.count(${bs}, ep)`,
          py: `out = g.count(${bs}, ep)`,
        };
      }
      return { inputs: { g: g.group() }, ts: "out = g.count()", py: "out = g.count()" };
    },
  },
  {
    name: "TsGroup.restrict",
    make: (g) => ({
      inputs: { g: g.group(), ep: g.ep() },
      ts: "out = g.restrict(ep)",
      py: "out = g.restrict(ep)",
    }),
  },
  {
    name: "TsGroup.getbyThreshold",
    make: (g) => {
      const grp = g.group({ meta: true });
      // mostly numeric columns; a string column now and then (pynapple raises: issue 10 item 6)
      const cols = [
        "rate",
        ...(grp.meta ?? []).filter((c) => c.kind === "float" || c.kind === "int" || g.r.bool(0.2))
          .map((c) => c.name),
      ];
      const c = g.r.pick(cols);
      const op = g.r.pick([">", "<", ">=", "<="]);
      const thr = g.r.pick([0, 0.2, 0.5, 1, 2]);
      return {
        inputs: { g: grp },
        ts: `out = g.getbyThreshold("${c}", ${thr}, "${op}")`,
        py: `out = g.getby_threshold("${c}", ${thr}, "${op}")`,
      };
    },
  },
  {
    name: "TsGroup.getbyIntervals",
    make: (g) => {
      const grp = g.group({ meta: true });
      const bins = g.r.pick([[0, 0.3, 0.6, 1], [0, 1, 2], [0.1, 0.5]]);
      return {
        inputs: { g: grp },
        ts: `out = g.getbyIntervals("rate", ${jsLit(bins)})`,
        py: `out = g.getby_intervals("rate", np.array(${pyLit(bins)}))`,
      };
    },
  },
  {
    name: "TsGroup.getbyCategory",
    make: (g) => {
      const grp = g.group({ meta: true });
      const cols = (grp.meta ?? []).filter((c) => c.kind !== "float");
      if (!cols.length) return null;
      const c = g.r.pick(cols).name;
      return {
        inputs: { g: grp },
        ts: `out = g.getbyCategory("${c}")`,
        py: `out = g.getby_category("${c}")`,
      };
    },
  },
  {
    name: "TsGroup.toTsd",
    make: (g) => ({
      inputs: { g: g.group({ meta: false }) },
      ts: "out = g.toTsd()",
      py: "out = g.to_tsd()",
      deliberate: [TO_TSD_TIES],
    }),
  },
  {
    name: "TsGroup.select",
    make: (g) => {
      const grp = g.group();
      const keys = grp.members.map((m) => m.key).filter(() => g.r.bool(0.6)).sort((a, b) => a - b);
      return {
        inputs: { g: grp },
        ts: `out = g.select(${jsLit(keys)})`,
        py: `out = g[${pyLit(keys)}]`,
      };
    },
  },
  {
    name: "TsGroup.valueFrom",
    make: (g) => ({
      inputs: { g: g.group({ meta: false }), y: g.tsd({ ints: false }) },
      ts: "out = g.valueFrom(y)",
      py: "out = g.value_from(y)",
    }),
  },
  {
    name: "TsGroup.groupby",
    make: (g) => {
      const grp = g.group({ meta: true });
      const cols = (grp.meta ?? []).filter((c) => c.kind !== "float");
      if (!cols.length) return null;
      const c = g.r.pick(cols);
      if (g.r.bool(0.2)) {
        return {
          inputs: { g: grp },
          ts: `out = g.groupby(["${c.name}"])`,
          py: `out = g.groupby(["${c.name}"])`,
        };
      }
      if (g.r.bool(0.5)) {
        return {
          inputs: { g: grp },
          ts: `out = g.groupby("${c.name}")`,
          py: `out = g.groupby("${c.name}")`,
          deliberate: [GROUPBY_NAN],
        };
      }
      const val = g.r.pick(c.v.filter((v) => !Number.isNaN(v)));
      if (val === undefined) return null;
      return {
        inputs: { g: grp },
        ts: `out = g.groupby("${c.name}", ${jsLit(val)})`,
        py: `out = g.groupby("${c.name}", get_group=${pyLit(val)})`,
      };
    },
  },
];

/** Every operation the oracle checks. */
export const OPS: Op[] = [...SERIES_OPS, ...EP_OPS, ...GROUP_OPS, ...ANALYSIS_OPS];
