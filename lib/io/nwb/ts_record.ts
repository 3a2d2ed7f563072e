/**
 * `TsRecord`: what an NWB table with several `_times` columns becomes — one Ts per column, as
 * pynapple returns a dict of Ts. A plain record (`rec.lick_times`, `Object.keys(rec)`) that also
 * prints like Python prints that dict, `{'a': <Ts repr>, 'b': <Ts repr>}`, in the console and in
 * Jupyter (where each Ts also gets its HTML table).
 * @module
 */
import type { Ts } from "../../core/time_series.ts";
import type { TextSize } from "../../display/views.ts";
import { terminalSize } from "../../display/terminal.ts";
import { escapeHtml } from "../../display/html.ts";
import { jupyterBundle, type MimeBundle } from "../../display/jupyter.ts";

/** The printing a {@linkcode TsRecord} adds to its record of Ts. */
export interface TsRecordText {
  /** Python's `print(d)` of the dict of Ts for a terminal of `size` (default 80×24). */
  toString(size?: TextSize): string;
}

/**
 * Several `_times` columns of one table: one Ts per column name (pynapple's dict of Ts), printed
 * as Python prints that dict.
 */
export type TsRecord = Record<string, Ts> & TsRecordText;

/** Python's `repr` of a str: single quotes unless only double quotes avoid escaping. */
export function pyStrRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\" || ch === q) out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || (c >= 0x7f && c < 0xa0)) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + q;
}

/** Python's `print(d)` of a dict of Ts: each key's repr, then that Ts's printout. */
export function tsRecordText(rec: Record<string, Ts>, size?: TextSize): string {
  const items = Object.keys(rec).map((k) => `${pyStrRepr(k)}: ${rec[k].toString(size)}`);
  return `{${items.join(", ")}}`;
}

/** The Jupyter bundle: the dict's text, and one captioned HTML table per Ts. */
export function tsRecordBundle(rec: Record<string, Ts>): MimeBundle {
  const html = Object.keys(rec).map((k) => {
    const display = (rec[k] as unknown as Record<symbol, () => MimeBundle>)[
      Symbol.for("Jupyter.display")
    ];
    const table = display.call(rec[k])["text/html"] ??
      `<pre>${escapeHtml(rec[k].toString())}</pre>`;
    return `<div><div><b>${escapeHtml(k)}</b></div>${table}</div>`;
  });
  return jupyterBundle(tsRecordText(rec), html.join(""));
}

/**
 * `entries` as a TsRecord: the same plain object, with `toString(size?)`, Deno's console hook and
 * Jupyter's display hook added as non-enumerable properties so keys and values are unchanged.
 */
export function tsRecord(entries: Record<string, Ts>): TsRecord {
  const rec = entries as TsRecord;
  if (!Object.hasOwn(entries, "toString")) { // a column named toString stays a Ts
    Object.defineProperty(entries, "toString", {
      value: (size?: TextSize) => tsRecordText(entries, size),
      enumerable: false,
    });
  }
  Object.defineProperties(entries, {
    [Symbol.for("Deno.customInspect")]: {
      value: () => tsRecordText(entries, terminalSize()),
      enumerable: false,
    },
    [Symbol.for("Jupyter.display")]: {
      value: () => tsRecordBundle(entries),
      enumerable: false,
    },
  });
  return rec;
}
