/**
 * Reading pynapple's npz layout (`nap.load_file` on an npz): the `type` member first, else a
 * guess from the member names, then the legacy layouts (≤ 0.7 metadata as top-level members, 0.8
 * `_metadata` as a dict of dicts). A Tsd-valued TsGroup loads (pynapple 0.9.2's reader asked for
 * a member `data` that is never written; we read `d` as pynapple ≥ 0.10.3 does). Beyond
 * pynapple, `lazyLoading` keeps a stored `d` member on disk. The writing half is npz_writer.ts.
 * @module
 */
import { NappleError } from "../errors.ts";
import { checkOptions, type OptionKeys } from "../options.ts";
import { NDArray } from "../array/ndarray.ts";
import type { LazyArray } from "../array/lazy.ts";
import { inferMetadataDType, Metadata, type MetadataDType } from "../core/metadata.ts";
import { IntervalSet } from "../core/interval_set.ts";
import { TimeIndex } from "../core/time_index.ts";
import { type ColumnLabel, Ts, Tsd, TsdFrame, TsdTensor } from "../core/time_series.ts";
import { TsGroup, type TsGroupMember } from "../core/ts_group.ts";
import { isPyFloat, type NpyArray, ObjectArray, StringArray } from "./npy_values.ts";
import { NpzFile } from "./npz.ts";

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

const LOAD_NPZ_KEYS: OptionKeys<LoadNpzOptions> = {
  lazyLoading: true,
};

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
  options = checkOptions(options, LOAD_NPZ_KEYS, "loadNpz");
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
