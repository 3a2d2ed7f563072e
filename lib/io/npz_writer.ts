/**
 * Writing pynapple's npz layout: exactly the members pynapple 0.9.2's `save` writes for each
 * object type, in its order, with `_metadata` pickled so pynapple restores it. The writer sees
 * objects only as {@linkcode NpzView}s keyed on `kind` (core/saving.ts), never by class;
 * `lib/register.ts` makes it the writer of the classes' `save`. The reading half is
 * npz_reader.ts.
 * @module
 */
import { NappleError } from "../errors.ts";
import { NDArray } from "../array/ndarray.ts";
import { allocate, isBigIntDType } from "../array/dtype.ts";
import { isLazy, type LazyArray } from "../array/lazy.ts";
import type { Metadata, MetadataDType } from "../core/metadata.ts";
import type { IntervalsView, NpzView, SeriesNpzView, TsGroupNpzView } from "../core/saving.ts";
import { type NpyArray, ObjectArray, StringArray } from "./npy_values.ts";
import { encodeNpy, partsLength } from "./npy.ts";
import { lazyNpyParts, withNpzSuffix } from "./npz.ts";
import { atomicWrite } from "./atomic.ts";
import { ZipWriter } from "./zip.ts";
import { IntervalSet } from "../core/interval_set.ts";
import { TimeSeriesBase } from "../core/time_series.ts";
import { TsGroup } from "../core/ts_group.ts";
import type { NapObject } from "./npz_reader.ts";

/** A metadata column as the numpy array pynapple would pickle for it. */
function metadataArray(col: { dtype: MetadataDType; values: readonly unknown[] }): NpyArray {
  const { dtype, values } = col;
  if (dtype !== "object") {
    const ok = values.every((v) =>
      typeof v === "number" || typeof v === "boolean" || typeof v === "bigint"
    );
    if (ok && (!isBigIntDType(dtype) || values.every((v) => Number.isInteger(Number(v))))) {
      const data = allocate(dtype, values.length);
      const big = isBigIntDType(dtype);
      values.forEach((v, i) => {
        // deno-lint-ignore no-explicit-any
        (data as any)[i] = big
          ? BigInt(v as number | bigint)
          : typeof v === "boolean"
          ? (v ? 1 : 0)
          : Number(v);
      });
      return new NDArray(data, [values.length], dtype);
    }
  }
  // Strings only → `<U` (what np.array(list_of_str) gives); anything else → object array. A
  // fixed-width array pads every string to the longest: when that would blow up (one long
  // string among many short ones), an object array holds the same strings compactly.
  if (values.length && values.every((v) => typeof v === "string")) {
    const strings = values as string[];
    let longest = 0;
    let sum = 0;
    for (const v of strings) {
      longest = Math.max(longest, v.length);
      sum += v.length;
    }
    const padded = longest * 4 * strings.length;
    if (padded <= 8 << 20 || padded <= 4 * 4 * sum) return new StringArray(strings);
    return new ObjectArray(strings);
  }
  return new ObjectArray(values.map(toPicklable));
}

function toPicklable(v: unknown): unknown {
  if (Array.isArray(v)) {
    return v.every((x) => typeof x === "string")
      ? new ObjectArray(v as string[])
      : new ObjectArray(v.map(toPicklable));
  }
  return v;
}

function metadataDict(md: Metadata | undefined, skip: readonly string[] = []): ObjectArray {
  const dict = new Map<string, NpyArray>();
  for (const name of md?.columns ?? []) {
    if (skip.includes(name)) continue;
    dict.set(name, metadataArray(md!.get(name)));
  }
  return new ObjectArray([dict], []);
}

function typeMember(name: string): StringArray {
  return new StringArray([name]);
}

function columnsMember(columns: readonly (string | number)[]): NpyArray {
  if (columns.every((c) => typeof c === "number" && Number.isInteger(c))) {
    return new NDArray(BigInt64Array.from(columns as number[], (c) => BigInt(c)), [columns.length]);
  }
  if (columns.every((c) => typeof c === "number")) return NDArray.from(columns as number[]);
  // pandas keeps string labels in an object Index; np.array(index) stays object
  return new ObjectArray([...columns]);
}

/** A member to write: either an in-memory array or a lazy one streamed in chunks. */
type Member = { name: string; array: NpyArray } | { name: string; lazy: LazyArray };

function seriesData(s: SeriesNpzView): Member {
  const v = s.store;
  if (!v) throw new NappleError("INVALID_ARGUMENT", `a ${s.kind} to save has no values`);
  return isLazy(v) ? { name: "d", lazy: v } : { name: "d", array: v };
}

function supportMembers(ts: IntervalsView): Member[] {
  return [
    { name: "start", array: new NDArray(ts.start, [ts.start.length]) },
    { name: "end", array: new NDArray(ts.end, [ts.end.length]) },
  ];
}

/** Merges the sorted runs [lo, mid) and [mid, hi) of tA/pA into tB/pB (left wins ties). */
function mergeTwo(
  tA: Float64Array,
  pA: Int32Array,
  tB: Float64Array,
  pB: Int32Array,
  lo: number,
  mid: number,
  hi: number,
): void {
  let i = lo, j = mid, o = lo;
  while (i < mid && j < hi) {
    if (tA[j] < tA[i]) {
      tB[o] = tA[j];
      pB[o++] = pA[j++];
    } else {
      tB[o] = tA[i];
      pB[o++] = pA[i++];
    }
  }
  while (i < mid) {
    tB[o] = tA[i];
    pB[o++] = pA[i++];
  }
  while (j < hi) {
    tB[o] = tA[j];
    pB[o++] = pA[j++];
  }
}

/**
 * Merges sorted runs of `times` (consecutive segments given by `bounds`) into one sorted order,
 * stable (equal times keep their run order): bottom-up pairwise merges of typed arrays, which
 * is pynapple's concatenate + argsort without a general sort. Returns the source positions.
 */
function mergeSortedRuns(times: Float64Array, bounds: number[]): Int32Array {
  const n = times.length;
  let tA: Float64Array = times.slice();
  let pA = new Int32Array(n);
  for (let i = 0; i < n; i++) pA[i] = i;
  let tB: Float64Array = new Float64Array(n);
  let pB = new Int32Array(n);
  let runs = bounds;
  while (runs.length > 2) {
    const next: number[] = [0];
    for (let r = 0; r + 1 < runs.length; r += 2) {
      const lo = runs[r];
      const mid = runs[r + 1];
      const hi = r + 2 < runs.length ? runs[r + 2] : mid;
      mergeTwo(tA, pA, tB, pB, lo, mid, hi);
      next.push(hi);
    }
    const t = tA;
    tA = tB;
    tB = t;
    const q = pA;
    pA = pB;
    pB = q;
    runs = next;
  }
  return pA;
}

function tsGroupMembers(g: TsGroupNpzView): Member[] {
  // pynapple concatenates the units and argsorts by time; each unit is sorted already, so
  // merging the runs (ties in key order) gives the same flat arrays.
  let total = 0;
  for (const k of g.index) total += g.times(k).length;
  const times = new Float64Array(total);
  const unitKey = new Float64Array(total);
  let data: Float64Array | undefined;
  const bounds = [0];
  let at = 0;
  for (const k of g.index) {
    const unitTimes = g.times(k);
    const n = unitTimes.length;
    times.set(unitTimes, at);
    unitKey.fill(k, at, at + n);
    const vals = g.values(k);
    if (vals) {
      data ??= new Float64Array(total).fill(NaN);
      const r = vals.rowSize;
      if (vals.data instanceof Float64Array && r === 1) data.set(vals.data, at);
      else for (let i = 0; i < n; i++) data[at + i] = Number(vals.data[i * r]);
    }
    at += n;
    if (n) bounds.push(at);
  }
  const order = mergeSortedRuns(times, bounds);
  const t = new Float64Array(total);
  const idx = new BigInt64Array(total);
  const idxWords = new Int32Array(idx.buffer);
  const small = g.index.every((k) => Math.abs(k) < 2 ** 31);
  for (let o = 0; o < total; o++) {
    const src = order[o];
    t[o] = times[src];
    const k = unitKey[src];
    if (small) {
      idxWords[2 * o] = k;
      idxWords[2 * o + 1] = k < 0 ? -1 : 0;
    } else idx[o] = BigInt(k);
  }
  const sortedData = data ? Float64Array.from(order, (src) => data![src]) : undefined;
  const members: Member[] = [
    { name: "type", array: typeMember("TsGroup") },
    { name: "_metadata", array: metadataDict(g.metadata, ["rate"]) },
    { name: "t", array: new NDArray(t, [total]) },
    { name: "index", array: new NDArray(idx, [total]) },
  ];
  if (sortedData && sortedData.some((v) => !Number.isNaN(v))) {
    members.push({ name: "d", array: new NDArray(sortedData, [total]) });
  }
  members.push({
    name: "keys",
    array: new NDArray(BigInt64Array.from(g.index, (k) => BigInt(k)), [g.index.length]),
  });
  members.push(...supportMembers(g.timeSupport));
  return members;
}

/** The members pynapple 0.9.2's `save` writes for `view`, in its order. */
function membersOf(view: NpzView): Member[] {
  const t = (s: { t: Float64Array }): Member => ({
    name: "t",
    array: new NDArray(s.t, [s.t.length]),
  });
  switch (view?.kind) {
    case "IntervalSet":
      return [
        ...supportMembers(view),
        { name: "type", array: typeMember("IntervalSet") },
        { name: "_metadata", array: metadataDict(view.metadata) },
      ];
    case "TsGroup":
      return tsGroupMembers(view);
    case "Ts":
      return [
        t(view),
        ...supportMembers(view.timeSupport),
        { name: "type", array: typeMember("Ts") },
      ];
    case "TsdFrame":
      return [
        t(view),
        seriesData(view),
        ...supportMembers(view.timeSupport),
        { name: "columns", array: columnsMember(view.columns ?? []) },
        { name: "type", array: typeMember("TsdFrame") },
        { name: "_metadata", array: metadataDict(view.metadata) },
      ];
    case "Tsd":
    case "TsdTensor":
      return [
        t(view),
        seriesData(view),
        ...supportMembers(view.timeSupport),
        { name: "type", array: typeMember(view.kind) },
      ];
  }
  throw new NappleError(
    "INVALID_ARGUMENT",
    "only Ts, Tsd, TsdFrame, TsdTensor, TsGroup and IntervalSet can be saved to npz",
  );
}

/**
 * Writes `view` in pynapple's npz layout, atomically (temporary file, then rename). Lazy data is
 * streamed from its storage in bounded chunks. Returns the final path (`.npz` appended when
 * missing, as pynapple does).
 */
export function writeNpz(path: string, view: NpzView): string {
  if (typeof path !== "string" || path === "") {
    throw new NappleError("INVALID_ARGUMENT", "save needs a file path");
  }
  const final = withNpzSuffix(path);
  const members = membersOf(view);
  atomicWrite(final, (file) => {
    const zip = new ZipWriter(file, final);
    for (const m of members) {
      if ("array" in m) {
        const parts = encodeNpy(m.array, `${final}:${m.name}`);
        zip.add(`${m.name}.npy`, partsLength(parts), parts);
      } else {
        const { size, chunks } = lazyNpyParts(m.lazy);
        zip.add(`${m.name}.npy`, size, chunks);
      }
    }
    zip.finish();
  });
  return final;
}

/**
 * Saves `obj` in pynapple's npz layout (exactly the members pynapple 0.9.2 writes, `_metadata`
 * pickled so pynapple restores it), atomically; the same as `obj.save(path)`. Lazy data is
 * streamed from its storage in bounded chunks. Returns the final path (`.npz` appended when
 * missing, as pynapple does).
 */
export function saveObject(path: string, obj: NapObject): string {
  if (!(obj instanceof TimeSeriesBase || obj instanceof TsGroup || obj instanceof IntervalSet)) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      "only Ts, Tsd, TsdFrame, TsdTensor, TsGroup and IntervalSet can be saved to npz",
    );
  }
  return obj.save(path);
}
