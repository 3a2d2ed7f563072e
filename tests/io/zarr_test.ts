// Zarr: arrays written by zarrita (and by hand in the v2 layout) read back by napple's synchronous
// chunk reader, cross-checked with zarrita's own asynchronous reader.
import * as zarr from "zarrita";
import * as zlib from "node:zlib";
import { fromZarr, openZarr, writeZarr } from "../../lib/array/zarr.ts";
import { ZarrArray } from "../../lib/array/zarr_array.ts";
import { ZarrDirectoryStore } from "../../lib/array/zarr_store.ts";
import { NDArray } from "../../lib/array/ndarray.ts";
import { allocate } from "../../lib/array/dtype.ts";
import { NappleError } from "../../lib/errors.ts";
import { Ts, TsdFrame } from "../../lib/core/time_series.ts";
import { IntervalSet } from "../../lib/core/interval_set.ts";
import { TsGroup } from "../../lib/core/ts_group.ts";
import { computeEventTriggerAverage } from "../../lib/process/perievent.ts";
import { assert, assertEquals, assertRejects, withTempDir } from "../assert.ts";

const nums = (a: NDArray): number[] => Array.from(a.data as ArrayLike<number>);

function seedData(): NDArray {
  // 10000×5 int32, like the seed's zarr example, with distinct values per cell
  const d = new Int32Array(50000).map((_, i) => (i * 2654435761) % 100003 - 50000);
  return new NDArray(d, [10000, 5], "int32");
}

async function zarritaRows(path: string, s: number, e: number): Promise<number[]> {
  const arr = await zarr.open(new ZarrDirectoryStore(path), { kind: "array" });
  // deno-lint-ignore no-explicit-any
  const out = await zarr.get(arr as any, [zarr.slice(s, e), null]);
  // zarrita returns its native order (F for order "F"): walk its strides to get row-major values
  const data = out.data as ArrayLike<number>;
  const [n, m] = out.shape;
  const res: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) res.push(data[i * out.stride[0] + j * out.stride[1]]);
  }
  return res;
}

Deno.test("zarr v3 written by zarrita (raw, blosc lz4/zstd/zlib, zstd) reads lazily, chunk by chunk", async () => {
  await withTempDir(async (dir) => {
    const data = seedData();
    const variants: [string, { name: string; configuration?: Record<string, unknown> }[]][] = [
      ["raw", []],
      ["lz4", [{
        name: "blosc",
        configuration: { cname: "lz4", clevel: 5, shuffle: 1, blocksize: 0 },
      }]],
      ["zstd", [{
        name: "blosc",
        configuration: { cname: "zstd", clevel: 3, shuffle: 0, blocksize: 0 },
      }]],
      ["zlib", [{
        name: "blosc",
        configuration: { cname: "zlib", clevel: 4, shuffle: 1, blocksize: 0 },
      }]],
      ["zstd-v3", [
        { name: "bytes", configuration: { endian: "little" } },
        { name: "zstd", configuration: { level: 3, checksum: false } },
      ]],
    ];
    for (const [name, codecs] of variants) {
      const path = `${dir}/${name}.zarr`;
      await writeZarr(path, data, { chunks: [1000, 5], codecs });
      const lazy = await openZarr(path);
      assert(lazy instanceof ZarrArray);
      assertEquals(lazy.shape, [10000, 5]);
      assertEquals(lazy.dtype, "int32");
      assertEquals(lazy.chunks, [1000, 5]);
      const rows = lazy.readRows(1995, 2003);
      assertEquals(rows.shape, [8, 5]);
      assertEquals(nums(rows), nums(data.sliceRows(1995, 2003)), name);
      assertEquals(lazy.stats.reads, 2, `${name}: only the 2 overlapping chunks are read`);
      assertEquals(nums(rows), await zarritaRows(path, 1995, 2003));
      const cols = lazy.readRows(9990, 20000, [4, 1]);
      assertEquals(nums(cols), nums(data.sliceRows(9990, 10000).takeColumns([4, 1])));
      assertEquals(nums(lazy.toNDArray()), nums(data), `${name}: whole array`);
    }
  });
});

Deno.test("zarr v2 layouts (gzip, zlib + shuffle, F order, big-endian, missing chunks) read like zarrita", async () => {
  await withTempDir(async (dir) => {
    const shape = [7, 3];
    const chunks = [3, 2];
    const values = Array.from({ length: 21 }, (_, i) => i * 1.5 - 4);
    const cases: {
      name: string;
      meta: Record<string, unknown>;
      encode: (b: Uint8Array) => Uint8Array;
      big?: boolean;
      order?: "F";
      skip?: string;
    }[] = [
      {
        name: "gzip",
        meta: { compressor: { id: "gzip", level: 5 }, filters: null },
        encode: (b) => zlib.gzipSync(b),
      },
      {
        name: "zlib_shuffle",
        meta: {
          compressor: { id: "zlib", level: 1 },
          filters: [{ id: "shuffle", elementsize: 8 }],
        },
        encode: (b) => zlib.deflateSync(shuffle(b, 8)),
      },
      {
        name: "forder_big",
        meta: { compressor: null, filters: null },
        encode: (b) => b,
        big: true,
        order: "F",
        skip: "2.1",
      },
    ];
    for (const c of cases) {
      const path = `${dir}/${c.name}.zarr`;
      Deno.mkdirSync(path);
      Deno.writeTextFileSync(
        `${path}/.zarray`,
        JSON.stringify({
          zarr_format: 2,
          shape,
          chunks,
          dtype: c.big ? ">f8" : "<f8",
          fill_value: -99,
          order: c.order ?? "C",
          ...c.meta,
        }),
      );
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 2; j++) {
          if (`${i}.${j}` === c.skip) continue;
          const chunk = new Float64Array(6).fill(0);
          for (let a = 0; a < 3; a++) {
            for (let b = 0; b < 2; b++) {
              const r = i * 3 + a;
              const col = j * 2 + b;
              const v = r < 7 && col < 3 ? values[r * 3 + col] : 0;
              chunk[c.order === "F" ? b * 3 + a : a * 2 + b] = v;
            }
          }
          const bytes = new Uint8Array(chunk.buffer);
          if (c.big) { for (let k = 0; k < 6; k++) bytes.subarray(k * 8, k * 8 + 8).reverse(); }
          Deno.writeFileSync(`${path}/${i}.${j}`, c.encode(bytes));
        }
      }
      const lazy = await openZarr(path);
      const all = nums(lazy.toNDArray());
      const expected = [...values];
      if (c.skip) expected.splice(6 * 3 + 2, 1, -99);
      assertEquals(all, expected, c.name);
      assertEquals(all, await zarritaRows(path, 0, 7), `${c.name} vs zarrita`);
      assertEquals(nums(lazy.readRows(2, 4, [2])), [expected[8], expected[11]]);
    }
  });
});

function shuffle(b: Uint8Array, size: number): Uint8Array {
  const n = b.length / size;
  const out = new Uint8Array(b.length);
  for (let i = 0; i < n; i++) for (let k = 0; k < size; k++) out[k * n + i] = b[i * size + k];
  return out;
}

Deno.test("fromZarr: loadArray true converts with pynapple's warning, false stays lazy", async () => {
  await withTempDir(async (dir) => {
    const store = new ZarrDirectoryStore(`${dir}/a.zarr`);
    const arr = await zarr.create(store, { shape: [6, 2], chunkShape: [4, 2], dtype: "float32" });
    await zarr.set(arr, null, {
      data: new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
      shape: [6, 2],
      stride: [2, 1],
    });
    // warn() prints each distinct warning once per process: capture console.warn around the call
    const printed: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => printed.push(args.join(" "));
    let loaded;
    try {
      loaded = await fromZarr(arr);
    } finally {
      console.warn = original;
    }
    assertEquals(printed, [
      "ConversionWarning: Converting 'd' to numpy.array. The provided array was of type 'Array'.",
    ]);
    assert(loaded instanceof NDArray);
    assertEquals(nums(loaded), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const lazy = await fromZarr(arr, { loadArray: false });
    assert(lazy instanceof ZarrArray);
    assertEquals(lazy.stats.reads, 0);
    assertEquals(nums(lazy.readRows(3, 5)), [7, 8, 9, 10]);
    // an in-memory zarrita store (a Map) is synchronous too
    const mem = await zarr.create(new Map(), { shape: [3], chunkShape: [2], dtype: "int16" });
    await zarr.set(mem, null, { data: new Int16Array([5, -6, 7]), shape: [3], stride: [1] });
    assertEquals(nums((await openZarr(mem)).toNDArray()), [5, -6, 7]);
  });
});

Deno.test("zarr bad input: missing path, a file, a group, corrupt metadata", async () => {
  await withTempDir(async (dir) => {
    const e1 = await assertRejects(
      () => openZarr(`${dir}/nope.zarr`),
      NappleError,
      "does not exist",
    );
    assertEquals(e1.code, "FILE_NOT_FOUND");
    Deno.writeTextFileSync(`${dir}/file.zarr`, "x");
    assertEquals(
      (await assertRejects(() => openZarr(`${dir}/file.zarr`), NappleError)).code,
      "UNSUPPORTED_FORMAT",
    );
    await zarr.create(new ZarrDirectoryStore(`${dir}/g.zarr`));
    await assertRejects(() => openZarr(`${dir}/g.zarr`), NappleError, "group");
    Deno.mkdirSync(`${dir}/bad.zarr`);
    Deno.writeTextFileSync(`${dir}/bad.zarr/zarr.json`, "{not json");
    assertEquals(
      (await assertRejects(() => openZarr(`${dir}/bad.zarr`), NappleError)).code,
      "CORRUPT_FILE",
    );
    Deno.mkdirSync(`${dir}/empty.zarr`);
    await assertRejects(() => openZarr(`${dir}/empty.zarr`), NappleError, "not a zarr array");
    await assertRejects(() => fromZarr(`${dir}/nope.zarr`), NappleError, "does not exist");
  });
});

Deno.test("seed example: a 10000×5 int32 zarr (chunks 1000×5) wrapped lazily, restricted, and averaged around events", async () => {
  await withTempDir(async (dir) => {
    const store = new ZarrDirectoryStore(`${dir}/seed.zarr`);
    const arr = await zarr.create(store, {
      shape: [10000, 5],
      chunkShape: [1000, 5],
      dtype: "int32",
    });
    const data = seedData();
    await zarr.set(arr, null, { data: data.data as Int32Array, shape: [10000, 5], stride: [5, 1] });
    const t = Float64Array.from({ length: 10000 }, (_, i) => i);

    const lazyD = await fromZarr(arr, { loadArray: false });
    const tsdframe = new TsdFrame({ t, d: lazyD });
    assert(
      tsdframe.values === lazyD,
      "the frame keeps the zarr array, as pynapple with load_array=False",
    );
    const zarrArray = lazyD as ZarrArray;
    assertEquals(zarrArray.stats.reads, 0);

    const ep = new IntervalSet({ start: [0, 500], end: [100, 600] });
    const restricted = tsdframe.restrict(ep);
    assertEquals(restricted.shape, [202, 5]);

    const group = new TsGroup({
      1: new Ts({ t: [10, 20, 30.5, 520, 590] }),
      2: new Ts({ t: [50, 77, 550, 551] }),
    });
    const lazyEta = computeEventTriggerAverage(group, restricted, 1, [5, 5]);
    // only the first chunk (rows 0..999) holds rows of the epochs
    assertEquals(zarrArray.stats.reads, 1);
    const memory = new TsdFrame({ t, d: data }).restrict(ep);
    const memEta = computeEventTriggerAverage(group, memory, 1, [5, 5]);
    assertEquals(lazyEta.shape, memEta.shape);
    assertEquals(lazyEta.shape, [11, 2, 5]);
    const flat = (x: { values: unknown }) => {
      const v = x.values;
      return Array.from(
        (v instanceof NDArray
          ? v.data
          : (v as { readRows(a: number, b: number): NDArray }).readRows(0, 11).data) as ArrayLike<
            number
          >,
      );
    };
    assertEquals(flat(lazyEta), flat(memEta));
    // the lag-0 average for unit 2 is the mean of the feature at its spike bins (independent check)
    const rowsAt = [50, 77, 550, 551];
    const expected = [0, 1, 2, 3, 4].map((c) =>
      rowsAt.reduce((s, r) => s + (data.data[r * 5 + c] as number), 0) / 4
    );
    const lag0 = flat(lazyEta).slice(5 * 10 + 5, 5 * 10 + 10);
    assertEquals(
      lag0.map((v) => Math.round(v * 1e6) / 1e6),
      expected.map((v) => Math.round(v * 1e6) / 1e6),
    );
  });
});

Deno.test("zarr on an asynchronous store: loadArray true goes through zarrita, false is refused", async () => {
  const map = new Map<string, Uint8Array>();
  const store = {
    get: (key: string) => Promise.resolve(map.get(key)),
    set: (key: string, value: Uint8Array) => {
      map.set(key, value);
      return Promise.resolve();
    },
  };
  // deno-lint-ignore no-explicit-any
  const arr = await zarr.create(store as any, {
    shape: [4, 2],
    chunkShape: [3, 2],
    dtype: "float64",
  });
  // deno-lint-ignore no-explicit-any
  await zarr.set(arr as any, null, {
    data: new Float64Array([1, 2, 3, 4, 5, 6, 7, 8]),
    shape: [4, 2],
    stride: [2, 1],
  });
  const original = console.warn;
  console.warn = () => {};
  try {
    const loaded = await fromZarr(arr);
    assert(loaded instanceof NDArray);
    assertEquals(loaded.shape, [4, 2]);
    assertEquals(nums(loaded), [1, 2, 3, 4, 5, 6, 7, 8]);
  } finally {
    console.warn = original;
  }
  const e = await assertRejects(
    () => fromZarr(arr, { loadArray: false }),
    NappleError,
    "loadArray: true",
  );
  assertEquals(e.code, "NOT_IMPLEMENTED");
});

Deno.test("blosc blosclz and bit-shuffle frames (as c-blosc writes them) decode exactly", async () => {
  await withTempDir(async (dir) => {
    for (const dtype of ["uint8", "int16", "float64"] as const) {
      for (const n of [7, 1001, 40000]) {
        const a = allocate(dtype, n);
        for (let i = 0; i < n; i++) {
          (a as Float64Array)[i] = Math.round(Math.sin(i / 30) * 100) & 127;
        }
        const data = new NDArray(a, [n], dtype);
        for (
          const [cname, shuffle] of [["blosclz", 0], ["blosclz", 1], ["lz4", 2], [
            "blosclz",
            2,
          ]] as const
        ) {
          const path = `${dir}/${dtype}_${n}_${cname}_${shuffle}.zarr`;
          await writeZarr(path, data, {
            codecs: [{ name: "blosc", configuration: { cname, clevel: 5, shuffle, blocksize: 0 } }],
          });
          assertEquals((await openZarr(path)).toNDArray().data, a, path);
        }
      }
    }
  });
});

Deno.test("a codec napple cannot decode synchronously fails clearly; loadArray true falls back to zarrita", async () => {
  await withTempDir(async (dir) => {
    // zarr v2 with numcodecs' delta filter: chunks hold x[0], x[1]-x[0], ...
    const path = `${dir}/delta.zarr`;
    Deno.mkdirSync(path);
    Deno.writeTextFileSync(
      `${path}/.zarray`,
      JSON.stringify({
        zarr_format: 2,
        shape: [6],
        chunks: [6],
        dtype: "<i4",
        compressor: null,
        filters: [{ id: "delta", dtype: "<i4" }],
        fill_value: 0,
        order: "C",
      }),
    );
    Deno.writeFileSync(`${path}/0`, new Uint8Array(new Int32Array([5, 1, 1, -3, 10, 0]).buffer));
    const e = await assertRejects(() => openZarr(path), NappleError, "loadArray: true");
    assertEquals(e.code, "UNSUPPORTED_FILTER");
    const original = console.warn;
    console.warn = () => {};
    try {
      const loaded = await fromZarr(path);
      assert(loaded instanceof NDArray);
      assertEquals(nums(loaded), [5, 6, 7, 4, 14, 14]);
    } finally {
      console.warn = original;
    }
  });
});

Deno.test("blosc frames with several blocks and a short last block decode exactly", async () => {
  await withTempDir(async (dir) => {
    const d = new Float64Array(100001).map((_, i) => Math.round(Math.sin(i / 50) * 1000) / 8);
    const data = new NDArray(d, [100001]);
    for (const [cname, shuffle] of [["lz4", 1], ["zstd", 0]] as const) {
      const path = `${dir}/${cname}.zarr`;
      await writeZarr(path, data, {
        codecs: [{ name: "blosc", configuration: { cname, clevel: 5, shuffle, blocksize: 0 } }],
      });
      const frame = Deno.readFileSync(`${path}/c/0`);
      const dv = new DataView(frame.buffer);
      assert(dv.getUint32(4, true) > dv.getUint32(8, true), "more than one block");
      assertEquals((await openZarr(path)).toNDArray().data, d, cname);
    }
  });
});

function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** Writes a sharded zarr v3 array by hand: shard (6, 4) of inner chunks (3, 2), gzip inside. */
function writeSharded(path: string, values: Uint16Array, indexAtStart: boolean, skip: string) {
  const shape = [10, 4];
  Deno.mkdirSync(`${path}/c/0`, { recursive: true });
  Deno.mkdirSync(`${path}/c/1`, { recursive: true });
  Deno.writeTextFileSync(
    `${path}/zarr.json`,
    JSON.stringify({
      zarr_format: 3,
      node_type: "array",
      shape,
      data_type: "uint16",
      chunk_grid: { name: "regular", configuration: { chunk_shape: [6, 4] } },
      chunk_key_encoding: { name: "default", configuration: { separator: "/" } },
      fill_value: 7,
      codecs: [{
        name: "sharding_indexed",
        configuration: {
          chunk_shape: [3, 2],
          codecs: [{ name: "bytes", configuration: { endian: "little" } }, {
            name: "gzip",
            configuration: { level: 5 },
          }],
          index_codecs: [{ name: "bytes", configuration: { endian: "little" } }, {
            name: "crc32c",
          }],
          index_location: indexAtStart ? "start" : "end",
        },
      }],
      attributes: {},
    }),
  );
  for (let s = 0; s < 2; s++) {
    const chunks: Uint8Array[] = [];
    const index = new BigUint64Array(8);
    const indexBytes = 4 * 16 + 4; // 4 inner chunks × (offset, length) + crc32c
    let at = indexAtStart ? indexBytes : 0;
    for (let a = 0; a < 2; a++) {
      for (let b = 0; b < 2; b++) {
        const slot = a * 2 + b;
        if (`${s}.${a}.${b}` === skip) {
          index[2 * slot] = 0xffffffffffffffffn;
          index[2 * slot + 1] = 0xffffffffffffffffn;
          continue;
        }
        const chunk = new Uint16Array(6);
        for (let i = 0; i < 3; i++) {
          for (let j = 0; j < 2; j++) {
            const r = s * 6 + a * 3 + i;
            const c = b * 2 + j;
            chunk[i * 2 + j] = r < shape[0] ? values[r * 4 + c] : 0;
          }
        }
        const gz = zlib.gzipSync(new Uint8Array(chunk.buffer));
        index[2 * slot] = BigInt(at);
        index[2 * slot + 1] = BigInt(gz.length);
        chunks.push(gz);
        at += gz.length;
      }
    }
    const idx = new Uint8Array(indexBytes);
    idx.set(new Uint8Array(index.buffer));
    new DataView(idx.buffer).setUint32(64, crc32c(idx.subarray(0, 64)), true);
    const parts = indexAtStart ? [idx, ...chunks] : [...chunks, idx];
    const total = parts.reduce((n, p) => n + p.length, 0);
    const file = new Uint8Array(total);
    let o = 0;
    for (const p of parts) {
      file.set(p, o);
      o += p.length;
    }
    Deno.writeFileSync(`${path}/c/${s}/0`, file);
  }
}

Deno.test("sharded zarr v3 (sharding_indexed, index at end or start) reads lazily like zarrita", async () => {
  await withTempDir(async (dir) => {
    const values = Uint16Array.from({ length: 40 }, (_, i) => i * 3 + 1);
    const expected = Array.from(values);
    // inner chunk (row block 1 of shard 1, columns 2-3) never written: rows 9, columns 2, 3
    for (const c of [2, 3]) expected[9 * 4 + c] = 7;
    for (const atStart of [false, true]) {
      const path = `${dir}/sharded_${atStart}.zarr`;
      writeSharded(path, values, atStart, "1.1.1");
      const lazy = await openZarr(path);
      assertEquals(lazy.chunks, [3, 2]);
      assertEquals(nums(lazy.toNDArray()), expected, `index at ${atStart ? "start" : "end"}`);
      const fresh = await openZarr(path);
      assertEquals(nums(fresh.readRows(7, 9, [1])), [expected[29], expected[33]]);
      // one index read and one inner chunk (rows 6-8, columns 0-1) of shard 1
      assertEquals(fresh.stats.reads, 2);
      if (!atStart) assertEquals(nums(lazy.toNDArray()), await zarritaRows(path, 0, 10));
    }
  });
});

Deno.test("readRows over random shapes, chunkings, row ranges and columns matches direct indexing", async () => {
  await withTempDir(async (dir) => {
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed % n;
    };
    for (let trial = 0; trial < 12; trial++) {
      const shape = [1 + rand(40), 1 + rand(6), ...(trial % 3 === 0 ? [1 + rand(4)] : [])];
      const chunks = shape.map((d) => 1 + rand(d + 2)); // may exceed the array (edge chunks)
      const size = shape.reduce((a, b) => a * b, 1);
      const data = new NDArray(Float32Array.from({ length: size }, (_, i) => i * 0.5 - 7), shape);
      const path = `${dir}/t${trial}.zarr`;
      const codecs = trial % 2
        ? [{ name: "blosc", configuration: { cname: "lz4", clevel: 5, shuffle: 1, blocksize: 0 } }]
        : [];
      await writeZarr(path, data, { chunks, codecs });
      const lazy = await openZarr(path);
      for (let k = 0; k < 5; k++) {
        const s = rand(shape[0] + 1);
        const e = s + rand(shape[0] + 2 - s);
        const cols = k % 2 ? [rand(shape[1]), rand(shape[1])] : undefined;
        const got = lazy.readRows(s, e, cols);
        let want = data.sliceRows(s, e);
        if (cols) want = want.takeColumns(cols);
        assertEquals(got.shape, want.shape, `trial ${trial} rows [${s}, ${e}) cols ${cols}`);
        assertEquals(nums(got), nums(want), `trial ${trial} shape ${shape} chunks ${chunks}`);
      }
    }
  });
});
