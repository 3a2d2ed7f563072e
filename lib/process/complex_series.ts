/**
 * `ComplexSeries`: a complex-valued time series (pynapple's TsdFrame / TsdTensor of complex128,
 * as wavelet transforms return). napple has no complex dtype, so the real and imaginary parts
 * are two series of the same class, timestamps, support and labels; `abs()`, `power()` and
 * `angle()` give ordinary series, and `plot()` draws the magnitudes as a heatmap (a scalogram).
 * @module
 */
import { NappleError } from "../errors.ts";
import { NDArray } from "../array/ndarray.ts";
import { allocFloat64 } from "../array/huge_pages.ts";
import { type BaseTsd, type TsdFrame, TsdTensor } from "../core/time_series.ts";
import type { PlotFigure } from "../display/plot_figure.ts";
import type { PlotOptions } from "../display/plot_types.ts";
import { plot } from "../display/plot.ts";
import { seriesText } from "../display/text.ts";
import { reprFloat } from "../display/pyfmt.ts";
import type { SeriesView, TextSize } from "../display/views.ts";
import { terminalSize } from "../display/terminal.ts";

/** A complex time series held as real and imaginary parts. */
export class ComplexSeries<S extends TsdFrame | TsdTensor = TsdFrame | TsdTensor> {
  /** Real parts. */
  readonly real: S;
  /** Imaginary parts (same class, timestamps, support and labels). */
  readonly imag: S;

  /** Pairs two series of the same shape and timestamps. */
  constructor(real: S, imag: S) {
    if (real.shape.join() !== imag.shape.join() || real.length !== imag.length) {
      throw new NappleError("SHAPE_MISMATCH", "real and imaginary parts differ in shape");
    }
    this.real = real;
    this.imag = imag;
  }

  /** Timestamps. */
  get t(): Float64Array {
    return this.real.t;
  }

  /** Shape `[time, ...]`. */
  get shape(): readonly number[] {
    return this.real.shape;
  }

  /** A real series of `f(re, im)` per element. */
  private combine(f: (re: number, im: number) => number): S {
    const re = this.real.toNDArray().data as Float64Array;
    const im = this.imag.toNDArray().data as Float64Array;
    const out = allocFloat64(re.length);
    for (let i = 0; i < out.length; i++) out[i] = f(re[i], im[i]);
    return (this.real as BaseTsd).fromRows(
      this.real.t,
      new NDArray(out, this.real.shape, "float64"),
      this.real.timeSupport,
    ) as S;
  }

  /** Magnitudes (numpy `abs`). */
  abs(): S {
    return this.combine(Math.hypot);
  }

  /** Squared magnitudes (power). */
  power(): S {
    return this.combine((re, im) => re * re + im * im);
  }

  /** Phases in radians (numpy `angle`). */
  angle(): S {
    return this.combine((re, im) => Math.atan2(im, re));
  }

  /** pynapple's print of the complex128 TsdFrame / TsdTensor (terminal `size`, default 80×24). */
  toString(size?: TextSize): string {
    const real = this.real, imag = this.imag;
    const frame = real instanceof TsdTensor ? undefined : real as TsdFrame;
    const view: SeriesView = {
      t: real.t,
      shape: real.shape,
      dtype: "float64",
      readRows: (a, b) => real.readRows(a, b),
      readImagRows: (a, b) => imag.readRows(a, b),
      // numeric labels are frequencies, a float64 index in pynapple: printed as floats (5.0)
      columns: frame?.columns.map((c) => typeof c === "number" ? reprFloat(c) : c),
      timeSupport: real.timeSupport,
    };
    return seriesText(frame ? "TsdFrame" : "TsdTensor", view, size);
  }

  /** Deno's console.log hook: pynapple's print for the current terminal (80×24 if none). */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString(terminalSize());
  }

  /** Jupyter rich display (text). */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "text/plain": this.toString() };
  }

  /**
   * Draws the magnitudes as a time × feature heatmap (a scalogram for a wavelet transform of
   * one channel; pass `slice: [channel]` for a transform of several).
   */
  plot(options: PlotOptions = {}): Promise<PlotFigure> {
    const mag = this.abs();
    if (mag instanceof TsdTensor) return plot(mag, options);
    const [n, f] = mag.shape;
    const tensor = new TsdTensor({
      t: mag.t,
      d: new NDArray(mag.toNDArray().data, [n, f, 1], "float64"),
      timeSupport: mag.timeSupport,
    });
    return plot(tensor, options);
  }
}
