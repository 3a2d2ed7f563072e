import { assert, assertEquals, assertThrows } from "../assert.ts";
import { NDArray } from "../../lib/array/ndarray.ts";
import { NappleError } from "../../lib/errors.ts";
import { encodeNpy, encodeNpyHeader, parseNpyHeader, readNpyBytes } from "../../lib/io/npy.ts";
import { ObjectArray, StringArray } from "../../lib/io/npy_values.ts";
import { loadNpy, saveNpy } from "../../lib/io/npz.ts";
import { NpyLazyArray } from "../../lib/array/npy_lazy.ts";
import { pythonJson, runPython, SKIP_NUMPY } from "./python_client.ts";

const enc = new TextEncoder();

/** A .npy built by hand: magic, version, header text padded to 64, then data. */
function handNpy(header: string, data: Uint8Array = new Uint8Array(), version = 1): Uint8Array {
  const prefix = version === 1 ? 10 : 12;
  let text = header;
  while ((prefix + text.length + 1) % 64) text += " ";
  text += "\n";
  const body = enc.encode(text);
  const out = new Uint8Array(prefix + body.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const dv = new DataView(out.buffer);
  if (version === 1) dv.setUint16(8, body.length, true);
  else dv.setUint32(8, body.length, true);
  out.set(body, prefix);
  out.set(data, prefix + body.length);
  return out;
}

function code(fn: () => unknown): string {
  const e = assertThrows(fn, NappleError);
  return (e as NappleError).code;
}

Deno.test("npy: header parser reads numpy's dict literal, both quote styles, spacing", () => {
  const h = parseNpyHeader(
    handNpy(`{"descr": "<f8", 'shape': (2, 3), 'fortran_order': False}`, new Uint8Array(48)),
    "x.npy",
  );
  assertEquals(h.shape, [2, 3]);
  assertEquals(h.descr, "<f8");
  assertEquals(h.fortranOrder, false);
  assertEquals(h.dataOffset, 128);
  const h0 = parseNpyHeader(
    handNpy(`{'descr':'|b1','fortran_order':True,'shape':()}`, new Uint8Array(1)),
    "x",
  );
  assertEquals(h0.shape, []);
  assertEquals(h0.fortranOrder, true);
});

Deno.test("npy: malformed headers give typed errors naming the file", () => {
  const good = `{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }`;
  const data = new Uint8Array(16);
  const bad = handNpy(good, data);
  bad[1] = 0x41;
  const e = assertThrows(() => readNpyBytes(bad, "bad.npy"), NappleError, "magic");
  assertEquals(e.path, "bad.npy");
  assertEquals(code(() => readNpyBytes(handNpy(good, data).subarray(0, 40), "t")), "CORRUPT_FILE");
  // header lies about the shape: more data promised than present
  assertEquals(
    code(() => readNpyBytes(handNpy(good.replace("(2,)", "(2000,)"), data), "t")),
    "CORRUPT_FILE",
  );
  assertEquals(code(() => readNpyBytes(handNpy(good.replace("<f8", "<c16"), data))), "DTYPE");
  assertEquals(code(() => readNpyBytes(handNpy(good.replace("<f8", "<M8[ns]"), data))), "DTYPE");
  assertEquals(
    code(() => readNpyBytes(handNpy(good.replace("'<f8'", "[('a', '<f8')]"), data))),
    "DTYPE",
  );
  assertEquals(
    code(() => readNpyBytes(handNpy(`{'descr': '<f8', 'shape': (2,)}`, data))),
    "CORRUPT_FILE",
  );
  assertEquals(
    code(() => readNpyBytes(handNpy(good.replace("(2,)", "[2]"), data))),
    "CORRUPT_FILE",
  );
  assertEquals(
    code(() => readNpyBytes(handNpy(good.replace("(2,)", "(-2,)"), data))),
    "CORRUPT_FILE",
  );
  assertEquals(
    code(() => readNpyBytes(handNpy(good.replace("False", "__import__('os')"), data))),
    "CORRUPT_FILE",
  );
  const v9 = handNpy(good, data);
  v9[6] = 9;
  assertEquals(code(() => readNpyBytes(v9)), "UNSUPPORTED_FORMAT");
  // a shape whose byte size overflows must be refused before allocating anything
  assertEquals(
    code(() => readNpyBytes(handNpy(good.replace("(2,)", "(99999999999, 99999999999)"), data))),
    "CORRUPT_FILE",
  );
});

Deno.test("npy: seeded fuzz over header bytes never crashes, hangs or throws untyped", () => {
  let seed = 12345;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const bases = [
    encodeNpy(NDArray.from([[1, 2], [3, 4]])),
    encodeNpy(new StringArray(["ab", "c"])),
    encodeNpy(new ObjectArray(["x", 1, null])),
  ].map((parts) => {
    const n = parts.reduce((a, p) => a + p.length, 0);
    const out = new Uint8Array(n);
    let at = 0;
    for (const p of parts) (out.set(p, at), at += p.length);
    return out;
  });
  const alphabet = enc.encode("{}()[]',:0123456789<>|=fiubUSOTrueFalse -\\x\n");
  let ok = 0, typed = 0;
  for (let i = 0; i < 3000; i++) {
    const b = bases[i % bases.length].slice();
    const edits = 1 + Math.floor(rand() * 4);
    for (let k = 0; k < edits; k++) {
      const pos = Math.floor(rand() * Math.min(b.length, 140));
      b[pos] = rand() < 0.5
        ? alphabet[Math.floor(rand() * alphabet.length)]
        : Math.floor(rand() * 256);
    }
    const cut = rand() < 0.1 ? Math.floor(rand() * b.length) : b.length;
    try {
      readNpyBytes(b.subarray(0, cut), "fuzz.npy");
      ok++;
    } catch (e) {
      if (!(e instanceof NappleError)) throw new Error(`untyped error on case ${i}: ${e}`);
      typed++;
    }
  }
  assert(ok > 0 && typed > 0, `fuzz should hit both outcomes (${ok} ok, ${typed} errors)`);
});

Deno.test("npy: encodeNpyHeader pads to 64 bytes like numpy", () => {
  const h = encodeNpyHeader("<f8", [80]);
  assertEquals(h.length, 128);
  const text = new TextDecoder().decode(h.subarray(10));
  assert(text.startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (80,), }"));
  assert(text.endsWith(" \n"));
  assertEquals(parseNpyHeader(h, "x").shape, [80]);
});

Deno.test("npy: round trip in napple of every kind, 0-d and empty arrays", () => {
  const arrays = [
    NDArray.from([[1.5, -2], [3, 4]]),
    new NDArray(new BigInt64Array([-(2n ** 63n), 2n ** 62n]), [2]),
    new NDArray(new BigUint64Array([2n ** 64n - 1n]), [1]),
    new NDArray(new Uint8Array([1, 0, 1]), [3], "bool"),
    new NDArray(new Int8Array([-128, 127]), [2]),
    new NDArray(new Float32Array([0.25]), []),
    new NDArray(new Float64Array(0), [0, 3]),
    new StringArray(["héllo", "", "😀"], [3]),
    new StringArray(["ab", "c"], [2], "S"),
    new ObjectArray(["x", null, 3, 2.5, true, -7n * 10n ** 20n, ["nested", 1]], [7]),
  ];
  for (const a of arrays) {
    const parts = encodeNpy(a);
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) (bytes.set(p, at), at += p.length);
    const back = readNpyBytes(bytes, "rt.npy");
    assertEquals(back.shape, a.shape);
    if (a instanceof NDArray) {
      assert(back instanceof NDArray);
      assertEquals(back.dtype, a.dtype);
      assertEquals(
        Array.from(back.data as ArrayLike<number>),
        Array.from(a.data as ArrayLike<number>),
      );
    } else {
      assertEquals((back as StringArray | ObjectArray).values, a.values);
    }
  }
});

Deno.test({
  name: "npy: numpy's files of every dtype, byte order, order and version read identically",
  ignore: SKIP_NUMPY,
  fn() {
    const dir = Deno.makeTempDirSync({ prefix: "napple_npy_" });
    try {
      const expected = pythonJson<Record<string, { shape: number[]; values: unknown[] }>>(
        `
import numpy as np, sys, json, os
from numpy.lib import format as F
d = sys.argv[1]
cases = {
  'f8': np.arange(6, dtype='<f8').reshape(2, 3) * 1.5,
  'f8be': np.arange(5, dtype='>f8') - 2.25,
  'i4be': np.array([-1, 2, 300000], dtype='>i4'),
  'i2': np.array([-32768, 32767], dtype='<i2'),
  'u1': np.array([0, 255], dtype='u1'),
  'u2be': np.array([1, 65535], dtype='>u2'),
  'u8': np.array([2**64 - 1, 0], dtype='<u8'),
  'i8': np.array([-2**63, 2**53 + 1], dtype='<i8'),
  'b1': np.array([True, False, True]),
  'f4': np.array([0.1, -np.inf, np.nan], dtype='<f4'),
  'f2': np.array([0.5, -2, 65504, np.inf, 1e-7], dtype='<f2'),
  'fortran2d': np.asfortranarray(np.arange(12, dtype='<i4').reshape(3, 4)),
  'fortran3d': np.asfortranarray(np.arange(24.).reshape(2, 3, 4)),
  'zero_d': np.array(3.5),
  'empty': np.zeros((0, 3)),
  'U': np.array(['a', 'h\u00e9llo', '', '\U0001F600x']),
  'Ube': np.array(['ab', 'c'], dtype='>U2'),
  'Ufortran': np.asfortranarray(np.array([['a', 'b', 'c'], ['d', 'e', 'f']])),
  'S': np.array([b'ab', b'', b'xyz']),
  'obj': np.array(['x', None, 3, 2.5, True], dtype=object),
  'obj2d': np.array([['a', 1], [None, 2.5]], dtype=object),
}
def conv(x):
    if isinstance(x, (bytes, np.bytes_)): return x.decode('latin1')
    if isinstance(x, (bool, np.bool_)): return bool(x)
    if isinstance(x, (int, np.integer)): return {'int': str(int(x))}
    if isinstance(x, (float, np.floating)): return {'float': repr(float(x))}
    return x
out = {}
for k, a in cases.items():
    np.save(os.path.join(d, k + '.npy'), a)
    out[k] = {'shape': list(a.shape), 'values': [conv(v) for v in a.ravel(order='C').tolist()] if a.dtype.kind not in 'fiu' else [conv(v) for v in a.ravel(order='C')]}
for v in [(2, 0), (3, 0)]:
    a = np.array(['z\u00e9', 'y'])
    with open(os.path.join(d, 'v%d.npy' % v[0]), 'wb') as f:
        F.write_array(f, a, version=v)
    out['v%d' % v[0]] = {'shape': [2], 'values': ['z\u00e9', 'y']}
print(json.dumps(out))
`,
        dir,
      );
      for (const [name, exp] of Object.entries(expected)) {
        const a = loadNpy(`${dir}/${name}.npy`);
        assert(!(a instanceof NpyLazyArray));
        assertEquals(a.shape, exp.shape, name);
        const values: unknown[] = a instanceof NDArray
          ? Array.from(
            a.data as ArrayLike<number | bigint>,
            (v) => a.dtype === "bool" ? v !== 0 : v,
          )
          : [...a.values];
        assertEquals(values.length, exp.values.length, name);
        exp.values.forEach((e, i) => {
          const v = values[i];
          if (e && typeof e === "object" && "int" in e) {
            assertEquals(BigInt(v as number | bigint), BigInt((e as { int: string }).int), name);
          } else if (e && typeof e === "object" && "float" in e) {
            const f = (e as { float: string }).float;
            const x = f === "nan"
              ? NaN
              : f === "inf"
              ? Infinity
              : f === "-inf"
              ? -Infinity
              : Number(f);
            assert(Object.is(v, x), `${name}[${i}]: ${v} vs ${f}`);
          } else assertEquals(v, e, `${name}[${i}]`);
        });
      }
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "npy: napple writes byte-identical files to np.save, and numpy reads them",
  ignore: SKIP_NUMPY,
  fn() {
    const dir = Deno.makeTempDirSync({ prefix: "napple_npy_" });
    try {
      const arrays: Record<string, NDArray | StringArray> = {
        f8: NDArray.from([[1.5, -2, 3], [4, 5, 6]]),
        i8: new NDArray(new BigInt64Array([-5n, 7n]), [2]),
        b1: new NDArray(new Uint8Array([1, 0]), [2], "bool"),
        u2: new NDArray(new Uint16Array([1, 65535]), [2]),
        zero_d: new NDArray(new Float64Array([2.5]), []),
        empty: new NDArray(new Int32Array(0), [0]),
        big_shape: new NDArray(new Float32Array(12345), [12345]),
        t3: new NDArray(new Int16Array(24), [2, 3, 4]),
        U: new StringArray(["a", "héllo", "😀"]),
        S: new StringArray(["ab", ""], [2], "S"),
      };
      for (const [k, a] of Object.entries(arrays)) saveNpy(`${dir}/${k}`, a);
      const res = pythonJson<Record<string, boolean>>(
        `
import numpy as np, sys, os, io, json
d = sys.argv[1]
out = {}
for f in sorted(os.listdir(d)):
    a = np.load(os.path.join(d, f))
    buf = io.BytesIO(); np.save(buf, a)
    out[f] = buf.getvalue() == open(os.path.join(d, f), 'rb').read()
print(json.dumps(out))
`,
        dir,
      );
      assertEquals(Object.keys(res).length, Object.keys(arrays).length);
      for (const [f, same] of Object.entries(res)) assert(same, `${f} differs from np.save`);
      const check = runPython(
        `
import numpy as np, sys
d = sys.argv[1]
print(np.load(d + '/U.npy').tolist(), np.load(d + '/i8.npy').tolist(), np.load(d + '/f8.npy').tolist())
`,
        dir,
      ).trim();
      assertEquals(check, "['a', 'héllo', '😀'] [-5, 7] [[1.5, -2.0, 3.0], [4.0, 5.0, 6.0]]");
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test("npy: lazy .npy reads only the requested rows, in one read", () => {
  const dir = Deno.makeTempDirSync({ prefix: "napple_npy_" });
  try {
    const n = 1000;
    const data = new Float64Array(n * 3).map((_, i) => i);
    const path = saveNpy(`${dir}/x`, new NDArray(data, [n, 3]));
    const lazy = loadNpy(path, { lazy: true });
    assert(lazy instanceof NpyLazyArray);
    assertEquals(lazy.shape, [n, 3]);
    assertEquals(lazy.stats.bytesRead, 0);
    const rows = lazy.readRows(10, 20);
    assertEquals(rows.shape, [10, 3]);
    assertEquals(rows.data[0], 30);
    assertEquals(lazy.stats, { reads: 1, bytesRead: 10 * 3 * 8 });
    assertEquals(Array.from(lazy.readRows(998, 2000, [2]).data as Float64Array), [2996, 2999]);
    assertEquals(lazy.readRows(5, 5).shape, [0, 3]);
    // strings cannot be lazy: the whole array is returned
    const s = saveNpy(`${dir}/s`, new StringArray(["a", "b"]));
    assert(loadNpy(s, { lazy: true }) instanceof StringArray);
    assertEquals(code(() => loadNpy(`${dir}/missing.npy`)), "FILE_NOT_FOUND");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
