/**
 * Positioned reads from an open file that loop over short reads: the one primitive the lazy
 * arrays (npy members, HDF5 datasets) and the zip reader share, kept here in the lowest layer so
 * array code needs nothing from io.
 * @module
 */
import { NappleError } from "../errors.ts";

/** Reads `buf.length` bytes at `offset` of an open file (loops over short reads). */
export function readFully(file: Deno.FsFile, offset: number, buf: Uint8Array, name: string): void {
  file.seekSync(offset, Deno.SeekMode.Start);
  let got = 0;
  while (got < buf.length) {
    const n = file.readSync(buf.subarray(got, Math.min(buf.length, got + (1 << 26))));
    if (n === null || n === 0) {
      throw new NappleError("CORRUPT_FILE", `unexpected end of file at byte ${offset + got}`, {
        path: name,
      });
    }
    got += n;
  }
}
