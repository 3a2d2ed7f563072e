/**
 * pynapple's npz layout: which members each object type is saved as (pynapple 0.9.2's `save`),
 * and how an npz turns back into an object (`nap.load_file` on an npz): the `type` member first,
 * else a guess from the member names, then the legacy layouts (≤ 0.7 metadata as top-level
 * members, 0.8 `_metadata` as a dict of dicts). A Tsd-valued TsGroup loads (pynapple 0.9.2's
 * reader asked for a member `data` that is never written; we read `d` as pynapple ≥ 0.10.3
 * does). Beyond pynapple, `lazyLoading` keeps a stored `d` member on disk.
 * @module
 */
import { NappleError } from "../errors.ts";
import { NDArray } from "../array/ndarray.ts";
import { allocate, isBigIntDType, type TypedArray } from "../array/dtype.ts";
import { isLazy, type LazyArray } from "../array/lazy.ts";
import { inferMetadataDType, Metadata, type MetadataDType } from "../core/metadata.ts";
import { IntervalSet } from "../core/interval_set.ts";
import { TimeIndex } from "../core/time_index.ts";
import { type ColumnLabel, Ts, Tsd, TsdFrame, TsdTensor } from "../core/time_series.ts";
import { TsGroup, type TsGroupMember } from "../core/ts_group.ts";
import { isPyFloat, type NpyArray, ObjectArray, StringArray } from "./npy_values.ts";
import { encodeNpy, partsLength } from "./npy.ts";
import { lazyNpyParts, NpzFile, withNpzSuffix } from "./npz.ts";
import { atomicWrite } from "./atomic.ts";
import { ZipWriter } from "./zip.ts";

/** The objects pynapple saves to npz. */
export type NapObject = Ts | Tsd | TsdFrame | TsdTensor | TsGroup | IntervalSet;

/** Object type names a `type` member may hold. */
export type NpzObjectType = "TsGroup" | "TsdFrame" | "TsdTensor" | "Tsd" | "Ts" | "IntervalSet";

/** pynapple's EXPECTED_ENTRIES, in its order (the guess takes the first that fits). */
const EXPECTED: ReadonlyArray<[NpzObjectType, readonly string[]]> = [
  ["TsGroup", ["t", "start", "end", "index"]],
  ["TsdFrame", ["t", "d", "start", "end", "columns"]],
  ["TsdTensor", ["t", "d", "start", "end"]],
  ["Tsd", ["t", "d", "start", "end"]],
  ["Ts", ["t", "start", "end"]],
  ["IntervalSet", ["start", "end"]],
];

function corrupt(message: string, path: string, key?: string): NappleError {
  return new NappleError("CORRUPT_FILE", message, { path, key });
}

// ---------------------------------------------------------------------------------------------
// Reading

/**
 * What `nap.load_file` would build from this npz: the `type` member when it names a pynapple
 * class, else a guess from the member names (as pynapple's NPZFile); "npz" for anything else.
 */
export function npzObjectType(file: NpzFile): NpzObjectType | "npz" {
  if (file.has("type")) {
    try {
      const t = file.get("type");
      const v = t instanceof StringArray || t instanceof ObjectArray ? t.values[0] : undefined;
      if (typeof v === "string" && EXPECTED.some(([name]) => name === v)) {
        return v as NpzObjectType;
      }
    } catch (e) {
      if (!(e instanceof NappleError) || e.code === "UNSAFE_PICKLE") throw e;
      // an unreadable `type` falls back to the guess, as pynapple's try/except does
    }
  }
  const has = (names: readonly string[]) => names.every((n) => file.has(n));
  if (file.has("d") && has(["t", "d", "start", "end"])) {
    const nd = file.header("d").shape.length;
    return nd === 1 ? "Tsd" : nd === 2 ? "TsdFrame" : "TsdTensor";
  }
  for (const [name, members] of EXPECTED) if (has(members)) return name;
  return "npz";
}

function need(file: NpzFile, type: string, names: readonly string[]): void {
  for (const n of names) {
    if (!file.has(n)) {
      throw corrupt(
        `the file says it holds a ${type} but has no "${n}" member (members: ${
          file.files.join(", ")
        })`,
        file.path,
        n,
      );
    }
  }
}

function numeric(file: NpzFile, name: string): NDArray {
  const a = file.get(name);
  if (!(a instanceof NDArray)) {
    throw new NappleError(
      "DTYPE",
      `member "${name}" must be numeric, found ${a.descr}`,
      { path: file.path, key: name },
    );
  }
  return a;
}

function float64(a: NDArray): Float64Array {
  if (a.data instanceof Float64Array) return a.data;
  return Float64Array.from(a.data as ArrayLike<number | bigint>, Number);
}

/**
 * The `t` member as a TimeIndex. Files written by pynapple or napple hold timestamps already
 * rounded to 9 decimals and sorted: checking that in place avoids the copy the constructors
 * make; anything else goes through the normal (rounding, sorting, warning) path.
 */
function timesOf(file: NpzFile): TimeIndex | Float64Array {
  const t = float64(numeric(file, "t"));
  return sortedAndRounded(t) ? TimeIndex.trusted(t) : t;
}

/**
 * True when `t` is sorted, finite and every value already rounded to 9 decimals (so pynapple's
 * rounding would not change it). `Math.round(v·1e9)/1e9 === v` implies pynapple's rounding
 * (`roundTime`) keeps `v`:
 * the two roundings differ only on exact .5 ties, and a tie cannot map back onto `v`.
 */
function sortedAndRounded(t: Float64Array): boolean {
  const n = t.length;
  if (n === 0) return true;
  // Sorted values are all finite when the two ends are (NaN fails `v >= prev` below), so the
  // per-element finiteness test can go: the loop is bound by the one division per value.
  if (!Number.isFinite(t[0]) || !Number.isFinite(t[n - 1])) return false;
  let prev = t[0];
  for (let i = 0; i < n; i++) {
    const v = t[i];
    if (!(v >= prev) || Math.round(v * 1e9) / 1e9 !== v) return false;
    prev = v;
  }
  return true;
}

function timeSupportOf(file: NpzFile): IntervalSet {
  return new IntervalSet({
    start: float64(numeric(file, "start")),
    end: float64(numeric(file, "end")),
  });
}

/** Plain JS values of an array (bools as booleans, 64-bit ints as numbers when safe). */
function plainValues(a: NpyArray): unknown[] {
  if (a instanceof NDArray) {
    return Array.from(
      a.data as ArrayLike<number | bigint>,
      (v) =>
        a.dtype === "bool"
          ? v !== 0
          : typeof v === "bigint" && v >= BigInt(Number.MIN_SAFE_INTEGER) &&
              v <= BigInt(Number.MAX_SAFE_INTEGER)
          ? Number(v)
          : v,
    );
  }
  return a.values.map((
    v,
  ) => (v instanceof ObjectArray || v instanceof StringArray
    ? plainValues(v)
    : v instanceof NDArray
    ? plainValues(v)
    : v)
  );
}

/** One metadata column from a pickled numpy array or a legacy `{row: value}` dict. */
function metadataColumn(value: unknown, n: number, path: string, key: string) {
  let values: unknown[];
  let dtype: MetadataDType;
  if (value instanceof NDArray) {
    values = plainValues(value);
    dtype = value.dtype;
  } else if (value instanceof StringArray || value instanceof ObjectArray) {
    values = plainValues(value);
    dtype = "object";
  } else if (value instanceof Map) {
    // pynapple 0.8: DataFrame.to_dict() → {row: value}; rows in the dict's order, dtype as
    // pandas infers it (a Python float makes the column float64 even when integral)
    const raw = [...value.values()];
    const numbersOnly = raw.every((v) => typeof v === "number" || isPyFloat(v));
    values = raw.map((v) =>
      isPyFloat(v)
        ? v.v
        : v instanceof NDArray || v instanceof StringArray || v instanceof ObjectArray
        ? plainValues(v)
        : v
    );
    dtype = numbersOnly && raw.length && raw.some((v) => isPyFloat(v) || !Number.isInteger(v))
      ? "float64"
      : inferMetadataDType(values);
  } else {
    throw corrupt(`_metadata column "${key}" is not an array`, path, key);
  }
  if (values.length !== n) {
    throw corrupt(`_metadata column "${key}" has ${values.length} values for ${n} rows`, path, key);
  }
  return { values, dtype };
}

/** The `_metadata` member as a Metadata table of `n` rows (empty when absent or `{}`). */
function readMetadata(file: NpzFile, n: number, skip: readonly string[] = []): Metadata {
  const md = new Metadata(n);
  if (!file.has("_metadata")) return md;
  const raw = file.get("_metadata");
  const item = raw instanceof ObjectArray && raw.shape.length === 0 ? raw.values[0] : undefined;
  if (!(item instanceof Map)) {
    throw corrupt("_metadata does not hold a dict", file.path, "_metadata");
  }
  for (const [k, v] of item) {
    const key = String(k);
    if (skip.includes(key)) continue;
    const col = metadataColumn(v, n, file.path, key);
    md.set(key, col.values, col.dtype);
  }
  return md;
}

function columnLabels(a: NpyArray): ColumnLabel[] {
  return plainValues(a).map((v) =>
    typeof v === "bigint" ? Number(v) : typeof v === "boolean" ? Number(v) : v as ColumnLabel
  );
}

/** Options of {@linkcode loadNpz}. */
export interface LoadNpzOptions {
  /**
   * Keep a stored (uncompressed) `d` member on disk as a LazyArray read row range by row range
   * (beyond pynapple, which always loads npz data into memory). Default false.
   */
  lazyLoading?: boolean;
}

function dataOf(file: NpzFile, lazy: boolean | undefined): NDArray | LazyArray {
  if (lazy) {
    const l = file.lazy("d");
    if (l) return l;
  }
  return numeric(file, "d");
}

/**
 * Loads an npz: the pynapple object it holds (Ts, Tsd, TsdFrame, TsdTensor, TsGroup,
 * IntervalSet), or the {@linkcode NpzFile} itself for any other npz (like numpy's NpzFile, which
 * pynapple returns in that case).
 */
export function loadNpz(path: string, options: LoadNpzOptions = {}): NapObject | NpzFile {
  const file = NpzFile.open(path);
  const type = npzObjectType(file);
  switch (type) {
    case "npz":
      return file;
    case "IntervalSet": {
      need(file, type, ["start", "end"]);
      const ep = timeSupportOf(file);
      const md = readMetadata(file, ep.length);
      if (md.columns.length) ep.setInfo(md);
      return ep;
    }
    case "Ts":
      need(file, type, ["t", "start", "end"]);
      return new Ts({ t: timesOf(file), timeSupport: timeSupportOf(file) });
    case "Tsd":
    case "TsdTensor": {
      need(file, type, ["t", "d", "start", "end"]);
      const opts = {
        t: timesOf(file),
        d: dataOf(file, options.lazyLoading),
        timeSupport: timeSupportOf(file),
      };
      return type === "Tsd" ? new Tsd(opts) : new TsdTensor(opts);
    }
    case "TsdFrame": {
      need(file, type, ["t", "d", "start", "end"]);
      const d = dataOf(file, options.lazyLoading);
      const columns = file.has("columns") ? columnLabels(file.get("columns")) : undefined;
      const frame = new TsdFrame({
        t: timesOf(file),
        d,
        columns,
        timeSupport: timeSupportOf(file),
      });
      const md = readMetadata(file, frame.columns.length);
      if (md.columns.length) frame.setInfo(md);
      return frame;
    }
    case "TsGroup":
      need(file, type, ["t", "start", "end", "index"]);
      return loadTsGroup(file);
  }
}

/** Integers of an int64 (or any numeric) array as JS numbers, without a BigInt per element. */
function integerValues(a: NDArray): Float64Array {
  if (a.data instanceof BigInt64Array) {
    const w = new Int32Array(a.data.buffer, a.data.byteOffset, a.data.length * 2);
    const out = new Float64Array(a.data.length);
    for (let i = 0; i < out.length; i++) out[i] = w[2 * i + 1] * 4294967296 + (w[2 * i] >>> 0);
    return out;
  }
  return float64(a);
}

function loadTsGroup(file: NpzFile): TsGroup {
  let times = float64(numeric(file, "t"));
  const indexArr = numeric(file, "index");
  const n = times.length;
  if (indexArr.size !== n) {
    throw corrupt(`"index" has ${indexArr.size} entries for ${n} times`, file.path, "index");
  }
  let index = integerValues(indexArr);
  let dataArr: NDArray | undefined;
  if (file.has("d")) {
    dataArr = numeric(file, "d");
    if (dataArr.length !== n) {
      throw corrupt(`"d" has ${dataArr.length} rows for ${n} times`, file.path, "d");
    }
  }
  let keys: number[];
  if (file.has("keys")) keys = Array.from(integerValues(numeric(file, "keys")));
  else keys = [...new Set(index)];
  keys.sort((a, b) => a - b);
  const support = timeSupportOf(file);
  // pynapple sorts the flat arrays by time when they are not (stable, so each unit keeps the
  // order of its equal times); files pynapple or napple wrote are sorted already.
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) if (times[i] < times[i - 1]) sorted = false;
  if (!sorted) {
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => times[a] - times[b] || a - b);
    times = Float64Array.from(order, (i) => times[i]);
    index = Float64Array.from(order, (i) => index[i]);
    if (dataArr) dataArr = dataArr.takeRows(order);
  }
  const trusted = sortedAndRounded(times);
  // Split by unit in two passes over typed arrays: count, then fill (times outside `keys` are
  // ignored, as pynapple's per-key masks ignore them).
  const unitOf = new Int32Array(n);
  const counts = new Int32Array(keys.length);
  const maxKey = keys.length ? keys[keys.length - 1] : 0;
  if (keys.length && keys[0] >= 0 && maxKey < 1 << 24 && keys.every(Number.isInteger)) {
    // small non-negative keys (the usual unit ids): a lookup table instead of a Map
    const table = new Int32Array(maxKey + 1).fill(-1);
    keys.forEach((k, i) => (table[k] = i));
    for (let i = 0; i < n; i++) {
      const k = index[i];
      const p = k >= 0 && k <= maxKey && Number.isInteger(k) ? table[k] : -1;
      unitOf[i] = p;
      if (p >= 0) counts[p]++;
    }
  } else {
    const pos = new Map<number, number>(keys.map((k, i) => [k, i]));
    for (let i = 0; i < n; i++) {
      const p = pos.get(index[i]) ?? -1;
      unitOf[i] = p;
      if (p >= 0) counts[p]++;
    }
  }
  const unitTimes = keys.map((_, u) => new Float64Array(counts[u]));
  const flatData = dataArr && dataArr.ndim === 1 ? float64(dataArr) : undefined;
  const unitData = flatData ? keys.map((_, u) => new Float64Array(counts[u])) : undefined;
  const unitRows: number[][] | undefined = dataArr && !flatData ? keys.map(() => []) : undefined;
  const cursor = new Int32Array(keys.length);
  for (let i = 0; i < n; i++) {
    const u = unitOf[i];
    if (u < 0) continue;
    const c = cursor[u]++;
    unitTimes[u][c] = times[i];
    if (unitData) unitData[u][c] = flatData![i];
    if (unitRows) unitRows[u].push(i);
  }
  const members: Record<number, TsGroupMember> = {};
  keys.forEach((k, u) => {
    const t = trusted ? TimeIndex.trusted(unitTimes[u]) : unitTimes[u];
    if (dataArr) {
      const d = unitData ? unitData[u] : dataArr.takeRows(unitRows![u]);
      members[k] = new Tsd({ t, d, timeSupport: support });
    } else members[k] = new Ts({ t, timeSupport: support });
  });
  const group = new TsGroup(members, { timeSupport: support, bypassCheck: true });
  const md = readMetadata(file, keys.length, ["rate"]);
  // pynapple ≤ 0.7: metadata as top-level members of one value per unit
  const known = new Set(["start", "end", "t", "index", "d", "rate", "keys", "_metadata", "type"]);
  for (const name of file.files) {
    if (known.has(name) || md.has(name)) continue;
    const h = file.header(name);
    if (h.shape.length === 0 || h.shape[0] !== keys.length) continue;
    const col = metadataColumn(file.get(name), keys.length, file.path, name);
    md.set(name, col.values, col.dtype);
  }
  if (md.columns.length) group.setInfo(md);
  return group;
}

// ---------------------------------------------------------------------------------------------
// Writing

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

function metadataDict(md: Metadata, skip: readonly string[] = []): ObjectArray {
  const dict = new Map<string, NpyArray>();
  for (const name of md.columns) {
    if (skip.includes(name)) continue;
    dict.set(name, metadataArray(md.get(name)));
  }
  return new ObjectArray([dict], []);
}

function typeMember(name: string): StringArray {
  return new StringArray([name]);
}

function columnsMember(columns: readonly ColumnLabel[]): NpyArray {
  if (columns.every((c) => typeof c === "number" && Number.isInteger(c))) {
    return new NDArray(BigInt64Array.from(columns as number[], (c) => BigInt(c)), [columns.length]);
  }
  if (columns.every((c) => typeof c === "number")) return NDArray.from(columns as number[]);
  // pandas keeps string labels in an object Index; np.array(index) stays object
  return new ObjectArray([...columns]);
}

/** A member to write: either an in-memory array or a lazy one streamed in chunks. */
type Member = { name: string; array: NpyArray } | { name: string; lazy: LazyArray };

function seriesData(s: Tsd | TsdFrame | TsdTensor): Member {
  const v = s.values;
  if (isLazy(v)) return { name: "d", lazy: v };
  return {
    name: "d",
    array: v instanceof NDArray ? v : new NDArray(v as TypedArray, [v.length], s.dtype),
  };
}

function supportMembers(ts: IntervalSet): Member[] {
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

function tsGroupMembers(g: TsGroup): Member[] {
  // pynapple concatenates the units and argsorts by time; each unit is sorted already, so
  // merging the runs (ties in key order) gives the same flat arrays.
  let total = 0;
  for (const k of g.index) total += g.get(k).t.length;
  const times = new Float64Array(total);
  const unitKey = new Float64Array(total);
  let data: Float64Array | undefined;
  const bounds = [0];
  let at = 0;
  for (const k of g.index) {
    const m = g.get(k);
    const n = m.t.length;
    times.set(m.t, at);
    unitKey.fill(k, at, at + n);
    if (!(m instanceof Ts)) {
      data ??= new Float64Array(total).fill(NaN);
      const vals = m.toNDArray();
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

/** The members pynapple 0.9.2's `save` writes for `obj`, in its order. */
function membersOf(obj: NapObject): Member[] {
  const t = (s: { t: Float64Array }): Member => ({
    name: "t",
    array: new NDArray(s.t, [s.t.length]),
  });
  if (obj instanceof IntervalSet) {
    return [
      ...supportMembers(obj),
      { name: "type", array: typeMember("IntervalSet") },
      { name: "_metadata", array: metadataDict(obj.metadata) },
    ];
  }
  if (obj instanceof TsGroup) return tsGroupMembers(obj);
  if (obj instanceof Ts) {
    return [t(obj), ...supportMembers(obj.timeSupport), { name: "type", array: typeMember("Ts") }];
  }
  if (obj instanceof TsdFrame) {
    return [
      t(obj),
      seriesData(obj),
      ...supportMembers(obj.timeSupport),
      { name: "columns", array: columnsMember(obj.columns) },
      { name: "type", array: typeMember("TsdFrame") },
      { name: "_metadata", array: metadataDict(obj.metadata) },
    ];
  }
  if (obj instanceof Tsd || obj instanceof TsdTensor) {
    return [
      t(obj),
      seriesData(obj),
      ...supportMembers(obj.timeSupport),
      { name: "type", array: typeMember(obj instanceof Tsd ? "Tsd" : "TsdTensor") },
    ];
  }
  throw new NappleError(
    "INVALID_ARGUMENT",
    "only Ts, Tsd, TsdFrame, TsdTensor, TsGroup and IntervalSet can be saved to npz",
  );
}

/**
 * Saves `obj` in pynapple's npz layout (exactly the members pynapple 0.9.2 writes, `_metadata`
 * pickled so pynapple restores it), atomically. Lazy data is streamed from its storage in
 * bounded chunks. Returns the final path (`.npz` appended when missing, as pynapple does).
 */
export function saveObject(path: string, obj: NapObject): string {
  if (typeof path !== "string" || path === "") {
    throw new NappleError("INVALID_ARGUMENT", "save needs a file path");
  }
  const final = withNpzSuffix(path);
  const members = membersOf(obj);
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
