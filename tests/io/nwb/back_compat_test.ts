/**
 * NWB files as pynwb 1.5.1 wrote them (pynwb's back-compat test files, made again with h5py by
 * tools/make_pynwb151_fixtures.py): a TimeSeries with only `starting_time` and no `data`, an
 * ImageSeries with only `external_file`. napple lists, prints and converts them as pynapple 0.9.2
 * does, checked against the live oracle.
 */
import "../../../lib/register.ts";
import { assert, assertEquals, TESTDATA } from "../../assert.ts";
import { pynapple } from "../../oracle/client.ts";
import { NWBFile } from "../../../lib/io/nwb/nwbfile.ts";
import { collectWarnings } from "../../../lib/warnings.ts";
import { Tsd } from "../../../lib/core/time_series.ts";

const DIR = `${TESTDATA}nwb_back_compat/`;
const FILES = [...Deno.readDirSync(DIR)].map((e) => e.name).filter((n) => n.endsWith(".nwb"))
  .sort();

interface Listed {
  print: string;
  keys: string[];
  view: [string, string][];
  keyToId: Record<string, string>;
  fullPathToKey: Record<string, string>;
  objects: Record<string, {
    class: string;
    warnings: string[];
    print?: string;
    support?: string;
    t?: number[];
    d?: number[];
    dtype?: string;
    shape?: number[];
  }>;
}

// one oracle process for both files (importing pynapple takes seconds)
const ORACLE = `
def listed(path):
    f = nap.load_file(path)
    objects = {}
    for k in f.keys():
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            o = f[k]
        r = {"class": type(o).__name__,
             "warnings": [str(x.message) for x in w if issubclass(x.category, UserWarning)]}
        if isinstance(o, (nap.Tsd, nap.TsdFrame, nap.TsdTensor)):
            r.update(print=str(o), support=str(o.time_support), t=o.t,
                     d=np.asarray(o.d).ravel(), dtype=str(o.dtype), shape=list(o.shape))
        objects[k] = r
    return {"print": str(f), "keys": list(f.keys()), "view": f._view, "keyToId": f.key_to_id,
            "fullPathToKey": f.full_path_to_key, "objects": objects}
out = {name: listed(inp["dir"] + name) for name in inp["names"]}
`;

let oracle: Record<string, Listed> | undefined;
async function pynapples(name: string): Promise<Listed> {
  oracle ??= await pynapple<Record<string, Listed>>(ORACLE, { dir: DIR, names: FILES });
  return oracle[name];
}

Deno.test("the pynwb 1.5.1 back-compat fixtures are the two files pynwb's tests name", () => {
  assertEquals(FILES, ["1.5.1_imageseries_no_data.nwb", "1.5.1_timeseries_no_data.nwb"]);
});

for (const name of FILES) {
  Deno.test(`pynwb 1.5.1 ${name}: listed, printed and converted as pynapple 0.9.2 does`, async () => {
    const want = await pynapples(name);
    assert(want.keys.length > 0, `pynapple lists nothing in ${name}`);
    using nwb = new NWBFile(DIR + name);
    assertEquals(nwb.keys(), want.keys);
    assertEquals(nwb.view, want.view);
    assertEquals(String(nwb), want.print);
    assertEquals({ ...nwb.keyToId }, want.keyToId);
    assertEquals({ ...nwb.fullPathToKey }, want.fullPathToKey);
    for (const key of want.keys) {
      const w = want.objects[key];
      const { result: obj, warnings } = collectWarnings(() => nwb.get(key));
      assertEquals(warnings.length, w.warnings.length, `${key} warnings: ${warnings}`);
      warnings.forEach((x, i) =>
        assert(x.message.startsWith(w.warnings[i]), `${key}: ${x.message} / ${w.warnings[i]}`)
      );
      if (w.print === undefined) {
        // pynapple could not build it and returned the raw NWB object; so does napple
        assert(!(obj instanceof Tsd), `${key}: pynapple returned a ${w.class}`);
        continue;
      }
      assert(obj instanceof Tsd, `${key}: ${obj}`);
      assertEquals(obj.constructor.name, w.class);
      assertEquals(String(obj), w.print);
      assertEquals(String(obj.timeSupport), w.support);
      assertEquals([...obj.t], w.t);
      assertEquals(Array.from(obj.values as ArrayLike<number>), w.d);
      assertEquals([obj.dtype, [...obj.shape]], [w.dtype, w.shape]);
    }
  });
}

Deno.test("pynwb 1.5.1: the empty Tsd of a TimeSeries without data saves to an npz pynapple reads", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "napple_back_compat_" });
  try {
    using nwb = new NWBFile(`${DIR}1.5.1_timeseries_no_data.nwb`);
    const tsd = nwb.get("test_timeseries") as Tsd;
    const path = tsd.save(`${dir}/empty.npz`);
    const back = await pynapple<{ type: string; t: number[]; d: number[]; dtype: string }>(
      `out = nap.load_file(inp["path"])`,
      { path },
    );
    assertEquals([back.type, back.t, back.d, back.dtype], ["Tsd", [], [], "uint8"]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
