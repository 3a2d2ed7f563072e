// decimate against pynapple 0.9.2 (scipy.signal.decimate per epoch) on seeded random inputs, and
// on lazy data read in small batches: same numbers, bounded reads.
import { assert, assertArrayAlmostEquals, assertEquals, assertThrows } from "../assert.ts";
import { seeded } from "../random.ts";
import { checkCase, oracle, type OracleCase } from "../oracle/cases.ts";
import { SKIP_ORACLE } from "../oracle/client.ts";
import { NDArray } from "../../lib/array/ndarray.ts";
import { InMemoryLazyArray, type LazyArray } from "../../lib/array/lazy.ts";
import { getBatchSize, setBatchSize } from "../../lib/array/batch_size.ts";
import { NappleError } from "../../lib/errors.ts";
import { IntervalSet } from "../../lib/core/interval_set.ts";
import { type BaseTsd, Tsd, TsdFrame, TsdTensor } from "../../lib/core/time_series.ts";

const rand = seeded(1403);
const values = (n: number) => Float64Array.from({ length: n }, () => rand() * 2 - 1);
const times = (n: number) => Float64Array.from({ length: n }, (_, i) => i / 100);

const tsd = new Tsd({ t: times(700), d: values(700) });
const frame = new TsdFrame({
  t: times(500),
  d: new NDArray(values(1500), [500, 3]),
  columns: ["a", "b", "c"],
});
const tensor = new TsdTensor({ t: times(300), d: new NDArray(values(1200), [300, 2, 2]) });
const ep = new IntervalSet({ start: [0.5, 2.4], end: [2.1, 4.9] });

const cases: { what: string; run: () => unknown; c: OracleCase }[] = [];
for (const [name, obj] of Object.entries({ tsd, frame, tensor }) as [string, BaseTsd][]) {
  for (const down of [2, 3, 5]) {
    cases.push({
      what: `${name}.decimate(${down})`,
      run: () => obj.decimate(down),
      c: { vars: { a: obj }, expr: `a.decimate(${down})` },
    });
  }
  cases.push({
    what: `${name}.decimate(4, order 4, ep)`,
    run: () => obj.decimate(4, { order: 4, ep }),
    c: { vars: { a: obj, ep }, expr: "a.decimate(4, order=4, ep=ep)" },
  });
  for (const order of [8, 30]) {
    cases.push({
      what: `${name}.decimate(3, fir ${order})`,
      run: () => obj.decimate(3, { filterType: "fir", order }),
      c: { vars: { a: obj }, expr: `a.decimate(3, order=${order}, filter_type="fir")` },
    });
  }
}
const short = new Tsd({ t: times(20), d: values(20) });
cases.push({
  what: "too short for the filter",
  run: () => short.decimate(2),
  c: { vars: { a: short }, expr: "a.decimate(2)" },
});

Deno.test({
  name: "decimate matches pynapple (scipy decimate per epoch, iir and fir)",
  ignore: SKIP_ORACLE,
  async fn() {
    const refs = await oracle(cases.map((u) => u.c));
    cases.forEach((u, i) => checkCase(u.run, refs[i], 1e-9, u.what));
  },
});

/** A LazyArray that records the largest read. */
class Recording extends InMemoryLazyArray {
  largest = 0;
  override readRows(start: number, end: number, columns?: readonly number[]) {
    this.largest = Math.max(this.largest, end - start);
    return super.readRows(start, end, columns);
  }
}

Deno.test("decimate on lazy data reads bounded batches and equals the in-memory result", () => {
  const n = 20_000;
  const data = new NDArray(values(n * 4), [n, 4]);
  const source = new Recording(data);
  const t = times(n);
  const lazy = new TsdFrame({ t, d: source as LazyArray });
  const mem = new TsdFrame({ t, d: data });
  const before = getBatchSize();
  setBatchSize(32 * 500); // 500 rows of 4 float64
  try {
    for (const filterType of ["iir", "fir"] as const) {
      const a = lazy.decimate(7, { filterType }), b = mem.decimate(7, { filterType });
      assertEquals([...a.t], [...b.t]);
      assertArrayAlmostEquals(a.toNumbers(), b.toNumbers(), 0, filterType);
    }
    assert(source.largest <= 500, `largest read ${source.largest} rows`);
  } finally {
    setBatchSize(before);
  }
});

Deno.test("decimate refuses bad arguments clearly", () => {
  assertThrows(() => tsd.decimate(1.5), NappleError, "'down' should be a positive integer");
  assertThrows(
    () => tsd.decimate(2, { order: 0 }),
    NappleError,
    "'order' should be a positive int",
  );
  assertThrows(() => tsd.decimate(2, { filterType: "x" as never }), NappleError, "'fir', 'iir'");
});
