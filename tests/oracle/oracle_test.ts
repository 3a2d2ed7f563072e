/**
 * napple against pynapple 0.9.2 running in one Python process (tools/oracle_server.py), on fresh
 * random inputs every run: `ORACLE_SEED` replays a run, `ORACLE_CASES` sets how many cases
 * (default 440). A failure prints the napple and pynapple programs that reproduce it.
 * `deno task fuzz --count 5000` runs many more.
 */

import { OPS } from "./ops.ts";
import { report, runCases } from "./run.ts";
import { Oracle, ORACLE_MODULES } from "./client.ts";
import { needsPython } from "../io/python_client.ts";

const seed = Deno.env.get("ORACLE_SEED") !== undefined
  ? Number(Deno.env.get("ORACLE_SEED"))
  : Math.floor(Math.random() * 2 ** 31);
const count = Number(Deno.env.get("ORACLE_CASES") ?? OPS.length * 10);

Deno.test({
  name: `napple agrees with pynapple 0.9.2 on ${count} random cases (ORACLE_SEED=${seed})`,
  ignore: needsPython(...ORACLE_MODULES),
}, async () => {
  console.log(`oracle seed ${seed} (replay: ORACLE_SEED=${seed} deno task test tests/oracle/)`);
  const oracle = await Oracle.start();
  try {
    const verdicts = await runCases(oracle, seed, count);
    const failed = verdicts.filter((v) => v.status === "fail");
    const deliberate = verdicts.filter((v) => v.status === "deliberate");
    console.log(
      `${verdicts.length} cases over ${OPS.length} operations: ${failed.length} failed, ` +
        `${deliberate.length} decided by a documented difference`,
    );
    if (failed.length) {
      throw new Error(
        `${failed.length} of ${verdicts.length} cases disagree with pynapple (seed ${seed}):\n\n` +
          failed.slice(0, 5).map((v) => report(v, seed)).join("\n\n"),
      );
    }
  } finally {
    await oracle.close();
  }
});
