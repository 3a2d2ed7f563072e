/**
 * The `.npy` format (versions 1.0, 2.0, 3.0): header parsing with a real parser for the Python
 * dict literal numpy writes, reading any numeric / bool / string dtype in either byte order and
 * C or Fortran order, object arrays through the restricted unpickler, and writing byte-for-byte
 * what `np.save` writes.
 * @module
 */
import { NappleError } from "../errors.ts";
import { NDArray, shapeSize } from "../array/ndarray.ts";
import { type NpyArray, ObjectArray, StringArray } from "./npy_values.ts";
import {
  decodeArrayBytes,
  type DescrInfo,
  descrOfArray,
  encodeStringArray,
  ndarrayBytes,
  parseDescr,
} from "./npy_descr.ts";
import { unpickle } from "./unpickle.ts";
import { type PicklableValue, pickleValue } from "./pickle.ts";

/** The magic string every `.npy` starts with. */
export const NPY_MAGIC: Uint8Array = new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);

/** A parsed `.npy` header. */
export interface NpyHeader {
  /** Format version, e.g. `[1, 0]`. */
  version: [number, number];
  /** numpy dtype string. */
  descr: string;
  /** Parsed dtype. */
  info: DescrInfo;
  /** True when the data is stored column-major. */
  fortranOrder: boolean;
  /** Dimensions. */
  shape: number[];
  /** Byte offset of the array data from the start of the `.npy`. */
  dataOffset: number;
  /** Bytes of array data (unknown, -1, for object arrays, whose pickle runs to the end). */
  dataBytes: number;
}

const UTF8 = new TextEncoder();

/** Longest header napple accepts (numpy refuses headers over 10 000 bytes unless told). */
const MAX_HEADER = 1 << 20;

function bad(message: string, where: string): NappleError {
  return new NappleError("CORRUPT_FILE", message, { path: where });
}

// ---------------------------------------------------------------------------------------------
// A parser for the Python literal numpy writes as header: a dict of str → str | bool | tuple.

type PyLiteral =
  | string
  | number
  | boolean
  | null
  | PyLiteral[]
  | { tuple: PyLiteral[] }
  | Map<
    PyLiteral,
    PyLiteral
  >;

function parseLiteral(src: string, where: string): PyLiteral {
  let i = 0;
  const fail = (msg: string): never => {
    throw bad(`malformed .npy header (${msg} at character ${i}): ${JSON.stringify(src)}`, where);
  };
  const ws = () => {
    while (i < src.length && " \t\n\r".includes(src[i])) i++;
  };
  const value = (depth: number): PyLiteral => {
    if (depth > 16) fail("nesting too deep");
    ws();
    const c = src[i];
    if (c === "{") {
      i++;
      const m = new Map<PyLiteral, PyLiteral>();
      ws();
      while (src[i] !== "}") {
        const k = value(depth + 1);
        ws();
        if (src[i] !== ":") fail("expected ':'");
        i++;
        m.set(k, value(depth + 1));
        ws();
        if (src[i] === ",") i++;
        else if (src[i] !== "}") fail("expected ',' or '}'");
        ws();
      }
      i++;
      return m;
    }
    if (c === "(" || c === "[") {
      const close = c === "(" ? ")" : "]";
      i++;
      const items: PyLiteral[] = [];
      let sawComma = false;
      ws();
      while (src[i] !== close) {
        if (i >= src.length) fail(`expected '${close}'`);
        items.push(value(depth + 1));
        ws();
        if (src[i] === ",") {
          i++;
          sawComma = true;
        } else if (src[i] !== close) fail(`expected ',' or '${close}'`);
        ws();
      }
      i++;
      if (c === "[") return items;
      // `(5)` is just 5 in Python; `(5,)` is a tuple.
      if (items.length === 1 && !sawComma) return items[0];
      return { tuple: items };
    }
    if (c === "'" || c === '"') {
      i++;
      let s = "";
      while (src[i] !== c) {
        if (i >= src.length) fail("unterminated string");
        if (src[i] === "\\") {
          i++;
          const e = src[i++];
          if (e === "x") {
            s += String.fromCharCode(parseInt(src.slice(i, i + 2), 16));
            i += 2;
          } else s += ({ n: "\n", t: "\t", r: "\r", "0": "\0" } as Record<string, string>)[e] ?? e;
        } else s += src[i++];
      }
      i++;
      return s;
    }
    const m = /^(True|False|None|-?\d+L?)/.exec(src.slice(i, i + 32));
    if (!m) return fail("unexpected token");
    i += m[0].length;
    if (m[0] === "True") return true;
    if (m[0] === "False") return false;
    if (m[0] === "None") return null;
    const n = Number(m[0].replace("L", ""));
    if (!Number.isSafeInteger(n)) fail("integer too large");
    return n;
  };
  const v = value(0);
  ws();
  if (i !== src.length) fail("trailing characters");
  return v;
}

/** Parses the `.npy` header at the start of `bytes`. */
export function parseNpyHeader(bytes: Uint8Array, where: string): NpyHeader {
  if (bytes.length < 10) throw bad("file is too short to be .npy", where);
  for (let k = 0; k < NPY_MAGIC.length; k++) {
    if (bytes[k] !== NPY_MAGIC[k]) throw bad("not a .npy file (bad magic string)", where);
  }
  const major = bytes[6];
  const minor = bytes[7];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let start: number;
  if (major === 1 && minor === 0) {
    headerLen = dv.getUint16(8, true);
    start = 10;
  } else if ((major === 2 || major === 3) && minor === 0) {
    if (bytes.length < 12) throw bad("file is too short to be .npy", where);
    headerLen = dv.getUint32(8, true);
    start = 12;
  } else {
    throw new NappleError(
      "UNSUPPORTED_FORMAT",
      `.npy format version ${major}.${minor} is not supported (1.0, 2.0, 3.0 are)`,
      { path: where },
    );
  }
  if (headerLen > MAX_HEADER) throw bad(`.npy header length ${headerLen} is implausible`, where);
  if (start + headerLen > bytes.length) throw bad(".npy header is truncated", where);
  const raw = bytes.subarray(start, start + headerLen);
  let text: string;
  try {
    text = major === 3
      ? new TextDecoder("utf-8", { fatal: true }).decode(raw)
      : new TextDecoder("latin1").decode(raw);
  } catch {
    throw bad(".npy header is not valid UTF-8", where);
  }
  const lit = parseLiteral(text.trimEnd(), where);
  if (!(lit instanceof Map)) throw bad(".npy header is not a dict", where);
  const keys = [...lit.keys()].sort();
  if (keys.join(",") !== "descr,fortran_order,shape") {
    throw bad(
      `.npy header must have exactly the keys descr, fortran_order, shape; got ${
        keys.map(String).join(", ")
      }`,
      where,
    );
  }
  const descr = lit.get("descr");
  const fortran = lit.get("fortran_order");
  const shapeLit = lit.get("shape");
  if (typeof fortran !== "boolean") throw bad(".npy fortran_order must be True or False", where);
  if (
    typeof shapeLit !== "object" || shapeLit === null || !("tuple" in shapeLit) ||
    !shapeLit.tuple.every((d) => typeof d === "number" && Number.isInteger(d) && d >= 0)
  ) {
    throw bad(".npy shape must be a tuple of non-negative integers", where);
  }
  const shape = shapeLit.tuple as number[];
  const info = parseDescr(typeof descr === "string" ? descr : JSON.stringify(descr), where);
  if (typeof descr !== "string") {
    throw new NappleError("DTYPE", "structured (record) dtypes are not supported", { path: where });
  }
  const size = shapeSize(shape);
  if (!Number.isSafeInteger(size * Math.max(1, info.itemsize))) {
    throw bad(`.npy shape (${shape.join(", ")}) is implausibly large`, where);
  }
  return {
    version: [major, minor],
    descr,
    info,
    fortranOrder: fortran,
    shape,
    dataOffset: start + headerLen,
    dataBytes: info.kind === "O" ? -1 : size * info.itemsize,
  };
}

/**
 * Decodes the data that follows a parsed header. `data` starts at the header's data offset and
 * may extend beyond the array (only what the header describes is used).
 */
export function decodeNpyData(header: NpyHeader, data: Uint8Array, where: string): NpyArray {
  if (header.info.kind === "O") {
    const v = unpickle(data, where);
    if (v instanceof ObjectArray) return v;
    if (v instanceof NDArray || v instanceof StringArray) return v;
    throw bad("object .npy does not hold a pickled numpy array", where);
  }
  if (data.length < header.dataBytes) {
    throw bad(
      `.npy data is truncated: header promises shape (${header.shape.join(", ")}) of ` +
        `${header.descr} = ${header.dataBytes} bytes, only ${data.length} present`,
      where,
    );
  }
  return decodeArrayBytes(header.info, header.shape, header.fortranOrder, data, where);
}

/** Reads a whole `.npy` held in memory. */
export function readNpyBytes(bytes: Uint8Array, where = "npy"): NpyArray {
  const header = parseNpyHeader(bytes, where);
  return decodeNpyData(header, bytes.subarray(header.dataOffset), where);
}

// ---------------------------------------------------------------------------------------------
// Writing.

function pyRepr(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(", ")})`;
}

/** The header bytes `np.save` writes for an array of `descr` and `shape` (C order). */
export function encodeNpyHeader(descr: string, shape: readonly number[]): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${pyRepr(shape)}, }`;
  // numpy leaves room for the first axis to grow in place (GROWTH_AXIS_MAX_DIGITS = 21).
  if (shape.length > 0) header += " ".repeat(Math.max(0, 21 - String(shape[0]).length));
  let latin1 = true;
  for (let i = 0; i < header.length && latin1; i++) latin1 = header.charCodeAt(i) <= 0xff;
  const encoded = UTF8.encode(header);
  const body = encoded.length + 1;
  // numpy's _wrap_header: pad with spaces so that prefix + header is a multiple of 64 (a full
  // 64 bytes of padding when it already is), and use the smallest version that fits.
  let version = latin1 ? 1 : 3;
  let prefix = latin1 ? 10 : 12;
  let pad = 64 - ((prefix + body) % 64);
  if (version === 1 && body + pad > 65535) {
    version = 2;
    prefix = 12;
    pad = 64 - ((prefix + body) % 64);
  }
  const total = body + pad;
  const out = new Uint8Array(prefix + total).fill(0x20);
  out.set(NPY_MAGIC);
  out[6] = version;
  out[7] = 0;
  const dv = new DataView(out.buffer);
  if (version === 1) dv.setUint16(8, total, true);
  else dv.setUint32(8, total, true);
  out.set(encoded, prefix);
  out[out.length - 1] = 0x0a;
  return out;
}

/**
 * The bytes of a `.npy` for `array`, as parts to write one after the other (the data part of a
 * numeric array is a view of its memory, not a copy).
 */
export function encodeNpy(array: NpyArray, where = "npy"): Uint8Array[] {
  const header = encodeNpyHeader(descrOfArray(array), array.shape);
  if (array instanceof NDArray) return [header, ndarrayBytes(array)];
  if (array instanceof StringArray) return [header, encodeStringArray(array, where)];
  return [header, pickleValue(array as PicklableValue, where)];
}

/** Total byte length of parts. */
export function partsLength(parts: readonly Uint8Array[]): number {
  let n = 0;
  for (const p of parts) n += p.length;
  return n;
}
