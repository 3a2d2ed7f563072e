/**
 * Seeded random inputs for the oracle cases: sizes from empty to large, time units, time supports
 * with gaps and touching intervals, NaNs, repeated timestamps, int and float data, metadata of
 * every kind.
 * @module
 */

import type { ArrSpec, DT, EpSpec, GroupSpec, MetaCol, SeriesSpec, Units } from "./spec.ts";

/** mulberry32: small, fast, good enough for test inputs. */
export class Rng {
  #s: number;
  constructor(seed: number) {
    this.#s = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.#s = (this.#s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [a, b]. */
  int(a: number, b: number): number {
    return a + Math.floor(this.next() * (b - a + 1));
  }
  /** True with probability p. */
  bool(p = 0.5): boolean {
    return this.next() < p;
  }
  /** One of `xs`. */
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  /** Uniform in [a, b). */
  uniform(a: number, b: number): number {
    return a + (b - a) * this.next();
  }
}

/** The seed of case `i` of a run seeded `seed`. */
export function caseSeed(seed: number, i: number): number {
  let h = (seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  return (h ^ (h >>> 13)) >>> 0;
}

/** Rounds to a grid of `q` seconds (times that print and compare cleanly), else to 1e-6. */
function q(x: number, grid: number): number {
  return Math.round(x / grid) * grid;
}

function roundTo(x: number, digits: number): number {
  return Number(x.toFixed(digits));
}

/** Random input builder for one case. */
export class Gen {
  constructor(readonly r: Rng) {}

  /** A size: mostly small, sometimes empty or one, sometimes large. */
  size(max = 40): number {
    const u = this.r.next();
    if (u < 0.06) return 0;
    if (u < 0.12) return 1;
    if (u < 0.9) return this.r.int(2, max);
    return this.r.int(max, max * 8);
  }

  /** Time grid of the case (coarse grids give repeated and touching times). */
  grid(): number {
    return this.r.pick([1, 0.5, 0.1, 0.01, 0.001]);
  }

  /** Sorted times in [lo, hi] on `grid`, `n` of them, with repeats when the grid is coarse. */
  times(n: number, lo: number, hi: number, grid: number, repeats = true): number[] {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(roundTo(q(this.r.uniform(lo, hi), grid), 6));
    out.sort((a, b) => a - b);
    if (!repeats) return [...new Set(out)];
    if (n > 2 && this.r.bool(0.15)) out[1] = out[0]; // an explicit repeated timestamp
    return out;
  }

  /** Sorted, non-overlapping intervals in [lo, hi]: gaps, touching ends, sometimes empty. */
  intervals(lo: number, hi: number, grid: number, maxN = 5): { start: number[]; end: number[] } {
    const n = this.r.bool(0.05) ? 0 : this.r.int(1, maxN);
    const cuts = this.times(2 * n, lo, hi, grid, false);
    const start: number[] = [], end: number[] = [];
    for (let i = 0; i + 1 < cuts.length; i += 2) {
      start.push(cuts[i]);
      end.push(cuts[i + 1]);
    }
    // touching intervals: make an end equal the next start
    for (let i = 0; i + 1 < start.length; i++) {
      if (this.r.bool(0.2)) end[i] = start[i + 1];
    }
    return { start, end };
  }

  /** An IntervalSet with optional metadata. */
  ep(lo = 0, hi = 100, options: { meta?: boolean; maxN?: number; units?: boolean } = {}): EpSpec {
    const grid = this.grid();
    const iv = this.intervals(lo, hi, grid, options.maxN);
    const spec: EpSpec = { type: "IntervalSet", ...iv };
    if (options.meta && iv.start.length && this.r.bool(0.6)) spec.meta = this.meta(iv.start.length);
    if (options.units && this.r.bool(0.2)) {
      const u = this.r.pick<Units>(["ms", "us"]);
      const f = u === "ms" ? 1e3 : 1e6;
      spec.start = spec.start.map((x) => roundTo(x * f, 3));
      spec.end = spec.end.map((x) => roundTo(x * f, 3));
      spec.units = u;
    }
    return spec;
  }

  /** Metadata columns of every kind for `n` rows. */
  meta(n: number, nCols = this.r.int(1, 3)): MetaCol[] {
    const cols: MetaCol[] = [];
    const names = ["label", "depth", "good", "region", "score", "group"];
    for (let c = 0; c < nCols; c++) {
      const kind = this.r.pick<MetaCol["kind"]>(["float", "int", "str", "bool"]);
      const name = names[(c + this.r.int(0, 5)) % names.length];
      if (cols.some((x) => x.name === name)) continue;
      const v: (number | string | boolean)[] = [];
      for (let i = 0; i < n; i++) {
        v.push(
          kind === "float"
            ? (this.r.bool(0.1) ? NaN : roundTo(this.r.uniform(-5, 5), 3))
            : kind === "int"
            ? this.r.int(0, 3)
            : kind === "str"
            ? this.r.pick(["CA1", "PFC", "ADn"])
            : this.r.bool(),
        );
      }
      cols.push({ name, kind, v });
    }
    return cols;
  }

  /** A data dtype. */
  dtype(ints = true): DT {
    return ints
      ? this.r.pick<DT>(["float64", "float64", "float64", "int64", "float32", "int32"])
      : "float64";
  }

  /** Values of `dtype`, NaNs in some float data. */
  values(n: number, dtype: DT, nanRate = this.r.bool(0.3) ? 0.15 : 0): number[] {
    const v: number[] = [];
    for (let i = 0; i < n; i++) {
      if (dtype === "bool") v.push(this.r.int(0, 1));
      else if (dtype.startsWith("int")) v.push(this.r.int(-20, 20));
      else if (this.r.bool(nanRate)) v.push(NaN);
      else {
        const x = roundTo(this.r.uniform(-10, 10), 3);
        v.push(dtype === "float32" ? Math.fround(x) : x);
      }
    }
    return v;
  }

  /** A time series of `type` (random when omitted). */
  series(
    type?: SeriesSpec["type"],
    options: { ints?: boolean; nan?: boolean; support?: boolean; maxCols?: number; n?: number } =
      {},
  ): SeriesSpec {
    type ??= this.r.pick<SeriesSpec["type"]>(["Ts", "Tsd", "Tsd", "TsdFrame", "TsdTensor"]);
    const n = options.n ?? this.size();
    const grid = this.grid();
    const spec: SeriesSpec = { type, t: this.times(n, 0, 100, grid) };
    if (options.support !== false && this.r.bool(0.5)) {
      // a support with gaps; samples outside it are dropped by both constructors
      const iv = this.intervals(0, 100, grid, 4);
      if (iv.start.length) spec.support = { type: "IntervalSet", ...iv };
    }
    if (type !== "Ts") {
      const dtype = this.dtype(options.ints !== false);
      const rowShape = type === "Tsd"
        ? []
        : type === "TsdFrame"
        ? [this.r.int(1, options.maxCols ?? 4)]
        : [this.r.int(1, 3), this.r.int(1, 3)];
      const size = rowShape.reduce((a, b) => a * b, 1);
      const nanRate = options.nan === false ? 0 : undefined;
      spec.d = { dtype, shape: [n, ...rowShape], v: this.values(n * size, dtype, nanRate) };
      if (type === "TsdFrame") {
        if (this.r.bool(0.5)) {
          const cols = rowShape[0];
          spec.columns = this.r.bool(0.5)
            ? Array.from({ length: cols }, (_, i) => "abcdefgh"[i])
            : Array.from({ length: cols }, (_, i) => i * 2 + 1);
        }
        if (this.r.bool(0.3)) spec.meta = this.meta(rowShape[0], 1).filter((c) => c.name !== "a");
      }
    }
    if (!spec.support && spec.t.length === 1) {
      // pynapple gives a one-sample series an empty support, and later restrictions drop it
      spec.support = { type: "IntervalSet", start: [spec.t[0] - 1], end: [spec.t[0] + 1] };
    }
    if (!spec.support && this.r.bool(0.15)) {
      const u = this.r.pick<Units>(["ms", "us"]);
      const f = u === "ms" ? 1e3 : 1e6;
      spec.t = spec.t.map((x) => roundTo(x * f, 3));
      spec.units = u;
    }
    return spec;
  }

  /** A Tsd of `n` samples with float data. */
  tsd(options: { ints?: boolean; nan?: boolean; n?: number; support?: boolean } = {}): SeriesSpec {
    return this.series("Tsd", options);
  }

  /**
   * A TsGroup with keys in random insertion order and optional metadata. `empty`: the chance that
   * a unit has no spike (degenerate input for the compute* functions).
   */
  group(
    options: { meta?: boolean; n?: number; sorted?: boolean; support?: boolean; empty?: number } =
      {},
  ): GroupSpec {
    const n = options.n ?? this.r.int(1, 5);
    const keys = new Set<number>();
    while (keys.size < n) keys.add(this.r.int(0, 12));
    const ks = [...keys];
    if (options.sorted !== false) ks.sort((a, b) => a - b);
    const grid = this.grid();
    const spikes = () => options.empty && this.r.bool(options.empty) ? 0 : this.r.int(1, 40);
    const members = ks.map((key) => ({ key, t: this.times(spikes(), 0, 100, grid) }));
    const spec: GroupSpec = { type: "TsGroup", members };
    if (options.support !== false && this.r.bool(0.4)) {
      const iv = this.intervals(0, 100, grid, 3);
      if (iv.start.length) spec.support = { type: "IntervalSet", ...iv };
    }
    if (options.meta !== false && this.r.bool(0.7)) {
      spec.meta = this.meta(n).filter((c) => c.name !== "rate");
    }
    return spec;
  }

  /** A kernel for convolve. */
  kernel(): ArrSpec {
    const n = this.r.int(1, 6);
    return { dtype: "float64", shape: [n], v: this.values(n, "float64", 0) };
  }

  /** A positive bin size in seconds. */
  binSize(): number {
    return this.r.pick([0.5, 1, 2, 3.3, 5, 10, 25]);
  }

  /** A time in [lo, hi] on a coarse grid. */
  time(lo = -5, hi = 105): number {
    return roundTo(q(this.r.uniform(lo, hi), this.r.pick([1, 0.5, 0.1])), 6);
  }
}
