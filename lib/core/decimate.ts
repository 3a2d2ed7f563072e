/**
 * pynapple's `decimate`: scipy `signal.decimate(x, q, n=order, ftype, zero_phase=True)` per epoch.
 *
 * "iir" (default): a Chebyshev type I low-pass (`cheby1(order, 0.05, 0.8 / q)` as sections),
 * applied forward and backward (`sosfiltfilt`, odd extension), every q-th sample kept. The
 * backward pass needs the forward pass's output from the end, which would mean holding the whole
 * filtered epoch; instead the forward pass keeps only its state at the start of each batch, and
 * the backward pass recomputes each batch's forward output from that state (the same operations,
 * so the same numbers) just before filtering it backward. Memory: one batch, the states, and the
 * decimated output; the input is read twice.
 *
 * "fir": scipy's `resample_poly(x, 1, q, window=firwin(order + 1, 1 / q, window="hamming"))`,
 * whose output samples depend on a short window of input each: computed chunk by chunk.
 * @module
 */
import { NappleError } from "../errors.ts";
import { cheby1Sos, sosfiltZi, sosPadLength } from "../process/iir.ts";
import { Cascade } from "../process/sos_cascade.ts";
import { leftOddExtension, rightOddExtension } from "../process/sosfiltfilt.ts";
import type { TypedArray } from "../array/dtype.ts";

/** Reads rows `[a, b)` as they are stored (row-major, any dtype): no float64 copy per batch. */
export type RawRowReader = (a: number, b: number) => TypedArray;

/** Told how many input rows were just filtered (a progress indicator's `advance`). */
export type RowsDone = (rows: number) => void;

/** `data` converted into the start of `buf` (float64), returned as a view of `buf`. */
function into(buf: Float64Array, data: TypedArray): Float64Array {
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    for (let i = 0; i < data.length; i++) buf[i] = Number(data[i]);
  } else buf.set(data);
  return buf.subarray(0, data.length);
}

/** pynapple's `filter_type` of `decimate`. */
export type DecimateFilter = "iir" | "fir";

/**
 * `sosfiltfilt(cheby1(order, 0.05, 0.8 / q), x)[::q]` of the rows `[a, b)` (row width `m`),
 * reading `batchRows` rows at a time; `ceil((b - a) / q)` rows of output.
 */
function decimateIir(
  read: RawRowReader,
  a: number,
  b: number,
  m: number,
  q: number,
  order: number,
  batchRows: number,
  out: Float64Array,
  at: number,
  done: RowsDone = () => {},
): void {
  const sos = cheby1Sos(order, 0.05, 0.8 / q);
  const edge = sosPadLength(sos);
  const len = b - a;
  if (len <= edge) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      `The length of the input vector x must be greater than padlen, which is ${edge}: an ` +
        `epoch of ${len} samples is too short to decimate with an order-${order} filter`,
    );
  }
  const zi = sosfiltZi(sos);
  const fwd = new Cascade(sos, m);
  const head = into(new Float64Array((edge + 1) * m), read(a, a + edge + 1));
  const tail = into(new Float64Array((edge + 1) * m), read(b - edge - 1, b));
  const pad = new Float64Array(edge * m);
  leftOddExtension(pad, head, edge, m, false);
  fwd.reset(zi, pad.subarray(0, m));
  fwd.run(pad, 0, pad, 0, edge, 1);
  const starts: number[] = [];
  const states: Float64Array[] = [];
  const buf = new Float64Array(Math.min(batchRows, len) * m);
  for (let s = 0; s < len; s += batchRows) {
    const e = Math.min(len, s + batchRows);
    starts.push(s);
    states.push(fwd.state.slice());
    into(buf, read(a + s, a + e));
    fwd.run(buf, 0, buf, 0, e - s, 1);
    done(e - s);
  }
  // the right odd extension filtered forward, then the backward pass starts
  rightOddExtension(pad, tail, edge, m, false);
  fwd.run(pad, 0, pad, 0, edge, 1);
  const bwd = new Cascade(sos, m);
  bwd.reset(zi, pad.subarray((edge - 1) * m, edge * m));
  bwd.run(pad, (edge - 1) * m, pad, (edge - 1) * m, edge, -1);
  for (let k = starts.length - 1; k >= 0; k--) {
    const s = starts[k], e = Math.min(len, s + batchRows);
    into(buf, read(a + s, a + e));
    fwd.state.set(states[k]);
    fwd.run(buf, 0, buf, 0, e - s, 1);
    bwd.run(buf, (e - s - 1) * m, buf, (e - s - 1) * m, e - s, -1);
    for (let i = Math.ceil(s / q) * q; i < e; i += q) {
      out.set(buf.subarray((i - s) * m, (i - s + 1) * m), at + (i / q) * m);
    }
    done(e - s);
  }
}

/** scipy `firwin(taps, cutoff, window="hamming")` (low-pass, scaled to unit DC gain). */
function firwinHamming(taps: number, cutoff: number): Float64Array {
  const h = new Float64Array(taps);
  const alpha = 0.5 * (taps - 1);
  const sinc = (x: number) => (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x));
  let sum = 0;
  for (let i = 0; i < taps; i++) {
    const w = taps === 1 ? 1 : 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (taps - 1));
    h[i] = cutoff * sinc(cutoff * (i - alpha)) * w;
    sum += h[i];
  }
  for (let i = 0; i < taps; i++) h[i] /= sum;
  return h;
}

/**
 * scipy `resample_poly(x, 1, q, window=firwin(order + 1, 1 / q, window="hamming"))` of the rows
 * `[a, b)`: `upfirdn` of the zero-padded filter, every q-th output, the filter delay removed.
 */
function decimateFir(
  read: RawRowReader,
  a: number,
  b: number,
  m: number,
  q: number,
  order: number,
  batchRows: number,
  out: Float64Array,
  at: number,
  done: RowsDone = () => {},
): void {
  const len = b - a;
  const window = firwinHamming(order + 1, 1 / q);
  const halfLen = (window.length - 1) >> 1;
  const nOut = Math.ceil(len / q);
  const prePad = q - (halfLen % q);
  const preRemove = Math.floor((halfLen + prePad) / q);
  const h = new Float64Array(prePad + window.length);
  h.set(window, prePad);
  const buf0 = new Float64Array(0);
  // output k needs x[(k + preRemove)·q - j] for j < h.length
  // a chunk of outputs reads at most batchRows rows (the filter's length more than its outputs)
  const chunk = Math.max(1, Math.floor((batchRows - h.length) / q) + 1);
  for (let k0 = 0; k0 < nOut; k0 += chunk) {
    const k1 = Math.min(nOut, k0 + chunk);
    const lo = Math.max(0, (k0 + preRemove) * q - h.length + 1);
    const hi = Math.min(len, (k1 - 1 + preRemove) * q + 1);
    const x = hi > lo ? into(new Float64Array((hi - lo) * m), read(a + lo, a + hi)) : buf0;
    for (let k = k0; k < k1; k++) {
      const centre = (k + preRemove) * q;
      for (let c = 0; c < m; c++) {
        let acc = 0;
        for (let j = 0; j < h.length; j++) {
          const i = centre - j;
          if (i >= lo && i < hi) acc += h[j] * x[(i - lo) * m + c];
        }
        out[at + k * m + c] = acc;
      }
    }
    done(Math.min(len, k1 * q) - Math.min(len, k0 * q));
  }
}

/**
 * scipy `decimate(x[a:b], q, n=order, ftype=filter, zero_phase=True, axis=0)` of the rows
 * `[a, b)` (row width `m`), read `batchRows` rows at a time: `ceil((b - a) / q)` rows written to
 * `out` from element `at`. `done` hears of every batch: "iir" filters each row twice (forward,
 * then backward), "fir" once.
 */
export function decimateRows(
  read: RawRowReader,
  a: number,
  b: number,
  m: number,
  q: number,
  order: number,
  filter: DecimateFilter,
  batchRows: number,
  out: Float64Array,
  at: number,
  done: RowsDone = () => {},
): void {
  if (filter === "iir") decimateIir(read, a, b, m, q, order, batchRows, out, at, done);
  else decimateFir(read, a, b, m, q, order, batchRows, out, at, done);
}
