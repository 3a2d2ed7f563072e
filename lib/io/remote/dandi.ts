/**
 * `nap.dandiUrl`: the S3 URL of an asset of a DANDI dataset, resolved the way the DANDI client
 * does (`get_content_url(follow_redirects=1, strip_query=True)`, as in pynapple's streaming
 * tutorial): the asset is found by its exact path in the dandiset version, its content URL
 * (`{api}/assets/{id}/download/`) is asked once with HEAD without following the redirect, and
 * the redirect's `Location` without its query (a signature) is the URL to read.
 * @module
 */
import { NappleError } from "../../errors.ts";
import { checkNetPermission } from "./channel.ts";
import { remoteOptions } from "./options.ts";

/** DANDI's public API. */
export const DANDI_API = "https://api.dandiarchive.org/api";

/** Options of {@linkcode dandiUrl}. */
export interface DandiUrlOptions {
  /**
   * Version of the dandiset (e.g. `"0.220126.1853"` or `"draft"`). Default: its most recent
   * published version, or `"draft"` when it has none (as the DANDI client does).
   */
  version?: string;
  /** Base URL of the DANDI API (default {@linkcode DANDI_API}). */
  apiUrl?: string;
}

interface AssetPage {
  next?: string | null;
  results?: { asset_id?: string; path?: string }[];
}

async function getJson(url: string, what: string): Promise<unknown> {
  checkNetPermission(url);
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { accept: "application/json" },
      signal: AbortSignal.timeout(remoteOptions().timeoutMs),
    });
  } catch (e) {
    throw new NappleError("NETWORK", `${what}: ${(e as Error).message}`, { path: url, cause: e });
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new NappleError(
      res.status === 404 ? "FILE_NOT_FOUND" : "NETWORK",
      `${what}: HTTP ${res.status}`,
      { path: url },
    );
  }
  try {
    return await res.json();
  } catch (e) {
    throw new NappleError("NETWORK", `${what}: the answer is not JSON`, { path: url, cause: e });
  }
}

/**
 * Resolves asset `assetPath` of dandiset `dandisetId` to the URL its bytes are served from
 * (S3), for {@linkcode loadFile} / `NWBFile` to stream.
 *
 * @example
 * ```ts ignore
 * import * as nap from "jsr:@napple/napple";
 * const url = await nap.dandiUrl("000582", "sub-10073/sub-10073_ses-17010302_behavior+ecephys.nwb");
 * const nwb = nap.loadFile(url);
 * ```
 */
export async function dandiUrl(
  dandisetId: string,
  assetPath: string,
  options: DandiUrlOptions = {},
): Promise<string> {
  for (const k of Object.keys(options)) {
    if (k !== "version" && k !== "apiUrl") {
      throw new NappleError(
        "INVALID_ARGUMENT",
        `unknown dandiUrl option "${k}"; known: version, apiUrl`,
      );
    }
  }
  if (!/^\d{6}$/.test(dandisetId)) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      `a dandiset id has six digits (e.g. "000582"), not "${dandisetId}"`,
    );
  }
  const api = (options.apiUrl ?? DANDI_API).replace(/\/+$/, "");
  let version = options.version;
  if (version === undefined) {
    const info = await getJson(`${api}/dandisets/${dandisetId}/`, `dandiset ${dandisetId}`) as {
      most_recent_published_version?: { version?: string } | null;
    };
    version = info.most_recent_published_version?.version ?? "draft";
  }
  const query = new URLSearchParams({ path: assetPath });
  let page: string | null | undefined =
    `${api}/dandisets/${dandisetId}/versions/${version}/assets/?${query}`;
  const seen: string[] = [];
  let assetId: string | undefined;
  while (page && !assetId) {
    const body = await getJson(
      page,
      `assets of dandiset ${dandisetId} version ${version}`,
    ) as AssetPage;
    for (const a of body.results ?? []) {
      if (a.path === assetPath && a.asset_id) assetId = a.asset_id;
      else if (a.path) seen.push(a.path);
    }
    page = body.next;
  }
  if (!assetId) {
    const near = seen.slice(0, 5).join(", ");
    throw new NappleError(
      "KEY_NOT_FOUND",
      `dandiset ${dandisetId} version ${version} has no asset "${assetPath}"${
        near ? `; paths starting like it: ${near}` : ""
      }`,
      { key: assetPath },
    );
  }
  const content = `${api}/assets/${assetId}/download/`;
  checkNetPermission(content);
  let res: Response;
  try {
    res = await fetch(content, {
      method: "HEAD",
      redirect: "manual",
      signal: AbortSignal.timeout(remoteOptions().timeoutMs),
    });
  } catch (e) {
    throw new NappleError("NETWORK", `asking where the asset is stored: ${(e as Error).message}`, {
      path: content,
      cause: e,
    });
  }
  await res.body?.cancel();
  const location = res.headers.get("location");
  if (res.status >= 300 && res.status < 400 && location) {
    const u = new URL(location, content);
    u.search = "";
    return u.href;
  }
  if (res.ok) return content;
  throw new NappleError("NETWORK", `asking where the asset is stored: HTTP ${res.status}`, {
    path: content,
  });
}
