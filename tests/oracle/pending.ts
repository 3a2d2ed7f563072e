/**
 * Cases that hit a divergence listed in issue 10 ("Divergences already found", items 1–11) which
 * the `core` engineer is still fixing. Each entry names its item; the runner still runs these
 * cases and reports them as pending, but does not fail on them. Remove an entry when its fix
 * lands on main (a fixed item then fails loudly if it regresses).
 * @module
 */

import type { GroupSpec, SeriesSpec } from "./spec.ts";
import type { Case } from "./spec.ts";

/** One excluded kind of case. */
export interface Pending {
  /** Item number in issue 10's list. */
  item: number;
  what: string;
  matches(c: Case, problems: string[]): boolean;
}

const hasRepeats = (t: number[]) => t.some((v, i) => i > 0 && t[i - 1] === v);

/** The open entries. */
export const PENDING: Pending[] = [
  {
    item: 7,
    what: "get(a, b) with a == b, or b a repeated timestamp",
    matches: (c) => {
      if (c.op !== "series.get(a,b)") return false;
      const m = /get\(([-\d.e]+), ([-\d.e]+)/.exec(c.ts);
      return !!m && (m[1] === m[2] || hasRepeats((c.inputs.x as SeriesSpec).t));
    },
  },
  {
    item: 7,
    what:
      "computeIsiDistribution: pynapple's time_diff goes through get(start, end), which keeps " +
      "only the first copy of a repeated timestamp at an epoch's end",
    matches: (c) =>
      c.op === "computeIsiDistribution" &&
      (c.inputs.g as GroupSpec).members.some((m) => hasRepeats(m.t)),
  },
  {
    item: 9,
    what: "dropna with no sample left gives an empty time support",
    matches: (c, p) => {
      const x = c.inputs.x as SeriesSpec;
      if (c.op !== "series.dropna" || !x.d) return false;
      // no sample at all (every one outside the support) counts as none left
      // (pynapple's empty result is then float64 too)
      if (p.every((m) => /\.timeSupport\.|\.d\.dtype/.test(m))) return true;
      const rs = x.d.shape.slice(1).reduce((a, b) => a * b, 1);
      for (let i = 0; i < x.d.shape[0]; i++) {
        if (!x.d.v.slice(i * rs, (i + 1) * rs).some(Number.isNaN)) return false;
      }
      return true;
    },
  },
  {
    item: 11,
    what: "empty or degenerate input: return the natural empty result",
    matches: (_c, p) => p.some((x) => x.includes("empty inputs")),
  },
];

/** The pending entry a failing case falls under, if any. */
export function pendingFor(c: Case, problems: string[]): Pending | undefined {
  return PENDING.find((p) => p.matches(c, problems));
}
