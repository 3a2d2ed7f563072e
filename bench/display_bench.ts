// Printing (text and HTML) a 10M-row lazy TsdFrame against printing a 14-row in-memory one,
// measured in the same run: the ratio shows that display reads only the rows it shows, so its
// cost does not grow with the length of the data. Also reports the rows the lazy source served.
import type { DType } from "../lib/array/dtype.ts";
import { NDArray } from "../lib/array/ndarray.ts";
import { seriesHtml } from "../lib/display/html.ts";
import { tsdFrameText } from "../lib/display/text.ts";
import type { SeriesView } from "../lib/display/views.ts";

const N = 10_000_000;
const COLS = 8;

/** A lazy source that computes rows on demand and counts what it served. */
function lazyView(n: number): SeriesView & { rowsRead: number } {
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = i / 1000;
  const view = {
    t,
    shape: [n, COLS],
    dtype: "float64" as DType,
    rowsRead: 0,
    readRows(s: number, e: number): NDArray {
      view.rowsRead += e - s;
      const out = new Float64Array((e - s) * COLS);
      for (let i = s; i < e; i++) {
        for (let j = 0; j < COLS; j++) out[(i - s) * COLS + j] = Math.sin(i * 0.001 + j);
      }
      return new NDArray(out, [e - s, COLS], "float64");
    },
  };
  return view;
}

/** Best of 7 batches (the machine is shared; the minimum is the least disturbed figure). */
function time(label: string, reps: number, fn: () => string): number {
  for (let i = 0; i < 20; i++) fn();
  let best = Infinity;
  let len = 0;
  for (let b = 0; b < 7; b++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) len = fn().length;
    best = Math.min(best, (performance.now() - t0) / reps);
  }
  console.log(`  ${label.padEnd(46)} ${(best * 1000).toFixed(1)} µs per call (${len} chars)`);
  return best;
}

const big = lazyView(N);
const small = lazyView(14);
console.log(`TsdFrame ${N}×${COLS} (lazy) vs 14×${COLS}, 80x24 printout`);
const tb = time("tsdFrameText, 10M rows lazy", 200, () => tsdFrameText(big));
const ts = time("tsdFrameText, 14 rows (baseline)", 200, () => tsdFrameText(small));
console.log(`  ratio text 10M / 14 rows                       ${(tb / ts).toFixed(2)}×`);
const hb = time("seriesHtml, 10M rows lazy", 200, () => seriesHtml("TsdFrame", big));
const hs = time("seriesHtml, 14 rows (baseline)", 200, () => seriesHtml("TsdFrame", small));
console.log(`  ratio html 10M / 14 rows                       ${(hb / hs).toFixed(2)}×`);
big.rowsRead = 0;
tsdFrameText(big);
const textRows = big.rowsRead;
big.rowsRead = 0;
seriesHtml("TsdFrame", big);
console.log(`  rows read from the 10M-row source: text ${textRows}, html ${big.rowsRead}`);
