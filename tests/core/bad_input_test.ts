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

Deno.test("wrong-typed arguments to any method raise NappleError, never a TypeError", () => {
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
    const raw: string[] = [];
    for (const [name, obj] of Object.entries(objects)) {
      for (const m of methodsOf(obj)) {
        for (const a of weird) {
          for (const b of [undefined, null, "x", {}]) {
            try {
              (obj as Record<string, (...args: unknown[]) => unknown>)[m](a, b);
            } catch (e) {
              if (!(e instanceof NappleError)) raw.push(`${name}.${m}: ${(e as Error).message}`);
            }
          }
        }
      }
    }
    assertEquals([...new Set(raw)], []);
  });
});
