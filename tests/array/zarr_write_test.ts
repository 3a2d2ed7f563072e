// writeZarr never writes over anything but a zarr array, and writes through a temporary folder
// renamed into place: a refused or failed write leaves what was at the path as it was.
import { openZarr, writeZarr } from "../../lib/array/zarr.ts";
import { NDArray } from "../../lib/array/ndarray.ts";
import { NappleError } from "../../lib/errors.ts";
import { assert, assertEquals, assertRejects, withTempDir } from "../assert.ts";

const ints = (n: number, start = 0) =>
  new NDArray(Int32Array.from({ length: n * 2 }, (_, i) => start + i), [n, 2]);

/** Every file under `dir` with its content, to compare a folder before and after. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const e of Deno.readDirSync(d)) {
      const p = `${d}/${e.name}`;
      if (e.isDirectory) walk(p, `${rel}${e.name}/`);
      else out[`${rel}${e.name}`] = Deno.readTextFileSync(p);
    }
  };
  walk(dir, "");
  return out;
}

const values = (a: NDArray) => Array.from(a.data as Int32Array);
const entries = (dir: string) => [...Deno.readDirSync(dir)].map((e) => e.name).sort();

Deno.test("writeZarr onto a folder that is not a zarr array refuses and leaves its files", async () => {
  await withTempDir(async (dir) => {
    const home = `${dir}/home`;
    Deno.mkdirSync(`${home}/notes`, { recursive: true });
    Deno.writeTextFileSync(`${home}/thesis.tex`, "\\chapter{Results}");
    Deno.writeTextFileSync(`${home}/notes/monday.txt`, "rat 3 ran well");
    const before = snapshot(home);
    const e = await assertRejects(() => writeZarr(home, ints(10)), NappleError);
    assertEquals(e.code, "INVALID_ARGUMENT");
    assert(e.message.includes(home) && e.message.includes("not a zarr array"), e.message);
    assertEquals(snapshot(home), before);
    assertEquals(entries(dir), ["home"], "no temporary folder is left beside it");
  });
});

Deno.test("writeZarr refuses a file and a zarr group, and leaves them", async () => {
  await withTempDir(async (dir) => {
    Deno.writeTextFileSync(`${dir}/data.zarr`, "not a folder");
    const e1 = await assertRejects(() => writeZarr(`${dir}/data.zarr`, ints(4)), NappleError);
    assertEquals(e1.code, "INVALID_ARGUMENT");
    assert(e1.message.includes("file"), e1.message);
    assertEquals(Deno.readTextFileSync(`${dir}/data.zarr`), "not a folder");

    Deno.mkdirSync(`${dir}/group.zarr`);
    const group = JSON.stringify({ zarr_format: 3, node_type: "group", attributes: {} });
    Deno.writeTextFileSync(`${dir}/group.zarr/zarr.json`, group);
    const e2 = await assertRejects(() => writeZarr(`${dir}/group.zarr`, ints(4)), NappleError);
    assert(e2.message.includes("zarr group"), e2.message);
    assertEquals(snapshot(`${dir}/group.zarr`), { "zarr.json": group });

    Deno.mkdirSync(`${dir}/v2group.zarr`);
    Deno.writeTextFileSync(`${dir}/v2group.zarr/.zgroup`, '{"zarr_format": 2}');
    await assertRejects(() => writeZarr(`${dir}/v2group.zarr`, ints(4)), NappleError, "group");
    assertEquals(entries(dir), ["data.zarr", "group.zarr", "v2group.zarr"]);
  });
});

Deno.test("writeZarr creates a new array, fills an empty folder and replaces a zarr array", async () => {
  await withTempDir(async (dir) => {
    const fresh = `${dir}/a/b/new.zarr`;
    await writeZarr(fresh, ints(6), { chunks: [4, 2] });
    assertEquals(values((await openZarr(fresh)).toNDArray()), values(ints(6)));

    Deno.mkdirSync(`${dir}/empty.zarr`);
    await writeZarr(`${dir}/empty.zarr`, ints(3));
    assertEquals((await openZarr(`${dir}/empty.zarr`)).shape, [3, 2]);

    // replacing: the old chunks (6 rows in chunks of 4: two chunk files) do not survive
    await writeZarr(fresh, ints(2, 100));
    const back = await openZarr(fresh);
    assertEquals(back.shape, [2, 2]);
    assertEquals(values(back.toNDArray()), [100, 101, 102, 103]);
    assertEquals(entries(`${fresh}/c`), ["0"]);
    assertEquals(entries(`${dir}/a/b`), ["new.zarr"], "no temporary or old folder is left");
  });
});

Deno.test("a writeZarr that fails half way leaves the previous array intact", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/x.zarr`;
    await writeZarr(path, ints(5), { chunks: [2, 2] });
    const before = snapshot(path);
    await assertRejects(() =>
      writeZarr(path, ints(5, 50), { codecs: [{ name: "no-such-codec" }] })
    );
    assertEquals(snapshot(path), before);
    assertEquals(values((await openZarr(path)).toNDArray()), values(ints(5)));
    assertEquals(entries(dir), ["x.zarr"], "the temporary folder is removed");
  });
});
