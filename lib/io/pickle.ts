/**
 * A small pickler (protocol 3, numpy 1.x globals) for what napple writes into npz files: object
 * arrays (string columns, mixed metadata) and pynapple's `_metadata` dict of arrays. The output
 * follows what Python's pickler produces for the same numpy objects, so numpy 1.x and 2.x and
 * pynapple read it back with `allow_pickle=True`.
 * @module
 */
import { NappleError } from "../errors.ts";
import { NDArray } from "../array/ndarray.ts";
import { isPyFloat, ObjectArray, type PyFloatValue, StringArray } from "./npy_values.ts";
import { descrOfArray, encodeStringArray, ndarrayBytes } from "./npy_descr.ts";

/** Values the pickler writes: JS scalars, lists, dicts (Map or plain record) and numpy arrays. */
export type PicklableValue =
  | null
  | undefined
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PyFloatValue
  | NDArray
  | StringArray
  | ObjectArray
  | readonly PicklableValue[]
  | Map<string | number, PicklableValue>
  | { [key: string]: PicklableValue };

class Writer {
  #buf = new Uint8Array(1024);
  #len = 0;
  #memo = 0;
  readonly #shared = new Map<string, number>();
  readonly #enc = new TextEncoder();

  #ensure(n: number) {
    if (this.#len + n <= this.#buf.length) return;
    let cap = this.#buf.length * 2;
    while (cap < this.#len + n) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.#buf.subarray(0, this.#len));
    this.#buf = b;
  }
  byte(...bs: number[]) {
    this.#ensure(bs.length);
    for (const b of bs) this.#buf[this.#len++] = b;
  }
  u32(v: number) {
    this.#ensure(4);
    new DataView(this.#buf.buffer).setUint32(this.#len, v, true);
    this.#len += 4;
  }
  raw(b: Uint8Array) {
    this.#ensure(b.length);
    this.#buf.set(b, this.#len);
    this.#len += b.length;
  }
  /** BINPUT/LONG_BINPUT the object on top of the stack; returns its memo index. */
  put(): number {
    const i = this.#memo++;
    if (i < 256) this.byte(0x71, i);
    else {
      this.byte(0x72);
      this.u32(i);
    }
    return i;
  }
  get(i: number) {
    if (i < 256) this.byte(0x68, i);
    else {
      this.byte(0x6a);
      this.u32(i);
    }
  }
  /** Emits something once and fetches it from the memo afterwards (globals, shared strings). */
  shared(key: string, emit: () => void) {
    const i = this.#shared.get(key);
    if (i !== undefined) return this.get(i);
    emit();
    this.#shared.set(key, this.put());
  }
  global(module: string, name: string) {
    this.shared(`global:${module}.${name}`, () => {
      this.byte(0x63);
      this.raw(this.#enc.encode(`${module}\n${name}\n`));
    });
  }
  int(v: number | bigint) {
    if (typeof v === "number" && v >= 0 && v < 256) return this.byte(0x4b, v);
    if (typeof v === "number" && v >= 0 && v < 65536) return this.byte(0x4d, v & 255, v >> 8);
    if (typeof v === "number" && v >= -(2 ** 31) && v < 2 ** 31) {
      this.byte(0x4a);
      this.#ensure(4);
      new DataView(this.#buf.buffer).setInt32(this.#len, v, true);
      this.#len += 4;
      return;
    }
    // LONG1: minimal little-endian two's complement.
    let big = BigInt(v);
    const out: number[] = [];
    while (true) {
      const b = Number(big & 255n);
      out.push(b);
      big >>= 8n;
      if ((big === 0n && !(b & 0x80)) || (big === -1n && b & 0x80)) break;
    }
    this.byte(0x8a, out.length, ...out);
  }
  float(v: number) {
    this.byte(0x47);
    this.#ensure(8);
    new DataView(this.#buf.buffer).setFloat64(this.#len, v, false);
    this.#len += 8;
  }
  str(s: string) {
    const b = this.#enc.encode(s);
    this.byte(0x58);
    this.u32(b.length);
    this.raw(b);
    this.put();
  }
  bytes(b: Uint8Array) {
    if (b.length < 256) this.byte(0x43, b.length);
    else {
      this.byte(0x42);
      this.u32(b.length);
    }
    this.raw(b);
    this.put();
  }
  result(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}

const BATCH = 1000;

function writeValue(w: Writer, v: PicklableValue, where: string, depth: number): void {
  if (depth > 64) {
    throw new NappleError("INVALID_ARGUMENT", "value nests too deeply to pickle", { path: where });
  }
  if (v === null || v === undefined) return w.byte(0x4e);
  if (typeof v === "boolean") return w.byte(v ? 0x88 : 0x89);
  if (typeof v === "bigint") return w.int(v);
  if (typeof v === "number") {
    return Number.isSafeInteger(v) && !Object.is(v, -0) ? w.int(v) : w.float(v);
  }
  if (typeof v === "string") return w.str(v);
  if (isPyFloat(v)) return w.float(v.v);
  if (v instanceof Uint8Array) return w.bytes(v);
  if (v instanceof NDArray || v instanceof StringArray || v instanceof ObjectArray) {
    return writeArray(w, v, where, depth);
  }
  if (Array.isArray(v)) {
    w.byte(0x5d);
    w.put();
    writeBatched(w, v, (x) => writeValue(w, x, where, depth + 1), 0x61, 0x65);
    return;
  }
  const entries: [string | number, PicklableValue][] = v instanceof Map
    ? [...v.entries()]
    : Object.entries(v as Record<string, PicklableValue>);
  w.byte(0x7d);
  w.put();
  writeBatched(
    w,
    entries,
    ([k, x]) => {
      writeValue(w, k, where, depth + 1);
      writeValue(w, x, where, depth + 1);
    },
    0x73,
    0x75,
  );
}

/** Python's batching: one item → APPEND/SETITEM, more → MARK … APPENDS/SETITEMS per 1000. */
function writeBatched<T>(
  w: Writer,
  items: readonly T[],
  each: (x: T) => void,
  single: number,
  many: number,
) {
  for (let i = 0; i < items.length; i += BATCH) {
    const chunk = items.slice(i, i + BATCH);
    if (chunk.length === 1) {
      each(chunk[0]);
      w.byte(single);
    } else {
      w.byte(0x28);
      chunk.forEach(each);
      w.byte(many);
    }
  }
}

function writeDtype(w: Writer, descr: string) {
  const order = descr[0];
  const base = descr.slice(1);
  const kind = base[0];
  const size = Number(base.slice(1));
  w.global("numpy", "dtype");
  w.str(kind === "O" ? "O8" : base);
  w.byte(0x89, 0x88, 0x87); // False, True, TUPLE3
  w.put();
  w.byte(0x52); // REDUCE
  w.put();
  w.byte(0x28, 0x4b, 3); // MARK, 3
  w.shared(`order:${order}`, () => {
    const b = new TextEncoder().encode(order);
    w.byte(0x58);
    w.u32(b.length);
    w.raw(b);
  });
  w.byte(0x4e, 0x4e, 0x4e); // names, fields, subarray: None
  if (kind === "U") {
    w.int(size * 4);
    w.int(4);
    w.int(8);
  } else if (kind === "S") {
    w.int(size);
    w.int(1);
    w.int(0);
  } else {
    w.int(-1);
    w.int(-1);
    w.int(kind === "O" ? 63 : 0);
  }
  w.byte(0x74); // TUPLE
  w.put();
  w.byte(0x62); // BUILD
}

function writeArray(
  w: Writer,
  a: NDArray | StringArray | ObjectArray,
  where: string,
  depth: number,
) {
  w.global("numpy.core.multiarray", "_reconstruct");
  w.global("numpy", "ndarray");
  w.int(0);
  w.byte(0x85); // TUPLE1
  w.put();
  w.shared("bytes:b", () => w.byte(0x43, 1, 0x62));
  w.byte(0x87); // TUPLE3
  w.put();
  w.byte(0x52); // REDUCE
  w.put();
  w.byte(0x28); // MARK
  w.int(1);
  writeShape(w, a.shape);
  writeDtype(w, descrOfArray(a));
  w.byte(0x89); // not Fortran order
  if (a instanceof ObjectArray) {
    w.byte(0x5d);
    w.put();
    writeBatched(
      w,
      a.values,
      (x) => writeValue(w, x as PicklableValue, where, depth + 1),
      0x61,
      0x65,
    );
  } else if (a instanceof StringArray) {
    w.bytes(encodeStringArray(a, where));
  } else {
    w.bytes(ndarrayBytes(a));
  }
  w.byte(0x74); // TUPLE
  w.put();
  w.byte(0x62); // BUILD
}

function writeShape(w: Writer, shape: readonly number[]) {
  if (shape.length === 0) {
    w.byte(0x29); // EMPTY_TUPLE
    return;
  }
  if (shape.length <= 3) {
    for (const d of shape) w.int(d);
    w.byte([0x85, 0x86, 0x87][shape.length - 1]);
  } else {
    w.byte(0x28);
    for (const d of shape) w.int(d);
    w.byte(0x74);
  }
  w.put();
}

/** Pickles `value` with protocol 3 (what numpy 1.x's `np.save` writes for object arrays). */
export function pickleValue(value: PicklableValue, where = "pickle"): Uint8Array {
  const w = new Writer();
  w.byte(0x80, 3);
  writeValue(w, value, where, 0);
  w.byte(0x2e);
  return w.result();
}
