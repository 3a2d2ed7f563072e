/**
 * Laziness: opening reads no dataset; a lazy series reads only the rows `get` / `restrict`
 * need, in one hyperslab read per interval; `lazyLoading: false` reads at access.
 */
import { assert, assertEquals, TESTDATA } from "../../assert.ts";
import { NWBFile } from "../../../lib/io/nwb/nwbfile.ts";
import { Hdf5LazyArray, setHdf5BatchBytes } from "../../../lib/io/nwb/hdf5_lazy.ts";
import { h5module } from "../../../lib/io/nwb/h5.ts";
import { isLazy } from "../../../lib/array/lazy.ts";
import { IntervalSet } from "../../../lib/core/interval_set.ts";
import { TsdFrame } from "../../../lib/core/time_series.ts";
import { eachBatch } from "../../../lib/core/store.ts";
import { getBatchSize, setBatchSize } from "../../../lib/array/batch_size.ts";

/** Counts dataset reads reaching HDF5 (any dataset, any caller) while `fn` runs. */
function countReads<T>(fn: () => T): { result: T; reads: string[] } {
  const M = h5module() as unknown as Record<string, (...a: unknown[]) => unknown>;
  const original = M.get_dataset_data;
  const reads: string[] = [];
  M.get_dataset_data = (...a: unknown[]) => {
    reads.push(String(a[1]));
    return original(...a);
  };
  try {
    return { result: fn(), reads };
  } finally {
    M.get_dataset_data = original;
  }
}

Deno.test("nwb lazy: open reads no dataset; get(a, b) reads only its rows", () => {
  const { result: nwb, reads: atOpen } = countReads(() =>
    new NWBFile(`${TESTDATA}nwb/ecephys_gzip_chunked.nwb`)
  );
  try {
    assertEquals(atOpen, [], "no dataset read at open");
    // ElectricalSeries has starting_time + rate: building it reads the scalar start and, for
    // the column labels, the electrode region and the electrode ids; never the data
    const { result: es, reads: atGet } = countReads(() => nwb.get("ElectricalSeries") as TsdFrame);
    assertEquals(atGet, [
      "/acquisition/ElectricalSeries/starting_time",
      "/acquisition/ElectricalSeries/electrodes",
      "/general/extracellular_ephys/electrodes/id",
    ]);
    const lazy = es.values;
    assert(lazy instanceof Hdf5LazyArray && isLazy(lazy), "values stays a LazyArray");
    assertEquals(lazy.stats, { reads: 0, bytesRead: 0 });
    const { result: part, reads } = countReads(() => es.get(2, 3));
    // 1 kHz, gzip chunks of 1000 rows x 8 float32: [2, 3] holds rows 2000..3000, read as one
    // hyperslab of whole chunks [2000, 3000) plus the chunk holding row 3000, which HDF5 must
    // decompress whole anyway and which is kept for a sequential reader
    assertEquals(reads, [
      "/acquisition/ElectricalSeries/data",
      "/acquisition/ElectricalSeries/data",
    ]);
    assertEquals([...part.shape], [1001, 8]);
    assertEquals(lazy.stats, { reads: 2, bytesRead: 2000 * 8 * 4 });
    const { result: next, reads: nextReads } = countReads(() => es.get(3.001, 3.5));
    assertEquals(nextReads, [], "the rest of a decoded chunk comes from memory");
    assertEquals(next.toNDArray().get(0, 3), lazy.readRows(3001, 3002).get(0, 3));
    // restrict to two intervals: one read per interval
    const before = lazy.stats.reads;
    const r = es.restrict(new IntervalSet({ start: [1, 10], end: [1.0095, 10.0045] }));
    const rows = r.toNDArray();
    assertEquals(rows.shape[0], 10 + 5);
    assertEquals(lazy.stats.reads - before, 2);
    // the lfp timestamps are a dataset: read once, at get
    const { reads: lfpReads } = countReads(() => nwb.get("lfp"));
    assert(lfpReads.includes("/processing/ecephys/LFP/lfp/timestamps"));
    assert(!lfpReads.includes("/processing/ecephys/LFP/lfp/data"));
  } finally {
    nwb.close();
  }
});

Deno.test("nwb lazy: lazyLoading false reads data at access; values equal the lazy ones", () => {
  using lazy = new NWBFile(`${TESTDATA}nwb/ecephys_gzip_chunked.nwb`);
  using eager = new NWBFile(`${TESTDATA}nwb/ecephys_gzip_chunked.nwb`, { lazyLoading: false });
  const a = lazy.get("lfp") as TsdFrame;
  const { result: b, reads } = countReads(() => eager.get("lfp") as TsdFrame);
  assert(reads.includes("/processing/ecephys/LFP/lfp/data"));
  assert(!isLazy(b.values) && isLazy(a.values));
  const av = (a.values as Hdf5LazyArray).readRows(0, a.length);
  assertEquals(Array.from(av.data as Float64Array), Array.from(b.toNDArray().data as Float64Array));
  assertEquals([...a.columns], [...b.columns]);
});

Deno.test("nwb lazy: reads are split into batches beyond the batch size, same result", () => {
  using nwb = new NWBFile(`${TESTDATA}nwb/ecephys_gzip_chunked.nwb`);
  const es = nwb.get("ElectricalSeries") as TsdFrame;
  const lazy = es.values as Hdf5LazyArray;
  const whole = lazy.readRows(100, 5100);
  const previous = setHdf5BatchBytes(32 * 1000); // 1000 rows of 8 float32
  try {
    const before = lazy.stats.reads;
    const batched = lazy.readRows(100, 5100);
    // batches end on chunk boundaries (chunks of 1000 rows): [100, 1000), [1000, 2000), ...,
    // [5000, 5100)
    assertEquals(lazy.stats.reads - before, 6);
    assertEquals(batched.data, whole.data);
    const cols = lazy.readRows(100, 5100, [6, 1, 2]);
    assertEquals(cols.shape, [5000, 3]);
    assertEquals(cols.get(17, 0), whole.get(17, 6));
    assertEquals(cols.get(4999, 2), whole.get(4999, 2));
    // partial chunks (decoded whole and cached) give the same rows as a plain full read
    const full = lazy.readRows(0, lazy.shape[0]);
    for (const [a, b] of [[0, 1], [999, 1001], [1500, 1600], [1600, 2600], [19999, 20000]]) {
      assertEquals(lazy.readRows(a, b).data, full.sliceRows(a, b).data, `rows ${a}..${b}`);
      assertEquals(lazy.readRows(a, b, [7, 0]).data, full.sliceRows(a, b).takeColumns([7, 0]).data);
    }
  } finally {
    setHdf5BatchBytes(previous);
  }
});

Deno.test("nwb lazy: streaming reductions read every batch into one reused buffer", () => {
  using nwb = new NWBFile(`${TESTDATA}nwb/ecephys_gzip_chunked.nwb`);
  const es = nwb.get("ElectricalSeries") as TsdFrame;
  const lazy = es.values as Hdf5LazyArray;
  const full = lazy.readRows(0, lazy.shape[0]);
  const before = getBatchSize();
  setBatchSize(700 * 8 * 8); // 700 rows per batch: batches cut the 1000-row chunks
  try {
    const buffers = new Set<ArrayBufferLike>();
    const seen: number[] = [];
    eachBatch(lazy, (rows) => {
      buffers.add(rows.data.buffer);
      seen.push(...Array.from(rows.data as Float32Array));
    }, true);
    assertEquals(buffers.size, 1);
    assertEquals(seen, Array.from(full.data as Float32Array));
    const inMemory = new TsdFrame({ t: es.t, d: full });
    assertEquals(es.mean(0), inMemory.mean(0));
    assertEquals(es.max(0), inMemory.max(0));
  } finally {
    setBatchSize(before);
  }
});
