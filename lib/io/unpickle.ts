/**
 * A restricted unpickler for what numpy and pynapple write into npz files: object arrays and the
 * `_metadata` dict of arrays. It implements only the opcodes those files use and resolves only
 * numpy's array-rebuilding globals; anything else is refused with `UNSAFE_PICKLE` before it does
 * anything. Nothing is ever executed: `_reconstruct`, `ndarray`, `dtype` and `scalar` are
 * interpreted as data descriptions. The opcodes are those listed in testdata/FIXTURES.md
 * ("_metadata member") plus LONG1 and LONG_BINGET, which Python emits for the same data at larger
 * sizes (ints beyond 32 bits in object arrays, memo indices beyond 255); the globals are numpy's
 * `_reconstruct`, `ndarray`, `dtype` and `scalar` under their numpy 1 and numpy 2 module names.
 * Memory stays bounded by the input: every length is checked
 * against the bytes that remain, and turning the result into JS values has a node budget (a
 * pickle can share sub-objects through its memo, which would otherwise blow up exponentially).
 * @module
 */
import { NappleError } from "../errors.ts";
import { NDArray, shapeSize } from "../array/ndarray.ts";
import { ObjectArray, StringArray } from "./npy_values.ts";
import { decodeArrayBytes, parseDescr } from "./npy_descr.ts";

/** Globals the unpickler accepts (module + name); everything else is UNSAFE_PICKLE. */
export const ALLOWED_GLOBALS: readonly string[] = [
  "numpy.core.multiarray._reconstruct",
  "numpy._core.multiarray._reconstruct",
  "numpy.ndarray",
  "numpy.dtype",
  "numpy.core.multiarray.scalar",
  "numpy._core.multiarray.scalar",
];

/** A Python tuple while unpickling (distinct from a list). */
class PyTuple {
  constructor(readonly items: unknown[]) {}
}

/** A numpy dtype described by `dtype('f8', False, True)` and its BUILD state. */
class PyDtype {
  byteorder = "=";
  itemsizeOverride = -1;
  constructor(readonly base: string) {}
  /** The array-protocol descr, e.g. `<f8`, `<U4`, `|O`. */
  descr(): string {
    const m = /^([a-zA-Z?])(\d*)$/.exec(this.base);
    if (!m) return this.base;
    const kind = m[1];
    let size = m[2];
    if ((kind === "U" || kind === "S") && this.itemsizeOverride >= 0) {
      size = String(kind === "U" ? this.itemsizeOverride / 4 : this.itemsizeOverride);
    }
    if (kind === "O") return "|O";
    const order = this.byteorder === ">" ? ">" : this.byteorder === "|" ? "|" : "<";
    return `${order}${kind}${size}`;
  }
}

/** An ndarray being rebuilt: `_reconstruct(...)` creates it, BUILD fills it. */
class PendingArray {
  shape: number[] = [];
  dtype?: PyDtype;
  fortran = false;
  raw?: Uint8Array | unknown[];
}

/** A Python float with an integral value (kept apart from ints so `3.0` still prints `3.0`). */
class PyFloatBox {
  constructor(readonly v: number) {}
}

function floatValue(v: number): number | PyFloatBox {
  return Number.isInteger(v) ? new PyFloatBox(v) : v;
}

/** A global the unpickler resolved (only the allowed ones exist). */
class PyGlobal {
  constructor(readonly name: string) {}
}

const MAX_DEPTH = 64;

function unsafe(message: string, where: string): NappleError {
  return new NappleError("UNSAFE_PICKLE", message, { path: where });
}

function corrupt(message: string, where: string): NappleError {
  return new NappleError("CORRUPT_FILE", `pickle: ${message}`, { path: where });
}

const OPNAMES: Record<number, string> = {
  0x80: "PROTO",
  0x95: "FRAME",
  0x63: "GLOBAL",
  0x93: "STACK_GLOBAL",
  0x71: "BINPUT",
  0x72: "LONG_BINPUT",
  0x94: "MEMOIZE",
  0x68: "BINGET",
  0x6a: "LONG_BINGET",
  0x28: "MARK",
  0x2e: "STOP",
  0x52: "REDUCE",
  0x62: "BUILD",
  0x74: "TUPLE",
  0x85: "TUPLE1",
  0x86: "TUPLE2",
  0x87: "TUPLE3",
  0x29: "EMPTY_TUPLE",
  0x5d: "EMPTY_LIST",
  0x61: "APPEND",
  0x65: "APPENDS",
  0x7d: "EMPTY_DICT",
  0x73: "SETITEM",
  0x75: "SETITEMS",
  0x4e: "NONE",
  0x88: "NEWTRUE",
  0x89: "NEWFALSE",
  0x4a: "BININT",
  0x4b: "BININT1",
  0x4d: "BININT2",
  0x8a: "LONG1",
  0x47: "BINFLOAT",
  0x58: "BINUNICODE",
  0x8c: "SHORT_BINUNICODE",
  0x8d: "BINUNICODE8",
  0x43: "SHORT_BINBYTES",
  0x42: "BINBYTES",
  0x8e: "BINBYTES8",
};

/**
 * Unpickles `bytes` (protocols 2–4) into plain JS values: None → null, bool, int → number
 * (bigint beyond 2^53), float → number (inside object arrays an integral float is
 * `{py: "float", v}`, see `PyFloatValue`), str → string, bytes → Uint8Array, list and tuple →
 * array, dict → Map, ndarray → NDArray / StringArray / ObjectArray, numpy scalar → number,
 * bigint, boolean or string. `where` names the file/member in errors.
 */
export function unpickle(bytes: Uint8Array, where = "pickle"): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = new TextDecoder("utf-8", { fatal: true });
  const stack: unknown[] = [];
  const marks: number[] = [];
  const memo = new Map<number, unknown>();
  let pos = 0;

  const need = (n: number, what: string) => {
    if (n < 0 || pos + n > bytes.length) {
      throw corrupt(`truncated ${what} at byte ${pos} (needs ${n} bytes)`, where);
    }
  };
  const u8 = () => {
    need(1, "opcode argument");
    return bytes[pos++];
  };
  const u16 = () => {
    need(2, "opcode argument");
    const v = view.getUint16(pos, true);
    pos += 2;
    return v;
  };
  const u32 = () => {
    need(4, "opcode argument");
    const v = view.getUint32(pos, true);
    pos += 4;
    return v;
  };
  const u64 = () => {
    need(8, "opcode argument");
    const v = view.getBigUint64(pos, true);
    pos += 8;
    if (v > BigInt(bytes.length)) throw corrupt(`length ${v} exceeds the pickle size`, where);
    return Number(v);
  };
  const take = (n: number, what: string) => {
    need(n, what);
    const out = bytes.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  const str = (n: number) => {
    try {
      return text.decode(take(n, "string"));
    } catch (e) {
      if (e instanceof NappleError) throw e;
      throw corrupt("string is not valid UTF-8", where);
    }
  };
  const line = () => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) throw corrupt("unterminated GLOBAL line", where);
    const s = new TextDecoder("latin1").decode(bytes.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const pop = () => {
    if (stack.length === 0 || (marks.length && stack.length <= marks[marks.length - 1])) {
      throw corrupt("stack underflow", where);
    }
    return stack.pop();
  };
  const top = () => {
    if (stack.length === 0) throw corrupt("stack underflow", where);
    return stack[stack.length - 1];
  };
  const popMark = () => {
    const m = marks.pop();
    if (m === undefined) throw corrupt("no MARK on the stack", where);
    return stack.splice(m);
  };
  const resolveGlobal = (module: string, name: string) => {
    const full = `${module}.${name}`;
    if (!ALLOWED_GLOBALS.includes(full)) {
      throw unsafe(
        `refusing pickle global "${full}": only numpy array globals are allowed ` +
          `(${ALLOWED_GLOBALS.join(", ")}); nothing was executed`,
        where,
      );
    }
    return new PyGlobal(full.replace("numpy._core.", "numpy.core."));
  };
  const memoPut = (i: number) => {
    if (memo.size > bytes.length) throw corrupt("memo grows beyond the input size", where);
    memo.set(i, top());
  };
  const memoGet = (i: number) => {
    if (!memo.has(i)) throw corrupt(`memo key ${i} is not defined`, where);
    stack.push(memo.get(i));
  };

  while (true) {
    if (pos >= bytes.length) throw corrupt("no STOP opcode (truncated pickle)", where);
    const op = bytes[pos++];
    switch (op) {
      case 0x80: { // PROTO
        const p = u8();
        if (p > 5) throw corrupt(`unsupported pickle protocol ${p}`, where);
        break;
      }
      case 0x95: // FRAME: framing only hints at sizes; the data follows inline
        u64();
        break;
      case 0x63: { // GLOBAL
        const module = line();
        const name = line();
        stack.push(resolveGlobal(module, name));
        break;
      }
      case 0x93: { // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof name !== "string" || typeof module !== "string") {
          throw corrupt("STACK_GLOBAL needs two strings", where);
        }
        stack.push(resolveGlobal(module, name));
        break;
      }
      case 0x71: // BINPUT
        memoPut(u8());
        break;
      case 0x72: // LONG_BINPUT
        memoPut(u32());
        break;
      case 0x94: // MEMOIZE
        memoPut(memo.size);
        break;
      case 0x68: // BINGET
        memoGet(u8());
        break;
      case 0x6a: // LONG_BINGET
        memoGet(u32());
        break;
      case 0x28: // MARK
        marks.push(stack.length);
        break;
      case 0x2e: { // STOP
        if (stack.length !== 1 || marks.length) {
          throw corrupt("STOP with a malformed stack", where);
        }
        return finish(stack[0], bytes.length, where);
      }
      case 0x52: { // REDUCE
        const args = pop();
        const fn = pop();
        stack.push(reduce(fn, args, where));
        break;
      }
      case 0x62: { // BUILD
        const state = pop();
        build(top(), state, where);
        break;
      }
      case 0x74: // TUPLE
        stack.push(new PyTuple(popMark()));
        break;
      case 0x85:
        stack.push(new PyTuple([pop()]));
        break;
      case 0x86: {
        const b = pop();
        const a = pop();
        stack.push(new PyTuple([a, b]));
        break;
      }
      case 0x87: {
        const c = pop();
        const b = pop();
        const a = pop();
        stack.push(new PyTuple([a, b, c]));
        break;
      }
      case 0x29:
        stack.push(new PyTuple([]));
        break;
      case 0x5d:
        stack.push([]);
        break;
      case 0x61: { // APPEND
        const v = pop();
        const list = top();
        if (!Array.isArray(list)) throw corrupt("APPEND to a non-list", where);
        list.push(v);
        break;
      }
      case 0x65: { // APPENDS
        const items = popMark();
        const list = top();
        if (!Array.isArray(list)) throw corrupt("APPENDS to a non-list", where);
        for (const v of items) list.push(v);
        break;
      }
      case 0x7d:
        stack.push(new Map());
        break;
      case 0x73: { // SETITEM
        const v = pop();
        const k = pop();
        const d = top();
        if (!(d instanceof Map)) throw corrupt("SETITEM on a non-dict", where);
        d.set(dictKey(k, where), v);
        break;
      }
      case 0x75: { // SETITEMS
        const items = popMark();
        const d = top();
        if (!(d instanceof Map) || items.length % 2) {
          throw corrupt("SETITEMS on a non-dict", where);
        }
        for (let i = 0; i < items.length; i += 2) d.set(dictKey(items[i], where), items[i + 1]);
        break;
      }
      case 0x4e:
        stack.push(null);
        break;
      case 0x88:
        stack.push(true);
        break;
      case 0x89:
        stack.push(false);
        break;
      case 0x4a: // BININT
        need(4, "BININT");
        stack.push(view.getInt32(pos, true));
        pos += 4;
        break;
      case 0x4b:
        stack.push(u8());
        break;
      case 0x4d:
        stack.push(u16());
        break;
      case 0x8a: { // LONG1: little-endian two's complement of n bytes
        const n = u8();
        const b = take(n, "LONG1");
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
        if (n && b[n - 1] & 0x80) v -= 1n << BigInt(8 * n);
        stack.push(
          v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
            ? Number(v)
            : v,
        );
        break;
      }
      case 0x47: // BINFLOAT (big-endian)
        need(8, "BINFLOAT");
        stack.push(floatValue(view.getFloat64(pos, false)));
        pos += 8;
        break;
      case 0x58:
        stack.push(str(u32()));
        break;
      case 0x8c:
        stack.push(str(u8()));
        break;
      case 0x43:
        stack.push(take(u8(), "SHORT_BINBYTES"));
        break;
      case 0x42:
        stack.push(take(u32(), "BINBYTES"));
        break;
      default:
        throw unsafe(
          `refusing pickle opcode 0x${op.toString(16).padStart(2, "0")}${
            OPNAMES[op] ? ` (${OPNAMES[op]})` : ""
          } at byte ${pos - 1}: napple reads only the opcodes numpy uses for arrays`,
          where,
        );
    }
  }
}

function dictKey(k: unknown, where: string): unknown {
  if (
    typeof k === "string" || typeof k === "number" || typeof k === "bigint" ||
    typeof k === "boolean" || k === null
  ) return k;
  throw corrupt("dict key is not a string or number", where);
}

function tupleItems(x: unknown, n: number | undefined, what: string, where: string): unknown[] {
  if (!(x instanceof PyTuple) || (n !== undefined && x.items.length !== n)) {
    throw corrupt(`${what} must be a tuple${n !== undefined ? ` of ${n}` : ""}`, where);
  }
  return x.items;
}

function intShape(x: unknown, where: string): number[] {
  const items = tupleItems(x, undefined, "array shape", where);
  return items.map((v) => {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
      throw corrupt("array shape must hold non-negative integers", where);
    }
    return v;
  });
}

function reduce(fn: unknown, args: unknown, where: string): unknown {
  if (!(fn instanceof PyGlobal)) {
    throw unsafe("REDUCE on something that is not an allowed numpy global", where);
  }
  switch (fn.name) {
    case "numpy.core.multiarray._reconstruct": {
      const [cls] = tupleItems(args, 3, "_reconstruct arguments", where);
      if (!(cls instanceof PyGlobal) || cls.name !== "numpy.ndarray") {
        throw unsafe("_reconstruct may only rebuild numpy.ndarray", where);
      }
      return new PendingArray();
    }
    case "numpy.dtype": {
      const [base] = tupleItems(args, 3, "dtype arguments", where);
      if (typeof base !== "string" || base.length > 16) {
        throw corrupt("dtype name must be a short string", where);
      }
      return new PyDtype(base);
    }
    case "numpy.core.multiarray.scalar": {
      const items = tupleItems(args, undefined, "scalar arguments", where);
      const [dt, data] = items;
      if (!(dt instanceof PyDtype)) throw corrupt("scalar needs a dtype", where);
      const descr = dt.descr();
      if (descr === "|O") return items[1];
      if (!(data instanceof Uint8Array)) throw corrupt("scalar data must be bytes", where);
      const info = parseDescr(descr, where);
      if (data.length !== info.itemsize) throw corrupt("scalar data has the wrong size", where);
      const arr = decodeArrayBytes(info, [], false, data, where);
      if (arr instanceof NDArray) {
        const v = arr.data[0];
        if (arr.dtype === "bool") return v !== 0;
        if (arr.dtype === "float64" || arr.dtype === "float32") return floatValue(v as number);
        return typeof v === "bigint" &&
            v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
          ? Number(v)
          : v;
      }
      if (arr instanceof StringArray) return arr.values[0];
      throw corrupt("unsupported scalar", where);
    }
    default:
      throw unsafe(`${fn.name} cannot be called`, where);
  }
}

function build(target: unknown, state: unknown, where: string): void {
  if (target instanceof PyDtype) {
    const s = tupleItems(state, undefined, "dtype state", where);
    if (s.length < 6 || typeof s[1] !== "string") throw corrupt("bad dtype state", where);
    target.byteorder = s[1];
    if (typeof s[5] === "number") target.itemsizeOverride = s[5];
    return;
  }
  if (target instanceof PendingArray) {
    const s = tupleItems(state, 5, "ndarray state", where);
    const [, shape, dtype, fortran, raw] = s;
    if (!(dtype instanceof PyDtype)) throw corrupt("ndarray state lacks a dtype", where);
    if (typeof fortran !== "boolean") throw corrupt("ndarray fortran flag must be bool", where);
    if (!(raw instanceof Uint8Array) && !Array.isArray(raw)) {
      throw corrupt("ndarray data must be bytes or a list", where);
    }
    target.shape = intShape(shape, where);
    target.dtype = dtype;
    target.fortran = fortran;
    target.raw = raw;
    return;
  }
  throw unsafe("BUILD on an object that is not a numpy array or dtype", where);
}

/** Turns the unpickled graph into plain values, within a node budget and depth limit. */
function finish(root: unknown, inputSize: number, where: string): unknown {
  let budget = 64 * inputSize + 4096;
  const cache = new Map<object, unknown>();
  // Inside object arrays an integral Python float stays marked (`{py: "float", v}`) so it prints
  // as pynapple prints it; everywhere else it is a plain number.
  const convert = (x: unknown, depth: number, inObject = false): unknown => {
    if (--budget < 0) throw corrupt("pickle expands beyond its size budget", where);
    if (depth > MAX_DEPTH) throw corrupt("pickle nests too deeply", where);
    if (x === null || typeof x !== "object") return x;
    if (x instanceof PyFloatBox) return inObject ? { py: "float", v: x.v } : x.v;
    if (x instanceof Uint8Array) return x;
    if (cache.has(x)) return cache.get(x);
    if (x instanceof PyTuple) return x.items.map((v) => convert(v, depth + 1, inObject));
    if (Array.isArray(x)) return x.map((v) => convert(v, depth + 1, inObject));
    if (x instanceof Map) {
      const out = new Map<unknown, unknown>();
      for (const [k, v] of x) out.set(k, convert(v, depth + 1, inObject));
      return out;
    }
    if (x instanceof PendingArray) {
      if (!x.dtype || x.raw === undefined) throw corrupt("ndarray was never BUILT", where);
      const size = shapeSize(x.shape);
      const descr = x.dtype.descr();
      let out: unknown;
      if (descr === "|O") {
        if (!Array.isArray(x.raw) || x.raw.length !== size) {
          throw corrupt("object array data does not match its shape", where);
        }
        let values = x.raw.map((v) => convert(v, depth + 1, true));
        if (x.fortran) values = fortranToC(values, x.shape);
        out = new ObjectArray(values, x.shape);
      } else {
        if (!(x.raw instanceof Uint8Array)) throw corrupt("array data must be bytes", where);
        const info = parseDescr(descr, where);
        if (x.raw.length !== size * info.itemsize) {
          throw corrupt(
            `array data has ${x.raw.length} bytes for shape (${x.shape}) of ${descr}`,
            where,
          );
        }
        budget -= size >> 4;
        out = decodeArrayBytes(info, x.shape, x.fortran, x.raw, where);
      }
      cache.set(x, out);
      return out;
    }
    if (x instanceof PyDtype || x instanceof PyGlobal) {
      throw unsafe("pickle returns a bare numpy type object", where);
    }
    throw corrupt("unexpected object", where);
  };
  return convert(root, 0);
}

function fortranToC<T>(values: T[], shape: readonly number[]): T[] {
  const n = values.length;
  const out = new Array<T>(n);
  const nd = shape.length;
  const idx = new Array<number>(nd).fill(0);
  for (let f = 0; f < n; f++) {
    let c = 0;
    for (let k = 0; k < nd; k++) c = c * shape[k] + idx[k];
    out[c] = values[f];
    for (let k = 0; k < nd; k++) {
      if (++idx[k] < shape[k]) break;
      idx[k] = 0;
    }
  }
  return out;
}
