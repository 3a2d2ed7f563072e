// core/saving.ts: the classes reach the npz writer through the registration lib/register.ts
// makes (mod.ts imports it); without it, save says what is missing instead of failing obscurely.
import { assert, assertEquals } from "../assert.ts";

const root = new URL("../../", import.meta.url);

function runScript(code: string): { ok: boolean; out: string; err: string } {
  const r = new Deno.Command(Deno.execPath(), {
    args: ["eval", "--ext=ts", code],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  const dec = new TextDecoder();
  return { ok: r.success, out: dec.decode(r.stdout), err: dec.decode(r.stderr) };
}

Deno.test("save without the package entry fails with a NappleError naming what to import", () => {
  const r = runScript(`
    import { Tsd } from "./lib/core/time_series.ts";
    try {
      new Tsd({ t: [0, 1], d: [1, 2] }).save("/nonexistent/x.npz");
    } catch (e) {
      console.log(JSON.stringify({ name: e.name, code: e.code, message: e.message }));
    }
  `);
  assert(r.ok, r.err);
  const e = JSON.parse(r.out);
  assertEquals([e.name, e.code], ["NappleError", "NOT_IMPLEMENTED"]);
  assert(e.message.includes("lib/register.ts"), e.message);
});

Deno.test("after lib/register.ts, every class saves through the npz writer", () => {
  const dir = Deno.makeTempDirSync({ prefix: "napple_saving_" });
  try {
    const r = runScript(`
      import "./lib/register.ts";
      import { IntervalSet } from "./lib/core/interval_set.ts";
      import { Ts, Tsd } from "./lib/core/time_series.ts";
      import { TsGroup } from "./lib/core/ts_group.ts";
      import { loadNpz } from "./lib/io/npz_reader.ts";
      const dir = ${JSON.stringify(dir)};
      const objects = {
        ep: new IntervalSet({ start: [0], end: [3] }),
        tsd: new Tsd({ t: [0, 1], d: [1, 2] }),
        group: new TsGroup({ 1: new Ts({ t: [0.5] }), 2: new Tsd({ t: [1, 2], d: [3, 4] }) }),
      };
      const back = Object.entries(objects).map(([k, o]) => loadNpz(o.save(dir + "/" + k)));
      console.log(back.map((o) => o.constructor.name).join(","));
    `);
    assert(r.ok, r.err);
    assertEquals(r.out.trim(), "IntervalSet,Tsd,TsGroup");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
