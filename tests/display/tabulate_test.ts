// Outputs documented in python-tabulate's own docstrings, plus cases found by fuzzing the port
// against python-tabulate (Python objects as cells).
import { pyFloat, pyInt, tabulate } from "../../lib/display/tabulate.ts";
import { assertEquals } from "../assert.ts";

Deno.test("tabulate: documented simple and plain tables", () => {
  const rows = [["spam", pyFloat(41.9999)], ["eggs", "451.0"]];
  assertEquals(
    tabulate(rows, { headers: ["strings", "numbers"] }),
    "strings      numbers\n---------  ---------\nspam         41.9999\neggs        451",
  );
  assertEquals(tabulate(rows, { tablefmt: "plain" }), "spam   41.9999\neggs  451");
  assertEquals(tabulate(rows), "----  --------\nspam   41.9999\neggs  451\n----  --------");
  assertEquals(
    tabulate([[pyInt(1), pyFloat(2.34)], [pyInt(-56), "8.999"], ["2", "10001"]]),
    "---  ---------\n  1      2.34\n-56      8.999\n  2  10001\n---  ---------",
  );
});

Deno.test("tabulate: missing cells, bool columns and headers wider than data", () => {
  assertEquals(
    tabulate([["spam", pyInt(1), null], ["eggs", pyInt(42), pyFloat(3.14)], [
      "other",
      null,
      pyFloat(2.7),
    ]]),
    "-----  --  ----\nspam    1\neggs   42  3.14\nother      2.7\n-----  --  ----",
  );
  assertEquals(tabulate([[true], [false]], { headers: ["flag"] }), "flag\n------\nTrue\nFalse");
  assertEquals(tabulate([], { headers: ["Time (s)", ""] }), "Time (s)\n----------  --");
});

Deno.test("tabulate: columns past the headers are dropped when the first row is short", () => {
  assertEquals(
    tabulate([["ccc dd"], ["bb", "a", "...", pyInt(58399)]], { headers: ["x"] }),
    "x\n------\nccc dd\nbb",
  );
});
