/** pynapple's key disambiguation and tabulate's mixed_outline table, on cases beyond the fixtures. */
import { assertEquals } from "../../assert.ts";
import { uniqueKeys } from "../../../lib/io/nwb/walk.ts";
import { mixedOutline } from "../../../lib/io/nwb/table.ts";

Deno.test("nwb keys: collisions grow one parent level at a time, only where needed", () => {
  const keys = uniqueKeys([
    "/x",
    "/a/x",
    "/b/a/x",
    "/m/BehavioralTimeSeries/speed",
    "/n/BehavioralTimeSeries/speed",
    "/solo",
  ]);
  assertEquals([...keys.values()], [
    "x",
    "a/x",
    "b/a/x",
    "m/BehavioralTimeSeries/speed",
    "n/BehavioralTimeSeries/speed",
    "solo",
  ]);
  // identical paths cannot be told apart: no infinite recursion
  assertEquals(uniqueKeys(["/p/q", "/p/q"]).size, 1);
});

Deno.test("nwb table: tabulate mixed_outline with numeric keys and with no rows", () => {
  assertEquals(
    mixedOutline(["Keys", "Type"], [["123", "Tsd"], ["4", "Ts"]]),
    [
      "┍━━━━━━━━┯━━━━━━━━┑",
      "│   Keys │ Type   │",
      "┝━━━━━━━━┿━━━━━━━━┥",
      "│    123 │ Tsd    │",
      "│      4 │ Ts     │",
      "┕━━━━━━━━┷━━━━━━━━┙",
    ].join("\n"),
  );
  assertEquals(
    mixedOutline(["Keys", "Type"], []),
    ["┍━━━━━━━━┯━━━━━━━━┑", "│ Keys   │ Type   │", "┝━━━━━━━━┿━━━━━━━━┥", "┕━━━━━━━━┷━━━━━━━━┙"]
      .join("\n"),
  );
});
