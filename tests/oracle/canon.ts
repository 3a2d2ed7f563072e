/**
 * The canonical JSON form both sides' results are reduced to (the Python side in
 * tools/oracle_server.py, napple's here), and the comparison of two such forms.
 * @module
 */

import * as nap from "../../mod.ts";
import { dtypeOfTypedArray } from "../../lib/array/dtype.ts";

/** A scalar: finite number, "NaN"/"Infinity"/"-Infinity", bool, null, `$s` string, `$i` big int, `$t` tuple. */
export type CScalar =
  | number
  | string
  | boolean
  | null
  | { $s: string }
  | { $i: string }
  | { $t: CScalar[] };

/** An encoded array. */
export interface CArray {
  dtype: string;
  shape: number[];
  v: CScalar[];
}

/** A metadata column. */
export interface CMeta {
  name: string;
  dtype: string;
  v: CScalar[];
}

/** A Tsd, TsdFrame or TsdTensor in canonical form. */
export interface CSeries {
  kind: "Tsd" | "TsdFrame" | "TsdTensor";
  t: CScalar[];
  d: CArray;
  support: CSupport;
  columns?: CScalar[];
  metadata?: CMeta[];
  repr: string;
}

/** A result in canonical form. */
export type Canon =
  | { kind: "IntervalSet"; start: CScalar[]; end: CScalar[]; metadata: CMeta[]; repr: string }
  | { kind: "Ts"; t: CScalar[]; support: CSupport; repr: string }
  | CSeries
  | {
    kind: "TsGroup";
    keys: number[];
    members: Canon[];
    support: CSupport;
    metadata: CMeta[];
    repr: string;
  }
  | { kind: "table"; index: CScalar[]; columns: CScalar[]; values: CArray; repr: string }
  | { kind: "pdseries"; index: CScalar[]; values: CArray }
  | ({ kind: "array" } & CArray)
  | { kind: "map"; entries: [CScalar, Canon][] }
  | { kind: "list"; items: Canon[] }
  | { kind: "scalar"; v: CScalar }
  | { kind: "other"; type: string; v: string };

/** The time support of a result. */
export interface CSupport {
  start: CScalar[];
  end: CScalar[];
}

const SAFE = 2 ** 53;

/** A JS value as a canonical scalar. */
export function scalar(x: unknown): CScalar {
  if (typeof x === "number") {
    if (Number.isNaN(x)) return "NaN";
    if (x === Infinity) return "Infinity";
    if (x === -Infinity) return "-Infinity";
    return x;
  }
  if (typeof x === "bigint") return x >= -SAFE && x <= SAFE ? Number(x) : { $i: String(x) };
  if (typeof x === "boolean") return x;
  if (x === null || x === undefined) return null;
  if (typeof x === "string") return { $s: x };
  if (Array.isArray(x)) return { $t: x.map(scalar) };
  return { $s: String(x) };
}

function flat(a: ArrayLike<unknown>, dtype: string): CScalar[] {
  return Array.from(a, (v) => dtype === "bool" ? v !== 0 && v !== false : scalar(v));
}

function array(a: nap.NDArray | nap.TypedArray): CArray {
  if (a instanceof nap.NDArray) {
    return { dtype: a.dtype, shape: [...a.shape], v: flat(a.data, a.dtype) };
  }
  const dtype = dtypeOfTypedArray(a);
  return { dtype, shape: [a.length], v: flat(a, dtype) };
}

function metadata(md: nap.Metadata | undefined): CMeta[] {
  if (!md) return [];
  return md.columns.map((name) => {
    const c = md.get(name);
    return { name, dtype: c.dtype, v: c.values.map(scalar) };
  });
}

function support(ep: nap.IntervalSet): CSupport {
  return { start: Array.from(ep.start, scalar), end: Array.from(ep.end, scalar) };
}

function isTyped(x: unknown): x is nap.TypedArray {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

/** napple's result in canonical form; `size` is the terminal the printout is made for. */
export function canon(x: unknown, size: [number, number]): Canon {
  const ts = { columns: size[0], rows: size[1] };
  if (x instanceof nap.IntervalSet) {
    return {
      kind: "IntervalSet",
      start: Array.from(x.start, scalar),
      end: Array.from(x.end, scalar),
      metadata: metadata(x.metadata),
      repr: x.toString(ts),
    };
  }
  if (x instanceof nap.Ts) {
    return {
      kind: "Ts",
      t: Array.from(x.t, scalar),
      support: support(x.timeSupport),
      repr: x.toString(ts),
    };
  }
  if (x instanceof nap.Tsd || x instanceof nap.TsdFrame || x instanceof nap.TsdTensor) {
    const out: Canon = {
      kind: x instanceof nap.Tsd ? "Tsd" : x instanceof nap.TsdFrame ? "TsdFrame" : "TsdTensor",
      t: Array.from(x.t, scalar),
      d: array(x.toNDArray()),
      support: support(x.timeSupport),
      repr: x.toString(ts),
    };
    if (x instanceof nap.TsdFrame) {
      out.columns = x.columns.map(scalar);
      out.metadata = metadata(x.metadata);
    }
    return out;
  }
  if (x instanceof nap.TsGroup) {
    return {
      kind: "TsGroup",
      keys: [...x.keys()],
      members: [...x.values()].map((m) => canon(m, size)),
      support: support(x.timeSupport),
      metadata: metadata(x.metadata),
      repr: x.toString(ts),
    };
  }
  if (x instanceof nap.LabeledTable) {
    const [r, c] = x.shape;
    return {
      kind: "table",
      index: x.index.map(scalar),
      columns: x.columns.map(scalar),
      values: { dtype: "float64", shape: [r, c], v: flat(x.values, "float64") },
      repr: x.toString({ size: ts }),
    };
  }
  if (x instanceof nap.NDArray || isTyped(x)) return { kind: "array", ...array(x) };
  if (x instanceof Map) {
    return { kind: "map", entries: [...x.entries()].map(([k, v]) => [scalar(k), canon(v, size)]) };
  }
  if (Array.isArray(x)) return { kind: "list", items: x.map((v) => canon(v, size)) };
  if (
    x === null || x === undefined || ["number", "bigint", "boolean", "string"].includes(typeof x)
  ) {
    return { kind: "scalar", v: scalar(x) };
  }
  return { kind: "other", type: x?.constructor?.name ?? typeof x, v: String(x) };
}

// ---------------------------------------------------------------- comparison

/** Numbers agree within this relative tolerance (summation order differs between the two). */
const RTOL = 1e-9;

/** Set when two numbers agreed only within RTOL: their printouts may then round differently. */
let inexact = false;

function numClose(a: number, b: number): boolean {
  if (a === b) return true;
  inexact = true;
  return Math.abs(a - b) <= RTOL * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Whether two printouts differ. Where every number agreed exactly they must be equal; where some
 * agreed only within RTOL their rounding may differ, so they must have the same lines and, on
 * each line, the same words: equal, or numbers that differ by at most one unit of their last
 * printed digit (headers, labels, times, shape and dtype lines, truncation all compared).
 */
function reprsDiffer(a: string, b: string): boolean {
  if (a === b) return false;
  if (!inexact) return true;
  const la = a.split("\n"), lb = b.split("\n");
  if (la.length !== lb.length) return true;
  for (let i = 0; i < la.length; i++) {
    const wa = la[i].match(/\S+/g) ?? [], wb = lb[i].match(/\S+/g) ?? [];
    if (wa.length !== wb.length) return true;
    for (let k = 0; k < wa.length; k++) {
      if (wa[k] !== wb[k] && !sameRounded(wa[k], wb[k])) return true;
    }
  }
  return false;
}

const PRINTED_NUMBER = /^[-+]?(\d+)(?:\.(\d*))?(?:e([-+]?\d+))?$/;

/**
 * Two printed numbers one unit of their last digit apart at most (the same digits shown). The
 * digits are compared as integers: a float subtraction of 15.242188 and 15.242187 exceeds 1e-6.
 */
function sameRounded(a: string, b: string): boolean {
  const ma = PRINTED_NUMBER.exec(a), mb = PRINTED_NUMBER.exec(b);
  if (!ma || !mb) return false;
  // each number as an integer count of units 10^e of its last printed digit
  const units = (s: string, m: RegExpExecArray) => ({
    n: BigInt((s.startsWith("-") ? "-" : "") + m[1] + (m[2] ?? "")),
    e: Number(m[3] ?? 0) - (m[2]?.length ?? 0),
  });
  const x = units(a, ma), y = units(b, mb);
  const e = Math.min(x.e, y.e);
  const d = x.n * 10n ** BigInt(x.e - e) - y.n * 10n ** BigInt(y.e - e);
  return (d < 0n ? -d : d) <= 10n ** BigInt(Math.max(x.e, y.e) - e);
}

function sc(a: CScalar, b: CScalar): boolean {
  if (typeof a === "number" && typeof b === "number") return numClose(a, b);
  return JSON.stringify(a) === JSON.stringify(b);
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s.length > 300 ? s.slice(0, 300) + "…" : s;
}

function scalars(path: string, a: CScalar[], b: CScalar[], out: string[]): void {
  if (a.length !== b.length) {
    out.push(
      `${path}: length ${a.length} (napple) vs ${b.length} (pynapple): ${show(a)} vs ${show(b)}`,
    );
    return;
  }
  for (let i = 0; i < a.length; i++) {
    if (!sc(a[i], b[i])) {
      out.push(`${path}[${i}]: ${show(a[i])} (napple) vs ${show(b[i])} (pynapple)`);
      return;
    }
  }
}

function arr(path: string, a: CArray, b: CArray, out: string[]): void {
  if (a.dtype !== b.dtype) out.push(`${path}.dtype: ${a.dtype} (napple) vs ${b.dtype} (pynapple)`);
  if (show(a.shape) !== show(b.shape)) {
    out.push(`${path}.shape: ${show(a.shape)} (napple) vs ${show(b.shape)} (pynapple)`);
    return;
  }
  scalars(path, a.v, b.v, out);
}

function meta(path: string, a: CMeta[], b: CMeta[], out: string[]): void {
  const an = a.map((c) => c.name), bn = b.map((c) => c.name);
  if (show(an) !== show(bn)) {
    out.push(`${path} columns: ${show(an)} (napple) vs ${show(bn)} (pynapple)`);
    return;
  }
  for (let i = 0; i < a.length; i++) {
    // deliberate (docs/differences.md, metadata of an empty selection): pandas makes every
    // column of a zero-row frame float64, napple keeps each column's dtype
    if (a[i].v.length === 0 && b[i].v.length === 0 && b[i].dtype === "float64") continue;
    if (a[i].dtype !== b[i].dtype) {
      out.push(`${path}.${a[i].name}.dtype: ${a[i].dtype} (napple) vs ${b[i].dtype} (pynapple)`);
    }
    scalars(`${path}.${a[i].name}`, a[i].v, b[i].v, out);
  }
}

/** A list of scalars seen as an array of unknown dtype (napple returns arrays for some lists). */
function asArray(c: Canon): CArray | undefined {
  if (c.kind === "array") return c;
  if (c.kind === "list" && c.items.every((i) => i.kind === "scalar")) {
    return {
      dtype: "?",
      shape: [c.items.length],
      v: c.items.map((i) => (i as { v: CScalar }).v),
    };
  }
  return undefined;
}

/** Differences between napple's result `a` and pynapple's `b` (empty when they agree). */
export function compare(a: Canon, b: Canon, path = "out", out: string[] = []): string[] {
  if (path === "out") inexact = false;
  if (a.kind !== b.kind) {
    const aa = asArray(a), ba = asArray(b);
    if (aa && ba) {
      if (show(aa.shape) !== show(ba.shape)) out.push(`${path}.shape differs`);
      else scalars(path, aa.v, ba.v, out);
      return out;
    }
    out.push(`${path}: a ${a.kind} (napple) vs a ${b.kind} (pynapple): ${show(a)} vs ${show(b)}`);
    return out;
  }
  switch (a.kind) {
    case "IntervalSet": {
      const bb = b as typeof a;
      scalars(`${path}.start`, a.start, bb.start, out);
      scalars(`${path}.end`, a.end, bb.end, out);
      meta(`${path}.metadata`, a.metadata, bb.metadata, out);
      if (!out.length && reprsDiffer(a.repr, bb.repr)) out.push(reprDiff(path, a.repr, bb.repr));
      break;
    }
    case "Ts":
    case "Tsd":
    case "TsdFrame":
    case "TsdTensor": {
      const bb = b as typeof a;
      scalars(`${path}.t`, a.t, bb.t, out);
      if ("d" in a && "d" in bb) arr(`${path}.d`, a.d, bb.d, out);
      scalars(`${path}.timeSupport.start`, a.support.start, bb.support.start, out);
      scalars(`${path}.timeSupport.end`, a.support.end, bb.support.end, out);
      if ("columns" in a && "columns" in bb && a.columns && bb.columns) {
        scalars(`${path}.columns`, a.columns, bb.columns, out);
        meta(`${path}.metadata`, a.metadata ?? [], bb.metadata ?? [], out);
      }
      if (!out.length && reprsDiffer(a.repr, bb.repr)) out.push(reprDiff(path, a.repr, bb.repr));
      break;
    }
    case "TsGroup": {
      const bb = b as typeof a;
      if (show(a.keys) !== show(bb.keys)) {
        out.push(`${path}.keys: ${show(a.keys)} (napple) vs ${show(bb.keys)} (pynapple)`);
        break;
      }
      a.members.forEach((m, i) => compare(m, bb.members[i], `${path}.get(${a.keys[i]})`, out));
      scalars(`${path}.timeSupport.start`, a.support.start, bb.support.start, out);
      scalars(`${path}.timeSupport.end`, a.support.end, bb.support.end, out);
      meta(`${path}.metadata`, a.metadata, bb.metadata, out);
      if (!out.length && reprsDiffer(a.repr, bb.repr)) out.push(reprDiff(path, a.repr, bb.repr));
      break;
    }
    case "table": {
      const bb = b as typeof a;
      scalars(`${path}.index`, a.index, bb.index, out);
      scalars(`${path}.columns`, a.columns, bb.columns, out);
      const bv = bb.values;
      // a pandas frame of ints compares by value with napple's float64 table
      arr(`${path}.values`, a.values, { ...bv, dtype: a.values.dtype }, out);
      if (!out.length && reprsDiffer(a.repr, bb.repr)) out.push(reprDiff(path, a.repr, bb.repr));
      break;
    }
    case "pdseries": {
      const bb = b as typeof a;
      scalars(`${path}.index`, a.index, bb.index, out);
      arr(`${path}.values`, a.values, bb.values, out);
      break;
    }
    case "array":
      arr(path, a, b as typeof a, out);
      break;
    case "map": {
      const bb = b as typeof a;
      const ak = a.entries.map((e) => e[0]), bk = bb.entries.map((e) => e[0]);
      if (show(ak) !== show(bk)) {
        out.push(`${path} keys: ${show(ak)} (napple) vs ${show(bk)} (pynapple)`);
        break;
      }
      a.entries.forEach(([k, v], i) =>
        compare(v, bb.entries[i][1], `${path}.get(${show(k)})`, out)
      );
      break;
    }
    case "list": {
      const bb = b as typeof a;
      if (a.items.length !== bb.items.length) {
        out.push(`${path}: ${a.items.length} items (napple) vs ${bb.items.length} (pynapple)`);
        break;
      }
      a.items.forEach((v, i) => compare(v, bb.items[i], `${path}[${i}]`, out));
      break;
    }
    case "scalar":
      if (!sc(a.v, (b as typeof a).v)) {
        out.push(`${path}: ${show(a.v)} (napple) vs ${show((b as typeof a).v)} (pynapple)`);
      }
      break;
    default:
      if (show(a) !== show(b)) out.push(`${path}: ${show(a)} (napple) vs ${show(b)} (pynapple)`);
  }
  return out;
}

function reprDiff(path: string, a: string, b: string): string {
  return `${path} printout differs:\n--- napple\n${a}\n--- pynapple\n${b}`;
}
