import { assertEquals } from "../assert.ts";
import {
  collectWarnings,
  IntervalSet,
  NappleError,
  Ts,
  Tsd,
  TsdFrame,
  TsdTensor,
  TsGroup,
} from "../../mod.ts";

/** Every method of `obj` (own class and ancestors), except internal ones. */
function methodsOf(obj: object): string[] {
  const out = new Set<string>();
  for (
    let p = Object.getPrototypeOf(obj);
    p && p !== Object.prototype;
    p = Object.getPrototypeOf(p)
  ) {
    for (const k of Object.getOwnPropertyNames(p)) {
      const desc = Object.getOwnPropertyDescriptor(p, k)!;
      if (typeof desc.value === "function" && !["constructor", "rebuild", "save"].includes(k)) {
        out.add(k);
      }
    }
  }
  return [...out];
}

Deno.test("wrong-typed arguments to any method raise NappleError, never a TypeError", async () => {
  // Async methods (plot) must reject with a NappleError too: their promises are checked below.
  const pending: Promise<unknown>[] = [];
  const raw: string[] = [];
  collectWarnings(() => {
    const ts = new Ts({ t: [0, 1, 2, 3, 6, 7] });
    const objects: Record<string, object> = {
      ep: new IntervalSet({ start: [0, 5], end: [2, 9], metadata: { a: [1, 2] } }),
      ts,
      tsd: new Tsd({ t: [0, 1, 2, 3, 6, 7], d: [1, 2, 3, 4, 5, 6] }),
      frame: new TsdFrame({ t: [0, 1, 2], d: [[1, 2], [3, 4], [5, 6]], columns: ["a", "b"] }),
      tensor: new TsdTensor({ t: [0, 1], d: [[[1, 2]], [[3, 4]]] }),
      group: new TsGroup({ 1: ts, 2: ts }, { metadata: { c: ["u", "v"] } }),
    };
    const weird: unknown[] = [undefined, null, "x", {}, [], NaN, -1, 1e99, [null], true];
    for (const [name, obj] of Object.entries(objects)) {
      for (const m of methodsOf(obj)) {
        for (const a of weird) {
          for (const b of [undefined, null, "x", {}]) {
            const fail = (e: unknown) => {
              if (!(e instanceof NappleError)) raw.push(`${name}.${m}: ${(e as Error).message}`);
            };
            try {
              const r = (obj as Record<string, (...args: unknown[]) => unknown>)[m](a, b);
              if (r instanceof Promise) pending.push(r.catch(fail));
            } catch (e) {
              fail(e);
            }
          }
        }
      }
    }
  });
  await Promise.all(pending);
  assertEquals([...new Set(raw)], []);
});

Deno.test("wrong-typed constructor options raise NappleError, never a TypeError", () => {
  collectWarnings(() => {
    const weird: unknown[] = [
      undefined,
      null,
      "x",
      {},
      [],
      NaN,
      -1,
      [null],
      true,
      [[1, 2], [3]],
      [1, 2],
      new Float64Array(2),
      new IntervalSet({ start: [0], end: [1] }),
    ];
    const build: Record<string, (a: unknown, b: unknown) => unknown> = {
      Ts: (a, b) => new Ts({ t: a, timeSupport: b } as never),
      TsUnits: (a, b) => new Ts({ t: [1, 2], timeUnits: a, timeSupport: b } as never),
      Tsd: (a, b) => new Tsd({ t: [1, 2], d: a, timeSupport: b } as never),
      TsdLoad: (a, b) => new Tsd({ t: [1, 2], d: [1, 2], loadArray: a, timeSupport: b } as never),
      TsdFrame: (a, b) =>
        new TsdFrame({ t: [1, 2], d: [[1], [2]], columns: a, metadata: b } as never),
      TsdFrameTD: (a, b) => new TsdFrame({ t: a, d: b } as never),
      TsdTensor: (a, b) => new TsdTensor({ t: a, d: b } as never),
      IntervalSet: (a, b) => new IntervalSet({ start: a, end: b } as never),
      IntervalSetMeta: (a, b) =>
        new IntervalSet({ start: [0], end: [1], metadata: a, timeUnits: b } as never),
      TsGroup: (a, b) => new TsGroup(a as never, b as never),
      TsGroupMeta: (a, b) => new TsGroup({ 1: a } as never, { metadata: b } as never),
      bare: (a) => new (Tsd as unknown as new (x: unknown) => unknown)(a),
    };
    const raw: string[] = [];
    for (const [name, fn] of Object.entries(build)) {
      for (const a of weird) {
        for (const b of weird) {
          try {
            fn(a, b);
          } catch (e) {
            if (!(e instanceof NappleError)) raw.push(`${name}: ${(e as Error).message}`);
          }
        }
      }
    }
    assertEquals([...new Set(raw)], []);
  });
});
