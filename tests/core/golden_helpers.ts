/**
 * Builds core objects from the full `t`/`values` recorded in the npz goldens (what pynapple 0.9.2
 * loaded), so core behaviour can be checked against pynapple before the npz reader exists.
 * @module
 */
import { readJson, TESTDATA } from "../assert.ts";
import {
  IntervalSet,
  Metadata,
  NDArray,
  Ts,
  Tsd,
  TsdFrame,
  TsdTensor,
  TsGroup,
} from "../../mod.ts";
import type { DType, MetadataDType } from "../../mod.ts";

/** The `metadata` block of a golden. */
export interface GoldenMetadata {
  index: (number | string)[];
  columns: string[];
  dtypes: Record<string, string>;
  data: Record<string, unknown[]>;
}

/** A golden object summary (only the fields used here). */
// deno-lint-ignore no-explicit-any
export type GoldenObject = Record<string, any>;

/** `golden/npz/<name>/summary.json`'s `object`. */
export function goldenObject(name: string): GoldenObject {
  return readJson<{ object: GoldenObject }>(`${TESTDATA}golden/npz/${name}/summary.json`).object;
}

function num(v: unknown): number {
  return v === "NaN"
    ? NaN
    : v === "Infinity"
    ? Infinity
    : v === "-Infinity"
    ? -Infinity
    : Number(v);
}

/** A Metadata table from a golden metadata block (pandas dtypes kept), minus `skip`. */
export function goldenMetadata(m: GoldenMetadata, skip: string[] = []): Metadata {
  const md = new Metadata(m.index.length);
  for (const c of m.columns) {
    if (skip.includes(c)) continue;
    md.set(c, m.data[c], m.dtypes[c] as MetadataDType);
  }
  return md;
}

function support(o: GoldenObject): IntervalSet {
  return new IntervalSet({ start: o.time_support.start, end: o.time_support.end });
}

function values(o: GoldenObject): NDArray {
  const dtype = o.dtype as DType;
  const flat = (o.values as unknown[]).flat(Infinity).map((v) =>
    typeof v === "boolean" ? (v ? 1 : 0) : num(v)
  );
  const arr = NDArray.from(flat, "float64");
  return (dtype === "float64" ? arr : arr.astype(dtype)).reshape(o.shape);
}

/** Builds the object a golden describes. */
export function fromGolden(
  o: GoldenObject,
): Ts | Tsd | TsdFrame | TsdTensor | TsGroup | IntervalSet {
  switch (o.class) {
    case "Ts":
      return new Ts({ t: o.t, timeSupport: support(o) });
    case "Tsd":
      return new Tsd({ t: o.t, d: values(o), timeSupport: support(o) });
    case "TsdTensor":
      return new TsdTensor({ t: o.t, d: values(o), timeSupport: support(o) });
    case "TsdFrame": {
      const md = o.metadata ? goldenMetadata(o.metadata) : undefined;
      return new TsdFrame({
        t: o.t,
        d: values(o),
        columns: o.columns,
        timeSupport: support(o),
        metadata: md && md.columns.length ? md : undefined,
      });
    }
    case "IntervalSet": {
      const md = goldenMetadata(o.metadata);
      return new IntervalSet({
        start: o.start,
        end: o.end,
        metadata: md.columns.length ? md : undefined,
      });
    }
    case "TsGroup": {
      const units: Record<number, Ts | Tsd> = {};
      for (const [k, u] of Object.entries(o.units as Record<string, GoldenObject>)) {
        units[Number(k)] = u.class === "Ts"
          ? new Ts({ t: u.t })
          : new Tsd({ t: u.t, d: (u.values as unknown[]).map(num) });
      }
      const md = goldenMetadata(o.metadata, ["rate"]);
      return new TsGroup(units, {
        timeSupport: support(o),
        metadata: md.columns.length ? md : undefined,
      });
    }
  }
  throw new Error(`unknown golden class ${o.class}`);
}
