// getInfo(name, type): the values, typed, each checked; a clear error naming the column otherwise.
import { assertEquals, assertThrows } from "../assert.ts";
import { IntervalSet, NappleError, Ts, TsdFrame, TsGroup } from "../../mod.ts";

Deno.test("getInfo(name, type) returns typed values and refuses a column of another type", () => {
  const group = new TsGroup({ 1: new Ts({ t: [1, 2] }), 2: new Ts({ t: [3] }) }, {
    metadata: { region: ["ca1", "pfc"], good: [true, false], mixed: ["a", 3] },
  });
  const rates: number[] = group.getInfo("rate", "number");
  assertEquals(rates, group.getInfo("rate") as number[]);
  const regions: string[] = group.getInfo("region", "string");
  assertEquals(regions, ["ca1", "pfc"]);
  const good: boolean[] = group.getInfo("good", "boolean");
  assertEquals(good, [true, false]);
  const e = assertThrows(() => group.getInfo("mixed", "string"), NappleError);
  assertEquals(e.code, "WRONG_TYPE");
  assertEquals(
    e.message,
    'metadata column "mixed" (object) holds a number at row 1, not only strings',
  );
  const bad = assertThrows(
    () => group.getInfo("region", "str" as unknown as "string"),
    NappleError,
  );
  assertEquals(bad.code, "INVALID_ARGUMENT");
  const frame = new TsdFrame({
    t: [0],
    d: [[1, 2]],
    columns: ["x", "y"],
    metadata: { gain: [1, 2] },
  });
  const gains: number[] = frame.getInfo("gain", "number");
  assertEquals(gains, [1, 2]);
  const ep = new IntervalSet({ start: [0, 2], end: [1, 3], metadata: { label: ["a", "b"] } });
  assertEquals(assertThrows(() => ep.getInfo("label", "number"), NappleError).code, "WRONG_TYPE");
});
