/**
 * Input descriptions of the oracle cases, and their rendering as napple (TypeScript) and pynapple
 * (Python) code. Both sides run the rendered code, so a failing case's snippet is exactly what ran.
 * @module
 */

/** Time units of pynapple. */
export type Units = "s" | "ms" | "us";
/** The dtypes the generator uses. */
export type DT = "float64" | "float32" | "int64" | "int32" | "bool";

/** An n-D array: flat values (NaN/±Infinity allowed for floats) and a shape. */
export interface ArrSpec {
  dtype: DT;
  shape: number[];
  v: number[];
}

/** A metadata column: float, int, string or bool values. */
export interface MetaCol {
  name: string;
  kind: "float" | "int" | "str" | "bool";
  v: (number | string | boolean)[];
}

/** An IntervalSet. */
export interface EpSpec {
  type: "IntervalSet";
  start: number[];
  end: number[];
  meta?: MetaCol[];
  units?: Units;
}

/** A Ts, Tsd, TsdFrame or TsdTensor. */
export interface SeriesSpec {
  type: "Ts" | "Tsd" | "TsdFrame" | "TsdTensor";
  t: number[];
  d?: ArrSpec;
  support?: EpSpec;
  columns?: (string | number)[];
  meta?: MetaCol[];
  units?: Units;
}

/** A TsGroup, members in insertion order (keys need not be sorted). */
export interface GroupSpec {
  type: "TsGroup";
  members: { key: number; t: number[] }[];
  support?: EpSpec;
  meta?: MetaCol[];
}

/** A bare array argument (numpy array / TypedArray). */
export interface ArraySpec {
  type: "array";
  a: ArrSpec;
}

/** Any input of a case. */
export type Spec = EpSpec | SeriesSpec | GroupSpec | ArraySpec;

// ---------------------------------------------------------------- literals

/** A number as a JS literal. */
export function jsNum(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  return String(x);
}

/** A number as a Python literal (`nan`/`inf` are in the oracle's namespace). */
export function pyNum(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  return String(x);
}

/** Any JSON-like value as a JS literal. */
export function jsLit(x: unknown): string {
  if (typeof x === "number") return jsNum(x);
  if (Array.isArray(x)) return `[${x.map(jsLit).join(", ")}]`;
  if (x === undefined) return "undefined";
  if (x !== null && typeof x === "object") {
    return `{ ${Object.entries(x).map(([k, v]) => `${k}: ${jsLit(v)}`).join(", ")} }`;
  }
  return JSON.stringify(x);
}

/** Any JSON-like value as a Python literal (arrays become lists, objects dicts). */
export function pyLit(x: unknown): string {
  if (typeof x === "number") return pyNum(x);
  if (typeof x === "boolean") return x ? "True" : "False";
  if (x === null || x === undefined) return "None";
  if (Array.isArray(x)) return `[${x.map(pyLit).join(", ")}]`;
  if (typeof x === "object") {
    return `{${Object.entries(x).map(([k, v]) => `${JSON.stringify(k)}: ${pyLit(v)}`).join(", ")}}`;
  }
  return JSON.stringify(x);
}

const JS_ARRAY: Record<DT, string> = {
  float64: "Float64Array",
  float32: "Float32Array",
  int64: "BigInt64Array",
  int32: "Int32Array",
  bool: "Uint8Array",
};

/** A flat typed array literal. */
function jsTyped(dtype: DT, v: number[]): string {
  const body = `[${v.map(jsNum).join(", ")}]`;
  return dtype === "int64"
    ? `BigInt64Array.from(${body}, BigInt)`
    : `${JS_ARRAY[dtype]}.from(${body})`;
}

function jsArr(a: ArrSpec): string {
  return `new nap.NDArray(${jsTyped(a.dtype, a.v)}, ${jsLit(a.shape)}, "${a.dtype}")`;
}

function pyArr(a: ArrSpec): string {
  const body = `np.array([${a.v.map(pyNum).join(", ")}], dtype="${a.dtype}")`;
  return a.shape.length === 1 ? body : `${body}.reshape(${a.shape.join(", ")})`;
}

function pyF64(v: number[]): string {
  return `np.array([${v.map(pyNum).join(", ")}], dtype="float64")`;
}

function jsMeta(meta: MetaCol[]): string {
  return `{ ${
    meta.map((c) =>
      `${JSON.stringify(c.name)}: ${
        c.kind === "float" ? jsTyped("float64", c.v as number[]) : jsLit(c.v)
      }`
    ).join(", ")
  } }`;
}

function pyMeta(meta: MetaCol[]): string {
  return `{${
    meta.map((c) =>
      `${JSON.stringify(c.name)}: ${
        c.kind === "float"
          ? pyF64(c.v as number[])
          : c.kind === "int"
          ? `np.array(${pyLit(c.v)}, dtype="int64")`
          : pyLit(c.v)
      }`
    ).join(", ")
  }}`;
}

// ---------------------------------------------------------------- objects

/** The napple expression building `s`. */
export function jsExpr(s: Spec): string {
  switch (s.type) {
    case "array":
      return jsArr(s.a);
    case "IntervalSet": {
      const parts = [`start: ${jsLit(s.start)}`, `end: ${jsLit(s.end)}`];
      if (s.meta?.length) parts.push(`metadata: ${jsMeta(s.meta)}`);
      if (s.units) parts.push(`timeUnits: "${s.units}"`);
      return `new nap.IntervalSet({ ${parts.join(", ")} })`;
    }
    case "TsGroup": {
      const entries = s.members.map((m) => `[${m.key}, new nap.Ts({ t: ${jsLit(m.t)} })]`);
      const opts: string[] = [];
      if (s.support) opts.push(`timeSupport: ${jsExpr(s.support)}`);
      if (s.meta?.length) opts.push(`metadata: ${jsMeta(s.meta)}`);
      const o = opts.length ? `, { ${opts.join(", ")} }` : "";
      return `new nap.TsGroup(new Map([${entries.join(", ")}])${o})`;
    }
    default: {
      const parts = [`t: ${jsLit(s.t)}`];
      if (s.d) parts.push(`d: ${jsArr(s.d)}`);
      if (s.support) parts.push(`timeSupport: ${jsExpr(s.support)}`);
      if (s.columns) parts.push(`columns: ${jsLit(s.columns)}`);
      if (s.meta?.length) parts.push(`metadata: ${jsMeta(s.meta)}`);
      if (s.units) parts.push(`timeUnits: "${s.units}"`);
      return `new nap.${s.type}({ ${parts.join(", ")} })`;
    }
  }
}

/** The pynapple expression building `s`. */
export function pyExpr(s: Spec): string {
  switch (s.type) {
    case "array":
      return pyArr(s.a);
    case "IntervalSet": {
      const parts = [`start=${pyF64(s.start)}`, `end=${pyF64(s.end)}`];
      if (s.meta?.length) parts.push(`metadata=${pyMeta(s.meta)}`);
      if (s.units) parts.push(`time_units="${s.units}"`);
      return `nap.IntervalSet(${parts.join(", ")})`;
    }
    case "TsGroup": {
      const entries = s.members.map((m) => `${m.key}: nap.Ts(t=${pyF64(m.t)})`);
      const opts: string[] = [];
      if (s.support) opts.push(`time_support=${pyExpr(s.support)}`);
      if (s.meta?.length) opts.push(`metadata=${pyMeta(s.meta)}`);
      return `nap.TsGroup({${entries.join(", ")}}${opts.map((o) => `, ${o}`).join("")})`;
    }
    default: {
      const parts = [`t=${pyF64(s.t)}`];
      if (s.d) parts.push(`d=${pyArr(s.d)}`);
      if (s.support) parts.push(`time_support=${pyExpr(s.support)}`);
      if (s.columns) parts.push(`columns=${pyLit(s.columns)}`);
      if (s.meta?.length) parts.push(`metadata=${pyMeta(s.meta)}`);
      if (s.units) parts.push(`time_units="${s.units}"`);
      return `nap.${s.type}(${parts.join(", ")})`;
    }
  }
}

/** One differential case: named inputs and the operation, in both languages. */
export interface Case {
  /** Operation name, e.g. "Tsd.restrict". */
  op: string;
  inputs: Record<string, Spec>;
  /** napple statements assigning `out` (inputs are in scope as `const`). */
  ts: string;
  /** pynapple statements assigning `out`. */
  py: string;
  /** Terminal size of the printout. */
  size: [number, number];
  /** Deliberate differences that may apply (tests/oracle/deliberate.ts). */
  deliberate?: import("./deliberate.ts").Deliberate[];
}

/** The napple program of a case (a function body returning `out`; `nap` is the module). */
export function tsProgram(c: Case): string {
  const lines = Object.entries(c.inputs).map(([k, s]) => `const ${k} = ${jsExpr(s)};`);
  return `${lines.join("\n")}\nlet out;\n${c.ts};\nreturn out;`;
}

/** The pynapple program of a case (leaves its result in `out`). */
export function pyProgram(c: Case): string {
  const lines = Object.entries(c.inputs).map(([k, s]) => `${k} = ${pyExpr(s)}`);
  return `${lines.join("\n")}\n${c.py}`;
}

/** A ready-to-run reproduction of the case: a napple script and a pynapple script. */
export function snippet(c: Case): string {
  const ts = tsProgram(c).replace(/\nreturn out;$/, "\nconsole.log(out);");
  return [
    `// napple (deno run -A repro.ts, from the project root)`,
    `import * as nap from "./mod.ts";`,
    `const size = { columns: ${c.size[0]}, rows: ${c.size[1]} }; // printout: out.toString(size)`,
    ts,
    ``,
    `# pynapple 0.9.2 (source ../shared/oracle/env.sh; COLUMNS=${c.size[0]} LINES=${
      c.size[1]
    } /usr/bin/python3 repro.py)`,
    `import numpy as np, pandas as pd, pynapple as nap`,
    `from numpy import nan, inf`,
    pyProgram(c),
    `print(repr(out))`,
  ].join("\n");
}
