/**
 * Oracle operations of the analysis toolbox: every `compute*` function against pynapple's.
 * @module
 */

import {
  EMPTY_INPUT,
  ISI_UNIT_WITHOUT_SPIKES,
  PERIEVENT_EDGES,
  PERIEVENT_TOO_FEW_SAMPLES,
  TUNING_2D_NO_SAMPLE,
} from "./deliberate.ts";
import type { Gen } from "./gen.ts";
import type { Op } from "./ops.ts";
import { type EpSpec, jsLit, pyLit, type SeriesSpec } from "./spec.ts";

/**
 * A regularly sampled feature over [lo, hi): `cols` columns (a Tsd when 0). Now and then
 * degenerate: no sample, or a single one.
 */
function feature(g: Gen, cols = 0, lo = 0, hi = 100): SeriesSpec {
  const dt = g.r.pick([0.1, 0.2, 0.5, 1]);
  const u = g.r.next();
  const n = u < 0.03 ? 0 : u < 0.06 ? 1 : Math.floor((hi - lo) / dt);
  const t = Array.from({ length: n }, (_, i) => Number((lo + i * dt).toFixed(6)));
  const size = cols || 1;
  const v: number[] = [];
  let x = Array.from({ length: size }, () => g.r.uniform(0, 10));
  for (let i = 0; i < n; i++) {
    x = x.map((p) => Math.min(10, Math.max(0, p + g.r.uniform(-1, 1))));
    for (const p of x) v.push(Number(p.toFixed(3)));
  }
  return cols
    ? { type: "TsdFrame", t, d: { dtype: "float64", shape: [n, cols], v } }
    : { type: "Tsd", t, d: { dtype: "float64", shape: [n], v } };
}

/** The chance that a unit of a compute* case's group has no spike. */
const EMPTY_UNIT = 0.06;

/**
 * Epochs for a compute* case: mostly random, sometimes degenerate: after the data (no sample), a
 * sliver of a millisecond holding one sample (features sample whole seconds) or none.
 */
function computeEp(g: Gen): EpSpec {
  if (!g.r.bool(0.25)) return g.ep();
  const x = g.r.int(1, 98);
  const [start, end] = g.r.pick([[120, 130], [x, x + 0.001], [x + 0.0004, x + 0.0009]]);
  return { type: "IntervalSet", start: [start], end: [end] };
}

/** A number of reference events, now and then none. */
const events = (g: Gen, max: number) => g.r.bool(0.05) ? 0 : g.r.int(1, max);

const minmaxOf = (g: Gen) =>
  g.r.bool(0.3) ? [g.r.pick([0, 1, 2]), g.r.pick([8, 9, 10])] : undefined;
const tsOpt = (o: Record<string, unknown>, raw: Record<string, string> = {}) => {
  const parts = [
    ...Object.entries(o).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${jsLit(v)}`),
    ...Object.entries(raw).map(([k, v]) => (k === v ? k : `${k}: ${v}`)),
  ];
  return parts.length ? `, { ${parts.join(", ")} }` : "";
};
const pyOpt = (o: Record<string, unknown>, raw: Record<string, string> = {}) =>
  [
    ...Object.entries(o).filter(([, v]) => v !== undefined).map(([k, v]) => `, ${k}=${pyLit(v)}`),
    ...Object.entries(raw).map(([k, v]) => `, ${k}=${v}`),
  ].join("");

/** A minmax window in Python: a number or a tuple (pynapple refuses lists). */
const pyMinmax = (mm: number | number[]) =>
  typeof mm === "number" ? pyLit(mm) : `(${mm.map(pyLit).join(", ")})`;

/** The analysis operations. */
export const ANALYSIS_OPS: Op[] = [
  {
    name: "compute1dTuningCurves",
    make: (g) => {
      const nb = g.r.int(1, 12);
      const minmax = minmaxOf(g);
      const withEp = g.r.bool(0.3);
      return {
        inputs: {
          g: g.group({ meta: false, empty: EMPTY_UNIT }),
          f: feature(g),
          ...(withEp ? { ep: computeEp(g) } : {}),
        },
        ts: `out = nap.compute1dTuningCurves(g, f, ${nb}${
          tsOpt({ minmax }, withEp ? { ep: "ep" } : {})
        })`,
        py: `out = nap.compute_1d_tuning_curves(g, f, ${nb}${
          pyOpt({ minmax }, withEp ? { ep: "ep" } : {})
        })`,
        deliberate: [EMPTY_INPUT],
      };
    },
  },
  {
    name: "compute2dTuningCurves",
    make: (g) => {
      const nb = g.r.int(1, 6);
      return {
        inputs: { g: g.group({ meta: false, empty: EMPTY_UNIT }), f: feature(g, 2) },
        ts: `const r = nap.compute2dTuningCurves(g, f, ${nb}); out = [r.tc, r.xy]`,
        py: `tc, xy = nap.compute_2d_tuning_curves(g, f, ${nb}); out = [tc, xy]`,
        deliberate: [TUNING_2D_NO_SAMPLE],
      };
    },
  },
  {
    name: "compute1dTuningCurvesContinuous",
    make: (g) => {
      const f = feature(g);
      const x = feature(g, g.r.int(1, 3));
      const nb = g.r.int(1, 10);
      const minmax = minmaxOf(g);
      return {
        inputs: { x, f },
        ts: `out = nap.compute1dTuningCurvesContinuous(x, f, ${nb}${tsOpt({ minmax })})`,
        py: `out = nap.compute_1d_tuning_curves_continuous(x, f, ${nb}${pyOpt({ minmax })})`,
        deliberate: [EMPTY_INPUT],
      };
    },
  },
  {
    name: "compute2dTuningCurvesContinuous",
    make: (g) => {
      const f = feature(g, 2);
      const x = feature(g, g.r.int(1, 3));
      const nb = g.r.int(1, 5);
      return {
        inputs: { x, f },
        ts: `const r = nap.compute2dTuningCurvesContinuous(x, f, ${nb}); out = [r.tc, r.xy]`,
        py: `tc, xy = nap.compute_2d_tuning_curves_continuous(x, f, ${nb}); out = [tc, xy]`,
        deliberate: [TUNING_2D_NO_SAMPLE],
      };
    },
  },
  {
    name: "computeDiscreteTuningCurves",
    make: (g) => ({
      inputs: { g: g.group({ meta: false, empty: EMPTY_UNIT }), a: computeEp(g), b: g.ep(50, 100) },
      ts: `out = nap.computeDiscreteTuningCurves(g, new Map([["a", a], ["b", b]]))`,
      py: `out = nap.compute_discrete_tuning_curves(g, {"a": a, "b": b})`,
    }),
  },
  {
    name: "compute1dMutualInfo",
    make: (g) => {
      const nb = g.r.int(2, 10);
      const bitssec = g.r.bool();
      return {
        inputs: { g: g.group({ meta: false, empty: EMPTY_UNIT }), f: feature(g) },
        ts:
          `out = nap.compute1dMutualInfo(nap.compute1dTuningCurves(g, f, ${nb}), f, { bitssec: ${bitssec} })`,
        py:
          `out = nap.compute_1d_mutual_info(nap.compute_1d_tuning_curves(g, f, ${nb}), f, bitssec=${
            bitssec ? "True" : "False"
          })`,
        deliberate: [EMPTY_INPUT],
      };
    },
  },
  {
    name: "compute2dMutualInfo",
    make: (g) => {
      const nb = g.r.int(2, 5);
      return {
        inputs: { g: g.group({ meta: false, empty: EMPTY_UNIT }), f: feature(g, 2) },
        ts: `out = nap.compute2dMutualInfo(nap.compute2dTuningCurves(g, f, ${nb}).tc, f)`,
        py: `out = nap.compute_2d_mutual_info(nap.compute_2d_tuning_curves(g, f, ${nb})[0], f)`,
        deliberate: [EMPTY_INPUT],
      };
    },
  },
  {
    name: "computeEventTriggerAverage",
    make: (g) => {
      const f = feature(g, g.r.bool() ? 0 : g.r.int(1, 2));
      const bs = g.r.pick([0.5, 1, 2]);
      const ws = g.r.pick([2, 5, 10]);
      const withEp = g.r.bool(0.3);
      return {
        inputs: {
          g: g.group({ meta: false, empty: EMPTY_UNIT }),
          f,
          ...(withEp ? { ep: computeEp(g) } : {}),
        },
        ts: `out = nap.computeEventTriggerAverage(g, f, ${bs}, ${ws}${withEp ? ", { ep }" : ""})`,
        py: `out = nap.compute_event_trigger_average(g, f, ${bs}, ${ws}${withEp ? ", ep=ep" : ""})`,
        deliberate: [EMPTY_INPUT],
      };
    },
  },
  {
    name: "computePerievent",
    make: (g) => {
      const tref = g.series("Ts", { n: events(g, 6), support: false });
      const mm = g.r.bool() ? g.r.pick([1, 2, 5]) : [-g.r.pick([1, 2]), g.r.pick([1, 3])];
      const grp = g.r.bool();
      return {
        inputs: { d: grp ? g.group({ meta: false, empty: EMPTY_UNIT }) : g.series("Ts"), tref },
        ts: `out = nap.computePerievent(d, tref, ${jsLit(mm)})`,
        py: `out = nap.compute_perievent(d, tref, ${pyMinmax(mm)})`,
        deliberate: [EMPTY_INPUT],
      };
    },
  },
  {
    name: "computePerieventContinuous",
    make: (g) => {
      // events whose windows stay inside the data: pynapple mishandles windows cut by the data's
      // edges (PERIEVENT_EDGES below)
      const tref: SeriesSpec = { type: "Ts", t: g.times(events(g, 6), 10, 90, 0.001) };
      const mm = g.r.bool() ? g.r.pick([1, 2, 5]) : [-g.r.pick([1, 2]), g.r.pick([1, 3])];
      return {
        inputs: { x: feature(g, g.r.bool() ? 0 : 2), tref },
        ts: `out = nap.computePerieventContinuous(x, tref, ${jsLit(mm)})`,
        py: `out = nap.compute_perievent_continuous(x, tref, ${pyMinmax(mm)})`,
        deliberate: [PERIEVENT_TOO_FEW_SAMPLES, EMPTY_INPUT],
      };
    },
  },
  {
    name: "computePerieventContinuous at the edges",
    make: (g) => {
      const w = g.r.pick([2, 5]);
      const tref: SeriesSpec = {
        type: "Ts",
        t: [g.r.pick([0.3, 1, 1.5]), g.r.pick([98.5, 99, 99.7])],
      };
      return {
        inputs: { x: feature(g, g.r.bool() ? 0 : 2), tref },
        ts: `out = nap.computePerieventContinuous(x, tref, ${w})`,
        py: `out = nap.compute_perievent_continuous(x, tref, ${w})`,
        deliberate: [PERIEVENT_TOO_FEW_SAMPLES, PERIEVENT_EDGES],
      };
    },
  },
  {
    name: "computeAutocorrelogram",
    make: (g) => {
      const bs = g.r.pick([0.1, 0.5, 1]);
      const ws = g.r.pick([1, 2, 5]);
      const norm = g.r.bool(0.3) ? g.r.bool() : undefined;
      return {
        inputs: { g: g.group({ meta: false, empty: EMPTY_UNIT }) },
        ts: `out = nap.computeAutocorrelogram(g, ${bs}, ${ws}${tsOpt({ norm })})`,
        py: `out = nap.compute_autocorrelogram(g, ${bs}, ${ws}${pyOpt({ norm })})`,
        deliberate: [EMPTY_INPUT],
      };
    },
  },
  {
    name: "computeCrosscorrelogram",
    make: (g) => {
      const bs = g.r.pick([0.1, 0.5, 1]);
      const ws = g.r.pick([1, 2, 5]);
      const norm = g.r.bool(0.3) ? g.r.bool() : undefined;
      const reverse = g.r.bool(0.3) ? true : undefined;
      return {
        inputs: { g: g.group({ meta: false, n: g.r.int(2, 4), empty: EMPTY_UNIT }) },
        ts: `out = nap.computeCrosscorrelogram(g, ${bs}, ${ws}${tsOpt({ norm, reverse })})`,
        py: `out = nap.compute_crosscorrelogram(g, ${bs}, ${ws}${pyOpt({ norm, reverse })})`,
        deliberate: [EMPTY_INPUT],
      };
    },
  },
  {
    name: "computeEventcorrelogram",
    make: (g) => {
      const bs = g.r.pick([0.1, 0.5, 1]);
      const ws = g.r.pick([1, 2, 5]);
      const norm = g.r.bool(0.3) ? g.r.bool() : undefined;
      return {
        inputs: {
          g: g.group({ meta: false, empty: EMPTY_UNIT }),
          e: g.series("Ts", { n: events(g, 15) }),
        },
        ts: `out = nap.computeEventcorrelogram(g, e, ${bs}, ${ws}${tsOpt({ norm })})`,
        py: `out = nap.compute_eventcorrelogram(g, e, ${bs}, ${ws}${pyOpt({ norm })})`,
        deliberate: [EMPTY_INPUT],
      };
    },
  },
  {
    name: "computeIsiDistribution",
    make: (g) => {
      const bins = g.r.pick([5, 10, 20]);
      const logScale = g.r.bool(0.3) ? true : undefined;
      return {
        inputs: { g: g.group({ meta: false, empty: EMPTY_UNIT }) },
        ts: `out = nap.computeIsiDistribution(g${tsOpt({ bins, logScale })})`,
        py: `out = nap.compute_isi_distribution(g${pyOpt({ bins, log_scale: logScale })})`,
        deliberate: [ISI_UNIT_WITHOUT_SPIKES, EMPTY_INPUT],
      };
    },
  },
];
