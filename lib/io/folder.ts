/**
 * `nap.loadFolder` / `nap.Folder`: a data tree of `.npz` and `.nwb` files (pynapple's Folder).
 *
 * Opening a folder only lists it: subfolders are walked (hidden ones skipped), files are keyed by
 * their stem with whitespace removed. Nothing is opened until it is needed: the type of an npz
 * entry (shown by `toString()` / `view`) is read from its `type` member on first use, and NWB
 * files are opened only when their entry is accessed. Entries are loaded on first `get` and
 * cached. Unlike pynapple, entries are listed sorted (pynapple follows the directory order), and
 * hidden files are skipped like hidden folders.
 * @module
 */
import { NappleError } from "../errors.ts";
import { escapeHtml } from "../display/html.ts";
import { basename, join } from "../platform.ts";
import { warn } from "../warnings.ts";
import { atomicWrite } from "./atomic.ts";
import { type LoadedFile, loadFile } from "./load_file.ts";
import { type ClassOf, expectInstance } from "../instance_of.ts";
import { NpzFile } from "./npz.ts";
import { npzObjectType } from "./npz_reader.ts";

/**
 * The pynapple type of an npz file, as pynapple's NPZFile decides it (the `type` member, else a
 * guess from the member names); `npz` when nothing matches. Reads only the zip directory and the
 * members the decision needs.
 */
export function npzType(path: string): string {
  return npzObjectType(NpzFile.open(path));
}

/** Python's `string.whitespace`, removed from file stems to make keys. */
const WHITESPACE = /[ \t\n\r\v\f]/g;

/** The key of a file: its stem with whitespace removed (`run 1.npz` → `run1`). */
export function folderKey(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  return (dot > 0 ? fileName.slice(0, dot) : fileName).replace(WHITESPACE, "");
}

/** An npz or NWB file listed by a {@linkcode Folder}. */
export interface FolderFile {
  /** `npz` or `nwb`. */
  readonly kind: "npz" | "nwb";
  /** The key (stem, whitespace removed). */
  readonly key: string;
  /** Displayed name: the file name for npz (`run 1.npz`), the stem for NWB (`tiny_session`). */
  readonly name: string;
  /** Full path of the file. */
  readonly path: string;
  /** pynapple type (`Tsd`, `TsGroup`, ..., `npz`) for npz files, `NWB file` for NWB files. */
  readonly type: string;
}

class FileEntry implements FolderFile {
  #type?: string;
  value?: unknown;
  loaded = false;
  constructor(
    readonly kind: "npz" | "nwb",
    readonly key: string,
    readonly name: string,
    readonly path: string,
  ) {}
  get type(): string {
    if (this.kind === "nwb") return "NWB file";
    if (this.#type === undefined) {
      try {
        this.#type = npzType(this.path);
      } catch (e) {
        // A listing must not die on one bad file; loading it gives the full error.
        warn(`${this.path}: cannot read the npz type (${(e as Error).message})`);
        this.#type = "unreadable npz";
      }
    }
    return this.#type;
  }
}

/** A subfolder that could not be listed: shown in the tree, its error thrown on access. */
class UnreadableFolder {
  constructor(readonly name: string, readonly path: string, readonly error: NappleError) {}
}

function listDir(path: string): Deno.DirEntry[] {
  // No stat first: readDir alone tells a missing path or a file apart (one syscall per folder).
  try {
    return [...Deno.readDirSync(path)];
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new NappleError("FILE_NOT_FOUND", "folder does not exist", { path, cause: e });
    }
    if (e instanceof Deno.errors.NotADirectory) {
      throw new NappleError(
        "INVALID_ARGUMENT",
        "is a file, not a folder; use loadFile to load a single file",
        { path, cause: e },
      );
    }
    throw new NappleError("IO", `cannot list the folder (${(e as Error).message})`, {
      path,
      cause: e,
    });
  }
}

function isDirectory(path: string, entry: Deno.DirEntry): boolean {
  if (entry.isDirectory) return true;
  if (!entry.isSymlink) return false;
  try {
    return Deno.statSync(join(path, entry.name)).isDirectory;
  } catch {
    return false; // a dangling link, as Python's is_dir()
  }
}

function isFile(path: string, entry: Deno.DirEntry): boolean {
  if (entry.isFile) return true;
  if (!entry.isSymlink) return false;
  try {
    return Deno.statSync(join(path, entry.name)).isFile;
  } catch {
    return false;
  }
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Tab expansion as rich does it for a tree label (tab stops every 8 cells from its start). */
function expandTabs(text: string, size = 8): string {
  let out = "";
  for (const ch of text) {
    if (ch === "\t") out += " ".repeat(size - (out.length % size));
    else out += ch;
  }
  return out;
}

/** `str(datetime.now())`: local time `YYYY-MM-DD HH:MM:SS.ffffff`. */
function pythonNow(): string {
  const d = new Date();
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${
    p(d.getMinutes())
  }:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}000`;
}

/** `json.dump(obj, f, indent=2)`: like JSON.stringify but with non-ASCII escaped as \uXXXX. */
function pythonJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[\u007f-\uffff]/g,
    (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"),
  );
}

/** A rich `Panel.fit` with a title, drawn with rounded box characters. */
function panel(title: string, lines: readonly string[]): string {
  const textWidth = Math.max(0, ...lines.map((l) => [...l].length));
  const t = ` ${title} `;
  const width = Math.max(textWidth + 4, [...t].length + 4);
  const excess = width - 4 - [...t].length;
  const left = Math.floor(excess / 2);
  const top = "╭─" + "─".repeat(left) + t + "─".repeat(excess - left) + "─╮";
  const body = lines.map((l) => "│ " + l + " ".repeat(width - 4 - [...l].length) + " │");
  return [top, ...body, "╰" + "─".repeat(width - 2) + "╯"].join("\n") + "\n";
}

/**
 * pynapple's metadata panel: the sidecar's `key : value` lines in a rich panel titled `title`, or
 * "No metadata" when there is no sidecar.
 */
export function metadataPanel(title: string, sidecar: Record<string, unknown> | undefined): string {
  if (!sidecar) return panel(title, ["No metadata"]);
  const text = Object.entries(sidecar).map(([k, v]) =>
    `${k} : ${typeof v === "string" ? v : JSON.stringify(v)}`
  ).join("\n");
  return panel(title, text.split("\n"));
}

/** Anything a folder can save: a napple object with `save(path)` (Ts, Tsd, ..., IntervalSet). */
export interface Saveable {
  /** Writes the object to `path` in pynapple's npz layout. */
  save(path: string): void;
}

/** What a folder entry gives: a subfolder, or whatever `loadFile` returns for the file. */
export type FolderValue = Folder | LoadedFile;

/**
 * A folder of npz / NWB files and subfolders (pynapple's `Folder`), with Map-like access:
 * `keys()`, `has(key)`, `get(key)` (loads and caches the entry), `size`, iteration over
 * `[key, value]` pairs (loading each entry as it goes).
 */
export class Folder implements Iterable<[string, FolderValue]> {
  /** The folder path as given (trailing slashes removed). */
  readonly path: string;
  /** The folder's own name. */
  readonly name: string;
  readonly #subfolders = new Map<string, Folder | UnreadableFolder>();
  readonly #files = new Map<string, FileEntry>();

  /** Lists `path` and its subfolders (no file is opened). */
  constructor(path: string) {
    if (typeof path !== "string" || path === "") {
      throw new NappleError("INVALID_ARGUMENT", "Folder needs a folder path");
    }
    const trimmed = path.length > 1 ? path.replace(/\/+$/, "") : path;
    this.path = trimmed;
    this.name = basename(trimmed);
    const entries = listDir(trimmed);
    const subs: string[] = [];
    const npz: string[] = [];
    const nwb: string[] = [];
    for (const e of entries) {
      if (e.name.startsWith(".")) continue;
      if (isDirectory(trimmed, e)) subs.push(e.name);
      else if (e.name.endsWith(".npz") && isFile(trimmed, e)) npz.push(e.name);
      else if (e.name.endsWith(".nwb") && isFile(trimmed, e)) nwb.push(e.name);
    }
    const add = (entry: FileEntry) => {
      const previous = this.#files.get(entry.key);
      if (previous) {
        // pynapple silently keeps the last one; say which file hides which
        warn(
          `${trimmed}: "${previous.name}" and "${entry.name}" both have the key ` +
            `"${entry.key}"; only ${entry.name} is listed`,
        );
      }
      this.#files.set(entry.key, entry);
    };
    for (const f of npz.sort(byName)) add(new FileEntry("npz", folderKey(f), f, join(trimmed, f)));
    for (const f of nwb.sort(byName)) {
      add(new FileEntry("nwb", folderKey(f), folderKey(f), join(trimmed, f)));
    }
    for (const s of subs.sort(byName)) {
      const p = join(trimmed, s);
      try {
        this.#subfolders.set(s, new Folder(p));
      } catch (e) {
        if (!(e instanceof NappleError)) throw e;
        warn(`${p}: subfolder cannot be read and is listed without contents (${e.message})`);
        this.#subfolders.set(s, new UnreadableFolder(s, p, e));
      }
    }
  }

  /** Subfolders by name (sorted). */
  get subfolders(): ReadonlyMap<string, Folder> {
    const out = new Map<string, Folder>();
    for (const [k, v] of this.#subfolders) if (v instanceof Folder) out.set(k, v);
    return out;
  }

  #byKind?: { npz: Map<string, FolderFile>; nwb: Map<string, FolderFile> };

  #kinds(): { npz: Map<string, FolderFile>; nwb: Map<string, FolderFile> } {
    if (!this.#byKind) {
      const npz = new Map<string, FolderFile>();
      const nwb = new Map<string, FolderFile>();
      for (const [k, f] of this.#files) (f.kind === "npz" ? npz : nwb).set(k, f);
      this.#byKind = { npz, nwb };
    }
    return this.#byKind;
  }

  /** npz files by key (sorted by file name). */
  get npzFiles(): ReadonlyMap<string, FolderFile> {
    return this.#kinds().npz;
  }

  /** NWB files by key (sorted by file name). */
  get nwbFiles(): ReadonlyMap<string, FolderFile> {
    return this.#kinds().nwb;
  }

  /** Every key: files and subfolders, sorted. */
  keys(): string[] {
    const keys = new Set([...this.#files.keys(), ...this.#subfolders.keys()]);
    return [...keys].sort(byName);
  }

  /** Number of entries. */
  get size(): number {
    return this.keys().length;
  }

  /** True when `key` names an entry. */
  has(key: string): boolean {
    return this.#subfolders.has(key) || this.#files.has(key);
  }

  /** What `key` is without loading it: `Folder`, `NWB file`, or the npz type. */
  typeOf(key: string): string {
    if (this.#subfolders.has(key)) return "Folder";
    const f = this.#files.get(key);
    if (!f) this.#missing(key);
    return f.type;
  }

  #missing(key: string): never {
    throw new NappleError(
      "KEY_NOT_FOUND",
      `can't find key ${JSON.stringify(key)} in the folder; keys: ${this.keys().join(", ")}`,
      { path: this.path, key },
    );
  }

  /**
   * The entry `key`: a subfolder, or the loaded file (npz → napple object, NWB → NWBFile),
   * loaded on first access and cached. Subfolders take precedence over files of the same key,
   * as in pynapple.
   */
  get(key: string): FolderValue;
  /**
   * The entry `key` as a `type` (`folder.get("spikes", nap.TsGroup)`, `folder.get("sub",
   * nap.Folder)`): typed for TypeScript, checked at run time (WRONG_TYPE naming both types).
   *
   * @example
   * ```ts
   * import * as nap from "jsr:@napple/napple";
   * const project = nap.loadFolder("MyProject");
   * const spikes = project.get("derived", nap.Folder).get("spikes", nap.TsGroup);
   * console.log(spikes.toString());
   * ```
   */
  get<T>(key: string, type: ClassOf<T>): T;
  get<T>(key: string, type?: ClassOf<T>): FolderValue | T {
    const value = this.#get(key);
    if (type === undefined) return value;
    return expectInstance(value, type, `entry "${key}"`, { path: this.path, key });
  }

  #get(key: string): FolderValue {
    const sub = this.#subfolders.get(key);
    if (sub instanceof Folder) return sub;
    if (sub) throw sub.error;
    const f = this.#files.get(key);
    if (!f) this.#missing(key);
    if (!f.loaded) {
      f.value = loadFile(f.path);
      f.loaded = true;
    }
    // a loaded file, or the object `save` stored (a napple object, one of the same types)
    return f.value as LoadedFile;
  }

  /** Iterates `[key, value]`, loading each entry as it is reached. */
  *[Symbol.iterator](): IterableIterator<[string, FolderValue]> {
    for (const k of this.keys()) yield [k, this.get(k)];
  }

  /** Same as iterating the folder. */
  entries(): IterableIterator<[string, FolderValue]> {
    return this[Symbol.iterator]();
  }

  /** Loads every npz entry of this folder (pynapple's `load()`); NWB files stay unopened. */
  load(): void {
    for (const [k, f] of this.#files) if (f.kind === "npz") this.get(k);
  }

  /**
   * Saves `obj` as `name.npz` with a `name.json` sidecar `{"time": ..., "info": description}`,
   * each written atomically (temporary file + rename), and adds it to the listing.
   */
  save(name: string, obj: Saveable, description = ""): void {
    if (typeof name !== "string" || name === "" || /[/\\]/.test(name) || name.startsWith(".")) {
      throw new NappleError(
        "INVALID_ARGUMENT",
        `cannot save under the name ${JSON.stringify(name)}: use a plain file name`,
        { path: this.path, key: String(name) },
      );
    }
    if (!obj || typeof (obj as Saveable).save !== "function") {
      throw new NappleError("INVALID_ARGUMENT", "Folder.save needs a napple object (with save())", {
        path: this.path,
        key: name,
      });
    }
    const file = join(this.path, `${name}.npz`);
    obj.save(file);
    const sidecar = pythonJson({ time: pythonNow(), info: String(description) });
    atomicWrite(join(this.path, `${name}.json`), (f) => {
      const bytes = new TextEncoder().encode(sidecar);
      for (let at = 0; at < bytes.length;) at += f.writeSync(bytes.subarray(at));
    });
    const key = folderKey(`${name}.npz`);
    const entry = new FileEntry("npz", key, `${name}.npz`, file);
    entry.value = obj;
    entry.loaded = true;
    this.#files.set(key, entry);
    // keep files sorted by name
    const sorted = [...this.#files.values()].sort((a, b) =>
      a.kind === b.kind ? byName(a.name, b.name) : a.kind === "npz" ? -1 : 1
    );
    this.#files.clear();
    for (const e of sorted) this.#files.set(e.key, e);
    this.#byKind = undefined;
  }

  /**
   * The parsed `name.json` sidecar (`{time, info}` for what `save` wrote), or undefined when there
   * is none. A sidecar that is not valid JSON (or not an object) raises CORRUPT_FILE.
   */
  sidecar(name: string): Record<string, unknown> | undefined {
    const path = join(this.path, `${name}.json`);
    let text: string;
    try {
      text = Deno.readTextFileSync(path);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return undefined;
      throw new NappleError("IO", `cannot read the sidecar (${(e as Error).message})`, {
        path,
        cause: e,
      });
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new NappleError("CORRUPT_FILE", `sidecar is not valid JSON (${(e as Error).message})`, {
        path,
        key: name,
        cause: e,
      });
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      throw new NappleError("CORRUPT_FILE", "sidecar JSON is not an object", { path, key: name });
    }
    return value as Record<string, unknown>;
  }

  /**
   * The sidecar of `name` as pynapple's panel (`key : value` lines titled with the npz path), or
   * a "No metadata" panel. pynapple prints it; napple returns the text.
   */
  metadata(name: string): string {
    return metadataPanel(join(this.path, `${name}.npz`), this.sidecar(name));
  }

  /** Same as {@linkcode Folder.metadata}. */
  info(name: string): string {
    return this.metadata(name);
  }

  /** Same as {@linkcode Folder.metadata}. */
  doc(name: string): string {
    return this.metadata(name);
  }

  #childLines(full: boolean): string[] {
    const lines: { label: string; children?: string[] }[] = [];
    for (const [name, sub] of this.#subfolders) {
      const label = `📂 ${name}`;
      lines.push({
        label,
        children: full && sub instanceof Folder ? sub.#childLines(true) : undefined,
      });
    }
    for (const f of this.#files.values()) {
      lines.push({ label: expandTabs(`${f.name} \t|\t ${f.type}`) });
    }
    const out: string[] = [];
    lines.forEach((l, i) => {
      const last = i === lines.length - 1;
      out.push((last ? "└── " : "├── ") + l.label);
      for (const c of l.children ?? []) out.push((last ? "    " : "│   ") + c);
    });
    return out;
  }

  /** pynapple's `print(folder)`: this folder's subfolders and files (one level). */
  toString(): string {
    return [`📂 ${this.name}`, ...this.#childLines(false)].join("\n") + "\n";
  }

  /** The full tree, every subfolder expanded (pynapple's `expand()`). */
  expand(): string {
    return [`📂 ${this.name}`, ...this.#childLines(true)].join("\n") + "\n";
  }

  /** Same as {@linkcode Folder.expand} (pynapple's `view` property). */
  get view(): string {
    return this.expand();
  }

  #html(open: boolean): string {
    const items: string[] = [];
    for (const [name, sub] of this.#subfolders) {
      items.push(
        `<li>${
          sub instanceof Folder ? sub.#html(false) : `📂 ${escapeHtml(name)} <em>(unreadable)</em>`
        }</li>`,
      );
    }
    for (const f of this.#files.values()) {
      const color = f.kind === "npz" ? "green" : "magenta";
      items.push(
        `<li><span style="color:${color}">${escapeHtml(f.name)}</span> <code>${
          escapeHtml(f.type)
        }</code></li>`,
      );
    }
    return `<details${open ? " open" : ""}><summary>📂 ${escapeHtml(this.name)}</summary>` +
      `<ul style="list-style:none;margin:0 0 0 1.2em;padding:0">${items.join("")}</ul></details>`;
  }

  /** A collapsible HTML tree (`<details>` per folder) with each file's type. */
  toHTML(): string {
    return `<div class="napple-folder">${this.#html(true)}</div>`;
  }

  /** `console.log(folder)` shows the tree, as `print(folder)` does in pynapple. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  /** Jupyter display: the text tree and the HTML tree. */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "text/plain": this.toString(), "text/html": this.toHTML() };
  }
}

/**
 * Opens a folder tree (pynapple's `load_folder`); throws FILE_NOT_FOUND when it does not exist.
 *
 * @example Walk a project, load an entry, save a result beside it
 * ```ts
 * import * as nap from "jsr:@napple/napple";
 * const project = nap.loadFolder("MyProject");
 * console.log(project.view); // the tree: subfolders, npz and NWB files
 * const spikes = project.get("spikes", nap.TsGroup);
 * project.save("rates", spikes.count(1), "spike counts in 1 s bins");
 * ```
 */
export function loadFolder(path: string): Folder {
  return new Folder(path);
}
