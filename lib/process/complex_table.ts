/**
 * `ComplexTable`: what pynapple returns as a pandas DataFrame of complex128 (`compute_fft`).
 * napple has no complex dtype, so the real and imaginary parts are kept side by side, with
 * `abs()`, `angle()`, `real()` and `imag()` giving ordinary {@linkcode LabeledTable}s.
 * @module
 */
import { NappleError } from "../errors.ts";
import { type ComplexCell, dataFrameText } from "../display/dataframe.ts";
import { dataFrameHtml } from "../display/html.ts";
import { formatG } from "../display/pyfmt.ts";
import type { TextSize } from "../display/views.ts";
import type { PlotFigure } from "../display/plot_figure.ts";
import type { PlotOptions } from "../display/plot_types.ts";
import { type Label, LabeledTable } from "./table.ts";

/** A table of complex values: row labels (frequencies), column labels, real and imaginary parts. */
export class ComplexTable {
  /** Row labels (frequencies for a spectrum). */
  readonly index: Float64Array;
  /** Column labels. */
  readonly columns: readonly Label[];
  /** Real parts, row-major `index.length × columns.length`. */
  readonly re: Float64Array;
  /** Imaginary parts, same layout. */
  readonly im: Float64Array;

  /** Wraps the parts (row-major); throws SHAPE_MISMATCH when sizes disagree. */
  constructor(index: Float64Array, columns: readonly Label[], re: Float64Array, im: Float64Array) {
    const size = index.length * columns.length;
    if (re.length !== size || im.length !== size) {
      throw new NappleError(
        "SHAPE_MISMATCH",
        `table of ${index.length} rows × ${columns.length} columns cannot hold ${re.length} values`,
      );
    }
    this.index = index;
    this.columns = Object.freeze([...columns]);
    this.re = re;
    this.im = im;
  }

  /** `[rows, columns]`. */
  get shape(): [number, number] {
    return [this.index.length, this.columns.length];
  }

  /** A LabeledTable of `f(re, im)` per element. */
  private table(f: (re: number, im: number) => number): LabeledTable {
    const out = new Float64Array(this.re.length);
    for (let i = 0; i < out.length; i++) out[i] = f(this.re[i], this.im[i]);
    return new LabeledTable(Array.from(this.index), this.columns, out, { floatIndex: true });
  }

  /** Magnitudes (numpy `abs`). */
  abs(): LabeledTable {
    return this.table(Math.hypot);
  }

  /** Phases in radians (numpy `angle`). */
  angle(): LabeledTable {
    return this.table((re, im) => Math.atan2(im, re));
  }

  /** Real parts as a table. */
  real(): LabeledTable {
    return this.table((re) => re);
  }

  /** Imaginary parts as a table. */
  imag(): LabeledTable {
    return this.table((_re, im) => im);
  }

  /** pandas' text of a complex128 DataFrame (`print(df)`): `re±imj`, six decimals or exponents. */
  toString(options: { size?: TextSize } = {}): string {
    const [n, m] = this.shape;
    const rows = Array.from(
      { length: n },
      (_, i) =>
        Array.from({ length: m }, (_, j): ComplexCell => [this.re[i * m + j], this.im[i * m + j]]),
    );
    return dataFrameText(this.index, this.columns as (string | number)[], rows, {
      size: options.size,
      dtypes: Array(m).fill("complex128"),
      indexDtype: "float64",
    });
  }

  /** `console.log(table)` shows pandas' text, as `print(df)` does. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  /** HTML table, each value as Python's `str` of a complex with `%g` parts. */
  toHtml(): string {
    const [n, m] = this.shape;
    const rows = Array.from({ length: n }, (_, i) =>
      Array.from({ length: m }, (_, j) => {
        const re = this.re[i * m + j], im = this.im[i * m + j];
        const sign = im < 0 || Object.is(im, -0) ? "-" : "+";
        return `${formatG(re)}${sign}${formatG(Math.abs(im))}j`;
      }));
    return dataFrameHtml(Array.from(this.index), this.columns as (string | number)[], rows);
  }

  /** Jupyter rich display: text and HTML. */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "text/plain": this.toString(), "text/html": this.toHtml() };
  }

  /** Draws the magnitudes against the index (the amplitude spectrum). */
  plot(options: PlotOptions = {}): Promise<PlotFigure> {
    return this.abs().plot(options);
  }
}
