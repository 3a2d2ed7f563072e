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
import { cheby1Sos, type Sos, sosfiltZi, sosPadLength } from "../process/iir.ts";
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

/** Runs rows of `src` through the sections (scipy `sosfilt`'s loop), state per column. */
class Sections {
  readonly #coef: Float64Array;
  readonly #ns: number;
  readonly #m: number;
  /** `[column][section][2]` delays. */
  state: Float64Array;

  constructor(sos: Sos, m: number) {
    this.#ns = sos.length;
    this.#m = m;
    this.#coef = new Float64Array(6 * sos.length);
    sos.forEach((s, i) => this.#coef.set(s, 6 * i));
    this.state = new Float64Array(2 * sos.length * m);
  }

  /** State `zi · row` (scipy's `zi * x_0`). */
  reset(zi: Float64Array, row: Float64Array, at: number): void {
    const ns = this.#ns;
    for (let c = 0; c < this.#m; c++) {
      for (let s = 0; s < ns; s++) {
        this.state[2 * (c * ns + s)] = zi[2 * s] * row[at + c];
        this.state[2 * (c * ns + s) + 1] = zi[2 * s + 1] * row[at + c];
      }
    }
  }

  /**
   * Filters `count` rows of `buf` in place from row `first`, forward (1) or backward (-1). Each
   * column goes through one section at a time with that section's state in locals: the same
   * operations per sample as scipy's loop (which runs all sections per sample), in another order.
   */
  run(buf: Float64Array, first: number, count: number, step: 1 | -1): void {
    const coef = this.#coef, state = this.state, ns = this.#ns, m = this.#m;
    const stride = step * m;
    for (let c = 0; c < m; c++) {
      for (let s = 0; s < ns; s++) {
        const k = 6 * s, z = 2 * (c * ns + s);
        const b0 = coef[k], b1 = coef[k + 1], b2 = coef[k + 2], a1 = coef[k + 4], a2 = coef[k + 5];
        let z0 = state[z], z1 = state[z + 1];
        for (let r = 0, at = first * m + c; r < count; r++, at += stride) {
          const x = buf[at];
          const y = b0 * x + z0;
          z0 = b1 * x - a1 * y + z1;
          z1 = b2 * x - a2 * y;
          buf[at] = y;
        }
        state[z] = z0;
        state[z + 1] = z1;
      }
    }
  }
}

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
  const fwd = new Sections(sos, m);
  const head = into(new Float64Array((edge + 1) * m), read(a, a + edge + 1));
  const tail = into(new Float64Array((edge + 1) * m), read(b - edge - 1, b));
  // left odd extension: 2·x[0] - x[edge - i]
  const pad = new Float64Array(edge * m);
  for (let i = 0; i < edge; i++) {
    for (let c = 0; c < m; c++) pad[i * m + c] = 2 * head[c] - head[(edge - i) * m + c];
  }
  fwd.reset(zi, pad, 0);
  fwd.run(pad, 0, edge, 1);
  const starts: number[] = [];
  const states: Float64Array[] = [];
  const buf = new Float64Array(Math.min(batchRows, len) * m);
  for (let s = 0; s < len; s += batchRows) {
    const e = Math.min(len, s + batchRows);
    starts.push(s);
    states.push(fwd.state.slice());
    into(buf, read(a + s, a + e));
    fwd.run(buf, 0, e - s, 1);
    done(e - s);
  }
  // right odd extension: 2·x[-1] - x[-2 - i], filtered forward, then the backward pass starts
  for (let i = 0; i < edge; i++) {
    for (let c = 0; c < m; c++) {
      pad[i * m + c] = 2 * tail[edge * m + c] - tail[(edge - 1 - i) * m + c];
    }
  }
  fwd.run(pad, 0, edge, 1);
  const bwd = new Sections(sos, m);
  bwd.reset(zi, pad, (edge - 1) * m);
  bwd.run(pad, edge - 1, edge, -1);
  for (let k = starts.length - 1; k >= 0; k--) {
    const s = starts[k], e = Math.min(len, s + batchRows);
    into(buf, read(a + s, a + e));
    fwd.state = states[k];
    fwd.run(buf, 0, e - s, 1);
    bwd.run(buf, e - s - 1, e - s, -1);
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
