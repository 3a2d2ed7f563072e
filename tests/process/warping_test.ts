// warpTensor against pynapple 0.9.2's warp_tensor: spikes counted per trial, series taken as
// they are, bin-averaged or interpolated depending on the trial's sample count.
import { assertClose, assertEquals, assertThrows } from "../assert.ts";
import { seeded } from "../random.ts";
import { NappleError } from "../../lib/errors.ts";
import { IntervalSet } from "../../lib/core/interval_set.ts";
import { Ts, Tsd, TsdFrame } from "../../lib/core/time_series.ts";
import { TsGroup } from "../../lib/core/ts_group.ts";
import { buildTensor, warpTensor } from "../../lib/process/warping.ts";
import { flat, pynappleValues } from "../oracle/client.ts";

const rnd = seeded(21);
const spikes = [0, 1, 2].map(() =>
  Array.from({ length: 80 }, () => Math.round(rnd() * 30e6) / 1e6).sort((a, b) => a - b)
);
const t = Array.from({ length: 300 }, (_, i) => i * 0.1);
const d = t.map(() => [rnd(), rnd() * 5 - 2]);
// trials of 10 samples (exactly numBins), more, and fewer
const ep = { start: [1.0, 5.05, 12.0, 20.0], end: [1.9, 9.0, 12.35, 29.5] };

Deno.test("warpTensor matches pynapple's warp_tensor (TsGroup, Ts, Tsd, TsdFrame)", async () => {
  const ref = await pynappleValues<Record<string, unknown>>(
    `
ep = nap.IntervalSet(start=inp["ep"]["start"], end=inp["ep"]["end"])
g = nap.TsGroup({k: nap.Ts(t=np.array(s)) for k, s in zip([2, 5, 6], inp["spikes"])}, time_support=nap.IntervalSet(0, 30))
f = nap.TsdFrame(t=np.array(inp["t"]), d=np.array(inp["d"]))
out = {"group": nap.warp_tensor(g, ep, 10), "ts": nap.warp_tensor(g[5], ep, 7),
       "tsd": nap.warp_tensor(f[:, 0], ep, 10), "frame": nap.warp_tensor(f, ep, 10)}
`,
    { spikes, t, d, ep },
  );
  const m = new Map<number, Ts>();
  [2, 5, 6].forEach((k, i) => m.set(k, new Ts({ t: spikes[i] })));
  const g = new TsGroup(m, { timeSupport: new IntervalSet({ start: 0, end: 30 }) });
  const e = new IntervalSet(ep);
  const frame = new TsdFrame({ t, d });
  const got = {
    group: warpTensor(g, e, 10),
    ts: warpTensor(g.get(5) as Ts, e, 7),
    tsd: warpTensor(new Tsd({ t, d: d.map((r) => r[0]) }), e, 10),
    frame: warpTensor(frame, e, 10),
  };
  const shapes = { group: [3, 4, 10], ts: [4, 7], tsd: [4, 10], frame: [2, 4, 10] };
  for (const [name, a] of Object.entries(got)) {
    assertEquals([...a.shape], shapes[name as keyof typeof shapes], `${name} shape`);
    assertClose(a.data as Float64Array, flat(ref[name]), 1e-9, name, 1e-12);
  }
});

Deno.test("warpTensor errors", () => {
  const e = new IntervalSet(ep);
  assertThrows(() => warpTensor(new Ts({ t: [1, 2] }), e, 0), NappleError, "numBins");
  assertThrows(() => warpTensor([1] as unknown as Ts, e, 3), NappleError, "input should be");
});

Deno.test("buildTensor matches pynapple's build_tensor (TsGroup, Ts, Tsd, TsdFrame, align end)", async () => {
  const ref = await pynappleValues<Record<string, unknown>>(
    `
ep = nap.IntervalSet(start=inp["ep"]["start"], end=inp["ep"]["end"])
g = nap.TsGroup({k: nap.Ts(t=np.array(s)) for k, s in zip([2, 5, 6], inp["spikes"])}, time_support=nap.IntervalSet(0, 30))
f = nap.TsdFrame(t=np.array(inp["t"]), d=np.array(inp["d"]))
out = {"group": nap.build_tensor(g, ep, 0.5), "ts_end": nap.build_tensor(g[5], ep, 250, align="end", time_unit="ms"),
       "tsd": nap.build_tensor(f[:, 0], ep, padding_value=-1.0), "frame_end": nap.build_tensor(f, ep, align="end")}
`,
    { spikes, t, d, ep },
  );
  const m = new Map<number, Ts>();
  [2, 5, 6].forEach((k, i) => m.set(k, new Ts({ t: spikes[i] })));
  const g = new TsGroup(m, { timeSupport: new IntervalSet({ start: 0, end: 30 }) });
  const e = new IntervalSet(ep);
  const frame = new TsdFrame({ t, d });
  const got = {
    group: buildTensor(g, e, { binSize: 0.5 }),
    ts_end: buildTensor(g.get(5) as Ts, e, { binSize: 250, align: "end", timeUnits: "ms" }),
    tsd: buildTensor(new Tsd({ t, d: d.map((r) => r[0]) }), e, { paddingValue: -1 }),
    frame_end: buildTensor(frame, e, { align: "end" }),
  };
  for (const [name, a] of Object.entries(got)) {
    const r = ref[name];
    assertClose(a.data as Float64Array, flat(r), 1e-12, name);
  }
  assertThrows(() => buildTensor(g, e), NappleError, "binSize should be specified");
});
