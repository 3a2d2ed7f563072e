import {
  assert,
  assertArrayAlmostEquals,
  assertEquals,
  assertThrows,
  TESTDATA,
} from "../assert.ts";
import { pythonPipeJson } from "../io/python_client.ts";
import { NappleError } from "../../lib/errors.ts";
import { InMemoryLazyArray } from "../../lib/array/lazy.ts";
import { NDArray } from "../../lib/array/ndarray.ts";
import { IntervalSet } from "../../lib/core/interval_set.ts";
import { Ts, Tsd, TsdFrame, TsdTensor } from "../../lib/core/time_series.ts";
import { TsGroup } from "../../lib/core/ts_group.ts";
import {
  computeEventTriggerAverage,
  computePerievent,
  computePerieventContinuous,
} from "../../lib/process/perievent.ts";
import { analysisGolden, groupFromGolden, positionFromNwb, tsdFromGolden } from "./fixtures.ts";

interface GoldenSeries {
  class: string;
  shape: number[];
  t: number[];
  values: unknown[];
  columns?: number[];
  time_support: { start: number[]; end: number[] };
}

function flat(x: unknown): number[] {
  return (x as unknown[]).flat(Infinity as 1) as number[];
}

function valuesOf(x: TsdFrame | TsdTensor): Float64Array {
  return (x.values as NDArray).data as Float64Array;
}

Deno.test("computeEventTriggerAverage matches pynapple 0.9.2 (npz Tsd feature → TsdFrame)", () => {
  const g = analysisGolden("tuning_eta_npz").eta_tsd as GoldenSeries;
  const eta = computeEventTriggerAverage(
    groupFromGolden("tsgroup_ts_metadata"),
    tsdFromGolden("tsd_float64"),
    0.5,
    2.0,
  );
  assert(eta instanceof TsdFrame);
  assertEquals([...eta.shape], g.shape);
  assertArrayAlmostEquals(eta.t, g.t, 0);
  assertEquals([...eta.columns], g.columns);
  assertArrayAlmostEquals(valuesOf(eta), flat(g.values), 1e-12);
  assertArrayAlmostEquals(eta.timeSupport.start, g.time_support.start, 0);
});

Deno.test("computeEventTriggerAverage matches pynapple 0.9.2 (NWB position TsdFrame → TsdTensor)", () => {
  const g = analysisGolden("tuning_eta_units_session").eta_frame as GoldenSeries;
  const eta = computeEventTriggerAverage(
    groupFromGolden("tsgroup_from_nwb_units"),
    positionFromNwb(),
    0.2,
    [1.0, 1.0],
  );
  assert(eta instanceof TsdTensor);
  assertEquals([...eta.shape], g.shape);
  assertArrayAlmostEquals(eta.t, g.t, 0);
  assertArrayAlmostEquals(valuesOf(eta), flat(g.values), 1e-12);
});

Deno.test("computeEventTriggerAverage on a lazy TsdFrame with tiny batches equals the in-memory result", () => {
  const pos = positionFromNwb();
  const units = groupFromGolden("tsgroup_from_nwb_units");
  const lazyData = new InMemoryLazyArray(pos.values as NDArray);
  const lazy = new TsdFrame({ t: pos.t, d: lazyData, columns: ["x", "y"] });
  assert(lazy.isLazy);
  const ep = new IntervalSet({ start: [0, 120], end: [90, 199] });
  const mem = computeEventTriggerAverage(units, pos, 0.1, [0.5, 0.7], { ep });
  // 1000 bytes = 62 rows of 2 float64: the 10000 rows are read in ~160 batches
  const lz = computeEventTriggerAverage(units, lazy, 0.1, [0.5, 0.7], {
    ep,
    batchSize: 1000,
    progress: false,
  });
  assertEquals(lz.shape, mem.shape);
  assertEquals(Array.from(valuesOf(lz)), Array.from(valuesOf(mem)));
  assert(lazyData.stats.reads > 100, `expected many batched reads, got ${lazyData.stats.reads}`);
  // each row read about once: the kernel only walks forward
  assert(lazyData.stats.bytesRead <= 1.1 * 10000 * 16, `read ${lazyData.stats.bytesRead} bytes`);
});

Deno.test("computeEventTriggerAverage: hand-checked small case and errors", () => {
  // feature = t (0..9 s at 1 Hz), one spike at 4.2 s, bins of 1 s, window 1 s each side:
  // the spike's bin [4, 5) has feature mean 4; lags -1, 0, 1 give 3, 4, 5.
  const feature = new Tsd({ t: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], d: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] });
  const group = new TsGroup({ 7: new Ts({ t: [4.2], timeSupport: feature.timeSupport }) }, {
    timeSupport: feature.timeSupport,
  });
  const eta = computeEventTriggerAverage(group, feature, 1, 1) as TsdFrame;
  assertEquals(Array.from(eta.t), [-1, 0, 1]);
  assertEquals([...eta.columns], [7]);
  assertEquals(Array.from(valuesOf(eta)), [3, 4, 5]);
  assertThrows(
    () => computeEventTriggerAverage(group, feature, -1, 1),
    NappleError,
    "binsize",
  );
  assertThrows(
    // deno-lint-ignore no-explicit-any
    () => computeEventTriggerAverage(group, [1, 2] as any, 1, 1),
    NappleError,
    "Feature should be a Tsd",
  );
});

Deno.test("computePerievent re-centres timestamps on reference times", () => {
  const ts = new Ts({ t: [1, 2, 3, 10, 11.5, 20] });
  const tref = new Ts({ t: [2, 11] });
  const g = computePerievent(ts, tref, [-1.5, 1.5]) as TsGroup;
  assertEquals([...g.keys()], [0, 1]);
  assertEquals(Array.from(g.get(0).t), [-1, 0, 1]);
  assertEquals(Array.from(g.get(1).t), [-1, 0.5]);
  assertEquals(Array.from(g.timeSupport.start), [-1.5]);
  assertEquals(g.getInfo("ref_times").map(Number), [2, 11]);
  const group = new TsGroup({ 3: ts });
  const byUnit = computePerievent(group, tref, 1) as Map<number, TsGroup>;
  assertEquals([...byUnit.keys()], [3]);
  // the right bound is exclusive (searchsorted left of ref + window): 3 = 2 + 1 is dropped
  assertEquals(Array.from(byUnit.get(3)!.get(0).t), [-1, 0]);
});

Deno.test("computePerieventContinuous windows data around events, NaN beyond the data", () => {
  const data = new Tsd({ t: [0, 1, 2, 3, 4, 5], d: [10, 11, 12, 13, 14, 15] });
  const tref = new Ts({ t: [0.9, 4.6] });
  const out = computePerieventContinuous(data, tref, 2) as TsdFrame;
  assertEquals(Array.from(out.t), [-2, -1, 0, 1, 2]);
  // lags × refs: ref 0.9 → nearest sample 1 (value 11); ref 4.6 → sample 5 (value 15)
  assertEquals(Array.from(valuesOf(out)), [NaN, 13, 10, 14, 11, 15, 12, NaN, 13, NaN]);
  const lazy = new Tsd({
    t: data.t,
    d: new InMemoryLazyArray(NDArray.from([10, 11, 12, 13, 14, 15])),
  });
  const lz = computePerieventContinuous(lazy, tref, 2, {
    batchSize: 16,
    progress: false,
  }) as TsdFrame;
  assertEquals(Array.from(valuesOf(lz)), Array.from(valuesOf(out)));
});

Deno.test("computeEventTriggerAverage on the lazy NWB position (napple's loader), small batches, equals the golden", async () => {
  const { loadNwb } = await import("../../lib/io/nwb/nwbfile.ts");
  const { getBatchSize, setBatchSize } = await import("../../lib/array/batch_size.ts");
  const g = analysisGolden("tuning_eta_units_session").eta_frame as GoldenSeries;
  const nwb = loadNwb(`${TESTDATA}nwb/units_session.nwb`);
  const pos = nwb.get("position") as TsdFrame;
  const units = nwb.get("units") as TsGroup;
  assert(pos.isLazy);
  const previous = getBatchSize();
  setBatchSize(4096); // 256 rows of 2 float64 per read
  try {
    const eta = computeEventTriggerAverage(units, pos, 0.2, [1.0, 1.0], { progress: false });
    assertEquals([...eta.shape], g.shape);
    assertArrayAlmostEquals(valuesOf(eta), flat(g.values), 1e-12);
    const mem = computeEventTriggerAverage(units, positionFromNwb(), 0.2, [1.0, 1.0]);
    assertEquals(Array.from(valuesOf(eta)), Array.from(valuesOf(mem)));
  } finally {
    setBatchSize(previous);
  }
  assertThrows(() => setBatchSize(0), NappleError, "batch size");
});

Deno.test("computeEventTriggerAverageAsync yields between lazy batches and gives the same result", async () => {
  const { computeEventTriggerAverageAsync } = await import("../../lib/process/perievent.ts");
  const pos = positionFromNwb();
  const units = groupFromGolden("tsgroup_from_nwb_units");
  const mem = new InMemoryLazyArray(pos.values as NDArray);
  let reads = 0;
  const slow = Object.assign(Object.create(mem), {
    readRows(a: number, b: number) {
      reads++;
      return mem.readRows(a, b);
    },
  });
  const lazy = new TsdFrame({ t: pos.t, d: slow, columns: ["x", "y"] });
  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  try {
    const a = await computeEventTriggerAverageAsync(units, lazy, 0.2, [1, 1], {
      batchSize: 16 * 500,
      progress: false,
      yieldEveryMs: 0,
    });
    const b = computeEventTriggerAverage(units, pos, 0.2, [1, 1]);
    assertEquals(Array.from(valuesOf(a)), Array.from(valuesOf(b)));
  } finally {
    clearInterval(timer);
  }
  assert(reads > 1, "the feature was read in several batches");
  assert(ticks > 0, "the event loop ran during the computation");
});

Deno.test("computeEventTriggerAverage over several epochs (one without samples, NaNs, gaps) equals a literal port of pynapple's loop", () => {
  // irregular feature with a gap, NaNs and an epoch that holds no sample
  const ft: number[] = [];
  const fd: (number | null)[] = [];
  for (let i = 0; i < 600; i++) {
    const x = Math.round((i * 0.037 + (i > 300 ? 9 : 0)) * 1e6) / 1e6;
    ft.push(x);
    fd.push(i % 53 === 0 ? null : Math.sin(i / 7) * 10 + (i % 5));
  }
  // [12, 14] holds spikes but no feature sample; [15, 20.2] only two samples after a gap
  const starts = [0.5, 8, 12, 15, 25];
  const ends = [7.3, 10, 14, 20.2, 30];
  const units = [0, 1, 2].map((u) =>
    ft.filter((_, i) => (i * (u + 3)) % 11 === 0).map((x) =>
      Math.round((x + 0.011 * u) * 1e6) / 1e6
    )
  );
  units[0] = [...units[0], 13.05, 13.5, 15.2].sort((a, b) => a - b);
  const req = { units, ft, fd, starts, ends, binsize: 0.1, w0: 4, w1: 6 };
  const script = new URL("./eta_ref.py", import.meta.url).pathname;
  return pythonPipeJson<(number | null)[]>([script], req).then((ref) => {
    const ep = new IntervalSet({ start: starts, end: ends });
    const feature = new Tsd({ t: ft, d: fd.map((v) => (v === null ? NaN : v)), timeSupport: ep });
    const group = new TsGroup(
      Object.fromEntries(units.map((t, u) => [u, new Ts({ t, timeSupport: ep })])),
      { timeSupport: ep },
    );
    const eta = computeEventTriggerAverage(group, feature, 0.1, [0.4, 0.6], { ep });
    assertEquals([...eta.shape], [11, 3]);
    assertArrayAlmostEquals(valuesOf(eta), ref.map((x) => (x === null ? NaN : x)), 1e-12);
    // and lazily, in batches of 7 rows
    const lazy = new Tsd({
      t: ft,
      d: new InMemoryLazyArray(NDArray.from(fd.map((v) => (v === null ? NaN : v)))),
      timeSupport: ep,
    });
    const lz = computeEventTriggerAverage(group, lazy, 0.1, [0.4, 0.6], {
      ep,
      batchSize: 56,
      progress: false,
    });
    assertEquals(Array.from(valuesOf(lz)), Array.from(valuesOf(eta)));
  });
});

Deno.test("computePerieventContinuous over several epochs equals a literal port of pynapple's kernel", async () => {
  const t = Array.from({ length: 400 }, (_, i) => i * 0.05);
  const d = t.map((x, i) => Math.cos(x) * 3 + (i % 4));
  const tref = [0.02, 1.31, 4.44, 4.5, 9.97, 12.0, 15.2, 19.96];
  const starts = [0, 4, 9.5, 14];
  const ends = [3, 6, 12.2, 19.97];
  // deno-lint-ignore no-explicit-any
  const ref = await pythonPipeJson<any>(
    [new URL("./perievent_ref.py", import.meta.url).pathname],
    { t, d, tref, starts, ends, window: [0.5, 0.3] },
  );
  const ep = new IntervalSet({ start: starts, end: ends });
  const data = new Tsd({ t, d });
  const out = computePerieventContinuous(data, new Ts({ t: tref }), [-0.5, 0.3], { ep });
  assertEquals([...out.shape], ref.shape);
  assertArrayAlmostEquals(valuesOf(out), ref.values.map((x: number | null) => x ?? NaN), 0);
  const lazy = new Tsd({ t, d: new InMemoryLazyArray(NDArray.from(d)) });
  const lz = computePerieventContinuous(lazy, new Ts({ t: tref }), [-0.5, 0.3], {
    ep,
    batchSize: 40,
    progress: false,
  });
  assertEquals(Array.from(valuesOf(lz)), Array.from(valuesOf(out)));
});

Deno.test("computeEventTriggerAverage with an infinite feature value: inf × 0 = NaN as in pynapple", async () => {
  const ft = Array.from({ length: 200 }, (_, i) => Math.round(i * 0.05 * 1e6) / 1e6);
  const fd: (number | string)[] = ft.map((x) => Math.cos(x));
  fd[77] = "Infinity"; // float("Infinity") in Python, Number("Infinity") here
  const units = [[1.01, 3.87, 6.66], [2.2, 9.1]];
  const req = { units, ft, fd, starts: [0], ends: [9.95], binsize: 0.1, w0: 3, w1: 3 };
  const ref = await pythonPipeJson<(number | string | null)[]>(
    [new URL("./eta_ref.py", import.meta.url).pathname],
    req,
  );
  const ep = new IntervalSet({ start: [0], end: [9.95] });
  const feature = new Tsd({ t: ft, d: fd.map(Number), timeSupport: ep });
  const group = new TsGroup(
    { 0: new Ts({ t: units[0], timeSupport: ep }), 1: new Ts({ t: units[1], timeSupport: ep }) },
    { timeSupport: ep },
  );
  const eta = computeEventTriggerAverage(group, feature, 0.1, 0.3);
  const want = ref.map((x) => (x === null ? NaN : x));
  assert(want.some((x) => Number.isNaN(x)), "the reference has NaNs from inf × 0");
  assertArrayAlmostEquals(valuesOf(eta), want as (number | string)[], 1e-12);
});
