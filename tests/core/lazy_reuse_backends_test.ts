// The lazy backends beyond memmap, npy and NWB read streamed batches into the loop's reused buffer
// too (LazyArray.readRowsInto): zarr arrays, column views of lazy frames (column, selectColumns)
// and channel selections of raw binary files. For each: readRowsInto gives readRows' rows over
// random ranges, the batches of a streaming loop share one buffer, and streamed reductions equal
// the in-memory ones.
import { assert, assertArrayAlmostEquals, assertEquals, withTempDir } from "../assert.ts";
import { memmap } from "../../lib/array/memmap.ts";
import { NDArray } from "../../lib/array/ndarray.ts";
import { getBatchSize, setBatchSize } from "../../lib/array/batch_size.ts";
import { openZarrSync, writeZarr } from "../../lib/array/zarr.ts";
import type { LazyArray } from "../../lib/array/lazy.ts";
import { eachBatch } from "../../lib/core/store.ts";
import { type Tsd, TsdFrame } from "../../lib/core/time_series.ts";
import { loadBinaryFile } from "../../lib/io/binary.ts";
import { Rng } from "../oracle/gen.ts";
import { forEachBatch } from "../../lib/process/batching.ts";

const ROWS = 1000, COLS = 5;

function int16Values(): Int16Array {
  return Int16Array.from({ length: ROWS * COLS }, (_, i) => ((i * 7919) % 2001) - 1000);
}

function withBatchRows<T>(rows: number, cols: number, fn: () => T): T {
  const before = getBatchSize();
  setBatchSize(rows * cols * 8); // eachBatch sizes batches as float64 rows
  try {
    return fn();
  } finally {
    setBatchSize(before);
  }
}

/** readRowsInto equals readRows on random ranges (some past the end, some empty). */
function checkIntoEqualsRows(store: LazyArray, r: Rng, inScratch = true): void {
  assert(store.readRowsInto, `${store.source} has readRowsInto`);
  const n = store.shape[0];
  const rowElems = store.shape.slice(1).reduce((a, b) => a * b, 1);
  const scratch = new ArrayBuffer(n * rowElems * 8);
  for (let k = 0; k < 40; k++) {
    const a = r.int(0, n);
    const b = r.bool(0.1) ? a : Math.min(n + 5, a + r.int(1, 300));
    const into = store.readRowsInto(a, b, scratch);
    const rows = store.readRows(a, b);
    assertEquals(into.shape, rows.shape, `${store.source} [${a}, ${b})`);
    assertEquals(
      Array.from(into.data as Int16Array),
      Array.from(rows.data as Int16Array),
      `${store.source} [${a}, ${b})`,
    );
    if (into.data.length && inScratch) assert(into.data.buffer === scratch, "rows in the scratch");
  }
}

/** The buffers of the batches eachBatch gives with `reuse`, and their values. */
function batches(store: LazyArray): { buffers: Set<ArrayBufferLike>; values: number[] } {
  const buffers = new Set<ArrayBufferLike>();
  const values: number[] = [];
  eachBatch(store, (rows) => {
    buffers.add(rows.data.buffer);
    values.push(...Array.from(rows.data as Int16Array));
  }, true);
  return { buffers, values };
}

/** Streams `store` in 64-row batches: one buffer, readRows' values; reductions equal memory's. */
function checkStreaming(lazy: TsdFrame | Tsd, mem: TsdFrame | Tsd): void {
  const store = lazy.values as LazyArray;
  const cols = store.shape[1] ?? 1;
  withBatchRows(64, cols, () => {
    const { buffers, values } = batches(store);
    assertEquals(
      buffers.size,
      1,
      `${store.source}: one buffer for ${Math.ceil(ROWS / 64)} batches`,
    );
    assertEquals(values, Array.from(store.readRows(0, ROWS).data as Int16Array));
    const runs: Record<string, (x: TsdFrame | Tsd) => unknown> = {
      mean: (x) => x.mean(0),
      std: (x) => x.std(0),
      max: (x) => x.max(0),
      nanmean: (x) => x.nanmean(0),
    };
    for (const [fn, run] of Object.entries(runs)) {
      const [a, b] = [run(lazy), run(mem)];
      const arr = (v: unknown) => typeof v === "number" ? [v] : Array.from(v as Float64Array);
      assertArrayAlmostEquals(arr(a), arr(b), 1e-12, `${store.source} ${fn}`);
    }
  });
}

const t = Float64Array.from({ length: ROWS }, (_, i) => i / 100);

Deno.test("zarr arrays stream into one reused buffer (missing chunks filled), as readRows reads them", async () => {
  await withTempDir(async (dir) => {
    const d = int16Values();
    await writeZarr(`${dir}/x.zarr`, new NDArray(d, [ROWS, COLS]), { chunks: [70, 2] });
    const z = openZarrSync(`${dir}/x.zarr`);
    checkIntoEqualsRows(z, new Rng(1));
    checkStreaming(
      new TsdFrame({ t, d: z }),
      new TsdFrame({ t, d: new NDArray(Float64Array.from(d), [ROWS, COLS]) }),
    );
    // column views: over whole-row chunks they stream into the scratch; over column chunks a
    // narrow view reads only its chunks (readRows), with the same values
    const mem = new TsdFrame({ t, d: new NDArray(Float64Array.from(d), [ROWS, COLS]) });
    await writeZarr(`${dir}/rows.zarr`, new NDArray(d, [ROWS, COLS]), { chunks: [70, COLS] });
    const byRows = new TsdFrame({ t, d: openZarrSync(`${dir}/rows.zarr`) }).selectColumns([3, 1]);
    checkIntoEqualsRows(byRows.values as LazyArray, new Rng(4));
    checkStreaming(byRows, mem.selectColumns([3, 1]));
    const narrow = new TsdFrame({ t, d: z }).column(4);
    checkIntoEqualsRows(narrow.values as LazyArray, new Rng(5), false);
    // a chunk never written reads as the fill value, also after a batch that had data there
    Deno.removeSync(`${dir}/x.zarr/c/1/0`);
    const z2 = openZarrSync(`${dir}/x.zarr`);
    const scratch = new ArrayBuffer(ROWS * COLS * 2);
    z2.readRowsInto!(0, 200, scratch);
    assertEquals(
      Array.from(z2.readRowsInto!(70, 140, scratch).data as Int16Array),
      Array.from(z2.readRows(70, 140).data as Int16Array),
    );
    assertEquals(Array.from(z2.readRows(70, 71).data as Int16Array).slice(0, 2), [0, 0]);
  });
});

Deno.test("column views and selectColumns of lazy frames stream into one reused buffer", () => {
  withTempDir((dir) => {
    const d = int16Values();
    Deno.writeFileSync(`${dir}/x.dat`, new Uint8Array(d.buffer));
    const lazy = new TsdFrame({
      t,
      d: memmap(`${dir}/x.dat`, { dtype: "int16", mode: "r", shape: [ROWS, COLS] }),
    });
    const mem = new TsdFrame({ t, d: new NDArray(Float64Array.from(d), [ROWS, COLS]) });
    const r = new Rng(2);
    for (const cols of [[3], [4, 0], [1, 2, 3], [2, 0]]) {
      const view = lazy.selectColumns(cols);
      assert(view.isLazy, "the selection stays lazy");
      checkIntoEqualsRows(view.values as LazyArray, r);
      checkStreaming(view, mem.selectColumns(cols));
    }
    const one = lazy.column(3);
    checkIntoEqualsRows(one.values as LazyArray, r);
    checkStreaming(one, mem.column(3));
  });
});

Deno.test("channel selections of raw binary files stream into one reused buffer", () => {
  withTempDir((dir) => {
    const d = int16Values();
    Deno.writeFileSync(`${dir}/x.dat`, new Uint8Array(d.buffer));
    const all = new NDArray(Float64Array.from(d), [ROWS, COLS]);
    const mem = new TsdFrame({
      t: Float64Array.from({ length: ROWS }, (_, i) => i / 1000),
      d: all,
    });
    const r = new Rng(3);
    for (const channel of [[4, 1], [0, 1, 2], 2]) {
      const lazy = loadBinaryFile(`${dir}/x.dat`, { nChannels: COLS, frequency: 1000, channel });
      assert(lazy.isLazy, "the selection stays lazy");
      checkIntoEqualsRows(lazy.values as LazyArray, r);
      const expected = typeof channel === "number"
        ? mem.column(channel)
        : mem.selectColumns(channel);
      checkStreaming(lazy, expected);
    }
  });
});

Deno.test("the analysis functions' batch reader reads lazy pieces into one reused buffer, with readRows' values", () => {
  withTempDir((dir) => {
    // 6 MB of int16 rows: more than one 4 MiB read piece
    const rows = 1_000_000, cols = 3;
    const d = Int16Array.from({ length: rows * cols }, (_, i) => ((i * 7919) % 2001) - 1000);
    Deno.writeFileSync(`${dir}/big.dat`, new Uint8Array(d.buffer));
    const mm = memmap(`${dir}/big.dat`, { dtype: "int16", mode: "r", shape: [rows, cols] });
    const buffers = new Set<ArrayBufferLike>();
    const into = mm.readRowsInto.bind(mm);
    mm.readRowsInto = (a, b, scratch) => {
      buffers.add(scratch);
      return into(a, b, scratch);
    };
    const ranges: [number, number][] = [[10, 400_000], [500_000, 999_990]];
    let at = 0;
    let same = true;
    forEachBatch(mm, ranges, (data) => {
      for (let i = 0; i < data.length; i++) {
        const row = at + Math.floor(i / cols);
        const fileRow = row < 399_990 ? row + 10 : row - 399_990 + 500_000;
        if (data[i] !== d[fileRow * cols + (i % cols)]) same = false;
      }
      at += data.length / cols;
    });
    assert(same, "the batches hold the file's values");
    assertEquals(at, 399_990 + 499_990);
    assertEquals(buffers.size, 1, "one piece buffer");
    // a column view reads whole rows in 4 MiB pieces: a range over several pieces
    const t = Float64Array.from({ length: rows }, (_, i) => i);
    const view = new TsdFrame({ t, d: mm }).selectColumns([2, 0]).values as LazyArray;
    const scratch = new ArrayBuffer(rows * 2 * 2);
    const got = view.readRowsInto!(5, rows - 3, scratch);
    assert(got.data.buffer === scratch);
    assertEquals(
      Array.from(got.data as Int16Array),
      Array.from(view.readRows(5, rows - 3).data as Int16Array),
    );
  });
});
