import { DOMParser } from "linkedom";
import {
  dataFrameHtml,
  intervalSetHtml,
  seriesHtml,
  tableHtml,
  tsGroupHtml,
} from "../../lib/display/html.ts";
import { jupyterBundle } from "../../lib/display/jupyter.ts";
import { Metadata } from "../../lib/core/metadata.ts";
import { assert, assertEquals, TESTDATA } from "../assert.ts";
import { fullSeries, headTailSeries, intervalSetView, readJson, tsGroupView } from "./fixtures.ts";

function parse(html: string) {
  return new DOMParser().parseFromString(`<html><body>${html}</body></html>`, "text/html");
}

// deno-lint-ignore no-explicit-any
function bodyRows(doc: any): string[][] {
  return [...doc.querySelectorAll("tbody tr")].map((
    tr: { children: ArrayLike<{ textContent: string }> },
  ) => Array.from(tr.children, (c) => c.textContent));
}

const npz = (name: string) => readJson(`${TESTDATA}golden/npz/${name}/summary.json`).object;
const inputs = readJson(TESTDATA + "display/series_inputs.json");

Deno.test("html: tableHtml escapes text and marks the ellipsis row", () => {
  const html = tableHtml({
    caption: "A <b>caption</b> & more",
    headers: ["i", "<x>"],
    rows: [["0", "<script>alert(1)</script>"], ["9", "a&b"]],
    ellipsisAt: 1,
    numeric: [false, true],
  });
  assert(!html.includes("<script>alert"), "script tag must be escaped");
  assert(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
  const doc = parse(html);
  assertEquals(doc.querySelector(".napple-cap").textContent, "A <b>caption</b> & more");
  assertEquals(bodyRows(doc), [["0", "<script>alert(1)</script>"], ["…", "…"], ["9", "a&b"]]);
  assertEquals(
    [...doc.querySelectorAll("thead th")].map((t: { textContent: string }) => t.textContent),
    ["i", "<x>"],
  );
});

Deno.test("html: Tsd shows head and tail around an ellipsis, with a caption", () => {
  const v = {
    ...fullSeries(npz("tsd_float64")),
    timeSupport: { start: new Float64Array([0]), end: new Float64Array([100]) },
  };
  const doc = parse(seriesHtml("Tsd", v));
  const rows = bodyRows(doc);
  assertEquals(rows.length, 11);
  assertEquals(rows[0], ["0.0", "50"]);
  assertEquals(rows[1], ["0.5", "50.9983"]);
  assertEquals(rows[5], ["…", "…"]);
  assertEquals(rows[10], ["99.5", "58.6764"]);
  assertEquals(
    doc.querySelector(".napple-cap").textContent,
    "Tsd · shape (200,) · dtype float64 · time support: [0, 100] (1 interval)",
  );
});

Deno.test("html: TsdFrame of a lazy source reads only the shown rows and caps columns", () => {
  const v = headTailSeries(inputs["nwb/ecephys_gzip_chunked/ElectricalSeries"]);
  const doc = parse(seriesHtml("TsdFrame", { ...v, source: "ecephys.nwb:/acquisition/x/data" }));
  assertEquals(
    doc.querySelector(".napple-cap").textContent,
    "TsdFrame · shape (20000, 8) · dtype float32 · lazy: ecephys.nwb:/acquisition/x/data",
  );
  for (const [s, e] of v.reads) assert(e <= 30 || s >= v.t.length - 30, `read ${s}..${e}`);
  const headers = [...doc.querySelectorAll("thead th")].map((t: { textContent: string }) =>
    t.textContent
  );
  assertEquals(headers, ["Time (s)", "0", "1", "2", "3", "4", "5", "6", "7"]);
  const rows = bodyRows(doc);
  assertEquals(rows.length, 11);
  assertEquals(rows[10][0], "19.999");
});

Deno.test("html: TsdFrame metadata becomes a Metadata section", () => {
  const doc = parse(seriesHtml("TsdFrame", fullSeries(npz("tsdframe_metadata"))));
  const rows = bodyRows(doc);
  const at = rows.findIndex((r) => r[0] === "Metadata");
  assert(at > 0, "Metadata section present");
  assertEquals(rows.slice(at + 1), [
    ["label", "lfp0", "lfp1", "emg", "acc"],
    ["gain", "1.0", "1.0", "0.5", "2.25"],
    ["channel", ...npz("tsdframe_metadata").metadata.data.channel.map(String)],
  ]);
});

Deno.test("html: TsdTensor rows are summarised like the printout", () => {
  const doc = parse(seriesHtml("TsdTensor", fullSeries(npz("tsdtensor"))));
  assertEquals(bodyRows(doc)[0], ["0.0", "[[-1.81362,  0.06767] ...]"]);
});

Deno.test("html: IntervalSet and TsGroup tables carry their metadata", () => {
  const is = parse(intervalSetHtml(intervalSetView(npz("intervalset_metadata"))));
  assertEquals(bodyRows(is)[1], ["1", "10.5", "15", "b", "0.2", "2"]);
  assert(is.querySelector(".napple-cap").textContent.startsWith("IntervalSet · 5 intervals"));
  const g = parse(tsGroupHtml(tsGroupView(npz("tsgroup_many_units"))));
  const rows = bodyRows(g);
  assertEquals(rows.length, 11);
  assertEquals(rows[0].slice(0, 3), ["1", "0.3", "256.88"]);
  assertEquals(rows[10][0], "599");
});

Deno.test("jupyter: bundle holds text/plain, text/html and extra MIME types", () => {
  assertEquals(jupyterBundle("t"), { "text/plain": "t" });
  assertEquals(jupyterBundle("t", "<b>h</b>", { "image/svg+xml": "<svg/>" }), {
    "text/plain": "t",
    "text/html": "<b>h</b>",
    "image/svg+xml": "<svg/>",
  });
});

Deno.test("html: dataFrameHtml shows head/tail rows, caps columns and right-aligns numbers", () => {
  const index = Array.from({ length: 30 }, (_, i) => i * 0.5);
  const columns = Array.from({ length: 14 }, (_, j) => j);
  const values = index.map((_, i) => columns.map((j) => i * 100 + j + 0.25));
  const doc = parse(dataFrameHtml(index, columns, values, { indexName: "bin" }));
  const headers = [...doc.querySelectorAll("thead th")].map((t: { textContent: string }) =>
    t.textContent
  );
  assertEquals(headers, ["bin", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "…"]);
  const rows = bodyRows(doc);
  assertEquals(rows.length, 11);
  assertEquals(rows[0].slice(0, 3), ["0", "0.25", "1.25"]);
  assertEquals(rows[10].slice(0, 2), ["14.5", "2900.25"]);
  assertEquals(doc.querySelector(".napple-cap").textContent, "DataFrame · 30 rows × 14 columns");
  assertEquals(doc.querySelectorAll("td.n").length, 100);
});

Deno.test("html: many metadata columns are capped with an ellipsis column and a note", () => {
  const record: Record<string, number[]> = {};
  for (let j = 0; j < 15; j++) record[`m${j}`] = [j, j + 1];
  const html = intervalSetHtml({
    start: new Float64Array([0, 10]),
    end: new Float64Array([5, 20]),
    metadata: Metadata.from(2, record),
  });
  const doc = parse(html);
  const headers = [...doc.querySelectorAll("thead th")].map((t: { textContent: string }) =>
    t.textContent
  );
  assertEquals(headers.length, 3 + 12 + 1);
  assertEquals(headers.at(-1), "…");
  assertEquals(bodyRows(doc)[1].slice(0, 5), ["1", "10", "20", "1", "2"]);
  assertEquals(doc.querySelector(".napple-foot").textContent, "3 more metadata columns");
});
