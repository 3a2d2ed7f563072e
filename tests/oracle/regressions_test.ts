/**
 * Fixed cases for the divergences the random oracle found and napple fixed, each checked against
 * pynapple 0.9.2 every run (they no longer depend on the seed drawing them).
 */

import { assertEquals } from "../assert.ts";
import { type Deliberate, GROUPBY_NAN } from "./deliberate.ts";
import type { CSeries } from "./canon.ts";
import { judgeWith, runNapple } from "./run.ts";
import { Oracle, ORACLE_MODULES } from "./client.ts";
import { needsPython } from "../io/python_client.ts";
import { type Case, pyProgram } from "./spec.ts";

/**
 * interpolate with a target timestamp repeated at an epoch's end (docs/differences.md): pynapple
 * cuts the targets with get_slice (one copy of the repeat) but sizes its output with restrict
 * (every copy), so the next epoch's values land one row early and the last row stays NaN. napple
 * gives every copy its value. The random suite draws targets without repeats; this case checks
 * both sides.
 */
const INTERPOLATE_REPEATED_TARGET: Deliberate = {
  doc: "docs/differences.md, interpolate",
  applies: (a, b) => a.ok?.kind === "Tsd" && b.ok?.kind === "Tsd",
  check: (a, b) => {
    const x = a.ok as CSeries, y = b.ok as CSeries;
    const show = (c: CSeries) => JSON.stringify(c.d.v);
    if (JSON.stringify(x.t) !== JSON.stringify(y.t)) return "the times differ";
    if (show(x) !== "[2,2,2,3,3]") return `napple's values ${show(x)}, expected [2,2,2,3,3]`;
    if (show(y) !== '[2,2,3,3,"NaN"]') return `pynapple's values ${show(y)} are no longer shifted`;
    return null;
  },
};

const CASES: Case[] = [
  {
    // bin centres were not rounded to 1 ns like every pynapple time index: 13.027000000000001
    op: "binAverage rounds its bin centres",
    inputs: {
      x: {
        type: "Tsd",
        t: [1477000, 3060000, 19732000, 20030000, 35448000, 91727000],
        d: { dtype: "int32", shape: [6], v: [7, 1, -8, 2, 20, 5] },
        units: "us",
      },
    },
    ts: "out = x.binAverage(3.3)",
    py: "out = x.bin_average(3.3)",
    size: [100, 30],
  },
  {
    // NaN group keys sorted between numbers instead of last, as pandas (whose NaN group is
    // empty: a documented difference, checked by GROUPBY_NAN)
    op: "groupby puts a NaN key last",
    inputs: {
      a: {
        type: "IntervalSet",
        start: [1, 5, 9, 13],
        end: [2, 6, 10, 14],
        meta: [{ name: "score", kind: "float", v: [-3.1, NaN, -3.77, -2.7] }],
      },
    },
    ts: 'out = a.groupby("score")',
    py: 'out = a.groupby("score")',
    size: [100, 30],
    deliberate: [GROUPBY_NAN],
  },
  {
    op: "interpolate gives every copy of a target repeated at an epoch's end its value",
    inputs: {
      x: { type: "Tsd", t: [30, 35, 38], d: { dtype: "float64", shape: [3], v: [1, 2, 3] } },
      y: { type: "Ts", t: [32, 36, 36, 37, 40] },
      ep: { type: "IntervalSet", start: [32, 37], end: [36, 41] },
    },
    ts: "out = x.interpolate(y, { ep })",
    py: "out = x.interpolate(y, ep=ep)",
    size: [100, 30],
    deliberate: [INTERPOLATE_REPEATED_TARGET],
  },
  {
    // getSlice used restrict's inclusive end: every copy of a timestamp repeated at the end
    op: "getSlice keeps one copy of a timestamp repeated at its end, as get",
    inputs: {
      x: { type: "Tsd", t: [1, 2, 2, 2, 3], d: { dtype: "int64", shape: [5], v: [1, 2, 3, 4, 5] } },
    },
    ts: "out = [[...x.getSlice(1, 2)], [...x.getSlice(2, 2)], [...x.getSlice(2, 3)], x.get(1, 2)]",
    py: "out = [[s.start, s.stop] for s in (x.get_slice(1, 2), x.get_slice(2, 2), " +
      "x.get_slice(2, 3))] + [x.get(1, 2)]",
    size: [100, 30],
  },
  {
    // toTrialTensor cuts its trials as pynapple's get_slice
    op: "toTrialTensor cuts trials as get_slice",
    inputs: {
      x: {
        type: "TsdFrame",
        t: [0, 1, 1, 2, 3, 3, 4],
        d: { dtype: "float64", shape: [7, 2], v: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13] },
      },
      ep: { type: "IntervalSet", start: [0, 2], end: [1, 3] },
    },
    ts: 'out = [x.toTrialTensor(ep), x.toTrialTensor(ep, { align: "end" })]',
    py: 'out = [x.to_trial_tensor(ep), x.to_trial_tensor(ep, align="end")]',
    size: [100, 30],
  },
];

Deno.test({
  name: "divergences found by the oracle stay fixed (checked against pynapple)",
  ignore: needsPython(...ORACLE_MODULES),
}, async (t) => {
  const oracle = await Oracle.start();
  try {
    for (const c of CASES) {
      await t.step(c.op, async () => {
        const b = await oracle.run(pyProgram(c), c.size);
        assertEquals((await judgeWith(oracle, c, runNapple(c), b)).problems, []);
      });
    }
  } finally {
    await oracle.close();
  }
});
