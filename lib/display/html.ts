/**
 * HTML display for Jupyter: a compact table with a caption line (type, shape, dtype, time
 * support), the head and tail rows around an ellipsis row, and metadata. Colours come from the
 * notebook (inherited text colour, grey rules with transparency), so the tables read well in light
 * and dark themes; selectors carry two classes (`div.napple.napple-x ...`) to outrank the notebook's own
 * table rules (JupyterLab's `:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td` right-aligns).
 * Like the text printout, only the shown rows are read from lazy data.
 * @module
 */
import type { DType, Scalar } from "../array/dtype.ts";
import type { Metadata } from "../core/metadata.ts";
import type { NDArray } from "../array/ndarray.ts";
import type { Labels } from "./dataframe.ts";
import { formatG, reprFloat } from "./pyfmt.ts";
import { convertIterToStr, createStr, labelStr, readShownRows } from "./text.ts";
import type { IntervalSetView, SeriesView, TsGroupView } from "./views.ts";

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** An extra block under the main rows (e.g. the metadata of a TsdFrame's columns). */
export interface HtmlSection {
  /** Title row of the block. */
  title: string;
  /** Rows of already formatted cells; the first cell is the row label. */
  rows: readonly (readonly string[])[];
}

/** A table for {@linkcode tableHtml}: all cells are already formatted strings. */
export interface HtmlTable {
  /** One-line caption above the table (type, shape, dtype, ...). */
  caption?: string;
  /** Column headers, index column(s) included. */
  headers: readonly string[];
  /** Body rows. */
  rows: readonly (readonly string[])[];
  /** Insert an ellipsis row before this row index (head/tail display). */
  ellipsisAt?: number;
  /** Leading columns shown as row labels (default 1). */
  indexColumns?: number;
  /** Columns to right-align (numbers), by position. */
  numeric?: readonly boolean[];
  /** Extra blocks under the rows. */
  sections?: readonly HtmlSection[];
  /** A small note under the table. */
  footer?: string;
}

const STYLE = `<style>
div.napple.napple-x{font-size:12px;line-height:1.35;margin:.2em 0;max-width:100%;overflow-x:auto}
div.napple.napple-x .napple-cap{font-family:var(--jp-ui-font-family,system-ui,sans-serif);opacity:.75;margin-bottom:.3em}
div.napple.napple-x .napple-cap b{opacity:1;font-weight:600}
div.napple.napple-x table{margin:0;table-layout:auto;border-collapse:collapse;color:inherit;background:transparent;font-family:var(--jp-code-font-family,ui-monospace,monospace);font-variant-numeric:tabular-nums}
div.napple.napple-x th,div.napple.napple-x td{padding:.15em .7em;border:none;text-align:left;white-space:nowrap;color:inherit;background:transparent}
div.napple.napple-x thead th{border-bottom:1px solid rgba(127,127,127,.55);font-weight:600}
div.napple.napple-x tbody th{font-weight:normal;opacity:.8}
div.napple.napple-x td.n,div.napple.napple-x th.n{text-align:right}
div.napple.napple-x tbody tr:nth-child(even){background:rgba(127,127,127,.07)}
div.napple.napple-x tr.napple-ell td,div.napple.napple-x tr.napple-ell th{opacity:.55;text-align:center}
div.napple.napple-x tr.napple-sec th{border-top:1px solid rgba(127,127,127,.55);font-style:italic;opacity:.8}
div.napple.napple-x .napple-foot{opacity:.65;margin-top:.2em;font-family:var(--jp-ui-font-family,system-ui,sans-serif)}
</style>`;

/**
 * A self-contained HTML table (inline CSS, escaped text) with an optional caption, an ellipsis
 * row between head and tail, and extra sections. Reusable for DataFrame-like results.
 */
export function tableHtml(t: HtmlTable): string {
  const nIndex = t.indexColumns ?? 1;
  const width = Math.max(t.headers.length, ...t.rows.map((r) => r.length));
  const cell = (s: string, j: number): string =>
    j < nIndex
      ? `<th>${escapeHtml(s)}</th>`
      : `<td${t.numeric?.[j] ? ' class="n"' : ""}>${escapeHtml(s)}</td>`;
  const out: string[] = [`<div class="napple napple-x">`, STYLE];
  if (t.caption) out.push(`<div class="napple-cap">${escapeHtml(t.caption)}</div>`);
  out.push("<table>");
  if (t.headers.length) {
    out.push(
      "<thead><tr>" +
        t.headers.map((h, j) =>
          `<th${j >= nIndex && t.numeric?.[j] ? ' class="n"' : ""}>${escapeHtml(h)}</th>`
        ).join("") +
        "</tr></thead>",
    );
  }
  out.push("<tbody>");
  const ell = `<tr class="napple-ell">` + Array(width).fill("<td>…</td>").join("") + "</tr>";
  t.rows.forEach((r, i) => {
    if (i === t.ellipsisAt) out.push(ell);
    out.push("<tr>" + r.map(cell).join("") + "</tr>");
  });
  if (t.ellipsisAt !== undefined && t.ellipsisAt >= t.rows.length) out.push(ell);
  for (const s of t.sections ?? []) {
    out.push(`<tr class="napple-sec"><th colspan="${width}">${escapeHtml(s.title)}</th></tr>`);
    for (const r of s.rows) out.push("<tr>" + r.map(cell).join("") + "</tr>");
  }
  out.push("</tbody></table>");
  if (t.footer) out.push(`<div class="napple-foot">${escapeHtml(t.footer)}</div>`);
  out.push("</div>");
  return out.join("");
}

/** Rows shown in HTML: head and tail halves of this many (pandas' notebook default is 10). */
const HTML_ROWS = 10;
/** Data columns shown in HTML before an ellipsis column. */
const HTML_COLS = 10;

function shown(n: number): { ranges: [number, number][]; ellipsisAt?: number } {
  if (n <= HTML_ROWS) return { ranges: [[0, n]] };
  const k = HTML_ROWS / 2;
  return { ranges: [[0, k], [n - k, n]], ellipsisAt: k };
}

function valueStr(v: Scalar, dtype: DType): string {
  if (dtype === "bool") return v ? "True" : "False";
  if (dtype === "float64" || dtype === "float32") return formatG(Number(v));
  return String(v);
}

function timeSupportStr(ts?: { readonly start: Float64Array; readonly end: Float64Array }): string {
  if (!ts) return "";
  const n = ts.start.length;
  if (n === 0) return "time support: empty";
  const iv = (i: number) => `[${formatG(ts.start[i])}, ${formatG(ts.end[i])}]`;
  const listed = n <= 3
    ? Array.from({ length: n }, (_, i) => iv(i)).join(", ")
    : `${iv(0)}, …, ${iv(n - 1)}`;
  return `time support: ${listed} (${n} interval${n === 1 ? "" : "s"})`;
}

function shapeStr(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

function metadataSection(meta: Metadata, cols: number): HtmlSection {
  return {
    title: "Metadata",
    rows: meta.columns.map((name) => {
      const c = meta.get(name);
      return [name, ...convertIterToStr(c.values.slice(0, cols), c.dtype)];
    }),
  };
}

/** HTML of a Ts, Tsd, TsdFrame or TsdTensor (head and tail rows, metadata, time support). */
export function seriesHtml(kind: "Ts" | "Tsd" | "TsdFrame" | "TsdTensor", v: SeriesView): string {
  const n = v.t.length;
  const { ranges, ellipsisAt } = shown(n);
  const parts = [kind, `shape ${shapeStr(kind === "Ts" ? [n] : v.shape)}`];
  if (kind !== "Ts") parts.push(`dtype ${v.dtype}`);
  const ts = timeSupportStr(v.timeSupport);
  if (ts) parts.push(ts);
  if (v.source) parts.push(`lazy: ${v.source}`);
  const caption = parts.join(" · ");
  const rows: string[][] = [];
  let headers = ["Time (s)"];
  let numeric: boolean[] = [false];
  let sections: HtmlSection[] | undefined;
  if (kind === "Ts") {
    for (const [s, e] of ranges) for (let i = s; i < e; i++) rows.push([reprFloat(v.t[i])]);
  } else if (kind === "Tsd") {
    headers = ["Time (s)", "value"];
    numeric = [false, true];
    for (const [s, e] of ranges) {
      const d = readShownRows(v, s, e);
      for (let i = s; i < e; i++) rows.push([reprFloat(v.t[i]), valueStr(d.data[i - s], v.dtype)]);
    }
  } else if (kind === "TsdFrame") {
    const ncol = v.shape[1] ?? 0;
    const labels = v.columns ?? Array.from({ length: ncol }, (_, i) => i);
    const showCols = Math.min(ncol, HTML_COLS);
    const more = ncol > showCols;
    headers = ["Time (s)", ...labels.slice(0, showCols).map(labelStr), ...(more ? ["…"] : [])];
    numeric = [false, ...Array(showCols).fill(true), false];
    for (const [s, e] of ranges) {
      const d = readShownRows(v, s, e);
      for (let i = s; i < e; i++) {
        const row = [reprFloat(v.t[i])];
        for (let j = 0; j < showCols; j++) row.push(valueStr(d.data[(i - s) * ncol + j], v.dtype));
        if (more) row.push("…");
        rows.push(row);
      }
    }
    if (v.metadata && v.metadata.columns.length) {
      const sec = metadataSection(v.metadata, showCols);
      if (more) sec.rows.forEach((r) => (r as string[]).push("…"));
      sections = [sec];
    }
  } else {
    headers = ["Time (s)", "values"];
    const rowShape = v.shape.slice(1);
    const rowSize = rowShape.reduce((a, b) => a * b, 1);
    for (const [s, e] of ranges) {
      const d = readShownRows(v, s, e);
      for (let i = s; i < e; i++) {
        rows.push([reprFloat(v.t[i]), createStr(d.data, (i - s) * rowSize, rowShape, v.dtype)]);
      }
    }
  }
  return tableHtml({ caption, headers, rows, ellipsisAt, numeric, sections });
}

/** Metadata columns shown in HTML before an ellipsis column. */
const HTML_META_COLS = 12;

/**
 * A table of leading cells (index, start/end or rate) followed by metadata columns, with head and
 * tail rows and at most {@linkcode HTML_META_COLS} metadata columns.
 */
function metadataRowsHtml(
  caption: string,
  lead: readonly string[],
  leadCells: (i: number) => string[],
  n: number,
  meta: Metadata,
  names: readonly string[],
): string {
  const { ranges, ellipsisAt } = shown(n);
  const cols = names.slice(0, HTML_META_COLS);
  const more = names.length > cols.length;
  const rows: string[][] = [];
  for (const [s, e] of ranges) {
    const m = cols.map((c) => {
      const col = meta.get(c);
      return convertIterToStr(col.values.slice(s, e), col.dtype);
    });
    for (let i = s; i < e; i++) {
      rows.push([...leadCells(i), ...m.map((x) => x[i - s]), ...(more ? ["…"] : [])]);
    }
  }
  const numeric = [
    false,
    ...lead.slice(1).map(() => true),
    ...cols.map((c) => {
      const d = meta.get(c).dtype;
      return d !== "object" && d !== "bool";
    }),
  ];
  const headers = [...lead, ...cols, ...(more ? ["…"] : [])];
  const footer = more ? `${names.length - cols.length} more metadata columns` : undefined;
  return tableHtml({ caption, headers, rows, ellipsisAt, numeric, footer });
}

/** HTML of an IntervalSet: index, start, end and metadata columns. */
export function intervalSetHtml(v: IntervalSetView): string {
  const n = v.start.length;
  const caption = `IntervalSet · ${n} interval${n === 1 ? "" : "s"} · shape (${n}, 2) · ` +
    "time unit: sec.";
  return metadataRowsHtml(
    caption,
    ["index", "start", "end"],
    (i) => [String(i), formatG(v.start[i]), formatG(v.end[i])],
    n,
    v.metadata,
    v.metadata.columns,
  );
}

/** HTML of a TsGroup: Index, rate and metadata columns. */
export function tsGroupHtml(v: TsGroupView): string {
  const n = v.index.length;
  const rate = v.metadata.has("rate") ? v.metadata.get("rate").values : [];
  const parts = [`TsGroup · ${n} unit${n === 1 ? "" : "s"}`];
  const ts = timeSupportStr(v.timeSupport);
  if (ts) parts.push(ts);
  return metadataRowsHtml(
    parts.join(" · "),
    ["Index", "rate"],
    (i) => [
      String(v.index[i]),
      formatG(rate[i] === undefined || rate[i] === null ? NaN : Number(rate[i])),
    ],
    n,
    v.metadata,
    v.metadata.columns.filter((c) => c !== "rate"),
  );
}

/** Options of {@linkcode dataFrameHtml}. */
export interface DataFrameHtmlOptions {
  /** Caption line (default `DataFrame · n rows × m columns`). */
  caption?: string;
  /** Index name shown as the header of the index column. */
  indexName?: string;
}

/**
 * HTML of a DataFrame-like result (e.g. tuning curves): `index` labels, `columns` labels and
 * `values2d` rows × columns; head and tail rows around an ellipsis row when long, columns capped.
 */
export function dataFrameHtml(
  index: Labels,
  columns: Labels,
  values2d: NDArray | readonly (readonly unknown[])[],
  options: DataFrameHtmlOptions = {},
): string {
  const n = index.length;
  const m = columns.length;
  const { ranges, ellipsisAt } = shown(n);
  const showCols = Math.min(m, HTML_COLS);
  const more = m > showCols;
  const get = (i: number, j: number): unknown => {
    if (Array.isArray(values2d)) return (values2d as readonly (readonly unknown[])[])[i]?.[j];
    const a = values2d as NDArray;
    const v = a.data[i * (a.shape[1] ?? 1) + j];
    return a.dtype === "bool" ? v !== 0 : v;
  };
  const cellStr = (v: unknown): string =>
    typeof v === "number"
      ? formatG(v)
      : typeof v === "boolean"
      ? (v ? "True" : "False")
      : v === null || v === undefined
      ? "None"
      : String(v);
  const label = (l: unknown): string =>
    typeof l === "number" ? (Number.isInteger(l) ? String(l) : formatG(l)) : String(l);
  const rows: string[][] = [];
  const numeric: boolean[] = [false];
  for (const [s, e] of ranges) {
    for (let i = s; i < e; i++) {
      const r = [label(index[i])];
      for (let j = 0; j < showCols; j++) r.push(cellStr(get(i, j)));
      if (more) r.push("…");
      rows.push(r);
    }
  }
  for (let j = 0; j < showCols; j++) {
    numeric.push(rows.every((r) => /^[-+]?(\d|nan|inf)/.test(r[j + 1])));
  }
  const headers = [
    options.indexName ?? "",
    ...Array.from({ length: showCols }, (_, j) => label(columns[j])),
    ...(more ? ["…"] : []),
  ];
  const caption = options.caption ?? `DataFrame · ${n} rows × ${m} columns`;
  return tableHtml({ caption, headers, rows, ellipsisAt, numeric });
}
