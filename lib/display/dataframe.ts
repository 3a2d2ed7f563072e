/**
 * pandas 1.5.3's `print(df)` for the DataFrame-like results of napple's analysis functions
 * (tuning curves and the like), as a plain Python script prints it: `display.max_rows` 60 with
 * `min_rows` 10, columns fitted to the terminal width (pandas' "terminal" mode), precision 6,
 * the `[n rows x m columns]` line only when something is cut.
 * @module
 */
import type { NDArray } from "../array/ndarray.ts";
import { NappleError } from "../errors.ts";
import { formatExp, formatFixed, reprFloat } from "./pyfmt.ts";
import { pyStr } from "./tabulate.ts";
import type { TextSize } from "./views.ts";

/**
 * pandas dtype of a DataFrame column or index, as far as printing cares. A "complex128" column
 * holds {@linkcode ComplexCell}s.
 */
export type FrameDType = "float64" | "int64" | "bool" | "object" | "complex128";

/** One complex value of a "complex128" column: real and imaginary parts. */
export type ComplexCell = readonly [re: number, im: number];

/** Options of {@linkcode dataFrameText}. */
export interface DataFrameTextOptions {
  /** Terminal size (default 80×24, what Python reports with no terminal). */
  size?: TextSize;
  /** dtype of each column (default: inferred from the values; plain numbers are float64). */
  dtypes?: readonly FrameDType[];
  /** dtype of the index (default: float64 for a Float64Array or non-integers, else int64). */
  indexDtype?: FrameDType;
  /** Index name, printed on its own line under the column labels. */
  indexName?: string;
  /** dtype of the column labels (default inferred like the index). */
  columnsDtype?: FrameDType;
  /**
   * "script" (default): `print(df)` from a Python script, columns fitted to the terminal width.
   * "notebook": the `text/plain` pandas gives in a Jupyter kernel (at most 20 columns, lines
   * wrapped at 80 characters with `\\` continuation blocks).
   */
  mode?: "script" | "notebook";
}

const PRECISION = 6;
const MAX_ROWS = 60;
const MIN_ROWS = 10;
const MAX_COLWIDTH = 50;
const NOTEBOOK_MAX_COLS = 20;
const NOTEBOOK_LINE_WIDTH = 80;

/** pandas' `_binify`: where to break the columns into blocks that fit `lineWidth`. */
function binify(widths: readonly number[], lineWidth: number): number[] {
  const bins: number[] = [];
  let curr = 0;
  const last = widths.length - 1;
  widths.forEach((w, i) => {
    const wa = w + 1;
    curr += wa;
    const wrap = i === last ? curr + 1 > lineWidth && i > 0 : curr + 2 > lineWidth && i > 0;
    if (wrap) {
      bins.push(i);
      curr = wa;
    }
  });
  bins.push(widths.length);
  return bins;
}

/** Row or column labels of a DataFrame: numbers, bigints or strings. */
export type Labels = readonly (string | number | bigint)[] | Float64Array;

function inferDType(values: readonly unknown[] | Float64Array): FrameDType {
  if (values instanceof Float64Array) return "float64";
  if (values.length === 0) return "object";
  if (values.every((v) => typeof v === "boolean")) return "bool";
  if (values.every((v) => typeof v === "bigint")) return "int64";
  if (values.every((v) => typeof v === "number")) return "float64";
  return "object";
}

function inferLabelDType(values: Labels): FrameDType {
  if (values instanceof Float64Array) return "float64";
  if (values.length === 0) return "object";
  if (values.every((v) => typeof v === "bigint")) return "int64";
  if (values.every((v) => typeof v === "number")) {
    return (values as number[]).every(Number.isInteger) ? "int64" : "float64";
  }
  return "object";
}

function trimZerosFloat(strs: string[]): string[] {
  const re = /^\s*[+-]?[0-9]+\.[0-9]*$/;
  let out = strs;
  const shouldTrim = (v: string[]) => {
    const nums = v.filter((x) => re.test(x));
    return nums.length > 0 && nums.every((x) => x.endsWith("0"));
  };
  while (shouldTrim(out)) out = out.map((x) => (re.test(x) ? x.slice(0, -1) : x));
  return out.map((x) => (re.test(x) && x.endsWith(".") ? x + "0" : x));
}

/** pandas' FloatArrayFormatter (fixed width, precision 6, leading space for the sign). */
function formatFloats(values: readonly number[], naRep: string): string[] {
  const fmt = (f: (x: number) => string) =>
    trimZerosFloat(values.map((v) => (Number.isNaN(v) ? naRep : f(v))));
  let out = fmt((v) => formatFixed(v, PRECISION, true));
  const maxLen = out.reduce((m, s) => Math.max(m, s.length), 0);
  const tooLong = maxLen > PRECISION + 6;
  const abs = values.filter((v) => !Number.isNaN(v)).map(Math.abs);
  const large = abs.some((a) => a > 1e6);
  const small = abs.some((a) => a < 10 ** -PRECISION && a > 0);
  if (small || (tooLong && large)) out = fmt((v) => formatExp(v, PRECISION, true));
  return out;
}

/**
 * pandas' `_trim_zeros_complex`: each value's two parts trimmed of common trailing zeros, then
 * every value padded with zeros in both parts to the longest one's length.
 */
function trimZerosComplex(strs: string[], naRep: string): string[] {
  const trimmed = strs.map((x) => (x === naRep ? x : trimZerosFloat(x.split(/([j+-])/)).join("")));
  const maxLength = Math.max(...trimmed.map((x) => x.length));
  return trimmed.map((x) => {
    // pandas 1.5.3 pads NaN too ("N000a000N"); napple leaves it as NaN (docs/differences.md)
    if (x === naRep) return x;
    const k = x.length;
    const half = Math.floor((k - 1) / 2);
    const zeros = "0".repeat(Math.floor((maxLength - k) / 2));
    return x.slice(0, k - half - 1) + zeros + x.slice(k - half - 1, k - half) +
      x.slice(k - half, k - 1) + zeros + x.slice(k - 1);
  });
}

/**
 * pandas' FloatArrayFormatter on complex128: Python's `format(z, " .6f")` (`re` with a space or
 * minus sign, `im` always signed, then `j`), switching to `.6e` when a magnitude is below 1e-6 or
 * above 1e6 with values too long; a value with a NaN part is `naRep`.
 */
function formatComplex(values: readonly ComplexCell[], naRep: string): string[] {
  const isNa = ([re, im]: ComplexCell) => Number.isNaN(re) || Number.isNaN(im);
  const fmt = (f: (x: number, space: boolean) => string) =>
    trimZerosComplex(
      values.map((z) => {
        if (isNa(z)) return naRep;
        const im = f(z[1], false);
        return f(z[0], true) + (im.startsWith("-") ? im : "+" + im) + "j";
      }),
      naRep,
    );
  let out = fmt((v, space) => formatFixed(v, PRECISION, space));
  const tooLong = out.reduce((m, s) => Math.max(m, s.length), 0) > PRECISION + 6;
  const abs = values.filter((z) => !isNa(z)).map(([re, im]) => Math.hypot(re, im));
  const large = abs.some((a) => a > 1e6);
  const small = abs.some((a) => a < 10 ** -PRECISION && a > 0);
  if (small || (tooLong && large)) out = fmt((v, space) => formatExp(v, PRECISION, space));
  return out;
}

function strOf(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "number") return reprFloat(v);
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "object" && "py" in (v as Record<string, unknown>)) {
    return pyStr(v as Parameters<typeof pyStr>[0]);
  }
  return String(v);
}

/** One column's cells (format_array with the default leading space). */
function formatColumn(values: readonly unknown[], dtype: FrameDType, naRep = "NaN"): string[] {
  if (dtype === "float64") return formatFloats(values.map((v) => Number(v)), naRep);
  if (dtype === "complex128") return formatComplex(values as ComplexCell[], naRep);
  if (dtype === "int64") {
    return values.map((v) => {
      const s = String(typeof v === "number" ? Math.trunc(v) : v);
      return s.startsWith("-") ? s : " " + s;
    });
  }
  if (dtype === "bool") return values.map((v) => " " + (v ? "True" : "False"));
  // object: floats get the float format, NaN the na_rep, the rest str()
  return values.map((v) => {
    if (typeof v === "number" && Number.isNaN(v)) return " " + naRep;
    if (typeof v === "number" && !Number.isInteger(v)) {
      let s = formatFixed(v, PRECISION, true).replace(/0+$/, "");
      if (s.endsWith(".")) s += "0";
      return s;
    }
    return " " + strOf(v);
  });
}

function fixedWidth(strs: string[], justify: "left" | "right", minimum = 0): string[] {
  if (!strs.length) return strs;
  let max = Math.max(minimum, ...strs.map((s) => s.length));
  if (max > MAX_COLWIDTH) max = MAX_COLWIDTH;
  return strs.map((s) => {
    const x = s.length > max ? s.slice(0, max - 3) + "..." : s;
    return justify === "left" ? x.padEnd(max) : x.padStart(max);
  });
}

function trimFront(strs: string[]): string[] {
  let out = strs;
  while (out.length && out.every((s) => s.length > 0 && s[0] === " ")) {
    out = out.map((s) => s.slice(1));
  }
  return out;
}

/** Index.format(): numbers through format_array (left), then common leading spaces removed. */
function formatLabels(labels: Labels, dtype: FrameDType): string[] {
  const vals = Array.from(labels as ArrayLike<unknown>);
  if (dtype === "object") return vals.map(strOf);
  if (dtype === "int64") {
    // Int64Index: format_array then trim_front (a RangeIndex prints the same)
    return trimFront(fixedWidth(formatColumn(vals, "int64"), "left"));
  }
  return trimFront(fixedWidth(formatColumn(vals, dtype), "left"));
}

function adjoin(cols: readonly string[][]): string {
  const lengths = cols.map((c, i) =>
    c.reduce((m, s) => Math.max(m, s.length), 0) + (i < cols.length - 1 ? 1 : 0)
  );
  const n = Math.max(...cols.map((c) => c.length));
  const lines: string[] = [];
  for (let r = 0; r < n; r++) {
    lines.push(cols.map((c, i) => (c[r] ?? "").padEnd(lengths[i])).join(""));
  }
  return lines.join("\n");
}

function shapeError(nrow: number, ncol: number): NappleError {
  return new NappleError(
    "SHAPE_MISMATCH",
    `dataFrameText: values must be ${nrow} rows × ${ncol} columns to match index and columns`,
  );
}

/** Python's round() of n/2 (ties to even), as pandas' column dropping uses. */
function roundHalf(n: number): number {
  const h = n / 2;
  const f = Math.floor(h);
  return h - f === 0.5 ? (f % 2 === 0 ? f : f + 1) : Math.round(h);
}

/**
 * pandas 1.5.3 `print(df)` of a DataFrame with `index` labels, `columns` labels and `values2d`
 * (rows × columns: nested arrays, or a 2-D NDArray). The last argument is either the options or
 * just a terminal size. Reads every value it is given.
 */
export function dataFrameText(
  index: Labels,
  columns: Labels,
  values2d: NDArray | readonly (readonly unknown[])[],
  optionsOrSize: DataFrameTextOptions | TextSize = {},
): string {
  // a bare TextSize ({columns, rows}) is accepted as the fourth argument too
  const options: DataFrameTextOptions = "columns" in optionsOrSize || "rows" in optionsOrSize
    ? { size: optionsOrSize as TextSize }
    : optionsOrSize as DataFrameTextOptions;
  const nrow = index.length;
  const ncol = columns.length;
  // values are read through an accessor: only the shown rows are formatted (a long frame is not
  // copied), and only nested arrays are scanned whole, to infer their dtype
  let get: (i: number, j: number) => unknown;
  if (Array.isArray(values2d)) {
    const rows = values2d as readonly (readonly unknown[])[];
    if (rows.length !== nrow || rows.some((r) => r.length !== ncol)) throw shapeError(nrow, ncol);
    get = (i, j) => rows[i][j];
  } else {
    const a = values2d as NDArray;
    if (a.shape[0] !== nrow || (a.shape[1] ?? 1) !== ncol || a.ndim > 2) {
      throw shapeError(nrow, ncol);
    }
    get = (i, j) => {
      const v = a.data[i * ncol + j];
      return a.dtype === "bool" ? v !== 0 : v;
    };
  }
  const colValues = (j: number, rowIdx: number[]) => rowIdx.map((i) => get(i, j));
  const allRows = () => Array.from({ length: nrow }, (_, i) => i);
  const ndarrayDType = Array.isArray(values2d) ? undefined : (values2d as NDArray).dtype;
  const dtypes: FrameDType[] = Array.from({ length: ncol }, (_, j) =>
    options.dtypes?.[j] ??
      (ndarrayDType
        ? (ndarrayDType === "bool"
          ? "bool"
          : ndarrayDType.startsWith("float")
          ? "float64"
          : "int64")
        : inferDType(colValues(j, allRows()))));
  const indexDtype = options.indexDtype ?? inferLabelDType(index);
  const colsDtype = options.columnsDtype ?? inferLabelDType(columns);
  const width = options.size?.columns ?? 80;

  if (nrow === 0 || ncol === 0) {
    const list = (l: Labels) =>
      "[" + formatLabels(l, inferLabelDType(l)).map((s) => s.trim()).join(", ") + "]";
    return `Empty DataFrame\nColumns: ${list(columns)}\nIndex: ${list(index)}`;
  }

  // rows: all up to max_rows, else min_rows split head/tail
  const maxRowsFitted = nrow > MAX_ROWS ? Math.min(MIN_ROWS, MAX_ROWS) : MAX_ROWS;
  const truncV = nrow > maxRowsFitted;
  const rowNum = Math.floor(maxRowsFitted / 2);
  const rowIdx = truncV
    ? [...Array(rowNum).keys(), ...Array.from({ length: rowNum }, (_, k) => nrow - rowNum + k)]
    : [...Array(nrow).keys()];

  // pandas formats the labels of the shown rows and columns only (the truncated frame)
  const shownIndex = formatLabels(rowIdx.map((i) => index[i]) as Labels, indexDtype);
  const showIndexName = options.indexName !== undefined;

  const build = (colIdx: number[], truncH: boolean, colNum: number): string[][] => {
    const strcols: string[][] = [];
    const labels = formatLabels(colIdx.map((j) => columns[j]) as Labels, colsDtype);
    colIdx.forEach((j, k) => {
      // pandas pairs the shown labels with the dtypes of the first columns of the whole frame
      // (zip over the untruncated dtypes), so after a horizontal cut the k-th shown column
      // takes its leading space from the k-th column: reproduced as is
      const numeric = dtypes[k] !== "object";
      const header = [(numeric ? " " : "") + labels[k]];
      if (showIndexName) header.push("");
      const hw = Math.max(...header.map((h) => h.length));
      const cells = fixedWidth(
        fixedWidth(formatColumn(colValues(j, rowIdx), dtypes[j]), "right"),
        "right",
        hw,
      );
      const w = Math.max(hw, ...cells.map((c) => c.length));
      strcols.push([...header.map((h) => h.padStart(w)), ...cells]);
    });
    // index.format(name=True) puts the name first, and the whole list is made fixed width
    const named = fixedWidth(
      [...(showIndexName ? [options.indexName as string] : []), ...shownIndex],
      "left",
    );
    strcols.unshift(["", ...named]);
    const nHeader = showIndexName ? 2 : 1;
    if (truncH) strcols.splice(colNum + 1, 0, Array(nHeader + rowIdx.length).fill(" ..."));
    if (truncV) {
      strcols.forEach((col, ix) => {
        const isDot = truncH && ix === colNum + 1;
        let cw = col[rowNum].length;
        const dots = cw > 3 || isDot ? "..." : "..";
        if (isDot) cw = 4;
        const s = ix === 0 ? dots.padEnd(cw) : dots.padStart(cw);
        col.splice(rowNum + nHeader, 0, s);
      });
    }
    return strcols;
  };

  const cut = (m: number): { idx: number[]; num: number } => {
    const num = Math.floor(m / 2);
    const left = [...Array(Math.min(num, ncol)).keys()];
    const right = Array.from({ length: num }, (_, k) => ncol - num + k);
    return { idx: [...left, ...right], num };
  };
  const dims = (truncated: boolean) => truncated ? `\n\n[${nrow} rows x ${ncol} columns]` : "";

  if (options.mode === "notebook") {
    // display.max_columns = 20 outside a terminal; lines wrapped at display.width = 80
    const truncNb = ncol > NOTEBOOK_MAX_COLS;
    const cutNb = truncNb ? cut(NOTEBOOK_MAX_COLS) : { idx: [...Array(ncol).keys()], num: 0 };
    const cols = build(cutNb.idx, truncNb, cutNb.num);
    const idx = cols.shift() as string[];
    const lwidth = NOTEBOOK_LINE_WIDTH - Math.max(...idx.map((x) => x.length)) - 1;
    const bins = binify(cols.map((c) => Math.max(0, ...c.map((x) => x.length))), lwidth);
    const nrows = truncV ? maxRowsFitted + 1 : nrow;
    const blocks: string[] = [];
    let start = 0;
    bins.forEach((end, i) => {
      const row = [idx, ...cols.slice(start, end)];
      if (bins.length > 1) {
        row.push(
          end <= cols.length && i < bins.length - 1
            ? [" \\", ...Array(nrows - 1).fill("  ")]
            : Array(nrows).fill(" "),
        );
      }
      blocks.push(adjoin(row));
      start = end;
    });
    return blocks.join("\n\n") + dims(truncNb || truncV);
  }

  let colIdx = [...Array(ncol).keys()];
  let maxColsFitted = ncol > width ? width : 0;
  let truncH = maxColsFitted > 0 && ncol > maxColsFitted;
  let colNum = 0;
  if (truncH) ({ idx: colIdx, num: colNum } = cut(maxColsFitted));
  let strcols = build(colIdx, truncH, colNum);

  // fit to the terminal width by dropping middle columns (pandas' terminal mode)
  const text = adjoin(strcols);
  const maxLen = Math.max(...text.split("\n").map((l) => l.length));
  let adjDif = maxLen - width + 1;
  let colLens = strcols.map((c, i) => ({ i, len: Math.max(...c.map((s) => s.length)) }));
  while (adjDif > 0 && colLens.length > 1) {
    const mid = roundHalf(colLens.length);
    adjDif -= colLens[mid].len + 1;
    colLens = colLens.filter((_, k) => k !== mid);
  }
  maxColsFitted = Math.max(colLens.length - 1, 2);
  if (ncol > maxColsFitted) {
    truncH = true;
    ({ idx: colIdx, num: colNum } = cut(maxColsFitted));
    strcols = build(colIdx, truncH, colNum);
  }
  return adjoin(strcols) + dims(truncH || truncV);
}
