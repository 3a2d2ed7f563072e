/**
 * Builds a local package registry in JSR's layout from what `deno publish` would upload, so that
 * scripts can import `jsr:@napple/napple` the way users get it (`JSR_URL=file:///<dir>/`), with
 * no network to JSR and no deno.json.
 *
 * Like `deno publish`: the files are the dry-run list, and every import-map specifier in them is
 * written out in full (`"fflate"` → `"npm:fflate@0.8.3"`, `"@std/path/posix"` →
 * `"jsr:@std/path@^1.1.6/posix"`). The JSR packages napple depends on come from `vendor/jsr.io/`
 * (already in JSR's layout). Everything is derived from deno.json, so added files, exports and
 * imports need no change here.
 *
 * Usage: `deno run -A tools/local_registry.ts <dir>` prints the `JSR_URL` to use.
 * @module
 */

/** What {@linkcode buildLocalRegistry} made. */
export interface LocalRegistry {
  /** The folder, as the `JSR_URL` value Deno expects (a `file:///…/` URL). */
  readonly url: string;
  /** `jsr:@scope/name@version` of the project's package. */
  readonly specifier: string;
  /** The published files (paths relative to the project root, with a leading slash). */
  readonly files: string[];
}

interface DenoJson {
  name: string;
  version: string;
  exports: string | Record<string, string>;
  imports?: Record<string, string>;
}

const ROOT = new URL("../", import.meta.url).pathname;

/** The files `deno publish --dry-run` lists, relative to the project root (`/lib/x.ts`). */
export function dryRunFiles(root = ROOT): string[] {
  const r = new Deno.Command(Deno.execPath(), {
    args: ["publish", "--dry-run", "--allow-dirty"],
    cwd: root,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  const text = new TextDecoder().decode(r.stdout) + new TextDecoder().decode(r.stderr);
  if (!r.success) throw new Error(`deno publish --dry-run failed:\n${text}`);
  const prefix = new URL(root, "file:///").href;
  const files = [...text.matchAll(/^\s+(file:\/\/\S+) \([\d.]+\s*[KMG]?B\)$/gm)]
    .map((m) => decodeURIComponent(m[1]))
    .map((u) => {
      if (!u.startsWith(prefix)) throw new Error(`${u} is outside ${prefix}`);
      return "/" + u.slice(prefix.length);
    });
  if (!files.length) throw new Error(`no file list in the dry-run output:\n${text}`);
  return files;
}

/**
 * `specifier` written out through the import map as `deno publish` does (exact keys, and keys
 * followed by a subpath); other specifiers unchanged.
 */
export function expandSpecifier(specifier: string, imports: Record<string, string>): string {
  if (Object.hasOwn(imports, specifier)) return imports[specifier];
  for (const [key, target] of Object.entries(imports)) {
    if (key.endsWith("/") && specifier.startsWith(key)) {
      return target + specifier.slice(key.length);
    }
    if (specifier.startsWith(key + "/")) return `${target}/${specifier.slice(key.length + 1)}`;
  }
  return specifier;
}

// static imports/exports (`from "x"`, side-effect `import "x"`) and dynamic `import("x")`
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|^\s*import\s*)(["'])([^"'\n]+)\2/gm;

/** A module's source with its import-map specifiers written out in full. */
export function rewriteImports(source: string, imports: Record<string, string>): string {
  return source.replace(
    SPECIFIER,
    (_, lead: string, q: string, spec: string) =>
      `${lead}${q}${expandSpecifier(spec, imports)}${q}`,
  );
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

function copyTree(from: string, to: string): void {
  Deno.mkdirSync(to, { recursive: true });
  for (const e of Deno.readDirSync(from)) {
    if (e.isDirectory) copyTree(`${from}/${e.name}`, `${to}/${e.name}`);
    else Deno.copyFileSync(`${from}/${e.name}`, `${to}/${e.name}`);
  }
}

/** Writes the registry into `dir` (which should be empty) and returns where it is. */
export async function buildLocalRegistry(dir: string, root = ROOT): Promise<LocalRegistry> {
  const config: DenoJson = JSON.parse(Deno.readTextFileSync(`${root}deno.json`));
  const imports = config.imports ?? {};
  const [scope, name] = config.name.replace(/^@/, "").split("/");
  const pkg = `${dir}/@${scope}/${name}`;
  const files = dryRunFiles(root);
  const manifest: Record<string, { size: number; checksum: string }> = {};
  for (const file of files) {
    let bytes: Uint8Array<ArrayBuffer> = Deno.readFileSync(`${root}${file.slice(1)}`);
    if (/\.(m?[jt]sx?)$/.test(file)) {
      const text = new TextDecoder().decode(bytes);
      bytes = new TextEncoder().encode(rewriteImports(text, imports));
    }
    const target = `${pkg}/${config.version}${file}`;
    Deno.mkdirSync(target.slice(0, target.lastIndexOf("/")), { recursive: true });
    Deno.writeFileSync(target, bytes);
    manifest[file] = { size: bytes.length, checksum: `sha256-${await sha256(bytes)}` };
  }
  const exports = typeof config.exports === "string" ? { ".": config.exports } : config.exports;
  Deno.writeTextFileSync(
    `${pkg}/meta.json`,
    JSON.stringify({ scope, name, latest: config.version, versions: { [config.version]: {} } }),
  );
  Deno.writeTextFileSync(
    `${pkg}/${config.version}_meta.json`,
    JSON.stringify({ manifest, exports }),
  );
  // the JSR packages napple imports, as vendored (JSR's layout already)
  const vendor = `${root}vendor/jsr.io`;
  for (const s of Deno.readDirSync(vendor)) {
    if (s.isDirectory) copyTree(`${vendor}/${s.name}`, `${dir}/${s.name}`);
  }
  const url = new URL(`${dir.replace(/\/?$/, "/")}`, "file:///").href;
  return { url, specifier: `jsr:@${scope}/${name}@${config.version}`, files };
}

if (import.meta.main) {
  const dir = Deno.args[0] ?? Deno.makeTempDirSync({ prefix: "napple_jsr_" });
  const reg = await buildLocalRegistry(dir);
  console.log(`JSR_URL=${reg.url}  # ${reg.specifier}, ${reg.files.length} files`);
}
