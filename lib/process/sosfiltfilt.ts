/**
 * Zero-phase filtering with second-order sections, as scipy's `sosfiltfilt` (odd extension of
 * `3·(2·sections + 1)` samples at each end, steady-state initial conditions from
 * `sosfilt_zi` scaled by the first sample, a forward pass, then a backward pass), over the rows
 * of one epoch, every column at once.
 *
 * The forward pass streams the input in batches (lazy data is never read whole); the backward
 * pass runs in place in a float64 output, so memory is the output plus one batch. A float32
 * output is filled chunk by chunk, last first, each chunk's forward output recomputed from saved
 * states: memory is the float32 output plus one chunk.
 * @module
 */
import { NappleError } from "../errors.ts";
import {
  type BatchOptions,
  forEachBatch,
  type RowSource,
  rowsPerBatch,
  RowWindow,
} from "./batching.ts";
import { getBatchSize } from "../array/batch_size.ts";
import { isLazy, readRowsReusing } from "../array/lazy.ts";
import type { NDArray } from "../array/ndarray.ts";
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

/** Throws unless an epoch of `len` rows is longer than the pad length `edge`. */
export function checkEpochLength(len: number, edge: number): void {
  if (len <= edge) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      `an epoch of ${len} samples is too short for this filter: zero-phase filtering pads ` +
        `${edge} samples at each end and needs more than ${edge} samples per epoch`,
      { key: "data" },
    );
  }
}

/**
 * scipy's left odd extension into `pad` (`edge` rows of width `m`) from `head`, the epoch's first
 * `edge + 1` rows: 2·x[0] - x[edge], ..., 2·x[0] - x[1]; rounded to float32 for float32 input.
 */
export function leftOddExtension(
  pad: Float64Array,
  head: Float64Array,
  edge: number,
  m: number,
  float32: boolean,
): void {
  for (let i = 0; i < edge; i++) {
    for (let c = 0; c < m; c++) pad[i * m + c] = 2 * head[c] - head[(edge - i) * m + c];
  }
  if (float32) { for (let i = 0; i < pad.length; i++) pad[i] = Math.fround(pad[i]); }
}

/**
 * scipy's right odd extension into `pad` from `tail`, the epoch's last `edge + 1` rows:
 * 2·x[-1] - x[-2], ..., 2·x[-1] - x[-edge-1]; rounded to float32 for float32 input.
 */
export function rightOddExtension(
  pad: Float64Array,
  tail: Float64Array,
  edge: number,
  m: number,
  float32: boolean,
): void {
  const last = edge * m;
  for (let i = 0; i < edge; i++) {
    for (let c = 0; c < m; c++) pad[i * m + c] = 2 * tail[last + c] - tail[(edge - 1 - i) * m + c];
  }
  if (float32) { for (let i = 0; i < pad.length; i++) pad[i] = Math.fround(pad[i]); }
}

/**
 * scipy `sosfiltfilt(sos, x[a:b], axis=0)` for the rows `[a, b)` of `src` (row width `m`),
 * written to `out` from element `at`. With `float32` input the odd extensions are computed in
 * float32, as numpy does before scipy filters in float64. A Float32Array `out` (float32 input)
 * gets the float64 results rounded without holding them all: see {@linkcode filtfiltRounded}.
 * Throws on NaN input (pynapple refuses NaNs) and on epochs not longer than the pad length.
 */
export function sosfiltfiltRows(
  sos: Sos,
  src: RowSource,
  a: number,
  b: number,
  m: number,
  out: Float64Array | Float32Array,
  at: number,
  options: BatchOptions,
  float32 = false,
): void {
  const edge = sosPadLength(sos);
  const len = b - a;
  checkEpochLength(len, edge);
  const zi = sosfiltZi(sos);
  const fwd = new Cascade(sos, m);
  // the odd extensions need the first and last edge + 1 rows
  const win = new RowWindow(src, [[a, b]], options.batchSize);
  win.ensure(0, edge + 1);
  const head = win.data.slice(0, (edge + 1) * m);
  win.ensure(len - edge - 1, len);
  const tail = win.data.slice((len - edge - 1 - win.base) * m, (len - win.base) * m);
  const pad = new Float64Array(edge * m);
  leftOddExtension(pad, head, edge, m, float32);
  fwd.reset(zi, pad.subarray(0, m));
  fwd.run(pad, 0, undefined, 0, edge, 1);
  const rounded = out instanceof Float32Array
    ? filtfiltRounded(fwd, src, a, b, m, options)
    : undefined;
  if (out instanceof Float64Array) {
    forEachBatch(src, [[a, b]], (d, first, count) => {
      for (let i = 0; i < count * m; i++) if (Number.isNaN(d[i])) throw nanInputError();
      fwd.run(d, 0, out, at + first * m, count, 1);
    }, { ...options, progress: false });
  }
  rightOddExtension(pad, tail, edge, m, float32);
  fwd.run(pad, 0, pad, 0, edge, 1);
  // backward, from the last forward output
  const bwd = new Cascade(sos, m);
  bwd.reset(zi, pad.subarray((edge - 1) * m, edge * m));
  bwd.run(pad, (edge - 1) * m, undefined, 0, edge, -1);
  if (out instanceof Float64Array) {
    bwd.run(out, at + (len - 1) * m, out, at + (len - 1) * m, len, -1);
  } else rounded!.backward(bwd, out, at);
}

/**
 * The forward pass of float32 rows `[a, b)` keeping only the forward state at the start of each
 * chunk (of the batch size), not its float64 output; `backward` then recomputes each chunk's
 * forward output from its state, last chunk first (the same operations, so the same numbers),
 * filters it backward and writes it rounded to float32. Memory: the float32 result and one
 * chunk, instead of a float64 copy of the whole epoch; the rows are read twice.
 */
function filtfiltRounded(
  fwd: Cascade,
  src: RowSource,
  a: number,
  b: number,
  m: number,
  options: BatchOptions,
): { backward(bwd: Cascade, out: Float32Array, at: number): void } {
  const len = b - a;
  const step = Math.min(len, rowsPerBatch(m * 8, options.batchSize ?? getBatchSize()));
  const buf = new Float64Array(step * m);
  const scratch = new ArrayBuffer(step * m * 4);
  const read = (s: number, e: number): Float64Array => {
    const rows = isLazy(src)
      ? readRowsReusing(src, a + s, a + e, scratch)
      : (src as NDArray).sliceRows(a + s, a + e);
    const part = buf.subarray(0, (e - s) * m);
    part.set(rows.data as Float32Array);
    return part;
  };
  const states: Float64Array[] = [];
  for (let s = 0; s < len; s += step) {
    const e = Math.min(len, s + step);
    states.push(fwd.state.slice());
    const d = read(s, e);
    for (let i = 0; i < d.length; i++) if (Number.isNaN(d[i])) throw nanInputError();
    fwd.run(d, 0, d, 0, e - s, 1);
  }
  return {
    backward(bwd: Cascade, out: Float32Array, at: number): void {
      const fwdEnd = fwd.state.slice();
      for (let k = states.length - 1; k >= 0; k--) {
        const s = k * step, e = Math.min(len, s + step), n = e - s;
        const d = read(s, e);
        fwd.state.set(states[k]);
        fwd.run(d, 0, d, 0, n, 1);
        bwd.run(d, (n - 1) * m, d, (n - 1) * m, n, -1);
        out.set(d, at + s * m);
      }
      fwd.state.set(fwdEnd);
    },
  };
}
