/**
 * pynapple 0.9.2's `print(obj)` for Ts, Tsd, TsdFrame, TsdTensor, IntervalSet and TsGroup,
 * character for character, for any terminal size. Each function reads only the rows it shows
 * (`readRows` on the head and the tail), so printing a 10M-row lazy object stays cheap.
 *
 * The layouts follow pynapple's `__repr__` methods: head/tail of `rows - 10` rows, tabulate's
 * "simple" format (IntervalSet: "plain"), numpy scalar vs Python object semantics of each cell
 * (which decides `g` formatting vs `repr`), and metadata converted by pynapple's
 * `_convert_iter_to_str` (floats rounded to 2 decimals).
 * @module
 */
import type { DType, Scalar } from "../array/dtype.ts";
import type { NDArray } from "../array/ndarray.ts";
import { NappleError } from "../errors.ts";
import type { MetadataColumn } from "../core/metadata.ts";
import { array2string, formatComplexElements } from "./array2string.ts";
import { around, reprComplex, reprFloat, reprFloat32, rint } from "./pyfmt.ts";
import { type Cell, pyFloat, pyInt, pyStr, tabulate } from "./tabulate.ts";
import type { IntervalSetView, SeriesView, TextSize, TsGroupView } from "./views.ts";

const DEFAULT_COLUMNS = 80;
const DEFAULT_ROWS = 24;

function sizeOf(size?: TextSize): { columns: number; rows: number } {
  return { columns: size?.columns ?? DEFAULT_COLUMNS, rows: size?.rows ?? DEFAULT_ROWS };
}

/** pynapple shows `max(rows - 10, 2)` data rows, half at the top and half at the bottom. */
function maxRowsFor(rows: number): number {
  return Math.max(rows - 10, 2);
}

/** Python's repr of a shape tuple: `(200,)`, `(80, 4)`. */
export function shapeRepr(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** A numpy scalar of `dtype` as tabulate sees it (zip over a numpy array yields these). */
function numpyScalar(v: Scalar, dtype: DType): Cell {
  switch (dtype) {
    case "float64":
      return pyFloat(Number(v));
    case "float32":
      return { py: "f32", v: Number(v) };
    case "bool":
      return { py: "npbool", v: Number(v) !== 0 };
    case "uint8":
    case "uint16":
    case "uint32":
    case "uint64":
      return { py: "uint", v };
    default:
      return pyInt(v);
  }
}

/** An element after `astype(object)` (np.hstack(..., dtype=object)): Python float/int/bool. */
function objectScalar(v: Scalar, dtype: DType): Cell {
  if (dtype === "float64" || dtype === "float32") return pyFloat(Number(v));
  if (dtype === "bool") return Number(v) !== 0;
  return pyInt(v);
}

/**
 * A TsdFrame cell: pynapple prints `np.round(values, 5)` through an object array, so floats are
 * rounded in their own precision then widened to Python floats (a bool frame, which numpy cannot
 * round, is shown as Python bools).
 */
function frameCell(v: Scalar, dtype: DType): Cell {
  if (dtype === "float64") return pyFloat(around(Number(v), 5));
  if (dtype === "float32") return pyFloat(around32(Number(v), 5));
  return objectScalar(v, dtype);
}

/**
 * Reads rows `[s, e)` of a view and checks that the source returned them all with the expected
 * row size, so a faulty backend fails with a clear error instead of printing garbage.
 */
export function readShownRows(v: SeriesView, s: number, e: number): NDArray {
  const d = v.readRows(s, e);
  const rowSize = v.shape.slice(1).reduce((a, b) => a * b, 1);
  if (!d || d.size !== (e - s) * rowSize) {
    throw new NappleError(
      "SHAPE_MISMATCH",
      `display asked for rows ${s}..${e} (${(e - s) * rowSize} values) but the data source ` +
        `returned ${d ? d.size : "nothing"}; check the object's shape ${shapeRepr(v.shape)}`,
    );
  }
  return d;
}

/** Row ranges to show: all rows, or the head and tail halves around a "..." row. */
function shownRanges(
  n: number,
  maxRows: number,
): { head: [number, number]; tail?: [number, number] } {
  if (n > maxRows) {
    const k = Math.floor(maxRows / 2);
    return { head: [0, k], tail: [n - k, n] };
  }
  return { head: [0, n] };
}

/** `Ts` printout: times as numpy reprs under "Time (s)", then `shape: n`. */
export function tsText(v: SeriesView, size?: TextSize): string {
  const { rows } = sizeOf(size);
  const t = v.t;
  const n = t.length;
  const r = shownRanges(n, maxRowsFor(rows));
  const lines: string[] = [];
  for (let i = r.head[0]; i < r.head[1]; i++) lines.push(reprFloat(t[i]));
  if (r.tail) {
    lines.push("...");
    for (let i = r.tail[0]; i < r.tail[1]; i++) lines.push(reprFloat(t[i]));
  }
  return ["Time (s)", lines.join("\n"), `shape: ${n}`].join("\n");
}

function bottomOf(v: SeriesView): string {
  return `dtype: ${v.readImagRows ? "complex128" : v.dtype}, shape: ${shapeRepr(v.shape)}`;
}

/** `Tsd` printout. */
export function tsdText(v: SeriesView, size?: TextSize): string {
  const { rows } = sizeOf(size);
  const headers = ["Time (s)", ""];
  const n = v.t.length;
  const bottom = bottomOf(v);
  if (n === 0) return tabulate([], { headers }) + "\n" + bottom;
  const r = shownRanges(n, maxRowsFor(rows));
  const table: Cell[][] = [];
  if (r.tail) {
    // zip(index, values): numpy scalars of the values' own dtype
    const add = ([s, e]: [number, number]) => {
      const d = readShownRows(v, s, e);
      for (let i = s; i < e; i++) {
        table.push([pyFloat(v.t[i]), numpyScalar(d.data[i - s], v.dtype)]);
      }
    };
    add(r.head);
    table.push(["..."]);
    add(r.tail);
  } else {
    // np.vstack((index, values)).T: everything becomes float64
    const d = readShownRows(v, 0, n);
    for (let i = 0; i < n; i++) table.push([pyFloat(v.t[i]), pyFloat(Number(d.data[i]))]);
  }
  return tabulate(table, { headers, colalign: ["left"] }) + "\n" + bottom;
}

/** Column label as pynapple's `str(k)`. */
export function labelStr(k: string | number | bigint): string {
  if (typeof k !== "number") return String(k);
  return Number.isInteger(k) ? String(k) : reprFloat(k);
}

/** Float32 `np.around` (computed in float32, as numpy does for float32 arrays). */
function around32(x: number, decimals: number): number {
  const f = Math.fround(10 ** decimals);
  return Math.fround(rint(Math.fround(Math.fround(x) * f)) / f);
}

/** Python `str()` of one element of an object array (pynapple's object branch). */
function objectElementStr(a: unknown): string {
  if (a === null || a === undefined) return "None";
  if (typeof a === "string") return a;
  if (typeof a === "boolean") return a ? "True" : "False";
  if (typeof a === "bigint") return String(a);
  if (typeof a === "number") return Number.isInteger(a) ? String(a) : reprFloat(a);
  // numpy arrays in an object column: "".join(a.astype(str))
  if (Array.isArray(a)) return a.map(objectElementStr).join("");
  if (ArrayBuffer.isView(a)) {
    return Array.from(a as unknown as ArrayLike<number>, (x) => objectElementStr(x)).join("");
  }
  if (typeof a === "object" && "py" in (a as Record<string, unknown>)) return pyStr(a as Cell);
  return String(a);
}

/**
 * pynapple's `_convert_iter_to_str`: floats rounded to 2 decimals then `str`, object elements
 * `str`-ed (arrays joined), everything else `astype(str)`.
 */
export function convertIterToStr(
  values: readonly unknown[],
  dtype: MetadataColumn["dtype"],
): string[] {
  if (dtype === "float64") return values.map((x) => reprFloat(around(Number(x), 2)));
  if (dtype === "float32") return values.map((x) => reprFloat32(around32(Number(x), 2)));
  if (dtype === "object") return values.map(objectElementStr);
  if (dtype === "bool") return values.map((x) => (x ? "True" : "False"));
  return values.map((x) => String(x));
}

/** `TsdFrame` printout, with the `Metadata` block when the frame has per-column metadata. */
export function tsdFrameText(v: SeriesView, size?: TextSize): string {
  const { columns: termCols, rows } = sizeOf(size);
  const maxCols = Math.max(Math.floor(termCols / 100), 5);
  const maxRows = maxRowsFor(rows);
  const n = v.t.length;
  const ncol = v.shape[1] ?? 0;
  const labels = v.columns ?? Array.from({ length: ncol }, (_, i) => i);
  let headers = ["Time (s)", ...labels.map(labelStr)];
  const bottom = bottomOf(v);
  if (ncol > maxCols) headers = [...headers.slice(0, maxCols + 1), "..."];
  const shownCols = Math.min(maxCols, ncol);

  let end: string[] = [];
  let table: Cell[][] = [];
  let tableWidth = ncol + 1;
  if (n > 0) {
    end = ncol > maxCols ? ["..."] : [];
    tableWidth = 1 + shownCols + end.length;
    const r = shownRanges(n, maxRows);
    const add = ([s, e]: [number, number]) => {
      const d = readShownRows(v, s, e);
      const im = v.readImagRows?.(s, e);
      // a complex cell is Python's str of the rounded complex, which tabulate takes as text
      const cell = (k: number): Cell =>
        im
          ? reprComplex(around(Number(d.data[k]), 5), around(Number(im.data[k]), 5))
          : frameCell(d.data[k], v.dtype);
      for (let i = s; i < e; i++) {
        const row: Cell[] = [pyFloat(v.t[i])];
        const base = (i - s) * ncol;
        for (let j = 0; j < shownCols; j++) row.push(cell(base + j));
        table.push([...row, ...end]);
      }
    };
    add(r.head);
    if (r.tail) {
      table.push(Array(1 + shownCols + end.length).fill("..."));
      add(r.tail);
    }
  }

  const meta = v.metadata;
  if (meta && meta.columns.length) {
    let names = meta.columns;
    let lastRow = false;
    if (names.length > 2) {
      names = names.slice(0, 2);
      lastRow = true;
    }
    const take = tableWidth - end.length - 1;
    const mtable: Cell[][] = [];
    const rowsOut = names.map((name) => {
      const col = meta.get(name);
      return [name, ...convertIterToStr(col.values.slice(0, Math.max(0, take)), col.dtype), ...end];
    });
    const width = rowsOut[0].length;
    if (rowsOut.every((r) => r.length === width)) {
      mtable.push(["Metadata", ...Array(width - 1).fill(" ")]);
      mtable.push(...rowsOut);
      if (lastRow) mtable.push(Array(width).fill("..."));
      if (width === tableWidth) table = [...table, ...mtable];
    }
  }

  if (table.length) return tabulate(table, { headers, colalign: ["left"] }) + "\n" + bottom;
  return tabulate([], { headers }) + "\n" + bottom;
}

/** pynapple's `create_str` for one TsdTensor row: first sub-row, first/last elements. */
export function createStr(
  data: ArrayLike<Scalar>,
  offset: number,
  shape: readonly number[],
  dtype: DType,
  imag?: ArrayLike<Scalar>,
): string {
  if (shape.length === 1) {
    const len = shape[0];
    const at = len > 2
      ? [offset, offset + len - 1]
      : Array.from({ length: len }, (_, i) => offset + i);
    const separator = len > 2 ? " ... " : ", ";
    if (imag) {
      const parts = formatComplexElements(
        at.map((k) => Number(data[k])),
        at.map((k) => Number(imag[k])),
        6,
      );
      return "[" + parts.join(separator) + "]";
    }
    return array2string(at.map((k) => data[k]), dtype, 6, separator);
  }
  if (shape[0] === 0) return "[]";
  return "[" + createStr(data, offset, shape.slice(1), dtype, imag) + " ...]";
}

/** `TsdTensor` printout: each row summarised as `[[first ... last] ...]`. */
export function tsdTensorText(v: SeriesView, size?: TextSize): string {
  const { rows } = sizeOf(size);
  const headers = ["Time (s)", ""];
  const n = v.t.length;
  const bottom = bottomOf(v);
  if (n === 0) return tabulate([], { headers }) + "\n" + bottom;
  const rowShape = v.shape.slice(1);
  const rowSize = rowShape.reduce((a, b) => a * b, 1);
  const r = shownRanges(n, maxRowsFor(rows));
  const table: Cell[][] = [];
  const add = ([s, e]: [number, number]) => {
    const d: NDArray = readShownRows(v, s, e);
    const im = v.readImagRows?.(s, e).data;
    for (let i = s; i < e; i++) {
      table.push([pyFloat(v.t[i]), createStr(d.data, (i - s) * rowSize, rowShape, v.dtype, im)]);
    }
  };
  add(r.head);
  if (r.tail) {
    table.push(["...", ""]);
    add(r.tail);
  }
  return tabulate(table, { headers, colalign: ["left"] }) + "\n" + bottom;
}

/** Metadata string cells of rows `[s, e)` for the shown columns. */
function metaCells(
  meta: { get(name: string): MetadataColumn },
  cols: readonly string[],
  s: number,
  e: number,
): string[][] {
  const converted = cols.map((c) => {
    const col = meta.get(c);
    return convertIterToStr(col.values.slice(s, e), col.dtype);
  });
  const out: string[][] = [];
  for (let i = 0; i < e - s; i++) out.push(converted.map((c) => c[i]));
  return out;
}

/** `IntervalSet` printout (tabulate "plain" format, then `shape: (n, 2), time unit: sec.`). */
export function intervalSetText(v: IntervalSetView, size?: TextSize): string {
  const { columns: termCols, rows } = sizeOf(size);
  const maxCols = Math.max(Math.floor(termCols / 12), 5);
  const maxRows = maxRowsFor(rows);
  const n = v.start.length;
  const colNames = v.metadata.columns;
  const toShow = colNames.slice(0, maxCols);
  let headers = ["index", "start", "end", ...toShow];
  const end = headers.length > maxCols ? ["..."] : [];
  headers = [...headers, ...end];
  const bottom = `shape: (${n}, 2), time unit: sec.`;
  if (n === 0) return tabulate([], { headers }) + "\n" + bottom;
  const r = shownRanges(n, maxRows);
  const table: Cell[][] = [];
  const add = ([s, e]: [number, number]) => {
    const mt = metaCells(v.metadata, toShow, s, e);
    for (let i = s; i < e; i++) {
      table.push([pyInt(i), pyFloat(v.start[i]), pyFloat(v.end[i]), ...mt[i - s], ...end]);
    }
  };
  add(r.head);
  if (r.tail) {
    table.push(Array(headers.length).fill("..."));
    add(r.tail);
  }
  return tabulate(table, { headers, tablefmt: "plain" }) + "\n" + bottom;
}

/** `TsGroup` printout: Index, rate (rounded to 5 decimals) and metadata columns. */
export function tsGroupText(v: TsGroupView, size?: TextSize): string {
  const { columns: termCols, rows } = sizeOf(size);
  const maxCols = Math.max(Math.floor(termCols / 12), 5);
  const maxRows = maxRowsFor(rows);
  const n = v.index.length;
  const colNames = v.metadata.columns.filter((c) => c !== "rate");
  const toShow = colNames.slice(0, maxCols);
  let headers = ["Index", "rate", ...toShow];
  const end = headers.length > maxCols ? ["..."] : [];
  headers = [...headers, ...end];
  if (n === 0) return tabulate([], { headers });
  const rate = v.metadata.has("rate") ? v.metadata.get("rate").values : [];
  const r = shownRanges(n, maxRows);
  const table: Cell[][] = [];
  const add = ([s, e]: [number, number]) => {
    const mt = metaCells(v.metadata, toShow, s, e);
    for (let i = s; i < e; i++) {
      const rt = rate[i] === undefined || rate[i] === null ? NaN : Number(rate[i]);
      table.push([pyInt(v.index[i]), pyFloat(around(rt, 5)), ...mt[i - s], ...end]);
    }
  };
  add(r.head);
  if (r.tail) {
    table.push(Array(headers.length).fill("..."));
    add(r.tail);
  }
  return tabulate(table, { headers });
}

/** Printout of any series kind (dispatches to {@linkcode tsText} ... {@linkcode tsdTensorText}). */
export function seriesText(
  kind: "Ts" | "Tsd" | "TsdFrame" | "TsdTensor",
  v: SeriesView,
  size?: TextSize,
): string {
  switch (kind) {
    case "Ts":
      return tsText(v, size);
    case "Tsd":
      return tsdText(v, size);
    case "TsdFrame":
      return tsdFrameText(v, size);
    default:
      return tsdTensorText(v, size);
  }
}
