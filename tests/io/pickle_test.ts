import { assert, assertEquals, assertThrows, readJson, TESTDATA } from "../assert.ts";
import { NDArray } from "../../lib/array/ndarray.ts";
import { NappleError } from "../../lib/errors.ts";
import { unpickle } from "../../lib/io/unpickle.ts";
import { pickleValue } from "../../lib/io/pickle.ts";
import { isPyFloat, ObjectArray, StringArray } from "../../lib/io/npy_values.ts";
import { NpzFile, saveNpz } from "../../lib/io/npz.ts";
import { parseNpyHeader } from "../../lib/io/npy.ts";
import { pythonJson, runPython, SKIP_NUMPY } from "./python_client.ts";

const enc = new TextEncoder();
const bytes = (...parts: (number[] | string)[]) => {
  const out: number[] = [];
  for (const p of parts) out.push(...(typeof p === "string" ? enc.encode(p) : p));
  return new Uint8Array(out);
};

function code(fn: () => unknown): string {
  return (assertThrows(fn, NappleError) as NappleError).code;
}

/** Plain JSON-able view of an unpickled value, in the goldens' shape. */
function plain(v: unknown): unknown {
  if (v instanceof NDArray) {
    return {
      type: "ndarray",
      dtype: v.dtype,
      value: Array.from(
        v.data as ArrayLike<number | bigint>,
        (x) => v.dtype === "bool" ? x !== 0 : typeof x === "bigint" ? Number(x) : x,
      ),
    };
  }
  if (v instanceof StringArray) return { type: "ndarray", dtype: v.descr, value: [...v.values] };
  if (v instanceof ObjectArray) {
    return { type: "ndarray", dtype: "object", value: v.values.map(plain) };
  }
  if (v instanceof Map) {
    return Object.fromEntries([...v].map(([k, x]) => [String(k), plain(x)]));
  }
  if (Array.isArray(v)) return v.map(plain);
  if (isPyFloat(v)) return v.v;
  return v;
}

function flattenNested(v: unknown): unknown {
  // nested object arrays inside object arrays appear in the golden as plain lists
  if (v && typeof v === "object" && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (o.type === "ndarray" && o.dtype === "object") {
      return { ...o, value: (o.value as unknown[]).map(innerList) };
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, flattenNested(x)]));
  }
  return v;
}
function innerList(v: unknown): unknown {
  if (v && typeof v === "object" && !Array.isArray(v) && (v as { type?: string }).type) {
    return (v as { value: unknown[] }).value.map(innerList);
  }
  return v;
}

Deno.test("pickle: every fixture's _metadata unpickles to the golden content", () => {
  const checked: string[] = [];
  for (const entry of Deno.readDirSync(`${TESTDATA}golden/npz`)) {
    const golden = readJson<{ file: string; metadata_pickle?: { unpickled: { item: unknown } } }>(
      `${TESTDATA}golden/npz/${entry.name}/summary.json`,
    );
    if (!golden.metadata_pickle) continue;
    const z = NpzFile.open(`${TESTDATA}${golden.file}`);
    const meta = z.get("_metadata");
    assert(meta instanceof ObjectArray, entry.name);
    assertEquals(meta.shape, []);
    const columns = meta.values[0] as Map<string, unknown>;
    const item = flattenNested(Object.fromEntries(
      [...columns].map(([k, v]) => [
        k,
        v instanceof Map ? { type: "dict", dtype: "", value: plain(v) } : plain(v),
      ]),
    ));
    assertEquals(item, golden.metadata_pickle.unpickled.item, entry.name);
    checked.push(golden.file);
  }
  // every fixture that carries a pickle has its golden compared
  const withPickle = [...Deno.readDirSync(`${TESTDATA}npz`)].map((f) => `npz/${f.name}`)
    .filter((f) => NpzFile.open(`${TESTDATA}${f}`).has("_metadata"));
  assert(withPickle.length > 0);
  assertEquals(checked.sort(), withPickle.sort());
});

Deno.test("pickle: hostile globals and opcodes are refused before anything runs", () => {
  // GLOBAL os.system + REDUCE (what `pickle.dumps(Evil())` with __reduce__ gives)
  const osSystem = bytes([0x80, 3], "cos\nsystem\n", [0x58, 4, 0, 0, 0], "echo", [
    0x85,
    0x52,
    0x2e,
  ]);
  const e = assertThrows(() => unpickle(osSystem, "evil.pkl"), NappleError, "os.system");
  assertEquals((e as NappleError).code, "UNSAFE_PICKLE");
  // protocol 4 STACK_GLOBAL builtins.eval
  const evalP4 = bytes([0x80, 4, 0x8c, 8], "builtins", [0x8c, 4], "eval", [0x93, 0x2e]);
  assertEquals(code(() => unpickle(evalP4)), "UNSAFE_PICKLE");
  // numpy globals that are not array rebuilders are refused too
  assertEquals(code(() => unpickle(bytes([0x80, 2], "cnumpy\nload\n", [0x2e]))), "UNSAFE_PICKLE");
  // opcodes outside the list: INST, OBJ, NEWOBJ, PERSID, EXT1, REDUCE on a non-global
  for (const op of [0x69, 0x6f, 0x81, 0x50, 0x82, 0x51, 0x92]) {
    assertEquals(code(() => unpickle(bytes([0x80, 3, op, 0x2e]))), "UNSAFE_PICKLE");
  }
  assertEquals(code(() => unpickle(bytes([0x80, 3, 0x4e, 0x29, 0x52, 0x2e]))), "UNSAFE_PICKLE");
});

Deno.test("pickle: malformed and expanding pickles fail fast with CORRUPT_FILE", () => {
  assertEquals(code(() => unpickle(bytes([0x80, 3, 0x4e]))), "CORRUPT_FILE"); // no STOP
  assertEquals(code(() => unpickle(bytes([0x80, 3, 0x58, 255, 255, 255, 127]))), "CORRUPT_FILE");
  assertEquals(code(() => unpickle(bytes([0x80, 3, 0x68, 7, 0x2e]))), "CORRUPT_FILE"); // BINGET
  assertEquals(code(() => unpickle(bytes([0x80, 3, 0x61, 0x2e]))), "CORRUPT_FILE"); // underflow
  // a list that contains itself: nesting is bounded
  assertEquals(
    code(() => unpickle(bytes([0x80, 3, 0x5d, 0x71, 0, 0x68, 0, 0x61, 0x2e]))),
    "CORRUPT_FILE",
  );
  // "billion laughs": each level is a list holding the previous level 10 times via the memo
  const parts: number[] = [0x80, 3, 0x5d, 0x71, 0];
  for (let level = 1; level < 30; level++) {
    parts.push(0x5d, 0x28);
    for (let k = 0; k < 10; k++) parts.push(0x68, level - 1);
    parts.push(0x65, 0x71, level);
  }
  parts.push(0x2e);
  const t0 = performance.now();
  const big = new Uint8Array(parts);
  // the stack keeps the earlier levels: wrap everything into a tuple to satisfy STOP
  const wrapped = new Uint8Array([0x80, 3, 0x28, ...big.subarray(2, -1), 0x74, 0x2e]);
  assertEquals(code(() => unpickle(wrapped)), "CORRUPT_FILE");
  assert(performance.now() - t0 < 2000, "expansion must be cut off early");
});

Deno.test({
  name: "pickle: hostile _metadata inside an npz is refused (Python's os.system pickle)",
  ignore: SKIP_NUMPY,
  fn() {
    const dir = Deno.makeTempDirSync({ prefix: "napple_pkl_" });
    try {
      runPython(
        `
import numpy as np, sys, os
class Evil:
    def __reduce__(self):
        return (os.system, ('touch ' + sys.argv[1] + '/pwned',))
np.savez(sys.argv[1] + '/evil.npz', start=np.zeros(1), end=np.ones(1), type=np.array(['IntervalSet']),
         _metadata=np.array({'x': Evil()}, dtype=object))
`,
        dir,
      );
      const z = NpzFile.open(`${dir}/evil.npz`);
      const e = assertThrows(() => z.get("_metadata"), NappleError, "posix.system");
      assertEquals((e as NappleError).code, "UNSAFE_PICKLE");
      let exists = true;
      try {
        Deno.statSync(`${dir}/pwned`);
      } catch {
        exists = false;
      }
      assert(!exists, "nothing may be executed");
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test("pickle: napple's pickles unpickle back to the same values", () => {
  const value = new Map<string, unknown>([
    ["f", NDArray.from([1.5, -2, 1e300])],
    ["i", new NDArray(new BigInt64Array([1n, -(2n ** 40n)]), [2])],
    ["b", new NDArray(new Uint8Array([1, 0]), [2], "bool")],
    ["u", new StringArray(["ab", "héllo"])],
    ["o", new ObjectArray(["x", null, 3, 2.5, true, 2n ** 70n, -1])],
    ["nested", new ObjectArray([new ObjectArray(["a", "b"]), new ObjectArray(["c"])])],
  ]);
  const back = unpickle(pickleValue(value as never), "rt") as Map<string, unknown>;
  assertEquals(plain(back), plain(value));
});

Deno.test({
  name: "pickle: numpy reads napple's _metadata pickle with allow_pickle=True",
  ignore: SKIP_NUMPY,
  fn() {
    const dir = Deno.makeTempDirSync({ prefix: "napple_pkl_" });
    try {
      const many = Array.from({ length: 1500 }, (_, i) => `s${i}`);
      saveNpz(`${dir}/m.npz`, {
        _metadata: new ObjectArray([
          new Map<string, unknown>([
            ["label", new StringArray(["a", "bb", "ccc"])],
            ["score", NDArray.from([0.5, 1, 2.25])],
            ["trial", new NDArray(new BigInt64Array([1n, 2n, 3n]), [3])],
            ["ok", new NDArray(new Uint8Array([1, 0, 1]), [3], "bool")],
            ["mixed", new ObjectArray(["x", null, 3.5])],
            ["many", new ObjectArray(many)],
          ]),
        ], []),
        columns: new ObjectArray(["a", "b"]),
      });
      const got = pythonJson<Record<string, [string, unknown]>>(
        `
import numpy as np, sys, json
z = np.load(sys.argv[1] + '/m.npz', allow_pickle=True)
m = z['_metadata'].item()
out = {k: [str(v.dtype), v.tolist()] for k, v in m.items()}
out['columns'] = [str(z['columns'].dtype), z['columns'].tolist()]
print(json.dumps(out))
`,
        dir,
      );
      assertEquals(got.label, ["<U3", ["a", "bb", "ccc"]]);
      assertEquals(got.score, ["float64", [0.5, 1, 2.25]]);
      assertEquals(got.trial, ["int64", [1, 2, 3]]);
      assertEquals(got.ok, ["bool", [true, false, true]]);
      assertEquals(got.mixed, ["object", ["x", null, 3.5]]);
      assertEquals(got.many, ["object", many]);
      assertEquals(got.columns, ["object", ["a", "b"]]);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test("pickle: seeded fuzz over the fixtures' pickles never crashes or throws untyped", () => {
  const pickles: Uint8Array[] = [];
  for (const f of Deno.readDirSync(`${TESTDATA}npz`)) {
    const z = NpzFile.open(`${TESTDATA}npz/${f.name}`);
    if (!z.has("_metadata")) continue;
    const b = z.getBytes("_metadata");
    pickles.push(b.subarray(parseNpyHeader(b, f.name).dataOffset));
  }
  let seed = 2024;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  let ok = 0, typed = 0;
  for (let i = 0; i < 2500; i++) {
    const b = pickles[i % pickles.length].slice();
    for (let j = 0; j < 1 + Math.floor(rand() * 4); j++) {
      b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
    }
    try {
      unpickle(b.subarray(0, rand() < 0.1 ? Math.floor(rand() * b.length) : b.length), "fuzz");
      ok++;
    } catch (e) {
      if (!(e instanceof NappleError)) throw new Error(`case ${i}: untyped ${e}`);
      typed++;
    }
  }
  assert(ok > 0 && typed > 0, `${ok} ok, ${typed} refused`);
});
