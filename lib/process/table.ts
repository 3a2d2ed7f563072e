/**
 * `LabeledTable`: what pynapple returns as a pandas DataFrame (tuning curves, correlograms,
 * mutual information). Row labels, column labels and a 2-D float64 block, printed the way pandas
 * prints it (the display module's `dataFrameText`, pandas 1.5.3's layout) and shown as an HTML
 * table in Jupyter (`dataFrameHtml`). Columns that are pairs of unit ids (cross-correlograms)
 * print as pandas prints a MultiIndex: the second level laid out by `dataFrameText`, the first
 * level, sparsified, on a line above. Checked character for character against pandas.
 * @module
 */
import { NappleError } from "../errors.ts";
import { checkOptions, type OptionKeys } from "../options.ts";
import { NDArray } from "../array/ndarray.ts";
import { dataFrameText, type FrameDType, type Labels } from "../display/dataframe.ts";
import { dataFrameHtml } from "../display/html.ts";
import type { TextSize } from "../display/views.ts";
import { plot } from "../display/plot.ts";
import type { PlotFigure } from "../display/plot_figure.ts";
import type { PlotOptions } from "../display/plot_types.ts";

/** A row or column label: a number, a string, or a tuple (pairs of unit ids). */
export type Label = number | string | readonly (number | string)[];

/** How a table's labels and values print. */
export interface LabeledTableOptions {
  /** The index holds float values (bin centres, lags): print it as floats (default false). */
  floatIndex?: boolean;
  /** pandas dtype of the values (default float64; int64 for counts). */
  dtype?: "float64" | "int64";
}

/** Options for printing a table. */
export interface TableTextOptions {
  /** Terminal size for the pandas layout (default 80×24, Python's fallback with no terminal). */
  size?: TextSize;
}

const TABLE_KEYS: OptionKeys<LabeledTableOptions> = { floatIndex: true, dtype: true };
const TABLE_TEXT_KEYS: OptionKeys<TableTextOptions> = { size: true };

function labelKey(l: Label): string {
  return Array.isArray(l) ? JSON.stringify(l) : typeof l === "number" ? `n:${l}` : `s:${l}`;
}

function labelText(l: Label): string {
  if (Array.isArray(l)) return `(${l.map((x) => String(x)).join(", ")})`;
  return String(l);
}

/** A small DataFrame-like table of float64 values with row and column labels. */
export class LabeledTable {
  /** Row labels (pandas index). */
  readonly index: readonly Label[];
  /** Column labels. */
  readonly columns: readonly Label[];
  /** Values, row-major, `index.length × columns.length`. */
  readonly values: Float64Array;
  /** Printing hints (float index, value dtype). */
  readonly options: LabeledTableOptions;
  private readonly colPos = new Map<string, number>();
  // built on the first lookup: spectra have hundreds of thousands of rows rarely looked up by label
  private rowPos?: Map<string, number>;

  /** Wraps `values` (row-major); throws SHAPE_MISMATCH when sizes disagree. */
  constructor(
    index: readonly Label[],
    columns: readonly Label[],
    values: Float64Array,
    options: LabeledTableOptions = {},
  ) {
    if (values.length !== index.length * columns.length) {
      throw new NappleError(
        "SHAPE_MISMATCH",
        `table of ${index.length} rows × ${columns.length} columns cannot hold ${values.length} values`,
      );
    }
    this.index = Object.freeze([...index]);
    this.columns = Object.freeze([...columns]);
    this.values = values;
    this.options = { ...checkOptions(options, TABLE_KEYS, "new LabeledTable()") };
    columns.forEach((c, i) => this.colPos.set(labelKey(c), i));
  }

  /** `[rows, columns]`. */
  get shape(): [number, number] {
    return [this.index.length, this.columns.length];
  }

  /** Value at row position `i`, column position `j` (pandas `iloc[i, j]`). */
  iat(i: number, j: number): number {
    const [n, m] = this.shape;
    if (i < 0 || i >= n || j < 0 || j >= m) {
      throw new NappleError("INDEX_OUT_OF_RANGE", `position (${i}, ${j}) is outside ${n} × ${m}`);
    }
    return this.values[i * m + j];
  }

  /** Position of column `label`; KEY_NOT_FOUND if absent. */
  columnPosition(label: Label): number {
    const j = this.colPos.get(labelKey(label));
    if (j === undefined) {
      throw new NappleError("KEY_NOT_FOUND", `no column ${labelText(label)} in the table`, {
        key: labelText(label),
      });
    }
    return j;
  }

  /** Position of row `label`; KEY_NOT_FOUND if absent. */
  rowPosition(label: Label): number {
    if (!this.rowPos) {
      const pos = new Map<string, number>();
      this.index.forEach((r, k) => pos.set(labelKey(r), k));
      this.rowPos = pos;
    }
    const i = this.rowPos.get(labelKey(label));
    if (i === undefined) {
      throw new NappleError("KEY_NOT_FOUND", `no row ${labelText(label)} in the table`, {
        key: labelText(label),
      });
    }
    return i;
  }

  /** Value at row label `row`, column label `col` (pandas `loc[row, col]`). */
  loc(row: Label, col: Label): number {
    return this.iat(this.rowPosition(row), this.columnPosition(col));
  }

  /** One column's values, as a new Float64Array. */
  column(label: Label): Float64Array {
    const j = this.columnPosition(label);
    const [n, m] = this.shape;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.values[i * m + j];
    return out;
  }

  /** One row's values (by position), as a new Float64Array. */
  row(i: number): Float64Array {
    const m = this.columns.length;
    return this.values.slice(i * m, (i + 1) * m);
  }

  /** Values as nested arrays `[row][column]`. */
  toArray(): number[][] {
    return this.index.map((_, i) => Array.from(this.row(i)));
  }

  /** `console.log(table)` shows pandas' text, as `print(df)` does. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  /** pandas' text (`print(df)`), as the display module lays it out. */
  toString(options: TableTextOptions = {}): string {
    options = checkOptions(options, TABLE_TEXT_KEYS, "LabeledTable.toString");
    const [n, m] = this.shape;
    const pairs = this.columns.some((c) => Array.isArray(c));
    const index: Labels = this.options.floatIndex
      ? Float64Array.from(this.index as number[])
      : (this.index as (string | number)[]);
    const dtype: FrameDType = this.options.dtype ?? "float64";
    // Pair columns are a pandas MultiIndex: lay out the table on the second level, then add the
    // first level above it.
    const labels = this.columns.map((c) => (Array.isArray(c) ? c[c.length - 1] : c)) as (
      | string
      | number
    )[];
    const text = dataFrameText(index, labels, new NDArray(this.values, [n, m]), {
      size: options.size,
      dtypes: Array(m).fill(dtype),
      indexDtype: this.options.floatIndex ? "float64" : undefined,
    });
    if (!pairs || n === 0 || m === 0) return text;
    const lines = text.split("\n");
    lines.unshift(this.topLevelLine(lines[0]));
    return lines.join("\n");
  }

  /**
   * The first level of pair columns, as pandas prints a MultiIndex: each label right-aligned
   * over its column, left blank when equal to the previous shown column's (sparsified), `...`
   * over the truncation column; the line keeps the header line's full width.
   */
  private topLevelLine(header: string): string {
    const tokens = [...header.matchAll(/\S+/g)].map((t) => ({
      text: t[0],
      end: (t.index ?? 0) + t[0].length,
    }));
    const m = this.columns.length;
    const dots = tokens.findIndex((t) => t.text === "...");
    const shown = dots < 0 ? tokens.map((_, j) => j) : [
      ...Array.from({ length: dots }, (_, j) => j),
      -1,
      ...Array.from(
        { length: tokens.length - dots - 1 },
        (_, j) => m - (tokens.length - dots - 1) + j,
      ),
    ];
    // pandas formats each level's shown labels left-justified to the level's widest (numbers),
    // then right-aligns both levels' cells to the column's edge: a short label ends before it
    const level = (i: number) =>
      shown.filter((j) => j >= 0).map((j) => {
        const c = this.columns[j];
        return Array.isArray(c) ? c[i] : "";
      });
    const width = (labels: Label[]) =>
      labels.every((l) => typeof l === "number")
        ? Math.max(0, ...labels.map((l) => `${l}`.length))
        : 0;
    const [w1, w2] = [width(level(0)), width(level(1))];
    const line = Array.from(header, () => " ");
    let previous: string | undefined;
    shown.forEach((j, k) => {
      let label: string;
      let end = tokens[k].end;
      if (j < 0) label = "...";
      else {
        const c = this.columns[j];
        const top = String(Array.isArray(c) ? c[0] : "");
        label = top === previous ? "" : top;
        previous = top;
        end += Math.max(0, w2 - tokens[k].text.length) - Math.max(0, w1 - top.length);
      }
      for (let i = 0; i < label.length; i++) line[end - label.length + i] = label[i];
    });
    return line.join("");
  }

  /** HTML table (the display module's `dataFrameHtml`). */
  toHtml(): string {
    const [n, m] = this.shape;
    const cols = this.columns.map((c) => Array.isArray(c) ? `(${c.join(", ")})` : c) as (
      | string
      | number
    )[];
    return dataFrameHtml(this.index as (string | number)[], cols, new NDArray(this.values, [n, m]));
  }

  /** Jupyter rich display: text and HTML. */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "text/plain": this.toString(), "text/html": this.toHtml() };
  }
  /**
   * Draws the table against its index, one line per column (`kind: "bars"` for bars): the same figure as `nap.plot(this, options)`. Async because Observable Plot is
   * loaded on the first plot only.
   */
  plot(options: PlotOptions = {}): Promise<PlotFigure> {
    return plot(this, options);
  }
}
