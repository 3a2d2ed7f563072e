/**
 * The metadata API shared by IntervalSet, TsGroup and TsdFrame (lib/core/metadata.ts): the names
 * each refuses and the values each takes, checked against pynapple 0.9.2.
 */
import { assertEquals, assertThrows } from "../assert.ts";
import { pynapple } from "../oracle/client.ts";
import { NappleError } from "../../lib/errors.ts";
import { IntervalSet } from "../../lib/core/interval_set.ts";
import { Ts, TsdFrame } from "../../lib/core/time_series.ts";
import { TsGroup } from "../../lib/core/ts_group.ts";

type Outcome = { error: string; message: string } | null;

Deno.test("metadata names are refused exactly where pynapple raises", async () => {
  const py = await pynapple<Record<string, Outcome | unknown[]>>(`
ep = nap.IntervalSet(start=[0.], end=[1.])
g = nap.TsGroup({0: nap.Ts(t=[1., 2.]), 3: nap.Ts(t=[1.5])}, time_support=nap.IntervalSet(0, 3))
f = nap.TsdFrame(t=[0., 1.], d=[[1, 2], [3, 4]], columns=["a", "b"])
out = {
  "ep_start": error_of(lambda: ep.set_info(start=[5], length=[2], values=[1])),
  "ep_start_value": list(ep.get_info("start")),
  "ep_scalar": error_of(lambda: ep.set_info(label="x")),
  "ep_scalar_value": list(ep.get_info("label")),
  "g_index": error_of(lambda: g.set_info({"index": [1, 2], "size": [3, 4], "metadata": [5, 6]})),
  "g_rate": error_of(lambda: g.set_info(rate=[1, 2])),
  "g_drop_rate": error_of(lambda: g.drop_info("rate")),
  "g_drop_missing": error_of(lambda: g.drop_info(["index", "nope"])),
  "g_after_drop": g.metadata_columns,
  "f_label": error_of(lambda: f.set_info(a=[1, 2])),
  "f_values": error_of(lambda: f.set_info(values=[1, 2], t=[3, 4], columns=[5, 6])),
  "f_columns": f.metadata_columns,
  "get_missing": error_of(lambda: g.get_info("nope")),
}`);
  const ep = new IntervalSet({ start: [0], end: [1] });
  const g = new TsGroup({ 0: new Ts({ t: [1, 2] }), 3: new Ts({ t: [1.5] }) }, {
    timeSupport: new IntervalSet({ start: 0, end: 3 }),
  });
  const f = new TsdFrame({ t: [0, 1], d: [[1, 2], [3, 4]], columns: ["a", "b"] });
  const refused = (fn: () => void) => {
    const e = assertThrows(fn, NappleError);
    return e.code;
  };

  assertEquals(py.ep_start, null);
  ep.setInfo({ start: [5], length: [2], values: [1] });
  assertEquals(ep.getInfo("start"), py.ep_start_value);
  assertEquals(py.ep_scalar, null); // one row: a single value is a column of one
  ep.setInfo({ label: "x" });
  assertEquals(ep.getInfo("label"), py.ep_scalar_value);

  assertEquals(py.g_index, null);
  g.setInfo({ index: [1, 2], size: [3, 4], metadata: [5, 6] });
  assertEquals((py.g_rate as Outcome)?.error, "ValueError");
  assertEquals(refused(() => g.setInfo({ rate: [1, 2] })), "INVALID_ARGUMENT");
  assertEquals((py.g_drop_rate as Outcome)?.error, "ValueError");
  assertEquals(refused(() => g.dropInfo("rate")), "INVALID_ARGUMENT");
  assertEquals((py.g_drop_missing as Outcome)?.error, "KeyError");
  assertEquals(refused(() => g.dropInfo(["index", "nope"])), "KEY_NOT_FOUND");
  assertEquals(g.metadataColumns, py.g_after_drop); // nothing dropped when one name is missing

  assertEquals((py.f_label as Outcome)?.error, "ValueError");
  assertEquals(refused(() => f.setInfo({ a: [1, 2] })), "INVALID_ARGUMENT");
  assertEquals(py.f_values, null);
  f.setInfo({ values: [1, 2], t: [3, 4], columns: [5, 6] });
  assertEquals(f.metadataColumns, py.f_columns);

  assertEquals((py.get_missing as Outcome)?.error, "KeyError");
  assertEquals(refused(() => g.getInfo("nope")), "KEY_NOT_FOUND");
});

Deno.test("getbyCategory and groupby agree (one grouping of metadata rows)", () => {
  const g = new TsGroup(
    { 1: new Ts({ t: [1] }), 2: new Ts({ t: [2] }), 5: new Ts({ t: [2.5] }) },
    {
      metadata: { region: ["b", "a", "b"] },
      timeSupport: new IntervalSet({ start: 0, end: 3 }),
    },
  );
  const byCategory = g.getbyCategory("region");
  assertEquals([...byCategory.keys()], [...g.groupby("region").keys()]);
  assertEquals([...byCategory.get("b")!.keys()], g.groupby("region").get("b"));
});
