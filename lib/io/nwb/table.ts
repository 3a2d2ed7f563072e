/**
 * tabulate's `mixed_outline` table format, which pynapple's NWBFile printout uses:
 *
 * ```
 * ┍━━━━━━┯━━━━━━┑
 * │ Keys │ Type │
 * ┝━━━━━━┿━━━━━━┥
 * │ a    │ Tsd  │
 * ┕━━━━━━┷━━━━━━┙
 * ```
 * Text columns are left-aligned, numeric columns right-aligned, with one space of padding.
 * @module
 */

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** Renders rows of strings under `headers` as tabulate's mixed_outline does. */
export function mixedOutline(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const ncol = headers.length;
  const numeric = headers.map((_, j) => rows.length > 0 && rows.every((r) => NUMERIC.test(r[j])));
  // tabulate pads headers by at least 2 (MIN_PADDING) when sizing columns.
  const widths = headers.map((h, j) =>
    Math.max(h.length + 2, ...rows.map((r) => (r[j] ?? "").length))
  );
  const cell = (text: string, j: number) =>
    numeric[j] ? text.padStart(widths[j]) : text.padEnd(widths[j]);
  const line = (l: string, mid: string, r: string) =>
    l + widths.map((w) => "━".repeat(w + 2)).join(mid) + r;
  const row = (cells: readonly string[], header: boolean) =>
    "│" +
    Array.from({ length: ncol }, (_, j) =>
      " " + cell(header ? headers[j] : cells[j] ?? "", j) + " ").join("│") +
    "│";
  // tabulate draws the line below the header even when there are no rows
  const out = [line("┍", "┯", "┑"), row(headers, true), line("┝", "┿", "┥")];
  for (const r of rows) out.push(row(r, false));
  out.push(line("┕", "┷", "┙"));
  return out.join("\n");
}
