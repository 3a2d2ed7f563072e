// restrict / get on a 10M-sample Tsd against plain typed-array operations on the same ranges,
// measured in the same run: `Float64Array.subarray` (a view, the floor for any range lookup) and
// `Float64Array.slice` (a copy, what a restrict that returns fresh arrays must at least pay).
import { IntervalSet, lowerBound, Ts, Tsd, TsGroup, upperBound } from "./core_bench_deps.ts";

const N = 10_000_000;
const RATE = 1000; // Hz: t spans 10,000 s

function time(label: string, reps: number, fn: () => unknown): number {
  for (let i = 0; i < Math.min(3, reps); i++) fn(); // warm-up
  const t0 = performance.now();
  let sink = 0;
  for (let i = 0; i < reps; i++) sink += (fn() as { length?: number })?.length ?? 0;
  const per = (performance.now() - t0) / reps;
  if (sink < 0) console.log(sink);
  console.log(`  ${label.padEnd(44)} ${fmt(per)} per call`);
  return per;
}

function fmt(ms: number): string {
  return ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(1)} µs`;
}

function ratio(label: string, ours: number, base: number) {
  console.log(`  ratio ${label.padEnd(38)} ${(ours / base).toFixed(1)}×`);
}

const t = new Float64Array(N);
const d = new Float64Array(N);
for (let i = 0; i < N; i++) {
  t[i] = i / RATE;
  d[i] = Math.sin(i / 1000);
}
const c0 = performance.now();
const tsd = new Tsd({ t, d });
console.log(
  `construct Tsd of ${N} samples (rounding + sort check): ${fmt(performance.now() - c0)}`,
);

// one interval holding 10% of the samples
const a = 2000;
const b = 2999.999;
const one = new IntervalSet({ start: [a], end: [b] });
console.log(`\nrestrict to one interval (${Math.round((b - a) * RATE) + 1} rows)`);
const rOne = time("tsd.restrict(ep)", 10, () => tsd.restrict(one));
const sOne = time("t.subarray + d.subarray (views)", 10, () => {
  const i = lowerBound(t, a);
  const j = upperBound(t, b);
  return [t.subarray(i, j), d.subarray(i, j)];
});
const cOne = time("t.slice + d.slice (copies)", 10, () => {
  const i = lowerBound(t, a);
  const j = upperBound(t, b);
  return [t.slice(i, j), d.slice(i, j)];
});
ratio("restrict / subarray", rOne, sOne);
ratio("restrict / slice", rOne, cOne);

// 1000 short intervals of 1 s each (1001 rows each)
const starts = Array.from({ length: 1000 }, (_, k) => k * 10);
const many = new IntervalSet({ start: starts, end: starts.map((s) => s + 1) });
console.log(`\nrestrict to 1000 intervals (${1000 * (RATE + 1)} rows)`);
const rMany = time("tsd.restrict(ep)", 10, () => tsd.restrict(many));
const sMany = time("1000 × subarray pairs", 10, () => {
  const out = [];
  for (let k = 0; k < many.length; k++) {
    const i = lowerBound(t, many.start[k]);
    const j = upperBound(t, many.end[k]);
    out.push(t.subarray(i, j), d.subarray(i, j));
  }
  return out;
});
const cMany = time("1000 × slice pairs", 10, () => {
  const out = [];
  for (let k = 0; k < many.length; k++) {
    const i = lowerBound(t, many.start[k]);
    const j = upperBound(t, many.end[k]);
    out.push(t.slice(i, j), d.slice(i, j));
  }
  return out;
});
ratio("restrict / subarray", rMany, sMany);
ratio("restrict / slice", rMany, cMany);

console.log("\nget(start, end) on 1 s (1001 rows, views as pynapple's slicing)");
const gRange = time("tsd.get(a, a + 1)", 2000, () => tsd.get(5000, 5001));
const sRange = time("t.subarray + d.subarray", 2000, () => {
  const i = lowerBound(t, 5000);
  const j = upperBound(t, 5001);
  return [t.subarray(i, j), d.subarray(i, j)];
});
ratio("get(a, b) / subarray", gRange, sRange);

console.log("\nget(time): nearest sample");
const gOne = time("tsd.get(x)", 20000, () => [tsd.get(1234.5678)]);
const sOneS = time("binary search + d[i]", 20000, () => [d[lowerBound(t, 1234.5678)]]);
ratio("get(x) / binary search", gOne, sOneS);

// TsGroup.count: 200 units × 5000 spikes in 10 ms bins over 1000 s (100k bins × 200 columns),
// against a plain histogram loop (floor((t - start) / binSize)) into a Float64Array
console.log("\nTsGroup.count(0.01): 200 units × 5000 spikes, 1000 s");
let seed = 1;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const trains = Array.from({ length: 200 }, () => {
  const a = new Float64Array(5000);
  for (let i = 0; i < a.length; i++) a[i] = rand() * 1000;
  return a.sort();
});
const group = new TsGroup(Object.fromEntries(trains.map((a, k) => [k, new Ts({ t: a })])), {
  timeSupport: new IntervalSet({ start: 0, end: 1000 }),
});
const gCount = time("group.count(0.01) (int64 TsdFrame)", 5, () => group.count(0.01));
const hCount = time("plain histogram loop (float64)", 5, () => {
  const out = new Float64Array(100_000 * 200);
  trains.forEach((a, j) => {
    for (let i = 0; i < a.length; i++) out[Math.floor(a[i] / 0.01) * 200 + j]++;
  });
  return out;
});
ratio("count / histogram loop", gCount, hCount);
