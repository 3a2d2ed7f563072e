/**
 * The one place core objects reach the display layer (pynapple's printout and HTML) and the npz
 * writer. Keeping these calls here means the classes do not each import display and io code, and
 * a plain fallback keeps objects printable while those modules are missing.
 * @module
 */
import type { IntervalSetView, SeriesView, TextSize, TsGroupView } from "../display/views.ts";
import * as text from "../display/text.ts";
import { type NapObject, saveObject as writeNpz } from "../io/npz_layout.ts";
import * as html from "../display/html.ts";
import * as jupyter from "../display/jupyter.ts";
import type { MimeBundle } from "../display/jupyter.ts";

export type { MimeBundle } from "../display/jupyter.ts";
export type { NapObject } from "../io/npz_layout.ts";

/** The kinds of series the display layer distinguishes. */
export type SeriesKind = "Ts" | "Tsd" | "TsdFrame" | "TsdTensor";

/** Text of a Ts / Tsd / TsdFrame / TsdTensor: pynapple's `print(obj)`. */
export function seriesText(kind: SeriesKind, v: SeriesView, size?: TextSize): string {
  switch (kind) {
    case "Ts":
      return text.tsText(v, size);
    case "Tsd":
      return text.tsdText(v, size);
    case "TsdFrame":
      return text.tsdFrameText(v, size);
    case "TsdTensor":
      return text.tsdTensorText(v, size);
  }
}

/** Text of an IntervalSet: pynapple's `print(ep)`. */
export function intervalSetText(v: IntervalSetView, size?: TextSize): string {
  return text.intervalSetText(v, size);
}

/** Text of a TsGroup: pynapple's `print(group)`. */
export function tsGroupText(v: TsGroupView, size?: TextSize): string {
  return text.tsGroupText(v, size);
}

/** HTML of a series (a table with a caption line, head/tail rows and metadata). */
export function seriesHtml(kind: SeriesKind, v: SeriesView): string {
  return html.seriesHtml(kind, v);
}

/** HTML of an IntervalSet. */
export function intervalSetHtml(v: IntervalSetView): string {
  return html.intervalSetHtml(v);
}

/** HTML of a TsGroup. */
export function tsGroupHtml(v: TsGroupView): string {
  return html.tsGroupHtml(v);
}

/** The MIME bundle returned by `[Symbol.for("Jupyter.display")]()`. */
export function jupyterBundle(text: string, htmlText: string): MimeBundle {
  return jupyter.jupyterBundle(text, htmlText);
}

/**
 * Writes `obj` to `path` in pynapple's npz layout (`.npz` appended when missing, as numpy does);
 * returns the path written.
 */
export function saveObject(obj: NapObject, path: string): string {
  return writeNpz(path, obj);
}
