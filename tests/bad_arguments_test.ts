// Bad arguments get a NappleError, never a raw TypeError or RangeError: every public function
// and the main methods, called with null, undefined, strings, NaN, negative or fractional
// numbers, empty objects and arrays where they expect something else.
import { assert } from "./assert.ts";
import * as nap from "../mod.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

const tsd = new nap.Tsd({ t: [0, 1, 2, 3], d: [1, 2, 3, 4] });
const frame = new nap.TsdFrame({ t: [0, 1, 2], d: [[1, 2], [3, 4], [5, 6]], columns: ["a", "b"] });
const group = new nap.TsGroup({ 0: new nap.Ts({ t: [0.5, 1.5] }), 1: new nap.Ts({ t: [1, 2] }) });
const ep = new nap.IntervalSet({ start: [0], end: [3] });
const bads: unknown[] = [
  null,
  undefined,
  "x",
  NaN,
  -1,
  {},
  [],
  [[1]],
  Infinity,
  1.5,
  true,
  new Float64Array(0),
];
const calls: [string, (b: Any) => unknown][] = [
  ["tsd.restrict", (b) => tsd.restrict(b)],
  ["tsd.get", (b) => tsd.get(b)],
  ["tsd.get2", (b) => tsd.get(0, b)],
  ["tsd.count", (b) => tsd.count(b)],
  ["tsd.binAverage", (b) => tsd.binAverage(b)],
  ["tsd.threshold", (b) => tsd.threshold(b)],
  ["tsd.smooth", (b) => tsd.smooth(b)],
  ["tsd.convolve", (b) => tsd.convolve(b)],
  ["tsd.interpolate", (b) => tsd.interpolate(b)],
  ["tsd.valueFrom", (b) => new nap.Ts({ t: [1] }).valueFrom(b)],
  ["tsd.decimate", (b) => tsd.decimate(b)],
  ["tsd.add", (b) => tsd.add(b)],
  ["tsd.mean", (b) => tsd.mean(b)],
  ["tsd.at", (b) => tsd.at(b)],
  ["tsd.slice", (b) => tsd.slice(b, 2)],
  ["tsd.take", (b) => tsd.take(b)],
  ["tsd.mask", (b) => tsd.mask(b)],
  ["tsd.fillna", (b) => tsd.fillna(b)],
  ["tsd.derivative", (b) => tsd.derivative(b)],
  ["tsd.toTrialTensor", (b) => tsd.toTrialTensor(b)],
  ["tsd.getSlice", (b) => tsd.getSlice(b)],
  ["tsd.timeDiff", (b) => tsd.timeDiff(b)],
  ["frame.column", (b) => frame.column(b)],
  ["frame.selectColumns", (b) => frame.selectColumns(b)],
  ["frame.setInfo", (b) => frame.setInfo(b)],
  ["frame.groupby", (b) => frame.groupby(b)],
  ["frame.join", (b) => frame.join(b)],
  ["frame.drop", (b) => frame.drop(b)],
  ["group.get", (b) => group.get(b)],
  ["group.count", (b) => group.count(b)],
  ["group.restrict", (b) => group.restrict(b)],
  ["group.getbyThreshold", (b) => group.getbyThreshold(b, 1)],
  ["group.setInfo", (b) => group.setInfo(b)],
  ["group.toTsd", (b) => group.toTsd(b)],
  ["group.trialCount", (b) => group.trialCount(b, 1)],
  ["ep.intersect", (b) => ep.intersect(b)],
  ["ep.union", (b) => ep.union(b)],
  ["ep.split", (b) => ep.split(b)],
  ["ep.dropShortIntervals", (b) => ep.dropShortIntervals(b)],
  ["ep.mergeCloseIntervals", (b) => ep.mergeCloseIntervals(b)],
  ["ep.inInterval", (b) => ep.inInterval(b)],
  ["new Tsd", (b) => new nap.Tsd(b)],
  ["new Tsd t", (b) => new nap.Tsd({ t: b, d: [1] })],
  ["new TsdFrame d", (b) => new nap.TsdFrame({ t: [0], d: b })],
  ["new TsGroup", (b) => new nap.TsGroup(b)],
  ["new IntervalSet", (b) => new nap.IntervalSet(b)],
  ["new IntervalSet start", (b) => new nap.IntervalSet({ start: b, end: [1] })],
  ["tc1d", (b) => nap.compute1dTuningCurves(group, b, 4)],
  ["tc1d nb", (b) => nap.compute1dTuningCurves(group, tsd, b)],
  ["acg", (b) => nap.computeAutocorrelogram(group, b, 1)],
  ["ccg", (b) => nap.computeCrosscorrelogram(b, 0.1, 1)],
  ["eta", (b) => nap.computeEventTriggerAverage(group, tsd, b, [0, 1])],
  ["perievent", (b) => nap.computePerievent(tsd, b, [0, 1])],
  ["perieventContinuous", (b) => nap.computePerieventContinuous(tsd, new nap.Ts({ t: [1] }), b)],
  ["mpsd", (b) => nap.computeMeanPowerSpectralDensity(tsd, b)],
  ["decode2d", (b) => nap.decode2d(b, group, ep, 0.1)],
  ["warpTensor", (b) => nap.warpTensor(tsd, ep, b)],
  ["isi", (b) => nap.computeIsiDistribution(b)],
  ["tc2d", (b) => nap.compute2dTuningCurves(group, frame, b)],
  ["mi1d", (b) => nap.compute1dMutualInfo(b, tsd)],
  ["discrete", (b) => nap.computeDiscreteTuningCurves(group, b)],
  ["psd", (b) => nap.computePowerSpectralDensity(tsd, b)],
  ["fft", (b) => nap.computeFft(b)],
  ["bandpass", (b) => nap.applyBandpassFilter(tsd, b)],
  ["lowpass", (b) => nap.applyLowpassFilter(tsd, b)],
  ["wavelet", (b) => nap.computeWaveletTransform(tsd, b)],
  ["decode1d", (b) => nap.decode1d(b, group, ep, 0.1)],
  ["shift", (b) => nap.shiftTimestamps(group, b)],
  ["jitter", (b) => nap.jitterTimestamps(group, b)],
  ["buildTensor", (b) => nap.buildTensor(group, b)],
  ["loadFile", (b) => nap.loadFile(b)],
  ["loadFolder", (b) => nap.loadFolder(b)],
  ["memmap", (b) => nap.memmap(b)],
  ["plot", (b) => nap.plot(b)],
];

Deno.test("bad arguments give NappleErrors, never raw JS errors", async () => {
  const raw: string[] = [];
  for (const [name, f] of calls) {
    for (const b of bads) {
      const report = (e: unknown) => {
        if (!(e instanceof nap.NappleError)) {
          raw.push(
            `${name}(${Deno.inspect(b)}): ${(e as Error)?.constructor?.name}: ${
              (e as Error)?.message
            }`,
          );
        }
      };
      try {
        const r = f(b);
        if (r instanceof Promise) await r.catch(report);
      } catch (e) {
        report(e);
      }
    }
  }
  assert(raw.length === 0, raw.join("\n"));
});
