/**
 * Atomic file writes: the data goes to a temporary file in the destination's folder (so the
 * final rename stays on one file system and is atomic), which replaces the destination only
 * once everything is written and flushed. An interrupted save leaves the previous file intact.
 * @module
 */
import { NappleError } from "../errors.ts";
import { basename, dirname, join } from "../platform.ts";

let counter = 0;

/** Options of {@linkcode atomicWrite}. */
export interface AtomicWriteOptions {
  /**
   * Flush the data to the disk before the rename (survives power loss, not only an interrupted
   * process). Off by default, matching what `np.savez` guarantees, because it costs a disk sync.
   */
  durable?: boolean;
}

/**
 * Opens a temporary file next to `path`, lets `write` fill it, then renames it over `path`.
 * On any error the temporary file is removed and the destination is untouched.
 */
export function atomicWrite(
  path: string,
  write: (file: Deno.FsFile) => void,
  options: AtomicWriteOptions = {},
): void {
  const dir = dirname(path);
  let dirInfo: Deno.FileInfo;
  try {
    dirInfo = Deno.statSync(dir);
  } catch (e) {
    throw new NappleError("FILE_NOT_FOUND", `folder ${dir} does not exist`, { path, cause: e });
  }
  if (!dirInfo.isDirectory) {
    throw new NappleError("NOT_A_FILE", `${dir} is not a folder`, { path });
  }
  try {
    if (Deno.statSync(path).isDirectory) {
      throw new NappleError("NOT_A_FILE", "is a folder, not a file", { path });
    }
  } catch (e) {
    if (e instanceof NappleError) throw e;
  }
  const tmp = join(dir, `.${basename(path)}.${Deno.pid}.${Date.now()}.${counter++}.tmp`);
  let file: Deno.FsFile | undefined;
  try {
    file = Deno.openSync(tmp, { write: true, createNew: true });
    write(file);
    if (options.durable) file.syncDataSync();
    file.close();
    file = undefined;
    Deno.renameSync(tmp, path);
  } catch (e) {
    try {
      file?.close();
    } catch { /* already closed */ }
    try {
      Deno.removeSync(tmp);
    } catch { /* never created */ }
    if (e instanceof NappleError) throw e;
    throw new NappleError("IO", `cannot write: ${(e as Error).message}`, { path, cause: e });
  }
}
