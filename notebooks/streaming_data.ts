// %% [markdown]
// # Streaming data
//
// pynapple's tutorial "Streaming data from DANDI" opens an NWB file stored on S3 through h5py and
// fsspec, then hands it to `nap.NWBFile`. In napple a URL works wherever a path works:
// `nap.loadFile(url)`, `new nap.NWBFile(url)`, `nap.NpzFile.open(url)`, `nap.loadNpy(url, { lazy })`
// give the same objects as for a local file, synchronously, and only the bytes a cell asks for
// travel.
//
// This notebook needs no internet: it starts napple's own small test server in the kernel (on
// 127.0.0.1, with 20 ms added to every request to feel like a real network) and streams a bundled
// NWB file from it. The server counts requests and bytes, so each step shows what it cost.

// %%
import * as nap from "../mod.ts";
import { RangeServer } from "../tests/remote/range_server.ts";

const server = await RangeServer.start(Deno.realPathSync("../testdata"), { latencyMs: 20 });
const url = server.url("nwb/units_session.nwb");
console.log(url);

// %% [markdown]
// ## Open an NWB file over HTTP
//
// Opening is synchronous, like opening a local file: a worker thread does the `fetch`, while the
// kernel waits for it on `Atomics.wait` (this works in the Deno Jupyter kernel). The first request
// asks for the first MiB of the file, where HDF5 keeps most of its metadata; this file is smaller,
// so it arrives whole in that one response.

// %%
const t0 = performance.now();
const data = nap.loadFile(url, nap.NWBFile);
console.log(
  `opened in ${
    (performance.now() - t0).toFixed(0)
  } ms (the first open also starts the fetch worker)`,
);
console.log(
  `requests: ${server.requests}, bytes: ${server.bytes} of ${
    Deno.statSync("../testdata/nwb/units_session.nwb").size
  }`,
);
data;

// %% [markdown]
// The keys, types and printout are the ones of the local file, and the objects are the same: the
// units come out as a `TsGroup`, without a new request (the bytes are in napple's block cache).

// %%
const units = data.get("units", nap.TsGroup);
console.log(`requests so far: ${server.requests}`);
units;

// %% [markdown]
// ## Lazy reads fetch only what they need
//
// On a big file only the chunks a `get` or `restrict` touches are fetched. To see that on a small
// bundled file, tell napple not to read small files whole and to start with a small head
// (`nap.setRemoteOptions`; the defaults are 8 MiB and 1 MiB):

// %%
const previous = nap.setRemoteOptions({ wholeFileBytes: 0, headBytes: 64 * 1024 });
server.resetCounters();
const ecephys = nap.loadFile(server.url("nwb/ecephys_gzip_chunked.nwb"), nap.NWBFile);
const fileSize = Deno.statSync("../testdata/nwb/ecephys_gzip_chunked.nwb").size;
console.log(`open: ${server.requests} requests, ${server.bytes} of ${fileSize} bytes`);
console.log(ecephys.toString());

// %%
const series = ecephys.get("ElectricalSeries", nap.TsdFrame);
const middle = series.t[Math.floor(series.t.length / 2)];
server.resetCounters();
const window = series.get(middle, middle + 0.05);
console.log(`get: ${server.requests} request(s), ${server.bytes} bytes`);
window;

// %% [markdown]
// Plots read remote data like local data (here 2 s around the middle of the recording):

// %%
await nap.plot(series.get(middle - 1, middle + 1), {
  title: "2 s of the streamed ElectricalSeries",
});

// %% [markdown]
// `nap.remoteStats()` sums up every remote read of the session:

// %%
nap.setRemoteOptions(previous);
console.log(nap.remoteStats());

// %% [markdown]
// ## DANDI
//
// With internet access (and `--allow-net=api.dandiarchive.org,dandiarchive.s3.amazonaws.com` outside
// Jupyter), an asset of a DANDI dataset is opened like this (the URL is resolved as the DANDI
// client does: the asset found by its path, then its S3 location):
//
// ```ts
// const url = await nap.dandiUrl("000582", "sub-10073/sub-10073_ses-17010302_behavior+ecephys.nwb");
// const nwb = nap.loadFile(url);
// ```

// %%
await server.close();
