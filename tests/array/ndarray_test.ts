import { assertEquals, assertThrows } from "../assert.ts";
import { NDArray } from "../../lib/array/ndarray.ts";
import { InMemoryLazyArray, isLazy, readRanges } from "../../lib/array/lazy.ts";
import { NappleError } from "../../lib/errors.ts";

Deno.test("NDArray.from infers shape and dtype from nested arrays", () => {
  const a = NDArray.from([[1, 2, 3], [4, 5, 6]]);
  assertEquals(a.shape, [2, 3]);
  assertEquals(a.dtype, "float64");
  assertEquals(a.get(1, 2), 6);
  assertEquals(NDArray.from([true, false]).dtype, "bool");
  assertEquals(NDArray.from([1n, 2n]).dtype, "int64");
});

Deno.test("NDArray rejects ragged input and bad shapes with a typed error", () => {
  const e = assertThrows(() => NDArray.from([[1, 2], [3]]), NappleError);
  assertEquals(e.code, "SHAPE_MISMATCH");
  assertThrows(() => new NDArray(new Float64Array(5), [2, 3]), NappleError);
});

Deno.test("row slices are views, takeRows/takeColumns copy", () => {
  const a = NDArray.from([[1, 2], [3, 4], [5, 6]]);
  const v = a.sliceRows(1, 3);
  v.data[0] = 30;
  assertEquals(a.get(1, 0), 30);
  assertEquals(a.takeRows([2, 0]).toNested(), [[5, 6], [1, 2]]);
  assertEquals(a.takeColumns([1]).toNested(), [[2], [4], [6]]);
});

Deno.test("InMemoryLazyArray reads ranges and counts bytes", () => {
  const lazy = new InMemoryLazyArray(NDArray.from([[1, 2], [3, 4], [5, 6]]));
  assertEquals(isLazy(lazy), true);
  assertEquals(isLazy(NDArray.from([1])), false);
  const r = readRanges(lazy, [[0, 1], [2, 3]]);
  assertEquals(r.toNested(), [[1, 2], [5, 6]]);
  assertEquals(lazy.stats.bytesRead, 32);
});
