// Streaming reductions over raw files read every batch into one reused buffer
// (LazyArray.readRowsInto): the batches a loop sees share one ArrayBuffer, the values are those
// of readRows, and a time support that keeps several ranges of the file still reads correctly.
import { assert, assertArrayAlmostEquals, assertEquals, withTempDir } from "../assert.ts";
import { memmap } from "../../lib/array/memmap.ts";
import { NDArray } from "../../lib/array/ndarray.ts";
import { getBatchSize, setBatchSize } from "../../lib/array/batch_size.ts";
import { loadNpy, saveNpy } from "../../lib/io/npz.ts";
import { eachBatch } from "../../lib/core/store.ts";
import { TsdFrame } from "../../lib/core/time_series.ts";
import { IntervalSet } from "../../lib/core/interval_set.ts";
import type { LazyArray } from "../../lib/array/lazy.ts";

const ROWS = 1000, COLS = 3;

function int16Values(): Int16Array {
  return Int16Array.from({ length: ROWS * COLS }, (_, i) => ((i * 7919) % 2001) - 1000);
}

function withBatchRows<T>(rows: number, fn: () => T): T {
  const before = getBatchSize();
  setBatchSize(rows * COLS * 8); // eachBatch sizes batches as float64 rows
  try {
    return fn();
  } finally {
    setBatchSize(before);
  }
}

/** The buffers and values of the batches eachBatch gives with `reuse`. */
function batches(store: LazyArray): { buffers: Set<ArrayBufferLike>; values: number[] } {
  const buffers = new Set<ArrayBufferLike>();
  const values: number[] = [];
  eachBatch(store, (rows) => {
    buffers.add(rows.data.buffer);
    values.push(...Array.from(rows.data as Int16Array));
  }, true);
  return { buffers, values };
}

Deno.test("memmap and npy batches are read into one reused buffer, with readRows' values", () => {
  withTempDir((dir) => {
    const d = int16Values();
    Deno.writeFileSync(`${dir}/x.dat`, new Uint8Array(d.buffer));
    saveNpy(`${dir}/x.npy`, new NDArray(d, [ROWS, COLS]));
    const mm = memmap(`${dir}/x.dat`, { dtype: "int16", mode: "r", shape: [ROWS, COLS] });
    const npy = loadNpy(`${dir}/x.npy`, { lazy: true }) as LazyArray;
    for (const store of [mm, npy]) {
      const { buffers, values } = withBatchRows(64, () => batches(store));
      assertEquals(
        buffers.size,
        1,
        `${store.source}: one buffer for ${Math.ceil(ROWS / 64)} batches`,
      );
      assertEquals(values, Array.from(d));
      // without reuse each batch is its own memory (callers may keep it)
      const fresh = new Set<ArrayBufferLike>();
      withBatchRows(64, () => eachBatch(store, (rows) => fresh.add(rows.data.buffer)));
      assertEquals(fresh.size, Math.ceil(ROWS / 64));
    }
  });
});

Deno.test("reductions over a memmap seen through a time support (several file ranges) equal the in-memory ones", () => {
  withTempDir((dir) => {
    const d = int16Values();
    Deno.writeFileSync(`${dir}/x.dat`, new Uint8Array(d.buffer));
    const t = Float64Array.from({ length: ROWS }, (_, i) => i / 100);
    const ep = new IntervalSet({ start: [0.5, 3, 7.2], end: [2.2, 6.1, 9.0] });
    // a time support given to the constructor keeps the data lazy (restrict() loads it)
    const lazy = new TsdFrame({
      t,
      d: memmap(`${dir}/x.dat`, { dtype: "int16", mode: "r", shape: [ROWS, COLS] }),
      timeSupport: ep,
    });
    const mem = new TsdFrame({
      t,
      d: new NDArray(Float64Array.from(d), [ROWS, COLS]),
      timeSupport: ep,
    });
    assert(lazy.isLazy);
    withBatchRows(50, () => {
      const runs = {
        mean: (f: TsdFrame) => f.mean(0),
        std: (f: TsdFrame) => f.std(0),
        max: (f: TsdFrame) => f.max(0),
        argmin: (f: TsdFrame) => f.argmin(0),
        nanmean: (f: TsdFrame) => f.nanmean(0),
      };
      for (const [fn, run] of Object.entries(runs)) {
        assertArrayAlmostEquals(run(lazy) as Float64Array, run(mem) as Float64Array, 1e-12, fn);
      }
      assertArrayAlmostEquals(lazy.add(1).toNumbers(), mem.add(1).toNumbers(), 0, "add");
    });
  });
});
