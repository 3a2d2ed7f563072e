// Folder listing vs a bare recursive readDir walk (goal: ≤ 3×), a 2 GB memmap TsdFrame whose
// `get` of 1 s (20 kHz × 64 channels int16) must read only those bytes, and lazy zarr reads vs
// memmap. Baselines are measured in the same run; the ratios are what matter.
import { Folder } from "../lib/io/folder.ts";
import { memmap } from "../lib/array/memmap.ts";
import { TsdFrame } from "../lib/core/time_series.ts";
import type { LazyArray } from "../lib/array/lazy.ts";
import { NDArray } from "../lib/array/ndarray.ts";
import { openZarr, openZarrSync, writeZarr } from "../lib/array/zarr.ts";

const FIXTURE = new URL("../testdata/folder/folder_session/epochs.npz", import.meta.url).pathname;

/**
 * Best time of `repeat` runs after a warm-up: on a shared, loaded machine the minimum is the
 * stablest estimate of what the code itself costs (both sides of each ratio are timed this way).
 */
function time(fn: () => unknown, repeat: number): number {
  fn(); // warm-up
  let best = Infinity;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

function walk(path: string, out: string[]): void {
  for (const e of Deno.readDirSync(path)) {
    if (e.isDirectory) walk(`${path}/${e.name}`, out);
    else out.push(e.name);
  }
}

function countFiles(f: Folder): number {
  let n = f.npzFiles.size + f.nwbFiles.size;
  for (const sub of f.subfolders.values()) n += countFiles(sub);
  return n;
}

const root = Deno.makeTempDirSync({ prefix: "napple_folder_bench_" });
try {
  // 1,000 npz files in 100 folders (10 groups of 10 nested two levels deep)
  const bytes = Deno.readFileSync(FIXTURE);
  for (let g = 0; g < 10; g++) {
    for (let s = 0; s < 10; s++) {
      const dir = `${root}/group${g}/session${s}`;
      Deno.mkdirSync(dir, { recursive: true });
      for (let k = 0; k < 10; k++) Deno.writeFileSync(`${dir}/file ${k}.npz`, bytes);
    }
  }
  const names: string[] = [];
  walk(root, names);
  const folder = new Folder(root);
  console.log(`tree: ${names.length} files, Folder lists ${countFiles(folder)} npz files`);

  const base = time(() => walk(root, []), 30);
  const list = time(() => countFiles(new Folder(root)), 30);
  const withTypes = time(() => new Folder(root).view, 10);
  console.log(`readDir walk (baseline)        ${base.toFixed(2)} ms`);
  console.log(
    `Folder listing                 ${list.toFixed(2)} ms  ratio ${
      (list / base).toFixed(2)
    }× (goal ≤ 3×)`,
  );
  console.log(
    `Folder listing + view (types)  ${withTypes.toFixed(2)} ms  ratio ${
      (withTypes / base).toFixed(2)
    }× (reads each npz's type member; pynapple does this on open)`,
  );
} finally {
  Deno.removeSync(root, { recursive: true });
}

// --- memmap: 2 GB, 64 channels int16 at 20 kHz; get(400, 401) reads one second
const dir = Deno.makeTempDirSync({ prefix: "napple_memmap_bench_" });
try {
  const nCh = 64;
  const rate = 20000;
  const nSamples = Math.floor(2 ** 31 / (nCh * 2)); // 2 GiB of int16
  const path = `${dir}/big.dat`;
  const mm = memmap(path, { dtype: "int16", shape: [nSamples, nCh], mode: "w+" }); // sparse file
  // put recognisable values in the second we will read
  const row = new Int16Array(nCh * rate).map((_, i) => i % 32000);
  mm.write(400 * rate, row);
  const t = new Float64Array(nSamples);
  for (let i = 0; i < nSamples; i++) t[i] = i / rate;
  const t0 = performance.now();
  const frame = new TsdFrame({
    t,
    d: memmap(path, { dtype: "int16", shape: [nSamples, nCh], mode: "r" }),
  });
  const build = performance.now() - t0;
  const lazy = frame.values as LazyArray;
  const before = lazy.stats.bytesRead;
  const getMs = time(() => frame.get(400, 400.99995), 10);
  const part = frame.get(400, 400.99995);
  const perGet = (lazy.stats.bytesRead - before) / 12; // warm-up + 10 timed + 1
  const expected = rate * nCh * 2;
  const rawMs = time(() => {
    const f = Deno.openSync(path);
    try {
      f.seekSync(400 * rate * nCh * 2, Deno.SeekMode.Start);
      const buf = new Uint8Array(expected);
      let at = 0;
      while (at < buf.length) at += f.readSync(buf.subarray(at)) ?? 0;
    } finally {
      f.close();
    }
  }, 10);
  console.log(
    `\nmemmap TsdFrame ${nSamples}×${nCh} int16 (${
      (nSamples * nCh * 2 / 2 ** 30).toFixed(2)
    } GiB), built in ${build.toFixed(0)} ms`,
  );
  console.log(
    `get(400, 401): shape (${
      part.shape.join(", ")
    }), ${perGet} bytes read per get (expected ${expected})`,
  );
  console.log(
    `get(400, 401)                  ${getMs.toFixed(2)} ms; raw seek+read of the same bytes ${
      rawMs.toFixed(2)
    } ms; ratio ${(getMs / rawMs).toFixed(2)}×`,
  );
  if (perGet !== expected) {
    console.log("FAIL: get read more than the asked rows");
    Deno.exitCode = 1;
  }
} finally {
  Deno.removeSync(dir, { recursive: true });
}

// --- zarr: lazy reads of a chunked, compressed array vs the same rows from a raw memmap
const zdir = Deno.makeTempDirSync({ prefix: "napple_zarr_bench_" });
try {
  const nRows = 400_000;
  const nCh = 64;
  const values = new Int16Array(nRows * nCh);
  for (let i = 0; i < values.length; i++) values[i] = Math.round(Math.sin(i / 640) * 1000);
  const arr = new NDArray(values, [nRows, nCh]);
  const codecs = [{
    name: "blosc",
    configuration: { cname: "lz4", clevel: 5, shuffle: 1, blocksize: 0 },
  }];
  await writeZarr(`${zdir}/a.zarr`, arr, { chunks: [20_000, nCh], codecs });
  const raw = memmap(`${zdir}/a.dat`, { dtype: "int16", shape: [nRows, nCh], mode: "w+" });
  raw.set(arr);
  const z = await openZarr(`${zdir}/a.zarr`);
  // 1 s at 20 kHz starting mid-chunk: touches 2 chunks; a fresh array each time (no chunk cache)
  const zMs = time(() => openZarrSync(`${zdir}/a.zarr`).readRows(210_000, 230_000), 10);
  const mMs = time(() => raw.readRows(210_000, 230_000), 10);
  const cachedMs = time(() => z.readRows(210_000, 230_000), 10);
  console.log(`\nzarr ${nRows}×${nCh} int16, chunks 20000 rows, blosc lz4+shuffle`);
  console.log(
    `read 20000 rows: zarr ${zMs.toFixed(2)} ms (decode 2 chunks), cached chunks ${
      cachedMs.toFixed(2)
    } ms, raw memmap ${mMs.toFixed(2)} ms; ratio zarr/memmap ${(zMs / mMs).toFixed(2)}×`,
  );
} finally {
  Deno.removeSync(zdir, { recursive: true });
}
