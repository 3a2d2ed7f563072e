/**
 * `deno task fuzz [--count N] [--seed S] [--op NAME] [--show K]`: many oracle cases against
 * pynapple 0.9.2 (tests/oracle/), a summary per operation and the first failures as snippets.
 * @module
 */

import { parseArgs } from "node:util";
import { OPS } from "../tests/oracle/ops.ts";
import { report, runCases, type Verdict } from "../tests/oracle/run.ts";
import { Oracle } from "../tests/oracle/client.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    count: { type: "string", default: "2000" },
    seed: { type: "string" },
    op: { type: "string" },
    show: { type: "string", default: "3" },
  },
});
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const count = Number(values.count);
const ops = values.op ? OPS.filter((o) => o.name.includes(values.op!)) : OPS;
if (!ops.length) throw new Error(`no operation matches ${values.op}`);
console.log(`oracle fuzz: ${count} cases over ${ops.length} operations, seed ${seed}`);

const t0 = performance.now();
const oracle = await Oracle.start();
const verdicts: Verdict[] = [];
const chunk = 500;
for (let from = 0; from < count; from += chunk) {
  verdicts.push(...await runCases(oracle, seed, Math.min(chunk, count - from), { ops, from }));
}
await oracle.close();

const byOp = new Map<string, { pass: number; fail: number; deliberate: number }>();
for (const v of verdicts) {
  const s = byOp.get(v.case.op) ?? { pass: 0, fail: 0, deliberate: 0 };
  s[v.status]++;
  byOp.set(v.case.op, s);
}
for (const [op, s] of byOp) {
  console.log(
    `${op.padEnd(34)} ${String(s.pass).padStart(5)} pass ${String(s.fail).padStart(4)} fail ${
      String(s.deliberate).padStart(4)
    } deliberate`,
  );
}
const failed = verdicts.filter((v) => v.status === "fail");
const show = Number(values.show);
const shownPerOp = new Map<string, number>();
for (const v of failed) {
  const k = shownPerOp.get(v.case.op) ?? 0;
  if (k >= show) continue;
  shownPerOp.set(v.case.op, k + 1);
  console.log(report(v, seed));
}
const secs = ((performance.now() - t0) / 1000).toFixed(1);
console.log(`${verdicts.length} cases, ${failed.length} failed, seed ${seed}, ${secs} s`);
if (failed.length) Deno.exitCode = 1;
