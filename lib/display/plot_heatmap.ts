/**
 * TsdTensor heatmaps: time × feature cells averaged per time bin (a slice of the tensor, or all
 * its features flattened), or one frame as an image.
 * @module
 */
import type { NDArray } from "../array/ndarray.ts";
import { NappleError } from "../errors.ts";
import { lowerBound } from "../core/time_index.ts";
import { binMean, numericData, type RowReader } from "./plot_decimate.ts";
import { rowRange, seriesReader } from "./plot_input.ts";
import type { HeatmapLayer, PlotOptions, PlotSeries } from "./plot_types.ts";

/** A TsdTensor as a time × feature heatmap, or one frame as an image (`options.at`). */
export function heatmapLayer(
  obj: PlotSeries,
  x0: number,
  x1: number,
  options: PlotOptions,
): HeatmapLayer {
  const t = obj.t;
  const reader = seriesReader(obj);
  const shape = reader.shape;
  const fixed = options.slice ?? [];
  if (fixed.length > shape.length - 2) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      `slice has ${fixed.length} indices but the tensor has only ${
        shape.length - 1
      } non-time axes; ` +
        "leave at least one free axis",
    );
  }
  fixed.forEach((ix, a) => {
    if (!Number.isInteger(ix) || ix < 0 || ix >= shape[a + 1]) {
      throw new NappleError(
        "INDEX_OUT_OF_RANGE",
        `slice index ${ix} is out of range for axis ${a + 1} (size ${shape[a + 1]})`,
      );
    }
  });
  // Row-major: the fixed leading axes select one contiguous block of each row.
  const rest = shape.slice(1 + fixed.length);
  const blockSize = rest.reduce((a, b) => a * b, 1);
  let offset = 0;
  let stride = shape.slice(1).reduce((a, b) => a * b, 1);
  for (let a = 0; a < fixed.length; a++) {
    stride /= shape[a + 1];
    offset += fixed[a] * stride;
  }
  const rowSize = shape.slice(1).reduce((a, b) => a * b, 1);
  const sliced: RowReader = {
    shape: [shape[0], blockSize],
    readRows(s: number, e: number) {
      const block = reader.readRows(s, e);
      const src = numericData(block);
      const n = e - s;
      const out = new Float64Array(n * blockSize);
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < blockSize; c++) out[r * blockSize + c] = src[r * rowSize + offset + c];
      }
      return { data: out, shape: [n, blockSize] } as unknown as NDArray;
    },
  };
  if (options.at !== undefined) {
    let i = lowerBound(t, options.at);
    if (i >= t.length || (i > 0 && options.at - t[i - 1] <= t[i] - options.at)) {
      i = Math.max(0, i - 1);
    }
    if (t.length === 0) {
      throw new NappleError("INVALID_ARGUMENT", "cannot show a frame of an empty tensor");
    }
    const frame = numericData(sliced.readRows(i, i + 1));
    const ncols = rest.length >= 2 ? rest.slice(1).reduce((a, b) => a * b, 1) : blockSize;
    const nrows = blockSize / ncols;
    const x1a = new Float64Array(blockSize), x2a = new Float64Array(blockSize);
    const ya = new Float64Array(blockSize), va = new Float64Array(blockSize);
    for (let k = 0; k < blockSize; k++) {
      x1a[k] = k % ncols;
      x2a[k] = (k % ncols) + 1;
      ya[k] = Math.floor(k / ncols);
      va[k] = frame[k];
    }
    return { kind: "heatmap", x1: x1a, x2: x2a, y: ya, v: va, nrows, time: false, rows: 1 };
  }
  const [r0, r1] = rowRange(t, x0, x1);
  const n = r1 - r0;
  const maxBins = Math.min(options.width ?? 640, 200);
  let edges: Float64Array, mean: Float64Array;
  if (n <= maxBins) {
    // Few samples: one cell per sample, edges halfway between samples.
    const data = numericData(sliced.readRows(r0, r1));
    edges = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) edges[i] = i === 0 ? t[r0] : (t[r0 + i - 1] + t[r0 + i]) / 2;
    const lastDt = n > 1 ? t[r1 - 1] - t[r1 - 2] : 1;
    if (n > 0) edges[0] = t[r0] - (n > 1 ? (t[r0 + 1] - t[r0]) / 2 : 0.5);
    if (n > 0) edges[n] = t[r1 - 1] + lastDt / 2;
    mean = Float64Array.from(data);
  } else {
    ({ edges, mean } = binMean(t, sliced, r0, r1, x0, x1, maxBins));
  }
  const bins = edges.length - 1;
  const cells = bins * blockSize;
  const X1 = new Float64Array(cells), X2 = new Float64Array(cells);
  const Y = new Float64Array(cells), V = new Float64Array(cells);
  for (let b = 0; b < bins; b++) {
    for (let c = 0; c < blockSize; c++) {
      const k = b * blockSize + c;
      X1[k] = edges[b];
      X2[k] = edges[b + 1];
      Y[k] = c;
      V[k] = mean[k];
    }
  }
  return { kind: "heatmap", x1: X1, x2: X2, y: Y, v: V, nrows: blockSize, time: true, rows: n };
}
