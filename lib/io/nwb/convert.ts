/**
 * NWB containers → napple objects, as pynapple 0.9.2's `_make_*` helpers build them, but reading
 * the HDF5 file directly: timestamps (or `starting_time + arange(n) / rate`), data kept as a lazy
 * HDF5 dataset, table columns, ragged columns through their `_index`, object references followed.
 * @module
 */
import { NappleError } from "../../errors.ts";
import { asFloat64 } from "../../array/dtype.ts";
import { NDArray } from "../../array/ndarray.ts";
import type { LazyArray } from "../../array/lazy.ts";
import { IntervalSet } from "../../core/interval_set.ts";
import { type ColumnLabel, Ts, Tsd, TsdFrame, TsdTensor } from "../../core/time_series.ts";
import { TsGroup } from "../../core/ts_group.ts";
import { roundTime, TimeIndex } from "../../core/time_index.ts";
import type { H5File } from "./h5file.ts";
import { H5T } from "./h5file.ts";
import { h5 } from "./h5.ts";
import { dtypeOfMeta, Hdf5LazyArray, readNumeric } from "./hdf5_lazy.ts";
import type { TypeHierarchy } from "./spec.ts";
import { type CatalogEntry, missingDataShape } from "./catalog.ts";
import type { NwbNode } from "./walk.ts";
import { type TsRecord, tsRecord } from "./ts_record.ts";

export type { TsRecord } from "./ts_record.ts";

/** What converting one entry gives. */
export type NwbConverted = Ts | Tsd | TsdFrame | TsdTensor | TsGroup | IntervalSet | TsRecord;

/** Context shared by the converters. */
export interface ConvertContext {
  /** The open file. */
  readonly file: H5File;
  /** Type hierarchy of the file. */
  readonly types: TypeHierarchy;
  /** False to read data into memory (pynapple's `lazy_loading=False`). */
  readonly lazy: boolean;
}

/** Member path, or undefined when the group has no such member. */
function member(node: NwbNode, name: string): string | undefined {
  return node.members.has(name) ? `${node.h5path}/${name}` : undefined;
}

/**
 * Rounds timestamps to 9 decimals in place and, when they are then finite and sorted, wraps them
 * as a validated TimeIndex so the constructor neither copies nor re-checks them (long recordings
 * have millions of timestamps). Otherwise the constructor's own checks and warnings apply.
 */
export function toTimeIndex(t: Float64Array): TimeIndex | Float64Array {
  let ok = true;
  let prev = -Infinity;
  for (let i = 0; i < t.length; i++) {
    const v = roundTime(t[i]);
    t[i] = v;
    if (!(v >= prev) || !Number.isFinite(v)) ok = false;
    prev = v;
  }
  return ok ? TimeIndex.trusted(t) : t;
}

/** Timestamps of a TimeSeries: `timestamps[:]`, else `starting_time + arange(n) / rate`. */
export function seriesTimestamps(ctx: ConvertContext, node: NwbNode, n: number): Float64Array {
  const { file } = ctx;
  const ts = member(node, "timestamps");
  if (ts) {
    const a = readNumeric(file, ts);
    // a fresh array we own: a float64 one can be rounded in place
    return asFloat64(a.data);
  }
  const st = member(node, "starting_time");
  if (!st) {
    throw new NappleError(
      "CORRUPT_FILE",
      `${node.h5path} has neither timestamps nor starting_time`,
      {
        path: file.path,
        key: node.h5path,
      },
    );
  }
  const start = Number(readNumeric(file, st).data[0]);
  const rate = Number(file.attr(st, "rate"));
  const t = new Float64Array(n);
  // same operations as numpy: (arange(n) / rate) then + starting_time
  for (let i = 0; i < n; i++) t[i] = start + i / rate;
  return t;
}

/** The `data` of a TimeSeries: lazy, or read whole when not lazy. */
function seriesData(ctx: ConvertContext, node: NwbNode): LazyArray | NDArray {
  const stand = missingDataShape(ctx.types, node);
  if (stand) return new NDArray(new Uint8Array(0), stand, "uint8");
  const lazy = new Hdf5LazyArray(ctx.file, `${node.h5path}/data`);
  return ctx.lazy ? lazy : lazy.readRows(0, lazy.shape[0] ?? 0);
}

/** Values of one table column as plain JS values (ragged columns as arrays per row). */
export function readColumn(file: H5File, table: NwbNode, name: string): unknown[] {
  const path = `${table.h5path}/${name}`;
  const flat = readFlat(file, path);
  const indexPath = table.members.has(`${name}_index`) ? `${path}_index` : undefined;
  if (!indexPath) return flat;
  const ends = asFloat64(readNumeric(file, indexPath).data);
  const out: unknown[] = [];
  let s = 0;
  for (const e of ends) {
    out.push(flat.slice(s, e));
    s = e;
  }
  return out;
}

/** A dataset's elements along axis 0 as JS values (rows of N-d data as nested arrays). */
function readFlat(file: H5File, path: string): unknown[] {
  const meta = file.datasetMeta(path);
  const dtype = dtypeOfMeta(meta);
  if (dtype) {
    const a = readNumeric(file, path);
    if (a.ndim === 1) {
      return Array.from(
        a.data as ArrayLike<number | bigint>,
        (v) => dtype === "bool" ? v !== 0 : typeof v === "bigint" ? Number(v) : v,
      );
    }
    return a.toNested() as unknown[];
  }
  // compound rows (e.g. an epochs `timeseries` column: idx_start, count, reference) decoded
  // with their references as paths
  if (meta.type === H5T.COMPOUND) return file.readCompoundRows(path);
  const v = file.readValue(path);
  const rows = Array.isArray(v) ? v : [v];
  // object references become the path of the object they point to
  const Ref = h5().Reference;
  return rows.map((x) => x instanceof Ref ? file.dereferencePath(x) : x);
}

/** Column names in `colnames` order (the table attribute), falling back to member order. */
function colnames(file: H5File, node: NwbNode): string[] {
  const v = file.attrNames(node.h5path).includes("colnames")
    ? file.attr(node.h5path, "colnames")
    : undefined;
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === "string") return [v];
  return [...node.members].filter(([n, k]) =>
    k === "dataset" && n !== "id" && !n.endsWith("_index")
  )
    .map(([n]) => n);
}

/** Tsd / TsdFrame / TsdTensor from a TimeSeries (pynapple `_make_tsd*`). */
function makeSeries(ctx: ConvertContext, entry: CatalogEntry): Tsd | TsdFrame | TsdTensor {
  const node = entry.node;
  const d = seriesData(ctx, node);
  const t = toTimeIndex(seriesTimestamps(ctx, node, d.shape[0] ?? 0));
  if (!node.members.has("data") && t.length !== 0) {
    const external = member(node, "external_file");
    throw new NappleError(
      "UNSUPPORTED_FORMAT",
      `${node.h5path} has ${t.length} timestamps and no data` +
        (external ? ` (its frames are in external files: ${ctx.file.readValue(external)})` : ""),
      { path: ctx.file.path, key: node.h5path },
    );
  }
  if (entry.type === "Tsd") return new Tsd({ t, d });
  if (entry.type === "TsdTensor") return new TsdTensor({ t, d });
  const ncol = d.shape[1];
  let columns = frameColumns(ctx, node, ncol);
  if (!columns || columns.length < ncol) columns = Array.from({ length: ncol }, (_, i) => i);
  else columns = columns.slice(0, ncol);
  return new TsdFrame({ t, d, columns });
}

/**
 * pynapple's column labels for a 2-D series (see the module doc of differences for ROIs), or
 * undefined for 0..n-1: as pynapple when the electrodes / ROI table of the region cannot be
 * followed (no `table` attribute, a reference to nothing, no `label` or `id` column, rows beyond
 * the table). A table that is there but fails to read is an error, not a silent fallback.
 */
function frameColumns(ctx: ConvertContext, node: NwbNode, ncol: number): ColumnLabel[] | undefined {
  const { file, types } = ctx;
  if (types.isA(node.type, "SpatialSeries")) {
    if (ncol === 2) return ["x", "y"];
    if (ncol === 3) return ["x", "y", "z"];
    return undefined;
  }
  const region = types.isA(node.type, "ElectricalSeries")
    ? "electrodes"
    : types.isA(node.type, "RoiResponseSeries")
    ? "rois"
    : undefined;
  if (!region || !node.members.has(region)) return undefined;
  const regionPath = `${node.h5path}/${region}`;
  const rows = asFloat64(readNumeric(file, regionPath).data);
  if (!file.attrNames(regionPath).includes("table")) return undefined;
  // h5wasm returns reference attributes as an array even when scalar
  const raw = file.attr(regionPath, "table");
  const tableRef = (Array.isArray(raw) ? raw[0] : raw) as Parameters<H5File["dereferencePath"]>[0];
  let tablePath: string;
  try {
    tablePath = file.dereferencePath(tableRef);
  } catch (e) {
    if (e instanceof NappleError) return undefined; // HDF5 found nothing the reference names
    throw e;
  }
  const names = file.names(tablePath);
  const column = region === "electrodes" && names.includes("label")
    ? "label"
    : names.includes("id")
    ? "id" // electrode ids of the referenced rows; for ROIs pynapple takes the first n ids
    : undefined;
  if (!column) return undefined;
  const values = readFlat(file, `${tablePath}/${column}`);
  if (rows.some((r) => !(r >= 0 && r < values.length))) return undefined;
  return Array.from(rows, (r) => values[r] as ColumnLabel);
}

/** Ts (or a record of Ts) from an AnnotationSeries or a table with `_times` columns. */
function makeTs(ctx: ConvertContext, entry: CatalogEntry): Ts | TsRecord {
  const { file, types } = ctx;
  const node = entry.node;
  if (types.isA(node.type, "TimeSeries")) {
    const ts = member(node, "timestamps");
    const n = ts ? file.shape(ts)[0] : file.shape(`${node.h5path}/data`)[0];
    return new Ts({ t: toTimeIndex(seriesTimestamps(ctx, node, n)) });
  }
  const out: Record<string, Ts> = {};
  for (const c of colnames(file, node)) {
    if (!c.endsWith("_times") || !node.members.has(c)) continue;
    const values = readColumn(file, node, c);
    out[c] = new Ts({ t: Float64Array.from(values as number[]) });
  }
  const keys = Object.keys(out);
  return keys.length === 1 ? out[keys[0]] : tsRecord(out);
}

/** IntervalSet from a TimeIntervals table; other columns become metadata. */
function makeIntervalSet(ctx: ConvertContext, entry: CatalogEntry): IntervalSet {
  const { file } = ctx;
  const node = entry.node;
  const start = asFloat64(readNumeric(file, `${node.h5path}/start_time`).data);
  const end = asFloat64(readNumeric(file, `${node.h5path}/stop_time`).data);
  const metadata: Record<string, unknown[] | ArrayLike<unknown>> = {};
  for (const c of colnames(file, node)) {
    if (c === "start_time" || c === "stop_time" || !node.members.has(c)) continue;
    metadata[c] = columnForMetadata(file, node, c);
  }
  return new IntervalSet({ start, end, metadata });
}

/** A column keeping its numeric dtype (TypedArray) when it is a plain numeric vector. */
function columnForMetadata(file: H5File, node: NwbNode, c: string): unknown[] | ArrayLike<unknown> {
  const path = `${node.h5path}/${c}`;
  if (!node.members.has(`${c}_index`)) {
    const meta = file.datasetMeta(path);
    const dtype = dtypeOfMeta(meta);
    if (dtype && dtype !== "bool" && (meta.shape ?? []).length === 1) {
      return readNumeric(file, path).data as ArrayLike<unknown>;
    }
  }
  return readColumn(file, node, c);
}

/** Attributes pynapple copies from each unit's electrode group. */
const GROUP_FIELDS = [
  "location",
  "x",
  "y",
  "z",
  "imp",
  "filtering",
  "rel_x",
  "rel_y",
  "rel_z",
  "reference",
];

/** TsGroup from a Units-like table (pynapple `_make_tsgroup`). */
function makeTsGroup(ctx: ConvertContext, entry: CatalogEntry): TsGroup {
  const { file } = ctx;
  const node = entry.node;
  const timesCol = colnames(file, node).find((c) =>
    node.members.has(`${c}_index`) &&
    c.endsWith("_times")
  ) ?? "spike_times";
  const ids = readFlat(file, `${node.h5path}/id`).map(Number);
  const flat = asFloat64(readNumeric(file, `${node.h5path}/${timesCol}`).data);
  const ends = asFloat64(readNumeric(file, `${node.h5path}/${timesCol}_index`).data);
  const members = new Map<number, Ts>();
  let s = 0;
  ids.forEach((id, i) => {
    const e = ends[i];
    members.set(id, new Ts({ t: flat.slice(s, e) }));
    s = e;
  });
  const n = members.size;
  // Metadata in pynapple's order (colnames order); a later write to a name keeps its position.
  const meta = new Map<string, ArrayLike<unknown>>();
  for (const c of colnames(file, node)) {
    if (c === "electrode_group" && node.members.has(c)) {
      const groups = readFlat(file, `${node.h5path}/${c}`) as string[];
      // units share a few electrode groups: read each group's attributes once
      const attrsOf = new Map<string, Map<string, unknown>>();
      for (const g of new Set(groups)) {
        if (typeof g !== "string") continue;
        const names = file.attrNames(g).filter((a) => GROUP_FIELDS.includes(a));
        attrsOf.set(g, new Map(names.map((a) => [a, file.attr(g, a)])));
      }
      for (const field of GROUP_FIELDS) {
        const vals: unknown[] = [];
        for (const g of groups) {
          const attrs = attrsOf.get(g);
          if (attrs?.has(field)) vals.push(attrs.get(field));
        }
        if (vals.length === n) meta.set(field, vals);
      }
    }
    if ([`${timesCol}_index`, timesCol, "electrode_group"].includes(c) || !node.members.has(c)) {
      continue;
    }
    if (node.members.has(`${c}_index`)) continue; // ragged: rows are lists, dropped
    const path = `${node.h5path}/${c}`;
    const md = file.datasetMeta(path);
    if ((md.shape ?? []).length !== 1 || Number(md.shape![0]) !== n) continue;
    const dtype = dtypeOfMeta(md);
    if (dtype) {
      // numpy bools are not numbers.Number: pynapple drops bool columns
      if (dtype !== "bool") meta.set(c, readNumeric(file, path).data as ArrayLike<unknown>);
      continue;
    }
    if (md.type === H5T.STRING) meta.set(c, readFlat(file, path));
  }
  // members and metadata rows are in file order: TsGroup moves the rows with the sorted ids
  return new TsGroup(members, {
    metadata: Object.fromEntries(meta) as Record<string, ArrayLike<unknown>>,
  });
}

/** Builds the napple object for one catalog entry. */
export function convertEntry(ctx: ConvertContext, entry: CatalogEntry): NwbConverted {
  switch (entry.type) {
    case "Tsd":
    case "TsdFrame":
    case "TsdTensor":
      return makeSeries(ctx, entry);
    case "Ts":
      return makeTs(ctx, entry);
    case "IntervalSet":
      return makeIntervalSet(ctx, entry);
    case "TsGroup":
      return makeTsGroup(ctx, entry);
  }
}
