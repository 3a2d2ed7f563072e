import { assertEquals } from "../assert.ts";
import { roundTime } from "../../lib/core/time_index.ts";
import { firstAtLeast, nearestRows } from "../../lib/process/align.ts";
import {
  binGrid,
  countGroupOnGrid,
  countOnGrid,
  forEachCount,
} from "../../lib/core/series_kernels.ts";
import { lowerBound } from "../../lib/core/time_index.ts";
import { histogram, linspace, pyFloorDiv } from "../../lib/process/numeric.ts";
import { seeded } from "../random.ts";

/** pynapple's jitvaluefrom walk, literally (the reference for the galloping version). */
function walk(t: Float64Array, target: Float64Array, starts: number[], ends: number[]): number[] {
  const out: number[] = [];
  for (let k = 0; k < starts.length; k++) {
    const ti = [...t.keys()].filter((i) => t[i] >= starts[k] && t[i] <= ends[k]);
    const gi = [...target.keys()].filter((i) => target[i] >= starts[k] && target[i] <= ends[k]);
    let i = 0;
    for (const q of ti) {
      if (!gi.length) {
        out.push(-1);
        continue;
      }
      let interval = Math.abs(t[q] - target[gi[i]]);
      let best = i;
      i++;
      while (i < gi.length) {
        const d = Math.abs(t[q] - target[gi[i]]);
        if (d > interval) break;
        best = i;
        interval = d;
        i++;
      }
      i = best;
      out.push(gi[best]);
    }
  }
  return out;
}

Deno.test("nearestRows (galloping) equals pynapple's forward walk, ties and duplicates included", () => {
  const r = seeded(7);
  for (let trial = 0; trial < 200; trial++) {
    // coarse grids make exact ties and duplicate timestamps common
    const grid = (n: number) =>
      Float64Array.from({ length: n }, () => Math.round(r() * 40) / 4).sort();
    const target = grid(1 + Math.floor(r() * 30));
    const t = grid(Math.floor(r() * 30));
    const starts = [0, 4.5, 7];
    const ends = [3, 6, 10];
    const got = Array.from(nearestRows(t, target, starts, ends).rows);
    assertEquals(got, walk(t, target, starts, ends), `trial ${trial}`);
  }
});

Deno.test("countOnGrid, forEachCount, countGroupOnGrid equal pynapple's jitcount loop on random spikes", () => {
  const r = seeded(11);
  for (let trial = 0; trial < 100; trial++) {
    const t = Float64Array.from({ length: 60 }, () => Math.round(r() * 1000) / 100).sort();
    const starts = Float64Array.of(0.05, 3.3, 6);
    const ends = Float64Array.of(2.9, 5.01, 9.99);
    const bs = [0.1, 0.25, 0.3, 1][trial % 4];
    const grid = binGrid(starts, ends, bs);
    const got = new Float64Array(grid.centers.length);
    countOnGrid(t, starts, ends, grid, got);
    const sparse = new Float64Array(grid.centers.length);
    forEachCount(t, starts, ends, grid, (b, c) => (sparse[b] += c));
    // literal loop
    const want: number[] = [];
    for (let k = 0; k < starts.length; k++) {
      const inside = [...t].filter((x) => x >= starts[k] && x <= ends[k]);
      const nb = ends[k] - starts[k] > bs ? Math.ceil((ends[k] + bs - starts[k]) / bs) : 1;
      let lbound = starts[k];
      let i = 0;
      for (let b = 0; b < nb; b++) {
        if (lbound + bs / 2 > ends[k]) break;
        const rbound = roundTime(lbound + bs);
        let c = 0;
        while (i < inside.length && inside[i] < rbound) {
          c++;
          i++;
        }
        want.push(c);
        lbound = roundTime(lbound + bs);
      }
    }
    assertEquals(Array.from(got), want, `trial ${trial}`);
    assertEquals(Array.from(sparse), want, `trial ${trial} (sparse)`);
    // a group of this train and its reverse-shifted copy, in blocks of 3 bins and in one block
    const other = Float64Array.from(t, (x) => Math.round((10 - x) * 100) / 100).sort();
    const wantOther = new Float64Array(grid.centers.length);
    countOnGrid(other, starts, ends, grid, wantOther);
    for (const [dtype, block] of [["int64", 3], ["float64", 3], ["int32", 1000]] as const) {
      const both = countGroupOnGrid([t, other], starts, ends, grid, dtype, block);
      const cells = Array.from(both as ArrayLike<number | bigint>, Number);
      assertEquals(cells.filter((_, i) => i % 2 === 0), want, `trial ${trial} (${dtype})`);
      assertEquals(cells.filter((_, i) => i % 2 === 1), Array.from(wantOther), `${dtype} other`);
    }
  }
});

Deno.test("numpy helpers: linspace endpoint, histogram right edge, Python floor division", () => {
  assertEquals(Array.from(linspace(0, 1, 5)), [0, 0.25, 0.5, 0.75, 1]);
  // the right edge belongs to the last bin; NaN and out-of-range values are dropped
  assertEquals(Array.from(histogram([0, 0.5, 1, 1.5, NaN, -1], [0, 0.5, 1])), [1, 2]);
  assertEquals(pyFloorDiv(1, 0.1), 9); // Python: 1 // 0.1 == 9.0
  assertEquals(pyFloorDiv(0.7, 0.1), 6);
  assertEquals(pyFloorDiv(7, 2), 3);
  assertEquals(pyFloorDiv(-7, 2), -4);
});

Deno.test("firstAtLeast (interpolation + gallop) equals a plain binary search", () => {
  const r = seeded(3);
  for (let trial = 0; trial < 300; trial++) {
    const n = 1 + Math.floor(r() * 60);
    const t = trial % 3 === 0
      ? Float64Array.from({ length: n }, (_, i) => i * 0.02) // regular
      : Float64Array.from({ length: n }, () => Math.round(r() * 20) / 4).sort(); // duplicates
    for (let q = 0; q < 20; q++) {
      const x = r() * 6 - 0.5;
      const lo = Math.floor(r() * n);
      const hi = lo + Math.floor(r() * (n - lo + 1));
      assertEquals(firstAtLeast(x, t, lo, hi), lowerBound(t, x, lo, hi), `trial ${trial} x ${x}`);
    }
  }
});
