"""Extracts the rows the repr goldens show (first and last 30) of every Ts/Tsd/TsdFrame/TsdTensor
in the NWB and npz fixtures, read independently with h5py and numpy, into series_inputs.json.
Run with /usr/bin/python3 from the repository root:
    /usr/bin/python3 testdata/display/make_inputs.py
"""
import json
import math
import os
import zipfile

import h5py
import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
K = 30  # rows kept at each end (200x60 shows 25 + 25)


def clean(x):
    if isinstance(x, list):
        return [clean(v) for v in x]
    if isinstance(x, float) and not math.isfinite(x):
        return "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")
    return x


def ends(a):
    n = a.shape[0]
    if n <= 2 * K:
        return 0, a[:].tolist(), n, []
    return 0, a[:K].tolist(), n - K, a[n - K :].tolist()


def entry(t, data, dtype, cls, columns=None):
    t = np.around(np.asarray(t, dtype=np.float64), 9)
    n = t.shape[0]
    e = {"class": cls, "n": int(n), "dtype": dtype}
    _, e["t_head"], e["tail_start"], e["t_tail"] = ends(t)
    if data is not None:
        e["shape"] = list(data.shape)
        if n <= 2 * K:
            e["d_head"], e["d_tail"] = np.asarray(data[:]).tolist(), []
        else:
            e["d_head"] = np.asarray(data[:K]).tolist()
            e["d_tail"] = np.asarray(data[n - K :]).tolist()
    else:
        e["shape"] = [int(n)]
    if columns is not None:
        e["columns"] = columns
    return clean(e)


def resolve(f, path):
    """pynwb paths leave out /processing and /acquisition: find the group they name."""
    for prefix in ("", "/processing", "/acquisition", "/intervals"):
        if prefix + path in f:
            return f[prefix + path]
    found = []
    f.visit(lambda n: found.append(n) if ("/" + n).endswith(path) else None)
    return f[found[0]]


out = {}
gold = os.path.join(ROOT, "golden", "nwb")
for name in sorted(os.listdir(gold)):
    summ = json.load(open(os.path.join(gold, name, "summary.json")))
    with h5py.File(os.path.join(ROOT, "nwb", name + ".nwb"), "r") as f:
        for key, obj in summ["objects"].items():
            cls = obj.get("class")
            if cls not in ("Ts", "Tsd", "TsdFrame", "TsdTensor"):
                continue
            g = resolve(f, summ["key_to_full_path"][key])
            if "data" in g and isinstance(g["data"], h5py.Dataset) and cls != "Ts":
                data = g["data"]
                n = data.shape[0]
                if "timestamps" in g:
                    t = g["timestamps"][:]
                else:
                    t = g["starting_time"][()] + np.arange(n) / g["starting_time"].attrs["rate"]
                e = entry(t, data, obj["dtype"], cls, obj.get("columns"))
            elif "timestamps" in g:
                e = entry(g["timestamps"][:], None, None, cls)
            else:  # DynamicTable with a *_times column
                col = [c for c in g.keys() if c.endswith("_times")][0]
                e = entry(np.sort(g[col][:]), None, None, cls)
            assert e["t_head"][:3] == clean(obj["t_first3"]), (name, key)
            out[f"nwb/{name}/{key}"] = e

ts = np.load(os.path.join(ROOT, "npz", "ts.npz"))
out["npz/ts"] = entry(ts["t"], None, None, "Ts")

with open(os.path.join(ROOT, "display", "series_inputs.json"), "w") as fh:
    json.dump(out, fh, separators=(",", ":"))
print(len(out), "objects")
