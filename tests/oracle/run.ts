/**
 * Runs oracle cases: draws them from a seed, runs each in napple and in pynapple, compares.
 * Used by tests/oracle/oracle_test.ts (CI) and tools/fuzz.ts (`deno task fuzz`).
 * @module
 */

import * as nap from "../../mod.ts";
import { canon, compare } from "./canon.ts";
import type { Deliberate, Outcome } from "./deliberate.ts";
import { caseSeed, Gen, Rng } from "./gen.ts";
import { type Op, OPS } from "./ops.ts";
import type { Oracle, PyAnswer } from "./client.ts";
import { type Case, pyProgram, snippet, tsProgram } from "./spec.ts";

/** The verdict on one case. */
export interface Verdict {
  index: number;
  case: Case;
  /** "deliberate": a documented difference held. */
  status: "pass" | "fail" | "deliberate";
  problems: string[];
}

/** Draws case `i` of the run seeded `seed` (operation `i mod ops.length`). */
export function drawCase(seed: number, i: number, ops: Op[] = OPS): Case {
  const r = new Rng(caseSeed(seed, i));
  const g = new Gen(r);
  const op = ops[i % ops.length];
  for (let attempt = 0; attempt < 50; attempt++) {
    const made = op.make(g);
    if (!made) continue;
    const size: [number, number] = r.bool(0.7)
      ? [100, 30]
      : [r.pick([60, 80, 120, 160]), r.pick([6, 12, 40])];
    return { op: op.name, size, ...made };
  }
  throw new Error(`no case for ${op.name} after 50 draws`);
}

/** Runs the napple program of a case. */
export function runNapple(c: Case): Outcome {
  return nap.collectWarnings((): Outcome => {
    try {
      // the case is code so that its snippet is exactly what ran
      const out = new Function("nap", tsProgram(c))(nap);
      return { ok: canon(out, c.size) };
    } catch (e) {
      if (e instanceof nap.NappleError) {
        return { error: { type: "NappleError", message: e.message } };
      }
      const err = e as Error;
      return {
        error: { type: err?.constructor?.name ?? "Error", message: String(err?.stack ?? e) },
      };
    }
  }).result;
}

/** The deliberate difference that decides a case, if any. */
export function deliberateFor(c: Case, a: Outcome, b: PyAnswer): Deliberate | undefined {
  if (b.crash || (a.error && a.error.type !== "NappleError")) return undefined;
  return c.deliberate?.find((d) => d.applies(a, b));
}

/**
 * Judges one case, asking `oracle` for pynapple's answer with its bug patched where the deciding
 * deliberate difference is checked that way.
 */
export async function judgeWith(
  oracle: Oracle,
  c: Case,
  a: Outcome,
  b: PyAnswer,
): Promise<{ problems: string[]; deliberate: boolean }> {
  const fixes = deliberateFor(c, a, b)?.fixes;
  const fixed = fixes ? await oracle.run(pyProgram(c), c.size, fixes) : undefined;
  return judge(c, a, b, fixed);
}

/** Compares the outcomes of one case: problems (empty when it passes) and whether a deliberate difference decided. */
export function judge(
  c: Case,
  a: Outcome,
  b: PyAnswer,
  fixed?: PyAnswer,
): { problems: string[]; deliberate: boolean } {
  if (b.crash) {
    return { problems: [`the oracle server failed on this case:\n${b.crash}`], deliberate: false };
  }
  if (a.error && a.error.type !== "NappleError") {
    return {
      problems: [`napple threw ${a.error.type} (not a NappleError): ${a.error.message}`],
      deliberate: false,
    };
  }
  const d = deliberateFor(c, a, b);
  if (d) {
    if (fixed?.crash) {
      return {
        problems: [`the oracle server failed on this case:\n${fixed.crash}`],
        deliberate: true,
      };
    }
    const why = d.check(a, b, fixed);
    return {
      problems: why ? [`deliberate difference (${d.doc}) not as documented: ${why}`] : [],
      deliberate: true,
    };
  }
  if (b.error && !a.error) {
    return {
      problems: [`pynapple raises ${b.error.type}: ${b.error.message}; napple returns a result`],
      deliberate: false,
    };
  }
  if (a.error && !b.error) {
    return {
      problems: [`napple raises "${a.error.message}"; pynapple returns a result`],
      deliberate: false,
    };
  }
  if (a.error && b.error) return { problems: [], deliberate: false };
  return { problems: compare(a.ok!, b.ok!), deliberate: false };
}

/** Runs cases `from .. from + count` of the run seeded `seed` through napple and the oracle. */
export async function runCases(
  oracle: Oracle,
  seed: number,
  count: number,
  options: { ops?: Op[]; from?: number } = {},
): Promise<Verdict[]> {
  const from = options.from ?? 0;
  const cases: Case[] = [];
  for (let i = from; i < from + count; i++) cases.push(drawCase(seed, i, options.ops));
  // pynapple works while napple does: every request is sent at once
  const answers = cases.map((c) => oracle.run(pyProgram(c), c.size));
  const verdicts: Verdict[] = [];
  for (let k = 0; k < cases.length; k++) {
    const c = cases[k];
    const a = runNapple(c);
    const { problems, deliberate } = await judgeWith(oracle, c, a, await answers[k]);
    verdicts.push({
      index: from + k,
      case: c,
      status: problems.length === 0 ? (deliberate ? "deliberate" : "pass") : "fail",
      problems,
    });
  }
  return verdicts;
}

/** A failure as printed: what differs, then the two programs. */
export function report(v: Verdict, seed: number): string {
  return [
    `✗ ${v.case.op} — case ${v.index} of seed ${seed} (ORACLE_SEED=${seed})`,
    ...v.problems.map((p) => "  " + p.replaceAll("\n", "\n  ")),
    "---- reproduce:",
    snippet(v.case),
    "----",
  ].join("\n");
}
