// Randomisation against pynapple 0.9.2 with numpy's generator seeded identically: the same seed
// gives the same spikes (numpy's legacy MT19937, uniform and permutation, ported).
import { assert, assertClose, assertEquals, assertThrows } from "../assert.ts";
import { seeded } from "../random.ts";
import { NappleError } from "../../lib/errors.ts";
import { IntervalSet } from "../../lib/core/interval_set.ts";
import { Ts, Tsd } from "../../lib/core/time_series.ts";
import { TsGroup } from "../../lib/core/ts_group.ts";
import { RandomState } from "../../lib/process/random.ts";
import {
  jitterTimestamps,
  resampleTimestamps,
  shiftTimestamps,
  shuffleTsIntervals,
} from "../../lib/process/randomize.ts";
import { flat, pynappleValues } from "../oracle/client.ts";

const rnd = seeded(11);
const trains = [0, 1, 2].map(() =>
  Array.from({ length: 40 + Math.floor(rnd() * 40) }, () => Math.round(rnd() * 50e6) / 1e6)
    .sort((a, b) => a - b)
);
const KEYS = [1, 4, 9];

function group(start = 0, end = 50): TsGroup {
  const m = new Map<number, Ts>();
  KEYS.forEach((k, i) => m.set(k, new Ts({ t: trains[i] })));
  return new TsGroup(m, { timeSupport: new IntervalSet({ start, end }) });
}

function groupTimes(g: TsGroup): number[][] {
  return [...g.keys()].map((k) => Array.from((g.get(k) as Ts).t));
}

Deno.test("RandomState reproduces numpy's legacy generator (random, uniform, permutation)", async () => {
  const ref = await pynappleValues<number[][]>(
    `
r = np.random.RandomState(2024)
out = [[r.random_sample() for _ in range(5)], list(r.uniform(-3, 7, 4)), list(r.permutation(np.arange(50.0))),
       [np.random.RandomState(0).random_sample(), np.random.RandomState(2**32 - 1).random_sample()]]
`,
  );
  const r = new RandomState(2024);
  assertEquals(Array.from({ length: 5 }, () => r.random()), ref[0]);
  assertEquals(Array.from(r.uniformArray(-3, 7, 4)), ref[1]);
  assertEquals(Array.from(r.permutation(Float64Array.from({ length: 50 }, (_, i) => i))), ref[2]);
  assertEquals([new RandomState(0).random(), new RandomState(2 ** 32 - 1).random()], ref[3]);
});

Deno.test("seeded shift, shuffle, jitter and resample equal pynapple's after np.random.seed", async () => {
  const ref = await pynappleValues<Record<string, unknown>>(
    `
g = nap.TsGroup({k: nap.Ts(t=np.array(t)) for k, t in zip(inp["keys"], inp["trains"])}, time_support=nap.IntervalSet(0, 50))
ts = g[4]
def times(x): return [x[k].t for k in x.keys()] if isinstance(x, nap.TsGroup) else [x.t]
def sup(x): return [x.time_support.start, x.time_support.end]
res = {}
np.random.seed(5); x = nap.shift_timestamps(g, min_shift=1.0, max_shift=20.0); res["shift_g"] = [times(x), sup(x)]
np.random.seed(6); x = nap.shuffle_ts_intervals(g); res["shuffle_g"] = [times(x), sup(x)]
np.random.seed(6); x = nap.shuffle_ts_intervals(ts); res["shuffle_ts"] = [times(x), sup(x)]
np.random.seed(7); x = nap.jitter_timestamps(g, 0.5); res["jitter_g"] = [times(x), sup(x)]
np.random.seed(7); x = nap.jitter_timestamps(g, 0.5, keep_tsupport=True); res["jitter_g_keep"] = [times(x), sup(x)]
np.random.seed(8); x = nap.jitter_timestamps(ts, 2.0, keep_tsupport=True); res["jitter_ts_keep"] = [times(x), sup(x)]
np.random.seed(9); x = nap.resample_timestamps(g); res["resample_g"] = [times(x), sup(x)]
np.random.seed(9); x = nap.resample_timestamps(ts); res["resample_ts"] = [times(x), sup(x)]
out = res
`,
    { keys: KEYS, trains },
  );
  const g = group();
  const ts = g.get(4) as Ts;
  const got: Record<string, TsGroup | Ts> = {
    shift_g: shiftTimestamps(g, { minShift: 1, maxShift: 20, seed: 5 }),
    shuffle_g: shuffleTsIntervals(g, { seed: 6 }),
    shuffle_ts: shuffleTsIntervals(ts, { seed: 6 }),
    jitter_g: jitterTimestamps(g, 0.5, { seed: 7 }),
    jitter_g_keep: jitterTimestamps(g, 0.5, { seed: 7, keepTimeSupport: true }),
    jitter_ts_keep: jitterTimestamps(ts, 2, { seed: 8, keepTimeSupport: true }),
    resample_g: resampleTimestamps(g, { seed: 9 }),
    resample_ts: resampleTimestamps(ts, { seed: 9 }),
  };
  for (const [name, x] of Object.entries(got)) {
    const [times, support] = ref[name] as [number[][], number[][]];
    const mine = x instanceof TsGroup ? groupTimes(x) : [Array.from(x.t)];
    assertEquals(mine.length, times.length, `${name} units`);
    mine.forEach((t, i) => assertClose(t, times[i], 1e-12, `${name} unit ${i}`));
    assertClose(x.timeSupport.start, support[0], 1e-12, `${name} support start`);
    assertClose(x.timeSupport.end, support[1], 1e-12, `${name} support end`);
  }
});

Deno.test("shiftTimestamps wraps within the support, where pynapple loses spikes when it starts after 0", async () => {
  const lost = await pynappleValues<number[]>(
    `
g = nap.TsGroup({k: nap.Ts(t=np.array(t) + 100) for k, t in zip(inp["keys"], inp["trains"])}, time_support=nap.IntervalSet(100, 150))
np.random.seed(3)
x = nap.shift_timestamps(g)
out = [len(x[k]) for k in x.keys()]
`,
    { keys: KEYS, trains },
  );
  const m = new Map<number, Ts>();
  KEYS.forEach((k, i) => m.set(k, new Ts({ t: trains[i].map((v) => v + 100) })));
  const g = new TsGroup(m, { timeSupport: new IntervalSet({ start: 100, end: 150 }) });
  const x = shiftTimestamps(g, { seed: 3 });
  const counts = groupTimes(x).map((t) => t.length);
  assertEquals(counts, trains.map((t) => t.length));
  assert(lost.some((n, i) => n < trains[i].length), "pynapple keeps every spike here");
  for (const t of groupTimes(x)) assert(t.every((v) => v >= 100 && v <= 150));
  // a Ts is shifted like a one-unit group (pynapple wraps a Ts at its last spike instead)
  const one = shiftTimestamps(g.get(4) as Ts, { seed: 3 });
  const r = new RandomState(3);
  const s = r.uniform(0, 50);
  const expect = trains[1].map((v) => ((v + s) % 50) + 100).sort((a, b) => a - b);
  assertClose(one.t, expect, 1e-9, "one unit");
});

Deno.test("randomisation: a shared rng advances, errors name the input", () => {
  const rng = new RandomState(1);
  const a = jitterTimestamps(group(), 0.1, { rng });
  const b = jitterTimestamps(group(), 0.1, { rng });
  assert(groupTimes(a)[0][0] !== groupTimes(b)[0][0], "the second call drew new numbers");
  const c = jitterTimestamps(group(), 0.1, { seed: 1 });
  assertEquals(groupTimes(c), groupTimes(a));
  assertThrows(
    () => shiftTimestamps(new Tsd({ t: [1, 2], d: [1, 2] }) as unknown as Ts),
    NappleError,
    "should be Ts or TsGroup",
  );
  assertThrows(() => jitterTimestamps(group(), NaN), NappleError, "maxJitter");
  assertThrows(() => resampleTimestamps(group(), { seed: -1 }), NappleError, "seed");
  assertEquals(flat([[1, null]]).length, 2);
});
