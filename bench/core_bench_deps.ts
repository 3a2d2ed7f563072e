// Imports for bench/core_bench.ts (kept apart so the bench reads like user code).
export { IntervalSet, Ts, Tsd, TsGroup } from "../mod.ts";
export { lowerBound, upperBound } from "../lib/core/time_index.ts";
