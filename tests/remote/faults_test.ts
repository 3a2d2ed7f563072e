// Every fault a remote file can meet gives a clear NappleError naming the URL, and nothing hangs.
import {
  assert,
  assertEquals,
  assertRejects,
  assertThrows,
  TESTDATA,
  withTempDir,
} from "../assert.ts";
import { NappleError } from "../../lib/errors.ts";
import { loadFile } from "../../lib/io/load_file.ts";
import { NWBFile } from "../../lib/io/nwb/nwbfile.ts";
import { RemoteFile } from "../../lib/io/remote/http_file.ts";
import { dandiUrl } from "../../lib/io/remote/dandi.ts";
import { collectWarnings } from "../../lib/warnings.ts";
import { REMOTE_TEST, testServer, withRemoteOptions } from "./helpers.ts";
import { RangeServer } from "./range_server.ts";

const FAST = { retries: 2, backoffMs: 10, timeoutMs: 2000 };
const NWB = "nwb/units_session.nwb";

function code(e: NappleError, expected: string, url: string): void {
  assertEquals(e.code, expected, e.message);
  assert(e.message.includes(url), `message names the URL: ${e.message}`);
}

Deno.test({
  name: "remote faults: 404 and 403 are immediate errors naming the URL",
  ...REMOTE_TEST,
  async fn() {
    const s = await testServer();
    await withRemoteOptions(FAST, () => {
      const missing = s.url("nwb/nope.nwb");
      s.resetCounters();
      code(assertThrows(() => new NWBFile(missing), NappleError), "FILE_NOT_FOUND", missing);
      assertEquals(s.requests, 1, "404 is not retried");
      return s.fault(NWB, { kind: "status", status: 403 });
    });
    await withRemoteOptions(FAST, () => {
      const url = s.url(NWB);
      const e = assertThrows(() => loadFile(url), NappleError, "403");
      code(e, "PERMISSION", url);
    });
  },
});

Deno.test({
  name: "remote faults: 5xx is retried with backoff, then succeeds or fails after the bound",
  ...REMOTE_TEST,
  async fn() {
    const s = await testServer();
    const url = s.url(NWB);
    await s.fault(NWB, { kind: "status", status: 503 }, 2);
    s.resetCounters();
    await withRemoteOptions(FAST, () => {
      const f = new NWBFile(url);
      assertEquals(f.keys(), new NWBFile(`${TESTDATA}${NWB}`).keys());
      assertEquals(s.requests, 3, "two failures then success");
    });
    await s.fault(NWB, { kind: "status", status: 500 }, Infinity);
    s.resetCounters();
    await withRemoteOptions(FAST, () => {
      const e = assertThrows(() => new NWBFile(url), NappleError, "HTTP 500");
      code(e, "NETWORK", url);
      assert(e.message.includes("after 2 retries"), e.message);
      assertEquals(s.requests, 3, "1 + 2 retries");
    });
    await s.clearFaults();
  },
});

Deno.test({
  name:
    "remote faults: a server ignoring Range: small files read whole with a warning, big ones refused",
  ...REMOTE_TEST,
  async fn() {
    const s = await testServer();
    const url = s.url(NWB);
    await s.fault(NWB, { kind: "ignore-range" }, Infinity);
    try {
      await withRemoteOptions({ ...FAST, headBytes: 64 * 1024 }, () => {
        const { result, warnings } = collectWarnings(() => new NWBFile(url));
        assertEquals(result.keys(), new NWBFile(`${TESTDATA}${NWB}`).keys());
        assert(warnings.some((w) => w.message.includes("ignores Range")), "warned");
      });
      await withRemoteOptions({ ...FAST, headBytes: 64 * 1024, wholeFileBytes: 100_000 }, () => {
        const e = assertThrows(() => new NWBFile(url), NappleError, "ignores Range");
        code(e, "NETWORK", url);
      });
    } finally {
      await s.clearFaults();
    }
  },
});

Deno.test({
  name: "remote faults: dropped connections and truncated bodies are retried, then reported",
  ...REMOTE_TEST,
  async fn() {
    const s = await testServer();
    const url = s.url(NWB);
    const expected = new NWBFile(`${TESTDATA}${NWB}`).toString();
    for (const kind of ["drop", "truncate"] as const) {
      await s.fault(NWB, { kind }, 1);
      await withRemoteOptions(FAST, () => {
        assertEquals(new NWBFile(url).toString(), expected, `${kind} once, then fine`);
      });
      await s.fault(NWB, { kind }, Infinity);
      await withRemoteOptions(FAST, () => {
        const e = assertThrows(() => new NWBFile(url), NappleError);
        code(e, "NETWORK", url);
        assert(/dropped|truncated/.test(e.message), e.message);
      });
      await s.clearFaults();
    }
  },
});

Deno.test({
  name: "remote faults: a file changed while open is refused (never mixed bytes)",
  ...REMOTE_TEST,
  async fn() {
    await withTempDir(async (dir) => {
      const bytes = new Uint8Array(3 * 1024 * 1024).map((_, i) => i % 251);
      Deno.writeFileSync(`${dir}/f.bin`, bytes);
      const s = await RangeServer.start(dir);
      try {
        await withRemoteOptions({ ...FAST, headBytes: 64 * 1024, wholeFileBytes: 0 }, async () => {
          const f = RemoteFile.open(s.url("f.bin"));
          assertEquals(f.read(2_000_000, 4), bytes.subarray(2_000_000, 2_000_004));
          await new Promise((r) => setTimeout(r, 20));
          Deno.writeFileSync(`${dir}/f.bin`, bytes.map((b) => 255 - b)); // same size, new ETag
          const e = assertThrows(() => f.read(1_000_000, 4), NappleError, "changed");
          code(e, "FILE_CHANGED", s.url("f.bin"));
          Deno.writeFileSync(`${dir}/f.bin`, bytes.subarray(0, 2_500_000)); // new size
          const e2 = assertThrows(() => f.read(1_500_000, 4), NappleError, "changed");
          code(e2, "FILE_CHANGED", s.url("f.bin"));
        });
      } finally {
        await s.close();
      }
    });
  },
});

Deno.test({
  name:
    "remote faults: a URL that is not HDF5, and a slow server, give clear errors in bounded time",
  ...REMOTE_TEST,
  async fn() {
    const s = await testServer();
    code(
      assertThrows(() => new NWBFile(s.url("npz/ts.npz")), NappleError, "not an HDF5 file"),
      "UNSUPPORTED_FORMAT",
      s.url("npz/ts.npz"),
    );
    await s.fault(NWB, { kind: "stall", ms: 1500 }, Infinity);
    try {
      await withRemoteOptions({ retries: 1, backoffMs: 10, timeoutMs: 300 }, () => {
        const t0 = Date.now();
        const e = assertThrows(
          () => new NWBFile(s.url(NWB)),
          NappleError,
          "no response for 300 ms",
        );
        code(e, "NETWORK", s.url(NWB));
        assert(Date.now() - t0 < 5000, `gave up after ${Date.now() - t0} ms`);
      });
    } finally {
      await s.clearFaults();
    }
  },
});

Deno.test({
  name: "remote: without --allow-net for the host the error names the flag",
  ...REMOTE_TEST,
  async fn() {
    const s = await testServer();
    const config = new URL("../../deno.json", import.meta.url).pathname;
    const text = withTempDir((dir) => {
      Deno.writeTextFileSync(
        `${dir}/open.ts`,
        `import { NWBFile } from "${new URL("../../lib/io/nwb/nwbfile.ts", import.meta.url).href}";
try { new NWBFile(${
          JSON.stringify(s.url(NWB))
        }); } catch (e) { console.log(e.code + " " + e.message); }`,
      );
      const out = new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--no-prompt",
          "--no-check",
          `--config=${config}`,
          "--allow-read",
          "--allow-env",
          "--allow-net=example.org",
          `${dir}/open.ts`,
        ],
      }).outputSync();
      return new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    });
    assert(text.startsWith("PERMISSION"), text);
    assert(text.includes("--allow-net=127.0.0.1:"), text);
  },
});

Deno.test({
  name:
    "dandiUrl resolves an asset as the DANDI client does (exact path, HEAD, Location without query)",
  ...REMOTE_TEST,
  async fn() {
    const s = await testServer();
    const api = `${s.origin}/api`;
    const path = "sub-1/sub-1_ses-1.nwb";
    const q = `?${new URLSearchParams({ path })}`;
    await s.route(`/api/dandisets/000123/versions/0.230101.1200/assets/`, {
      json: {
        count: 2,
        next: null,
        results: [
          { asset_id: "wrong", path: `${path}.bak` },
          { asset_id: "abc-123", path },
        ],
      },
    });
    await s.route(`/api/assets/abc-123/download/`, {
      status: 302,
      headers: { location: `${s.url(NWB)}?X-Amz-Signature=secret&X-Amz-Date=1` },
    });
    await s.route(`/api/dandisets/000123/`, {
      json: { identifier: "000123", most_recent_published_version: { version: "0.230101.1200" } },
    });
    await s.log();
    const url = await dandiUrl("000123", path, { version: "0.230101.1200", apiUrl: api });
    assertEquals(url, s.url(NWB));
    const log = await s.log();
    assertEquals(log.map((r) => `${r.method} ${r.path}`), [
      `GET /api/dandisets/000123/versions/0.230101.1200/assets/${q}`,
      `HEAD /api/assets/abc-123/download/`,
    ]);
    // default version: the most recent published one
    assertEquals(await dandiUrl("000123", path, { apiUrl: api }), s.url(NWB));
    const nwb = loadFile(url) as NWBFile;
    assertEquals(nwb.keys(), new NWBFile(`${TESTDATA}${NWB}`).keys());
    await assertRejects(
      () => dandiUrl("000123", "sub-1/missing.nwb", { version: "0.230101.1200", apiUrl: api }),
      NappleError,
      "has no asset",
    );
    await assertRejects(() => dandiUrl("123", path, { apiUrl: api }), NappleError, "six digits");
    await assertRejects(
      () => dandiUrl("000999", path, { version: "draft", apiUrl: api }),
      NappleError,
      "HTTP 404",
    );
  },
});

Deno.test({
  name: "remote: redirects are followed and the final URL is reused for the ranges",
  ...REMOTE_TEST,
  async fn() {
    const s = await testServer();
    await s.route("/moved/units_session.nwb", { status: 302, headers: { location: s.url(NWB) } });
    await withRemoteOptions({ headBytes: 64 * 1024, wholeFileBytes: 0 }, async () => {
      await s.log();
      const f = RemoteFile.open(s.url("moved/units_session.nwb"));
      assertEquals(f.url, s.url(NWB));
      const local = Deno.readFileSync(`${TESTDATA}${NWB}`);
      assertEquals(f.read(300_000, 16), local.subarray(300_000, 300_016));
      const log = await s.log();
      assertEquals(log.map((r) => r.path), ["/moved/units_session.nwb", `/${NWB}`, `/${NWB}`]);
    });
  },
});
