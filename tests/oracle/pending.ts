/**
 * Cases that hit a divergence listed in issue 10 ("Divergences already found", items 1–11) which
 * the `core` engineer is still fixing. Each entry names its item; the runner still runs these
 * cases and reports them as pending, but does not fail on them. Remove an entry when its fix
 * lands on main (a fixed item then fails loudly if it regresses).
 * @module
 */

import type { Case } from "./spec.ts";

/** One excluded kind of case. */
export interface Pending {
  /** Item number in issue 10's list. */
  item: number;
  what: string;
  matches(c: Case, problems: string[]): boolean;
}

/** The open entries. */
export const PENDING: Pending[] = [
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
