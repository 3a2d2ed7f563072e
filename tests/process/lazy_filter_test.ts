// Butter filtering of a lazy series gives a lazy result whose rows, computed on demand from saved
// cascade states, equal the in-memory filter's to the last bit: several epochs, batches that do
// not divide them, random row ranges, column selections and reads into a reused buffer.
import { assertEquals, assertThrows } from "../assert.ts";
import { seeded } from "../random.ts";
import { NappleError } from "../../lib/errors.ts";
import { isLazy } from "../../lib/array/lazy.ts";
import { NDArray } from "../../lib/array/ndarray.ts";
import { memmap } from "../../lib/array/memmap.ts";
import { loadNpy, saveNpy } from "../../lib/io/npz.ts";
import { IntervalSet } from "../../lib/core/interval_set.ts";
import { type BaseTsd, Tsd, TsdFrame } from "../../lib/core/time_series.ts";
import {
  applyBandpassFilter,
  applyBandstopFilter,
  applyHighpassFilter,
  applyLowpassFilter,
  type FilterOptions,
} from "../../lib/process/filtering.ts";
import { FiltfiltLazyArray } from "../../lib/process/lazy_filtfilt.ts";

const rnd = seeded(14);
const FS = 1000;
const N = 5003;
const M = 3;
const t = Float64Array.from({ length: N }, (_, i) => i / FS);
const x = new Float64Array(N * M);
for (let i = 0; i < N; i++) {
  for (let c = 0; c < M; c++) {
    x[i * M + c] = Math.sin(2 * Math.PI * (7 + 20 * c) * t[i]) * (c + 1) + rnd() - 0.5;
  }
}
// four epochs of odd lengths, with rows between them outside the support
const support = new IntervalSet({
  start: [0, 1.1005, 2.5, 4.0],
  end: [0.9993, 2.3, 3.9001, 5.002],
});

const filters: Array<[string, (s: BaseTsd, o: FilterOptions) => BaseTsd]> = [
  ["bandpass", (s, o) => applyBandpassFilter(s, [10, 30], o)],
  ["bandstop", (s, o) => applyBandstopFilter(s, [40, 80], { ...o, order: 5 })],
  ["highpass", (s, o) => applyHighpassFilter(s, 15, { ...o, order: 3 })],
  ["lowpass", (s, o) => applyLowpassFilter(s, 25, o)],
];

function bits(a: ArrayLike<number>): number[] {
  return Array.from(a, (v) => Object.is(v, -0) ? -0 : v);
}

/** Every row, then random ranges (some crossing epochs and batches) against the in-memory rows. */
function checkRows(name: string, lazy: FiltfiltLazyArray, full: NDArray, m: number): void {
  const whole = lazy.readRows(0, N);
  assertEquals(whole.dtype, full.dtype, name);
  assertEquals(bits(whole.data as Float64Array), bits(full.data as Float64Array), `${name} all`);
  const r = seeded(name.length * 31);
  const scratch = new ArrayBuffer(N * m * 8);
  for (let k = 0; k < 25; k++) {
    const a = Math.floor(r() * N), b = Math.min(N, a + 1 + Math.floor(r() * 1500));
    const want = bits((full.data as Float64Array).subarray(a * m, b * m));
    assertEquals(bits(lazy.readRows(a, b).data as Float64Array), want, `${name} [${a}, ${b})`);
    const into = lazy.readRowsInto(a, b, scratch);
    assertEquals(bits(into.data as Float64Array), want, `${name} into [${a}, ${b})`);
  }
  if (m > 1) {
    const cols = lazy.readRows(1000, 3100, [2, 0]);
    assertEquals(
      bits(cols.data as Float64Array),
      bits(full.sliceRows(1000, 3100).takeColumns([2, 0]).data as Float64Array),
      `${name} columns`,
    );
  }
}

Deno.test("lazy npy input: the lazy result equals the in-memory filter bit for bit", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const path = saveNpy(`${dir}/x.npy`, new NDArray(x, [N, M]));
    const lazySrc = loadNpy(path, { lazy: true });
    assertEquals(isLazy(lazySrc), true);
    const memory = new TsdFrame({ t, d: new NDArray(x, [N, M]), timeSupport: support });
    const lazy = new TsdFrame({ t, d: lazySrc as NDArray, timeSupport: support });
    for (const [name, f] of filters) {
      const full = f(memory, {}).toNDArray();
      // 97 rows per batch: no epoch is a multiple of it
      const out = f(lazy, { batchSize: 97 * M * 8, progress: false });
      assertEquals(out.isLazy, true, name);
      assertEquals(out.t, memory.t);
      assertEquals(out.timeSupport.start, support.start);
      const rows = out.values as FiltfiltLazyArray;
      assertEquals(rows instanceof FiltfiltLazyArray, true);
      checkRows(name, rows, full, M);
      // through the series' own API
      const ep = new IntervalSet({ start: 1.5, end: 4.2 });
      assertEquals(
        bits(out.restrict(ep).toNDArray().data as Float64Array),
        bits(f(memory, {}).restrict(ep).toNDArray().data as Float64Array),
        `${name} restrict`,
      );
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("lazy float32 memmap and 1-D inputs: float32 and float64 lazy results equal in memory", () => {
  const file = Deno.makeTempFileSync({ suffix: ".bin" });
  try {
    const x32 = Float32Array.from(x);
    Deno.writeFileSync(file, new Uint8Array(x32.buffer));
    const memory = new TsdFrame({
      t,
      d: new NDArray(x32, [N, M], "float32"),
      timeSupport: support,
    });
    const lazy = new TsdFrame({
      t,
      d: memmap(file, { dtype: "float32", shape: [N, M], mode: "r" }),
      timeSupport: support,
    });
    for (const [name, f] of filters) {
      const full = f(memory, {}).toNDArray();
      assertEquals(full.dtype, "float32");
      const out = f(lazy, { batchSize: 61 * M * 8, progress: false });
      checkRows(`float32 ${name}`, out.values as FiltfiltLazyArray, full, M);
    }
    // one column, 1-D, a default batch larger than the whole series
    const col = Float64Array.from({ length: N }, (_, i) => x[i * M + 1]);
    const memory1 = new Tsd({ t, d: col, timeSupport: support });
    const path = saveNpy(`${file}.npy`, col);
    const lazy1 = new Tsd({ t, d: loadNpy(path, { lazy: true }) as NDArray, timeSupport: support });
    for (const [name, f] of filters) {
      const out = f(lazy1, { progress: false });
      assertEquals(out.isLazy, true);
      checkRows(`1-D ${name}`, out.values as FiltfiltLazyArray, f(memory1, {}).toNDArray(), 1);
    }
    Deno.removeSync(path);
  } finally {
    Deno.removeSync(file);
  }
});

Deno.test("lazy input: NaN and too-short epochs are refused when filtering, as in memory", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const y = x.slice();
    y[4000 * M + 1] = NaN;
    const path = saveNpy(`${dir}/nan.npy`, new NDArray(y, [N, M]));
    const lazy = new TsdFrame({ t, d: loadNpy(path, { lazy: true }) as NDArray });
    assertThrows(
      () => applyBandpassFilter(lazy, [10, 30], { progress: false }),
      NappleError,
      "NaN",
    );
    const short = new TsdFrame({
      t,
      d: loadNpy(saveNpy(`${dir}/x.npy`, new NDArray(x, [N, M])), { lazy: true }) as NDArray,
      timeSupport: new IntervalSet({ start: [0, 2], end: [1, 2.01] }),
    });
    assertThrows(
      () => applyBandpassFilter(short, [10, 30], { progress: false }),
      NappleError,
      "too short",
    );
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("in-memory input keeps an in-memory result", () => {
  const memory = new TsdFrame({ t, d: new NDArray(x, [N, M]), timeSupport: support });
  assertEquals(applyBandpassFilter(memory, [10, 30]).isLazy, false);
});
