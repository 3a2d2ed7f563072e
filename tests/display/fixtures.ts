/**
 * Builds display views from the goldens' JSON (npz summaries with full arrays, NWB summaries for
 * IntervalSet/TsGroup, and testdata/display/series_inputs.json for the head/tail rows of NWB
 * series read with h5py). Views backed by head/tail rows throw when asked for any other row,
 * which checks that printing reads only the rows it shows.
 */
import { type DType, typedArrayFor } from "../../lib/array/dtype.ts";
import { NDArray } from "../../lib/array/ndarray.ts";
import { Metadata, type MetadataDType } from "../../lib/core/metadata.ts";
import { pyFloat } from "../../lib/display/tabulate.ts";
import type {
  IntervalSetView,
  SeriesView,
  TextSize,
  TsGroupView,
} from "../../lib/display/views.ts";
import { TESTDATA } from "../assert.ts";

/** JSON with NaN/inf strings decoded, and Python floats with integral values kept as floats. */
// deno-lint-ignore no-explicit-any
export function readJson(path: string): any {
  const text = Deno.readTextFileSync(path);
  return JSON.parse(text, function (_k, v, ctx?: { source?: string }) {
    if (v === "NaN") return NaN;
    if (v === "Infinity") return Infinity;
    if (v === "-Infinity") return -Infinity;
    if (typeof v === "number" && ctx?.source && /[.eE]/.test(ctx.source) && Number.isInteger(v)) {
      return { __float: v };
    }
    return v;
  });
}

/** Strips the float markers, turning them into plain numbers. */
// deno-lint-ignore no-explicit-any
export function plain(x: any): any {
  if (Array.isArray(x)) return x.map(plain);
  if (x && typeof x === "object" && "__float" in x) return x.__float;
  if (x && typeof x === "object") {
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, plain(v)]));
  }
  return x;
}

// deno-lint-ignore no-explicit-any
function flatten(x: any): any[] {
  return Array.isArray(x) ? x.flatMap(flatten) : [x];
}

function toTyped(values: unknown[], dtype: DType): NDArray["data"] {
  const C = typedArrayFor(dtype);
  const out = new C(values.length);
  const big = dtype === "int64" || dtype === "uint64";
  for (let i = 0; i < values.length; i++) {
    const v = plain(values[i]);
    // deno-lint-ignore no-explicit-any
    (out as any)[i] = big ? BigInt(v) : typeof v === "boolean" ? (v ? 1 : 0) : v;
  }
  return out;
}

/** Metadata from a golden `{columns, dtypes, data}` record; object-column floats stay floats. */
// deno-lint-ignore no-explicit-any
export function metadataOf(m: any, n: number): Metadata {
  const md = new Metadata(n);
  for (const c of m.columns as string[]) {
    const dtype = m.dtypes[c] as MetadataDType;
    const vals = (m.data[c] as unknown[]).map((v) =>
      dtype === "object"
        ? (v && typeof v === "object" && "__float" in v
          ? pyFloat((v as { __float: number }).__float)
          : plain(v))
        : plain(v)
    );
    md.set(c, vals, dtype);
  }
  return md;
}

/** A series view over full arrays (npz summaries). */
// deno-lint-ignore no-explicit-any
export function fullSeries(o: any): SeriesView {
  const dtype = (o.dtype ?? "float64") as DType;
  const shape: number[] = o.class === "Ts" ? [o.t.length] : o.shape;
  const data = o.values === undefined ? new Float64Array(0) : toTyped(flatten(o.values), dtype);
  const all = new NDArray(data, o.class === "Ts" ? [0] : shape, dtype);
  return {
    t: new Float64Array(plain(o.t)),
    shape,
    dtype,
    readRows: (s, e) => all.sliceRows(s, e),
    columns: o.columns ? plain(o.columns) : undefined,
    metadata: o.metadata && o.metadata.columns.length
      ? metadataOf(o.metadata, shape[1] ?? 0)
      : undefined,
  };
}

/** A series view that knows only its first and last rows (series_inputs.json entries). */
// deno-lint-ignore no-explicit-any
export function headTailSeries(e: any): SeriesView & { reads: [number, number][] } {
  const n: number = e.n;
  const t = new Float64Array(n).fill(NaN);
  e.t_head.forEach((v: number, i: number) => (t[i] = plain(v)));
  e.t_tail.forEach((v: number, i: number) => (t[e.tail_start + i] = plain(v)));
  const dtype = (e.dtype ?? "float64") as DType;
  const rowShape = (e.shape as number[]).slice(1);
  const rowSize = rowShape.reduce((a, b) => a * b, 1);
  const head = e.d_head
    ? new NDArray(toTyped(flatten(e.d_head), dtype), [e.d_head.length, ...rowShape], dtype)
    : undefined;
  const tail = e.d_tail
    ? new NDArray(toTyped(flatten(e.d_tail), dtype), [e.d_tail.length, ...rowShape], dtype)
    : undefined;
  const reads: [number, number][] = [];
  return {
    t,
    shape: e.shape,
    dtype,
    reads,
    columns: e.columns ? plain(e.columns) : undefined,
    readRows(s: number, end: number): NDArray {
      reads.push([s, end]);
      if (!head || !tail || rowSize < 0) throw new Error("no data");
      if (end <= head.length) return head.sliceRows(s, end);
      if (s >= e.tail_start) return tail.sliceRows(s - e.tail_start, end - e.tail_start);
      throw new Error(`rows ${s}..${end} were not meant to be read`);
    },
  };
}

/** IntervalSet view from a golden summary object. */
// deno-lint-ignore no-explicit-any
export function intervalSetView(o: any): IntervalSetView {
  const n = o.start.length;
  return {
    start: new Float64Array(plain(o.start)),
    end: new Float64Array(plain(o.end)),
    metadata: metadataOf(o.metadata, n),
  };
}

/** TsGroup view from a golden summary object. */
// deno-lint-ignore no-explicit-any
export function tsGroupView(o: any): TsGroupView {
  const keys: number[] = plain(o.keys);
  return { index: keys, metadata: metadataOf(o.metadata, keys.length) };
}

/** Golden repr text (print adds one newline). */
export function golden(rel: string): string {
  return Deno.readTextFileSync(TESTDATA + rel).replace(/\n$/, "");
}

/** Terminal size named by a repr file suffix. */
export function sizeOfName(name: string): TextSize | undefined {
  return name.includes("_200x60") ? { columns: 200, rows: 60 } : undefined;
}
