/**
 * A port of the parts of python-tabulate 0.9.0 that pynapple's printouts use: the "simple" and
 * "plain" formats, column type detection (bool < int < float < str, numbers parsed from strings),
 * `"g"` float formatting, decimal-point alignment, `colalign`, missing cells, and rstripped rows.
 *
 * Cells are modelled as the Python objects pynapple hands to tabulate, because tabulate's output
 * depends on their Python type: a numpy float32 scalar is a "float" formatted with `g`, while the
 * same value in an object array is a Python float printed with `repr` in a string column.
 * @module
 */
import { formatG, reprFloat, reprFloat32 } from "./pyfmt.ts";

/** A Python int (or numpy signed integer scalar): tabulate type int. */
export interface PyInt {
  /** Discriminant. */
  readonly py: "int";
  /** The value. */
  readonly v: number | bigint;
}

/** A Python float or numpy float64 scalar: tabulate type float; `str` is the shortest repr. */
export interface PyFloat {
  /** Discriminant. */
  readonly py: "float";
  /** The value. */
  readonly v: number;
}

/** A numpy float32 scalar: tabulate type float; `str` is numpy's float32 repr. */
export interface NpFloat32 {
  /** Discriminant. */
  readonly py: "f32";
  /** The value (a float32 widened to a double). */
  readonly v: number;
}

/** A numpy unsigned integer scalar: tabulate sees a float (its `_isint` misses `numpy.uint`). */
export interface NpUint {
  /** Discriminant. */
  readonly py: "uint";
  /** The value. */
  readonly v: number | bigint;
}

/** A numpy bool scalar: tabulate sees a float (1/0); `str` gives True/False. */
export interface NpBool {
  /** Discriminant. */
  readonly py: "npbool";
  /** The value. */
  readonly v: boolean;
}

/**
 * One table cell: `null` is Python None (a missing cell), a JS string is a Python str, a JS
 * boolean is a Python bool, the tagged objects stand for numbers of a given Python/numpy type.
 */
export type Cell = null | string | boolean | PyInt | PyFloat | NpFloat32 | NpUint | NpBool;

/** Python int cell. */
export const pyInt = (v: number | bigint): PyInt => ({ py: "int", v });
/** Python float / numpy float64 cell. */
export const pyFloat = (v: number): PyFloat => ({ py: "float", v });

/** Python's `str()` of a cell value. */
export function pyStr(c: Cell): string {
  if (c === null) return "None";
  if (typeof c === "string") return c;
  if (typeof c === "boolean") return c ? "True" : "False";
  switch (c.py) {
    case "int":
    case "uint":
      return String(c.v);
    case "float":
      return reprFloat(c.v);
    case "f32":
      return reprFloat32(c.v);
    case "npbool":
      return c.v ? "True" : "False";
  }
}

// Python's int() / float() acceptance of strings (underscores between digits allowed).
const INT_RE = /^\s*[+-]?\d+(_\d+)*\s*$/;
const FLOAT_RE =
  /^\s*[+-]?((\d+(_\d+)*)?\.?\d+(_\d+)*|\d+(_\d+)*\.)([eE][+-]?\d+(_\d+)*)?\s*$|^\s*[+-]?(inf|infinity|nan)\s*$/i;

function isIntString(s: string): boolean {
  return INT_RE.test(s);
}

function isFloatString(s: string): boolean {
  if (!FLOAT_RE.test(s)) return false;
  const t = s.trim().toLowerCase().replace(/^[+-]/, "");
  if (t === "inf" || t === "infinity" || t === "nan") {
    // tabulate accepts only the exact spellings "inf", "-inf", "nan"
    return ["inf", "-inf", "nan"].includes(s.toLowerCase());
  }
  return true;
}

function pyFloatOfString(s: string): number {
  const t = s.trim().replace(/_/g, "").toLowerCase();
  if (/^[+-]?inf(inity)?$/.test(t)) return t.startsWith("-") ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(t)) return NaN;
  return Number(t);
}

type ColType = 0 | 1 | 2 | 3 | 5; // none, bool, int, float, str

function cellType(c: Cell): ColType {
  if (c === null) return 0;
  if (typeof c === "boolean") return 1;
  if (typeof c === "string") {
    if (c === "True" || c === "False") return 1;
    if (isIntString(c)) return 2;
    if (isFloatString(c)) return 3;
    return 5;
  }
  if (c.py === "int") return 2;
  return 3;
}

function formatCell(c: Cell, type: ColType): string {
  if (c === null) return "";
  if (type === 3) {
    if (typeof c === "string") return formatG(pyFloatOfString(c));
    if (typeof c === "boolean") return formatG(c ? 1 : 0);
    const v = c.v;
    return formatG(typeof v === "boolean" ? (v ? 1 : 0) : Number(v));
  }
  return pyStr(c);
}

function afterPoint(s: string): number {
  if (!isFloatString(s)) return -1;
  if (isIntString(s)) return -1;
  let pos = s.lastIndexOf(".");
  if (pos < 0) pos = s.toLowerCase().lastIndexOf("e");
  return pos >= 0 ? s.length - pos - 1 : -1;
}

/** Visible width: code points (tabulate counts characters, not UTF-16 units). */
export function textWidth(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function padLeft(w: number, s: string): string {
  return " ".repeat(Math.max(0, w - textWidth(s))) + s;
}
function padRight(w: number, s: string): string {
  return s + " ".repeat(Math.max(0, w - textWidth(s)));
}
function padBoth(w: number, s: string): string {
  const total = Math.max(0, w - textWidth(s));
  // Python's str.format "^" puts the extra space on the right
  const left = Math.floor(total / 2);
  return " ".repeat(left) + s + " ".repeat(total - left);
}

/** Column alignment names of tabulate. */
export type Align = "left" | "right" | "center" | "decimal";

function alignColumn(strings: string[], align: Align, minWidth: number): string[] {
  let ss = strings;
  let pad: (w: number, s: string) => string;
  if (align === "decimal") {
    const decs = ss.map(afterPoint);
    const maxDec = Math.max(...decs);
    ss = ss.map((s, i) => s + " ".repeat(maxDec - decs[i]));
    pad = padLeft;
  } else {
    ss = ss.map((s) => s.trim());
    pad = align === "right" ? padLeft : align === "center" ? padBoth : padRight;
  }
  const width = Math.max(minWidth, ...ss.map(textWidth));
  return ss.map((s) => pad(width, s));
}

/** Options of {@linkcode tabulate}. */
export interface TabulateOptions {
  /** Column headers (fewer headers than columns name the last columns). */
  headers?: readonly string[];
  /** "simple" (dashes under the header) or "plain" (no lines). */
  tablefmt?: "simple" | "plain";
  /** Per-column alignment overrides, from the left. */
  colalign?: readonly Align[];
}

/** `tabulate(rows, headers=..., tablefmt=..., colalign=...)` for the simple and plain formats. */
export function tabulate(rows: readonly (readonly Cell[])[], opts: TabulateOptions = {}): string {
  let headers = [...(opts.headers ?? [])];
  const fmt = opts.tablefmt ?? "simple";
  const ncols = rows.reduce((m, r) => Math.max(m, r.length), 0);
  if (headers.length && rows.length) {
    const padN = Math.max(0, rows[0].length - headers.length);
    headers = [...Array(padN).fill(""), ...headers];
  }
  // tabulate zips columns with the (padded) headers: extra columns or headers are dropped
  const width = headers.length && rows.length ? Math.min(ncols, headers.length) : ncols;
  if (headers.length && rows.length) headers = headers.slice(0, width);
  const cols: Cell[][] = [];
  for (let j = 0; j < width; j++) cols.push(rows.map((r) => (j < r.length ? r[j] : null)));
  const types = cols.map((c) =>
    c.reduce<ColType>((t, v) => Math.max(t, cellType(v)) as ColType, 1)
  );
  const strCols = cols.map((c, j) => c.map((v) => formatCell(v, types[j])));
  const aligns: Align[] = types.map((t) => (t === 2 || t === 3 ? "decimal" : "left"));
  (opts.colalign ?? []).forEach((a, i) => {
    if (i < aligns.length) aligns[i] = a;
  });
  const MIN_PADDING = 2;
  let minWidths = headers.length
    ? headers.map((h) => textWidth(h) + MIN_PADDING)
    : cols.map(() => 0);
  const aligned = strCols.map((c, j) => alignColumn(c, aligns[j], minWidths[j] ?? 0));

  let headerCells: string[] = [];
  if (headers.length) {
    const tCols = aligned.length ? aligned : headers.map(() => [""]);
    const hAligns: Align[] = aligns.length ? aligns : headers.map(() => "left");
    minWidths = minWidths.map((m, j) => Math.max(m, ...(tCols[j] ?? [""]).map(textWidth)));
    headerCells = headers.map((h, j) => {
      const a = hAligns[j];
      const w = minWidths[j];
      return a === "left" ? padRight(w, h) : a === "center" ? padBoth(w, h) : padLeft(w, h);
    });
  } else {
    minWidths = aligned.map((c) => Math.max(...c.map(textWidth)));
  }

  const lines: string[] = [];
  const joinRow = (cells: string[]): string => cells.join("  ").trimEnd();
  const dashLine = (): string => joinRow(minWidths.map((w) => "-".repeat(w)));
  const hasHeaders = headers.length > 0;
  if (fmt === "simple" && !hasHeaders) lines.push(dashLine());
  if (hasHeaders) {
    lines.push(joinRow(headerCells));
    if (fmt === "simple") lines.push(dashLine());
  }
  for (let i = 0; i < rows.length; i++) lines.push(joinRow(aligned.map((c) => c[i])));
  if (fmt === "simple" && !hasHeaders) lines.push(dashLine());
  return hasHeaders || rows.length ? lines.join("\n") : "";
}
