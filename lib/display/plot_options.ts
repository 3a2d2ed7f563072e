/**
 * Checks `nap.plot` options up front, so a wrong type is a NappleError naming the option rather
 * than a TypeError from deep inside the drawing code.
 * @module
 */
import { NappleError } from "../errors.ts";
import { checkOptions, type OptionKeys } from "../options.ts";
import type { PlotOptions } from "./plot_types.ts";

const PLOT_KEYS: OptionKeys<PlotOptions> = {
  width: true,
  height: true,
  title: true,
  timeRange: true,
  color: true,
  layout: true,
  columns: true,
  slice: true,
  at: true,
  kind: true,
  decimate: true,
  xLabel: true,
  yLabel: true,
};

function bad(key: string, expected: string, value: unknown): never {
  const got = Array.isArray(value) ? "an array" : value === null ? "null" : typeof value;
  throw new NappleError(
    "INVALID_ARGUMENT",
    `plot option "${key}" must be ${expected}, got ${got}`,
    { key },
  );
}

const isNum = (x: unknown): x is number => typeof x === "number" && !Number.isNaN(x);

/** Validates every option that is set; returns the options unchanged. */
export function checkPlotOptions(options: unknown): PlotOptions {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    bad("options", "an object", options);
  }
  const o = options as Record<string, unknown>;
  checkOptions(o as PlotOptions, PLOT_KEYS, "plot");
  for (const k of ["width", "height", "at"]) {
    if (o[k] !== undefined && !isNum(o[k])) bad(k, "a number", o[k]);
  }
  for (const k of ["title", "color", "xLabel", "yLabel"]) {
    if (o[k] !== undefined && typeof o[k] !== "string") bad(k, "a string", o[k]);
  }
  if (o.decimate !== undefined && typeof o.decimate !== "boolean") {
    bad("decimate", "true or false", o.decimate);
  }
  if (o.layout !== undefined && o.layout !== "overlay" && o.layout !== "stack") {
    bad("layout", '"overlay" or "stack"', o.layout);
  }
  if (o.kind !== undefined && o.kind !== "line" && o.kind !== "bars") {
    bad("kind", '"line" or "bars"', o.kind);
  }
  const tr = o.timeRange;
  if (tr !== undefined && !(Array.isArray(tr) && tr.length === 2 && tr.every(isNum))) {
    bad("timeRange", "[start, end] in seconds", tr);
  }
  if (o.columns !== undefined && !Array.isArray(o.columns)) bad("columns", "an array", o.columns);
  const sl = o.slice;
  if (sl !== undefined && !(Array.isArray(sl) && sl.every((x) => Number.isInteger(x)))) {
    bad("slice", "an array of integer indices", sl);
  }
  return o as PlotOptions;
}
