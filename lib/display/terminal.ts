/**
 * The terminal size pynapple's printout is laid out for: the real size when stdout is a terminal,
 * 80×24 otherwise (pipes, files, Jupyter), like Python.
 * Needs no permission: `COLUMNS`/`LINES` are read only when env access is already granted.
 * @module
 */
import type { TextSize } from "./views.ts";

/** Python's fallback size when there is no terminal. */
export const DEFAULT_TERMINAL_SIZE: Readonly<Required<TextSize>> = Object.freeze({
  columns: 80,
  rows: 24,
});

function envSize(name: string): number | undefined {
  try {
    const state = Deno.permissions.querySync({ name: "env", variable: name }).state;
    if (state !== "granted") return undefined;
    const v = Number(Deno.env.get(name));
    return Number.isInteger(v) && v > 0 ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Columns and rows for printing, as pynapple's `_get_terminal_size`: the console size when
 * stdout is a terminal, else `COLUMNS`/`LINES` when set (and readable), else 80×24.
 */
export function terminalSize(): Required<TextSize> {
  try {
    if (Deno.stdout.isTerminal()) {
      const s = Deno.consoleSize();
      if (s.columns > 0 && s.rows > 0) return { columns: s.columns, rows: s.rows };
    }
  } catch {
    // no console (e.g. a worker or the Jupyter kernel): fall through to Python's fallback
  }
  return {
    columns: envSize("COLUMNS") ?? DEFAULT_TERMINAL_SIZE.columns,
    rows: envSize("LINES") ?? DEFAULT_TERMINAL_SIZE.rows,
  };
}
