/**
 * Large result arrays on transparent huge pages, as numpy allocates them (it madvises huge pages
 * for arrays of 4 MiB and more). The first touch of a fresh page costs a page fault; on the
 * virtual machines measured here a 4 KiB fault takes ~15 µs of CPU, so a fresh 300 MB array
 * costs about a second to fill on 4 KiB pages and a few tens of ms on 2 MiB ones.
 *
 * The advice needs libc's `madvise` through Deno's FFI: it is given only on Linux when the FFI
 * permission is already granted (never prompts), and otherwise the arrays are plain ones. The
 * advice changes nothing but the page size backing the array.
 * @module
 */

/** numpy's threshold for the advice. */
const THRESHOLD = 4 << 20;
const HUGE_PAGE = 2 << 20;
/** `MADV_HUGEPAGE` from <sys/mman.h> (Linux). */
const MADV_HUGEPAGE = 14;

type Madvise = (addr: Deno.PointerValue, length: bigint, advice: number) => number;
let madvise: Madvise | undefined;
let unavailable = false;

function adviser(): Madvise | undefined {
  if (madvise || unavailable) return madvise;
  try {
    if (Deno.build.os !== "linux") {
      unavailable = true;
      return undefined;
    }
    // asked each time until granted: a notebook may grant FFI later
    if (Deno.permissions.querySync({ name: "ffi" }).state !== "granted") return undefined;
    const lib = Deno.dlopen("libc.so.6", {
      madvise: { parameters: ["pointer", "usize", "i32"], result: "i32" },
    });
    madvise = lib.symbols.madvise as Madvise;
  } catch {
    unavailable = true;
  }
  return madvise;
}

/**
 * Advises huge pages for the whole 2 MiB pages inside `view`'s bytes (before they are touched);
 * false when the advice could not be given (small view, no FFI permission, not Linux).
 */
export function adviseHugePages(view: ArrayBufferView): boolean {
  if (view.byteLength < THRESHOLD) return false;
  const fn = adviser();
  if (!fn) return false;
  try {
    const start = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(view)));
    const size = BigInt(HUGE_PAGE);
    const first = (start + size - 1n) / size * size;
    const length = (start + BigInt(view.byteLength) - first) / size * size;
    if (length <= 0n) return false;
    return fn(Deno.UnsafePointer.create(first), length, MADV_HUGEPAGE) === 0;
  } catch {
    return false;
  }
}

/** A zeroed Float64Array of `length`, on huge pages where {@linkcode adviseHugePages} can. */
export function allocFloat64(length: number): Float64Array {
  const a = new Float64Array(length);
  adviseHugePages(a);
  return a;
}

/** A zeroed Float32Array of `length`, on huge pages where {@linkcode adviseHugePages} can. */
export function allocFloat32(length: number): Float32Array {
  const a = new Float32Array(length);
  adviseHugePages(a);
  return a;
}
