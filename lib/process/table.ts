/**
 * `LabeledTable`: what pynapple returns as a pandas DataFrame (tuning curves, correlograms,
 * mutual information). Row labels, column labels and a 2-D float64 block, printed the way pandas
 * prints it (the display module's `dataFrameText`, pandas 1.5.3's layout) and shown as an HTML
 * table in Jupyter (`dataFrameHtml`). Tables whose columns are pairs of unit ids (pandas would use
 * a MultiIndex) print through a small formatter here, with the pair on two header lines.
 * @module
 */
import { NappleError } from "../errors.ts";
import { NDArray } from "../array/ndarray.ts";
import { dataFrameText, type FrameDType, type Labels } from "../display/dataframe.ts";
import { dataFrameHtml } from "../display/html.ts";
import type { TextSize } from "../display/views.ts";

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
  /** Terminal size for the pandas layout (default 80×24). */
  size?: TextSize;
  /** Rows shown before truncating to head and tail (pandas `display.max_rows`, 60). */
  maxRows?: number;
  /** Rows shown when truncating (pandas `display.min_rows`, 10). */
  minRows?: number;
  /** Columns shown before truncating (pandas `display.max_columns`, 20). */
  maxColumns?: number;
}

function labelKey(l: Label): string {
  return Array.isArray(l) ? JSON.stringify(l) : typeof l === "number" ? `n:${l}` : `s:${l}`;
}

/** Python-like text of a float: `repr` style used by pandas for float index labels. */
function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return x.toFixed(1);
  const s = String(x);
  return s.includes("e") ? s.replace(/e([+-])(\d)$/, "e$10$2") : s;
}

function labelText(l: Label, floatIndex: boolean): string {
  if (Array.isArray(l)) return `(${l.map((x) => String(x)).join(", ")})`;
  if (typeof l === "number") return floatIndex ? pyFloat(l) : String(l);
  return String(l);
}

/**
 * Formats a column of floats like pandas' FloatArrayFormatter: 6 decimals, trailing zeros
 * trimmed as long as every value keeps at least one decimal, scientific notation when values are
 * very large or very small.
 */
export function formatFloatColumn(values: ArrayLike<number>, digits = 6): string[] {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) finite.push(Math.abs(v));
  }
  const large = finite.some((a) => a >= 1e6);
  const small = finite.some((a) => a > 0 && a < 10 ** -digits);
  const special = (v: number) =>
    Number.isNaN(v) ? "NaN" : !Number.isFinite(v) ? (v > 0 ? "inf" : "-inf") : undefined;
  if (large || small) {
    return Array.from({ length: values.length }, (_, i) => {
      const v = values[i];
      return special(v) ?? v.toExponential(digits).replace(/e([+-])(\d)$/, "e$10$2");
    });
  }
  let out = Array.from({ length: values.length }, (_, i) => {
    const v = values[i];
    return special(v) ?? v.toFixed(digits);
  });
  // Trim one trailing zero at a time while every number ends in 0 and keeps a decimal.
  const nums = () => out.filter((s) => /\d$/.test(s));
  while (nums().length && nums().every((s) => s.endsWith("0") && !/\.0$/.test(s))) {
    out = out.map((s) => (/\d$/.test(s) ? s.slice(0, -1) : s));
  }
  return out;
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
  private readonly rowPos = new Map<string, number>();

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
    this.options = { ...options };
    columns.forEach((c, i) => this.colPos.set(labelKey(c), i));
    index.forEach((r, i) => this.rowPos.set(labelKey(r), i));
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
      throw new NappleError("KEY_NOT_FOUND", `no column ${labelText(label, false)} in the table`, {
        key: labelText(label, false),
      });
    }
    return j;
  }

  /** Position of row `label`; KEY_NOT_FOUND if absent. */
  rowPosition(label: Label): number {
    const i = this.rowPos.get(labelKey(label));
    if (i === undefined) {
      throw new NappleError("KEY_NOT_FOUND", `no row ${labelText(label, false)} in the table`, {
        key: labelText(label, false),
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

  /** pandas' text (`print(df)`), as the display module lays it out. */
  toString(options: TableTextOptions = {}): string {
    if (this.columns.some((c) => Array.isArray(c))) return this.pairText(options);
    const [n, m] = this.shape;
    const index: Labels = this.options.floatIndex
      ? Float64Array.from(this.index as number[])
      : (this.index as (string | number)[]);
    const dtype: FrameDType = this.options.dtype ?? "float64";
    return dataFrameText(
      index,
      this.columns as (string | number)[],
      new NDArray(this.values, [n, m]),
      {
        size: options.size,
        dtypes: Array(m).fill(dtype),
        indexDtype: this.options.floatIndex ? "float64" : undefined,
      },
    );
  }

  /** Text for pair columns (pandas MultiIndex columns): the pair on two header lines. */
  private pairText(options: TableTextOptions): string {
    const maxRows = options.maxRows ?? 60;
    const minRows = options.minRows ?? 10;
    const maxCols = options.maxColumns ?? 20;
    const [n, m] = this.shape;
    if (m === 0 || n === 0) {
      return `Empty DataFrame\nColumns: [${
        this.columns.map((c) => labelText(c, false)).join(", ")
      }]\nIndex: [${this.index.map((r) => labelText(r, false)).join(", ")}]`;
    }
    const rows = n > maxRows
      ? [
        ...Array.from({ length: Math.ceil(minRows / 2) }, (_, i) => i),
        -1,
        ...Array.from(
          { length: Math.floor(minRows / 2) },
          (_, i) => n - Math.floor(minRows / 2) + i,
        ),
      ]
      : Array.from({ length: n }, (_, i) => i);
    const cols = m > maxCols
      ? [
        ...Array.from({ length: Math.ceil(maxCols / 2) }, (_, j) => j),
        -1,
        ...Array.from(
          { length: Math.floor(maxCols / 2) },
          (_, j) => m - Math.floor(maxCols / 2) + j,
        ),
      ]
      : Array.from({ length: m }, (_, j) => j);
    const floatIndex = this.index.every((r) => typeof r === "number") &&
      this.index.some((r) => !Number.isInteger(r));
    const idxCells = rows.map((i) => (i < 0 ? "..." : labelText(this.index[i], floatIndex)));
    const idxWidth = Math.max(0, ...idxCells.map((s) => s.length));
    const tuples = this.columns.some((c) => Array.isArray(c));
    const colBlocks = cols.map((j) => {
      const shown = rows.filter((i) => i >= 0);
      const formatted = j < 0 ? [] : formatFloatColumn(shown.map((i) => this.values[i * m + j]));
      let k = 0;
      const cells = rows.map((i) => (i < 0 || j < 0 ? "..." : formatted[k++]));
      const head = j < 0
        ? ["...", ""]
        : Array.isArray(this.columns[j])
        ? (this.columns[j] as readonly (string | number)[]).map(String)
        : [labelText(this.columns[j], false), ""];
      const width = Math.max(...cells.map((s) => s.length), ...head.map((s) => s.length));
      return { cells, head, width };
    });
    const lines: string[] = [];
    const headerRows = tuples ? 2 : 1;
    for (let h = 0; h < headerRows; h++) {
      lines.push(
        " ".repeat(idxWidth) +
          colBlocks.map((b) => "  " + (b.head[h] ?? "").padStart(b.width)).join(""),
      );
    }
    rows.forEach((_, r) => {
      lines.push(
        idxCells[r].padEnd(idxWidth) + colBlocks.map((b) => "  " + b.cells[r].padStart(b.width))
          .join(""),
      );
    });
    let text = lines.map((l) => l.replace(/\s+$/, "")).join("\n");
    if (n > maxRows || m > maxCols) text += `\n\n[${n} rows x ${m} columns]`;
    return text;
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
}
