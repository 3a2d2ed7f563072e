/**
 * The one place core objects reach the display layer (pynapple's printout and HTML) and the npz
 * writer. Keeping these calls here means the classes do not each import display and io code, and
 * a plain fallback keeps objects printable while those modules are missing.
 * @module
 */
import { NappleError } from "../errors.ts";
import type { IntervalSetView, SeriesView, TextSize, TsGroupView } from "../display/views.ts";

/** The kinds of series the display layer distinguishes. */
export type SeriesKind = "Ts" | "Tsd" | "TsdFrame" | "TsdTensor";

function fmt(v: unknown): string {
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(v);
  return String(v);
}

function plain(headers: string[], rows: unknown[][], footer: string): string {
  const lines = [headers.join("  "), ...rows.map((r) => r.map(fmt).join("  ")), footer];
  return lines.join("\n");
}

function escape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Text of a Ts / Tsd / TsdFrame / TsdTensor. */
export function seriesText(kind: SeriesKind, v: SeriesView, _size?: TextSize): string {
  const n = v.t.length;
  const show = Math.min(n, 10);
  const rows: unknown[][] = [];
  const data = kind === "Ts" ? undefined : v.readRows(0, show);
  const rowSize = data ? data.rowSize : 0;
  for (let i = 0; i < show; i++) {
    const r: unknown[] = [v.t[i].toFixed(9)];
    if (data) {
      for (let j = 0; j < rowSize; j++) r.push(data.data[i * rowSize + j]);
    }
    rows.push(r);
  }
  if (n > show) rows.push(["..."]);
  return plain(
    ["Time (s)", ...(v.columns ?? []).map(String)],
    rows,
    `${kind} shape: (${v.shape.join(", ")})`,
  );
}

/** Text of an IntervalSet. */
export function intervalSetText(v: IntervalSetView, _size?: TextSize): string {
  const cols = v.metadata.columns;
  const rows = Array.from({ length: v.start.length }, (_, i) => [
    i,
    v.start[i],
    v.end[i],
    ...cols.map((c) => v.metadata.get(c).values[i]),
  ]);
  return plain(
    ["index", "start", "end", ...cols],
    rows,
    `shape: (${v.start.length}, 2), time unit: sec.`,
  );
}

/** Text of a TsGroup. */
export function tsGroupText(v: TsGroupView, _size?: TextSize): string {
  const cols = v.metadata.columns;
  const rows = v.index.map((k, i) => [k, ...cols.map((c) => v.metadata.get(c).values[i])]);
  return plain(["Index", ...cols], rows, "");
}

/** HTML of a series. */
export function seriesHtml(kind: SeriesKind, v: SeriesView): string {
  return `<pre>${escape(seriesText(kind, v))}</pre>`;
}

/** HTML of an IntervalSet. */
export function intervalSetHtml(v: IntervalSetView): string {
  return `<pre>${escape(intervalSetText(v))}</pre>`;
}

/** HTML of a TsGroup. */
export function tsGroupHtml(v: TsGroupView): string {
  return `<pre>${escape(tsGroupText(v))}</pre>`;
}

/** The MIME bundle returned by `[Symbol.for("Jupyter.display")]()`. */
export function jupyterBundle(text: string, html: string): Record<string, string> {
  return { "text/plain": text, "text/html": html };
}

/** Writes `obj` to `path` in pynapple's npz layout. */
export function saveObject(_obj: unknown, path: string): void {
  throw new NappleError("NOT_IMPLEMENTED", "saving to npz is not available yet", { path });
}
