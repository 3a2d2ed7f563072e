/// <reference lib="deno.worker" />
/**
 * The test server's body, run in a Worker so that a caller blocked on `Atomics.wait` (napple's
 * synchronous remote reads) does not block the server. Serves files of one folder on 127.0.0.1
 * with HEAD, single byte ranges, ETags, an optional latency per request, fault injection and
 * JSON routes (the DANDI API), and counts requests and bytes in shared memory.
 */
import type { Fault, Route, ServerCommand } from "./range_server.ts";

let root = "";
let latencyMs = 0;
let counters: BigInt64Array;
let log: { method: string; path: string; range: string | null }[] = [];
const faults: { match: string; fault: Fault; left: number }[] = [];
const routes = new Map<string, Route>();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function takeFault(path: string): Fault | undefined {
  for (let i = 0; i < faults.length; i++) {
    const f = faults[i];
    if (!path.includes(f.match)) continue;
    if (f.left !== Infinity) {
      f.left--;
      if (f.left <= 0) faults.splice(i, 1);
    }
    return f.fault;
  }
  return undefined;
}

function count(bytes: number): void {
  Atomics.add(counters, 1, BigInt(bytes));
}

/**
 * A body streaming bytes `[start, end)` of a file in 1 MiB reads (files can be gigabytes),
 * counting what it sends; cut after `cutAfter` bytes, ending normally or with an error (a
 * dropped connection).
 */
function fileBody(
  path: string,
  start: number,
  end: number,
  cutAfter?: number,
  error = false,
): ReadableStream<Uint8Array> {
  let at = start;
  const stop = cutAfter === undefined ? end : start + cutAfter;
  let file: Deno.FsFile | undefined;
  return new ReadableStream({
    async pull(c) {
      if (at >= stop) {
        file?.close();
        file = undefined;
        if (error) c.error(new Error("connection dropped by the test server"));
        else c.close();
        return;
      }
      if (!file) {
        file = await Deno.open(path, { read: true });
        await file.seek(at, Deno.SeekMode.Start);
      }
      const chunk = new Uint8Array(Math.min(1 << 20, stop - at));
      const n = await file.read(chunk);
      if (n === null) {
        file.close();
        file = undefined;
        c.close();
        return;
      }
      c.enqueue(n === chunk.length ? chunk : chunk.subarray(0, n));
      count(n);
      at += n;
    },
    cancel() {
      file?.close();
    },
  });
}

async function handle(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const path = decodeURIComponent(url.pathname);
  const range = req.headers.get("range");
  Atomics.add(counters, 0, 1n);
  log.push({ method: req.method, path: path + url.search, range });
  if (latencyMs) await sleep(latencyMs);
  const fault = takeFault(path);
  if (fault?.kind === "status") {
    return new Response(`fault ${fault.status}`, { status: fault.status });
  }
  if (fault?.kind === "stall") {
    await sleep(fault.ms);
  }
  const route = routes.get(path + url.search) ?? routes.get(path);
  if (route) {
    const text = route.json === undefined ? "" : JSON.stringify(route.json);
    return new Response(req.method === "HEAD" ? null : text, {
      status: route.status ?? 200,
      headers: { "content-type": "application/json", ...(route.headers ?? {}) },
    });
  }
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(root + path);
    if (!info.isFile) throw new Error("not a file");
  } catch {
    return new Response("not found", { status: 404 });
  }
  const size = info.size;
  const etag = `"${size}-${info.mtime?.getTime() ?? 0}"`;
  const base = { etag, "accept-ranges": "bytes", "content-type": "application/octet-stream" };
  if (req.method === "HEAD") {
    return new Response(null, { headers: { ...base, "content-length": String(size) } });
  }
  const m = range && fault?.kind !== "ignore-range" ? /^bytes=(\d*)-(\d*)$/.exec(range) : null;
  if (!m) {
    return new Response(fileBody(root + path, 0, size), {
      headers: { ...base, "content-length": String(size) },
    });
  }
  let start: number;
  let end: number;
  if (m[1] === "") {
    start = Math.max(0, size - Number(m[2]));
    end = size;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size : Math.min(size, Number(m[2]) + 1);
  }
  if (start >= size || end <= start) {
    return new Response(null, { status: 416, headers: { "content-range": `bytes */${size}` } });
  }
  const headers = {
    ...base,
    "content-range": `bytes ${start}-${end - 1}/${size}`,
    "content-length": String(end - start),
  };
  const half = Math.floor((end - start) / 2);
  if (fault?.kind === "drop") {
    return new Response(fileBody(root + path, start, end, half, true), { status: 206, headers });
  }
  if (fault?.kind === "truncate") {
    const { "content-length": _, ...rest } = headers;
    return new Response(fileBody(root + path, start, end, half), { status: 206, headers: rest });
  }
  return new Response(fileBody(root + path, start, end), { status: 206, headers });
}

let server: Deno.HttpServer<Deno.NetAddr> | undefined;

self.onmessage = async (e: MessageEvent<ServerCommand>) => {
  const cmd = e.data;
  switch (cmd.op) {
    case "start":
      root = cmd.root;
      counters = new BigInt64Array(cmd.counters);
      server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handle);
      self.postMessage({ port: server.addr.port });
      break;
    case "latency":
      latencyMs = cmd.ms;
      self.postMessage({});
      break;
    case "fault":
      faults.push({ match: cmd.match, fault: cmd.fault, left: cmd.times ?? 1 });
      self.postMessage({});
      break;
    case "clearFaults":
      faults.length = 0;
      self.postMessage({});
      break;
    case "route":
      routes.set(cmd.path, cmd.route);
      self.postMessage({});
      break;
    case "log":
      self.postMessage({ log });
      log = [];
      break;
    case "close":
      await server?.shutdown();
      self.postMessage({});
      self.close();
      break;
  }
};
