/**
 * What pynapple lists in an NWB file: each convertible container with its pynapple type, object
 * id and full path, under pynapple's unique keys and in its order.
 *
 * Type rules (pynapple 0.9.2 `iterate_over_nwb`), checked in this order with inheritance:
 * a DynamicTable with a column ending in `_times_index` → TsGroup; a TimeIntervals →
 * IntervalSet; a DynamicTable with a column ending in `_times` → Ts; an AnnotationSeries → Ts;
 * any other TimeSeries → Tsd / TsdFrame / TsdTensor by the rank of its `data`. A TimeSeries
 * without `data` (pynwb 1.x wrote those) has pynwb's stand-in data: empty, rank 3 for an
 * ImageSeries (frames in `external_file`), rank 1 otherwise.
 * @module
 */
import type { H5File } from "./h5file.ts";
import type { TypeHierarchy } from "./spec.ts";
import { buildTree, type NwbNode, objectsOrder, uniqueKeys } from "./walk.ts";

/** The pynapple type an NWB object converts to. */
export type NwbObjectType = "TsGroup" | "IntervalSet" | "Ts" | "Tsd" | "TsdFrame" | "TsdTensor";

/** One listed object. */
export interface CatalogEntry {
  /** pynapple key (unique). */
  readonly key: string;
  /** pynapple type. */
  readonly type: NwbObjectType;
  /** pynapple's full path (`/module/interface/name`). */
  readonly fullPath: string;
  /** The container in the HDF5 tree. */
  readonly node: NwbNode;
}

/** Column dataset names of a DynamicTable group (everything but `id`). */
export function tableColumns(node: NwbNode): string[] {
  return [...node.members].filter(([n, k]) => k === "dataset" && n !== "id").map(([n]) => n);
}

/**
 * The shape of the stand-in data pynwb (2.x) gives a TimeSeries stored without `data`:
 * `ImageSeries.DEFAULT_DATA` (0, 0, 0) or `TimeSeries.DEFAULT_DATA` (0,), both uint8; undefined
 * when `node` has data.
 */
export function missingDataShape(types: TypeHierarchy, node: NwbNode): number[] | undefined {
  if (node.members.has("data")) return undefined;
  return types.isA(node.type, "ImageSeries") ? [0, 0, 0] : [0];
}

/** The pynapple type of `node`, or undefined when pynapple does not list it. */
export function classify(
  file: H5File,
  types: TypeHierarchy,
  node: NwbNode,
): NwbObjectType | undefined {
  const t = node.type;
  const isTable = types.isA(t, "DynamicTable");
  const cols = isTable ? tableColumns(node) : [];
  if (isTable && cols.some((c) => c.endsWith("_times_index"))) return "TsGroup";
  if (types.isA(t, "TimeIntervals")) return "IntervalSet";
  if (isTable && cols.some((c) => c.endsWith("_times"))) return "Ts";
  if (types.isA(t, "AnnotationSeries")) return "Ts";
  if (types.isA(t, "TimeSeries")) {
    const stand = missingDataShape(types, node);
    if (!stand && node.members.get("data") !== "dataset") return undefined;
    const rank = stand ? stand.length : file.shape(`${node.h5path}/data`).length;
    if (rank > 2) return "TsdTensor";
    if (rank === 2) return "TsdFrame";
    if (rank === 1) return "Tsd";
  }
  return undefined;
}

/** Walks the file and lists what pynapple lists, in its order, with its keys. */
export function buildCatalog(file: H5File, types: TypeHierarchy): CatalogEntry[] {
  const listed: { node: NwbNode; type: NwbObjectType }[] = [];
  for (const node of objectsOrder(buildTree(file, types))) {
    if (node.h5path === "/") continue;
    const type = classify(file, types, node);
    if (type) listed.push({ node, type });
  }
  const keys = uniqueKeys(listed.map((x) => x.node.fullPath));
  return listed.map(({ node, type }) => ({
    key: keys.get(node.fullPath)!,
    type,
    fullPath: node.fullPath,
    node,
  }));
}
