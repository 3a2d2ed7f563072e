// Plot benchmark: per-pixel min/max decimation against drawing every sample (200k samples, the
// baseline measured in the same run), then a 10M-sample lazy Tsd (values computed on read, never
// held in memory) to show time and memory stay bounded.
import { NDArray } from "../lib/array/ndarray.ts";
import { SyntheticLazy } from "../tests/display/synthetic_lazy.ts";
import { plot } from "../lib/display/plot.ts";

function value(i: number): number {
  return Math.sin(i / 5e4) + ((i * 7919) % 1009) / 2000;
}

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, performance.now() - t0];
}

await plot({ t: Float64Array.from([0, 1]), shape: [2], values: NDArray.from([0, 1]) }); // load Plot

const n = 200_000;
const t = Float64Array.from({ length: n }, (_, i) => i / 1000);
const tsd = {
  t,
  shape: [n],
  values: new NDArray(Float64Array.from({ length: n }, (_, i) => value(i)), [n]),
};
const [full, tFull] = await time(() => plot(tsd, { decimate: false }));
const [dec, tDec] = await time(() => plot(tsd));
const kb = (s: string) => (s.length / 1024).toFixed(0);
console.log(
  `200k samples, every sample: ${tFull.toFixed(0)} ms, SVG ${kb(full.toSVG())} KiB (baseline)`,
);
console.log(
  `200k samples, decimated:    ${tDec.toFixed(0)} ms, SVG ${
    kb(dec.toSVG())
  } KiB, ${dec.summary.points} points` +
    `  → ${(tFull / tDec).toFixed(1)}× faster, ${
      (full.toSVG().length / dec.toSVG().length).toFixed(0)
    }× smaller`,
);

const m = 10_000_000;
const tt = new Float64Array(m);
for (let i = 0; i < m; i++) tt[i] = i / 20_000;
const lazy = new SyntheticLazy([m], value);
const rss0 = Deno.memoryUsage().rss;
const [big, tBig] = await time(() => plot({ t: tt, shape: [m], values: lazy }));
const rss1 = Deno.memoryUsage().rss;
console.log(
  `10M-sample lazy Tsd: ${tBig.toFixed(0)} ms (${
    (tBig / tDec).toFixed(0)
  }× the 200k decimated plot for ` +
    `50× the rows), SVG ${kb(big.toSVG())} KiB, ${big.summary.points} points; values read in ` +
    `${lazy.stats.reads} batches of at most ${lazy.maxRows} rows (${
      (lazy.maxRows * 8 / 1024).toFixed(0)
    } KiB ` +
    `live at a time); RSS grew ${((rss1 - rss0) / 2 ** 20).toFixed(0)} MiB (uncollected batches; ` +
    `the values total ${(m * 8 / 2 ** 20).toFixed(0)} MiB)`,
);
