/**
 * Fixed cases for the divergences the random oracle found and napple fixed, each checked against
 * pynapple 0.9.2 every run (they no longer depend on the seed drawing them).
 */

import { assertEquals } from "../assert.ts";
import { GROUPBY_NAN } from "./deliberate.ts";
import { judge, runNapple } from "./run.ts";
import { Oracle, ORACLE_MODULES } from "./server.ts";
import { needsPython } from "../io/python_client.ts";
import { type Case, pyProgram } from "./spec.ts";

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
        assertEquals(judge(c, runNapple(c), b).problems, []);
      });
    }
  } finally {
    await oracle.close();
  }
});
