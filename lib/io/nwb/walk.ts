/**
 * The NWB object tree as pynwb builds it, and pynapple's key list over it.
 *
 * pynwb turns every HDF5 object carrying a `neurodata_type` into a container whose parent is the
 * nearest typed ancestor (untyped groups such as `/acquisition` or `/processing` are not
 * containers). pynapple walks `nwbfile.objects`, which pynwb fills by a depth-first walk with a
 * stack, so the last child is visited first. The root's children come in the order the NWBFile
 * constructor adopts them (acquisition, analysis, stimulus, processing, electrodes, ...); inside a
 * group, children come in HDF5 link order. Soft links are not containers of their own (pynwb
 * keeps the linked object under its real parent), so the walk skips them.
 * @module
 */
import type { H5File } from "./h5file.ts";
import type { TypeHierarchy } from "./spec.ts";

/** A typed HDF5 group (a pynwb container). */
export interface NwbNode {
  /** Path inside the HDF5 file. */
  readonly h5path: string;
  /** Link name (pynwb's `name`). */
  readonly name: string;
  /** `neurodata_type` attribute. */
  readonly type: string;
  /** pynapple's full path: names of the typed ancestors below the root, then the name. */
  readonly fullPath: string;
  /** Typed children, in walk order (HDF5 link order; the root's are reordered as pynwb's). */
  readonly children: NwbNode[];
  /**
   * Direct members by name (datasets, including soft links to datasets such as shared
   * `timestamps`, and hard-linked groups): what tables and series hold.
   */
  readonly members: Map<string, "dataset" | "group">;
}

/** Rank of a root child in pynwb's NWBFile adoption order. */
function rootRank(h5path: string): number {
  const rules: [RegExp, number][] = [
    [/^\/acquisition\//, 0],
    [/^\/analysis\//, 1],
    [/^\/stimulus\/presentation\//, 2],
    [/^\/stimulus\/templates\//, 3],
    [/^\/stimulus\//, 3],
    [/^\/processing\//, 4],
    [/^\/general\/extracellular_ephys\/electrodes$/, 5],
    [/^\/general\/extracellular_ephys\//, 6],
    [/^\/general\/devices\//, 7],
    [/^\/general\/optophysiology\//, 8],
    [/^\/general\/optogenetics\//, 9],
    [/^\/intervals\//, 10],
    [/^\/general\/subject$/, 11],
    [/^\/general\/intracellular_ephys\/sweep_table$/, 12],
    [/^\/general\/intracellular_ephys\//, 16],
    [/^\/general\//, 13],
    [/^\/units$/, 14],
    [/^\/scratch\//, 15],
  ];
  for (const [re, rank] of rules) if (re.test(h5path)) return rank;
  return 17;
}

/**
 * Members the NWB schema defines as datasets in TimeSeries types. Listing a group's kinds makes
 * HDF5 read every child's object header, the dominant cost of opening files with many series;
 * inside a TimeSeries these names need no check (a soft link among them points to a dataset too).
 */
const SERIES_DATASETS = new Set([
  "data",
  "timestamps",
  "starting_time",
  "control",
  "control_description",
  "electrodes",
  "channel_conversion",
  "rois",
  "external_file",
  "format",
  "dimension",
  "field_of_view",
  "pmt_gain",
  "scan_line_rate",
  "reference_frame",
  "gain",
  "bias_current",
  "bridge_balance",
  "capacitance_compensation",
  "capacitance_fast",
  "capacitance_slow",
  "resistance_comp_bandwidth",
  "resistance_comp_correction",
  "resistance_comp_prediction",
  "whole_cell_capacitance_comp",
  "whole_cell_series_resistance_comp",
  "features",
  "feature_units",
  "source_channels",
  "distance",
  "orientation",
]);

/**
 * Builds the container tree of an open NWB file (reads link names and attributes only). With
 * `types`, children of TimeSeries groups with schema-defined dataset names skip the kind check.
 */
export function buildTree(file: H5File, types?: TypeHierarchy): NwbNode {
  const root: NwbNode = {
    h5path: "/",
    name: "root",
    type: file.attrString("/", "neurodata_type") ?? "NWBFile",
    fullPath: "/",
    children: [],
    members: new Map(),
  };
  const visit = (group: string, owner: NwbNode, direct: NwbNode | undefined, chain: string) => {
    if (direct && types?.isA(direct.type, "TimeSeries")) {
      visitSeries(group, owner, direct, chain);
      return;
    }
    const kinds = file.childKinds(group);
    // The kinds map keeps HDF5's order unless a name looks like an array index (JS objects list
    // those first, numerically): only then is a separate (ordered) listing needed.
    const ordered = kinds && ![...kinds.keys()].some((k) => /^(0|[1-9]\d*)$/.test(k))
      ? [...kinds.keys()]
      : file.names(group);
    for (const name of ordered) {
      const path = group === "/" ? `/${name}` : `${group}/${name}`;
      if (path === "/specifications") continue;
      // One listing call per group gives every child's kind; only groups need link checks.
      const resolved = kinds ? kinds.get(name) : file.resolvedKind(path);
      if (resolved === "dataset") {
        direct?.members.set(name, "dataset");
        continue;
      }
      if (resolved !== "group") continue;
      visitGroup(path, name, owner, direct, chain);
    }
  };
  /** A TimeSeries: one cheap listing; only names the schema does not know are checked. */
  const visitSeries = (group: string, owner: NwbNode, direct: NwbNode, chain: string) => {
    for (const name of file.names(group)) {
      const path = `${group}/${name}`;
      const kind = SERIES_DATASETS.has(name) ? "dataset" : file.resolvedKind(path);
      if (kind === "dataset") direct.members.set(name, "dataset");
      else if (kind === "group") visitGroup(path, name, owner, direct, chain);
    }
  };
  /** A child group: descended into unless it is a soft or external link. */
  const visitGroup = (
    path: string,
    name: string,
    owner: NwbNode,
    direct: NwbNode | undefined,
    chain: string,
  ) => {
    if (!file.isHardLink(path)) return;
    direct?.members.set(name, "group");
    const type = file.optionalAttrString(path, "neurodata_type");
    if (type === undefined) {
      // An untyped group (acquisition, processing, a table's sub-group...): its typed
      // descendants belong to the current container.
      visit(path, owner, undefined, chain);
      return;
    }
    const fullPath = `${chain}/${name}`;
    const node: NwbNode = {
      h5path: path,
      name,
      type,
      fullPath,
      children: [],
      members: new Map(),
    };
    owner.children.push(node);
    visit(path, node, node, fullPath);
  };
  visit("/", root, undefined, "");
  // Stable sort keeps HDF5 order inside each rank (e.g. /intervals/* by name).
  const ranked = root.children.map((c, i) => ({ c, i, r: rootRank(c.h5path) }));
  ranked.sort((a, b) => a.r - b.r || a.i - b.i);
  root.children.splice(0, root.children.length, ...ranked.map((x) => x.c));
  return root;
}

/** pynwb's `nwbfile.objects` order: stack-based depth-first walk (last child first). */
export function objectsOrder(root: NwbNode): NwbNode[] {
  const out: NwbNode[] = [];
  const seen = new Set<string>();
  const stack: NwbNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (!seen.has(n.h5path)) {
      seen.add(n.h5path);
      out.push(n);
    }
    for (const c of n.children) stack.push(c);
  }
  return out;
}

/**
 * pynapple's `_get_unique_identifier`: keys are the last path element; keys shared by several
 * objects get parent names prepended, one level at a time, until unique (leading `/` dropped).
 */
export function uniqueKeys(fullPaths: readonly string[]): Map<string, string> {
  const keys = new Map<string, string>();
  for (const p of fullPaths) keys.set(p, p.slice(p.lastIndexOf("/") + 1));
  return disambiguate(keys);
}

function disambiguate(map: Map<string, string>): Map<string, string> {
  const counts = new Map<string, number>();
  for (const k of map.values()) counts.set(k, (counts.get(k) ?? 0) + 1);
  if (counts.size === map.size) return map;
  const update = new Map<string, string>();
  for (const [full, key] of map) {
    if ((counts.get(key) ?? 0) < 2) continue;
    const base = full.split("/");
    const rel = key.split("/");
    let next = base.slice(Math.max(0, base.length - rel.length - 1)).join("/");
    if (next.startsWith("/")) next = next.slice(1);
    update.set(full, next);
  }
  // A key that cannot grow any further means two identical paths: stop rather than loop.
  let grew = false;
  for (const [full, key] of update) if (key !== map.get(full)) grew = true;
  const resolved = grew ? disambiguate(update) : update;
  for (const [full, key] of resolved) map.set(full, key);
  return map;
}
