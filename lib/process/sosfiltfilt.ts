/**
 * Zero-phase filtering with second-order sections, as scipy's `sosfiltfilt` (odd extension of
 * `3·(2·sections + 1)` samples at each end, steady-state initial conditions from
 * `sosfilt_zi` scaled by the first sample, a forward pass, then a backward pass), over the rows
 * of one epoch, every column at once.
 *
 * The forward pass streams the input in batches (lazy data is never read whole); the backward
 * pass runs in place in the output, so memory is the output plus one batch.
 * @module
 */
import { NappleError } from "../errors.ts";
import { type BatchOptions, forEachBatch, type RowSource, RowWindow } from "./batching.ts";
import { type Sos, sosfiltZi, sosPadLength } from "./iir.ts";
import { Cascade } from "./sos_cascade.ts";

/** pynapple refuses NaN input to its filters. */
export function nanInputError(): NappleError {
  return new NappleError(
    "INVALID_ARGUMENT",
    "The input signal contains NaN values, which are not supported for filtering. " +
      "Remove or fill them first (dropna).",
    { key: "data" },
  );
}

/**
 * scipy `sosfiltfilt(sos, x[a:b], axis=0)` for the rows `[a, b)` of `src` (row width `m`),
 * written to `out` from element `at`. With `float32` input the odd extensions are computed in
 * float32, as numpy does before scipy filters in float64. Throws on NaN input (pynapple refuses NaNs) and on epochs
 * not longer than the pad length.
 */
export function sosfiltfiltRows(
  sos: Sos,
  src: RowSource,
  a: number,
  b: number,
  m: number,
  out: Float64Array,
  at: number,
  options: BatchOptions,
  float32 = false,
): void {
  const edge = sosPadLength(sos);
  const len = b - a;
  if (len <= edge) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      `an epoch of ${len} samples is too short for this filter: zero-phase filtering pads ` +
        `${edge} samples at each end and needs more than ${edge} samples per epoch`,
      { key: "data" },
    );
  }
  const zi = sosfiltZi(sos);
  const cascade = new Cascade(sos, m);
  // the odd extensions need the first and last edge + 1 rows
  const win = new RowWindow(src, [[a, b]], options.batchSize);
  win.ensure(0, edge + 1);
  const head = win.data.slice(0, (edge + 1) * m);
  win.ensure(len - edge - 1, len);
  const tail = win.data.slice((len - edge - 1 - win.base) * m, (len - win.base) * m);
  const pad = new Float64Array(edge * m);
  // left: 2·x[0] - x[edge], ..., 2·x[0] - x[1]
  for (let i = 0; i < edge; i++) {
    for (let c = 0; c < m; c++) pad[i * m + c] = 2 * head[c] - head[(edge - i) * m + c];
  }
  if (float32) { for (let i = 0; i < pad.length; i++) pad[i] = Math.fround(pad[i]); }
  cascade.reset(zi, pad.subarray(0, m));
  cascade.run(pad, 0, undefined, 0, edge, 1);
  forEachBatch(src, [[a, b]], (d, first, count) => {
    for (let i = 0; i < count * m; i++) if (Number.isNaN(d[i])) throw nanInputError();
    cascade.run(d, 0, out, at + first * m, count, 1);
  }, { ...options, progress: false });
  // right: 2·x[-1] - x[-2], ..., 2·x[-1] - x[-edge-1]
  const last = edge * m;
  for (let i = 0; i < edge; i++) {
    for (let c = 0; c < m; c++) pad[i * m + c] = 2 * tail[last + c] - tail[(edge - 1 - i) * m + c];
  }
  if (float32) { for (let i = 0; i < pad.length; i++) pad[i] = Math.fround(pad[i]); }
  cascade.run(pad, 0, pad, 0, edge, 1);
  // backward, from the last forward output
  cascade.reset(zi, pad.subarray((edge - 1) * m, edge * m));
  cascade.run(pad, (edge - 1) * m, undefined, 0, edge, -1);
  cascade.run(out, at + (len - 1) * m, out, at + (len - 1) * m, len, -1);
}
