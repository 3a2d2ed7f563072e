// Inputs of the analysis goldens, built from the fixtures without napple's loaders: unit spike
// times from the npz goldens' full arrays, NWB position read by h5py (/usr/bin/python3).
import { readJson, TESTDATA } from "../assert.ts";
import { pythonJson } from "../io/python_client.ts";
import { IntervalSet } from "../../lib/core/interval_set.ts";
import { Ts, Tsd, TsdFrame } from "../../lib/core/time_series.ts";
import { TsGroup } from "../../lib/core/ts_group.ts";

interface UnitsSummary {
  object: {
    keys: number[];
    time_support: { start: number[]; end: number[] };
    units: Record<string, { t: number[] }>;
  };
}

/** The TsGroup of an npz golden summary. */
export function groupFromGolden(name: string): TsGroup {
  const s = readJson<UnitsSummary>(`${TESTDATA}golden/npz/${name}/summary.json`).object;
  const timeSupport = new IntervalSet({ start: s.time_support.start, end: s.time_support.end });
  const units = new Map<number, Ts>();
  for (const k of s.keys) units.set(k, new Ts({ t: s.units[String(k)].t, timeSupport }));
  return new TsGroup(units, { timeSupport });
}

/** The Tsd of an npz golden summary. */
export function tsdFromGolden(name: string): Tsd {
  const s = readJson<
    {
      object: { t: number[]; values: number[]; time_support: { start: number[]; end: number[] } };
    }
  >(
    `${TESTDATA}golden/npz/${name}/summary.json`,
  ).object;
  return new Tsd({
    t: s.t,
    d: s.values,
    timeSupport: new IntervalSet({ start: s.time_support.start, end: s.time_support.end }),
  });
}

let positionCache: { t: number[]; d: number[][] } | undefined;

/** units_session.nwb position (10000 × 2, columns x, y), read with h5py (once per process). */
export function positionFromNwb(): TsdFrame {
  positionCache ??= readPosition();
  return new TsdFrame({ t: positionCache.t, d: positionCache.d, columns: ["x", "y"] });
}

function readPosition(): { t: number[]; d: number[][] } {
  const py = `
import h5py, numpy as np, json, sys
f = h5py.File(sys.argv[1], "r")
g = f["processing/behavior/Position/position"]
sys.stdout.write(json.dumps({"t": g["timestamps"][:].tolist(), "d": g["data"][:].tolist()}))
`;
  return pythonJson(py, `${TESTDATA}nwb/units_session.nwb`);
}

/** A golden results entry. */
export interface GoldenTable {
  index: number[];
  columns: number[];
  values: (number | string)[][];
}

/** Results of an analysis golden. */
export function analysisGolden(name: string): Record<string, unknown> {
  return readJson<{ results: Record<string, unknown> }>(`${TESTDATA}golden/analysis/${name}.json`)
    .results;
}
