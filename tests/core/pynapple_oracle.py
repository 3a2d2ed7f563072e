"""Evaluates napple test cases with pynapple 0.9.2 (the oracle). Reads a JSON list of cases on
stdin: {"vars": {name: encoded value}, "expr": python expression}; writes one encoded result per
case on stdout. Encoded values: {"series": cls, "t", "d", "columns", "support"}, {"nd": ...},
{"iset": ...}, {"num": x}, {"dict": [[k, v], ...]}, lists; non-finite floats as "nan"/"inf"/"-inf".
Errors are results too: {"error": class name, "message": text}. Run with /usr/bin/python3 and
the oracle on PYTHONPATH."""
import json
import sys
import warnings

import numpy as np
import pynapple as nap
import scipy.stats

warnings.simplefilter("ignore")


def num_out(v):
    v = float(v)
    if np.isfinite(v):
        return v
    return "nan" if np.isnan(v) else ("inf" if v > 0 else "-inf")


def num_in(v):
    return float(v)  # "nan", "inf" and "-inf" parse as such


def nd_out(a):
    a = np.asarray(a)
    return {"shape": list(a.shape), "dtype": str(a.dtype),
            "data": [num_out(x) for x in a.astype(float).ravel()]}


def nd_in(e):
    return np.array([num_in(x) for x in e["data"]], dtype=float).astype(e.get("dtype", "float64")).reshape(e["shape"])


def iset_in(e):
    return nap.IntervalSet(start=np.array(e["start"], float), end=np.array(e["end"], float),
                           metadata=e.get("metadata"))


def decode(e):
    if isinstance(e, dict):
        if "series" in e:
            cls = getattr(nap, e["series"])
            ts = iset_in(e["support"]) if e.get("support") else None
            t = np.array(e["t"], float)
            if e["series"] == "Ts":
                return nap.Ts(t=t, time_support=ts)
            kw = {"columns": e["columns"]} if e.get("columns") is not None else {}
            if e.get("metadata"):
                kw["metadata"] = e["metadata"]
            return cls(t=t, d=nd_in(e["d"]), time_support=ts, **kw)
        if "nd" in e:
            return nd_in(e["nd"])
        if "iset" in e:
            return iset_in(e["iset"])
        if "group" in e:
            return nap.TsGroup({int(k): nap.Ts(t=np.array(v, float)) for k, v in e["group"]},
                               time_support=iset_in(e["support"]) if e.get("support") else None,
                               metadata=e.get("metadata"))
        return {k: decode(v) for k, v in e.items()}
    if isinstance(e, list):
        return [decode(v) for v in e]
    return e


def encode(v):
    if isinstance(v, nap.IntervalSet):
        return {"iset": {"start": [num_out(x) for x in v.start], "end": [num_out(x) for x in v.end]}}
    if isinstance(v, (nap.Ts, nap.Tsd, nap.TsdFrame, nap.TsdTensor)):
        out = {"series": type(v).__name__, "t": [num_out(x) for x in v.t],
               "support": encode(v.time_support)["iset"]}
        if not isinstance(v, nap.Ts):
            out["d"] = nd_out(v.values)
        if isinstance(v, nap.TsdFrame):
            out["columns"] = [c.item() if hasattr(c, "item") else c for c in v.columns]
        return out
    if isinstance(v, np.ndarray):
        return {"nd": nd_out(v)}
    if isinstance(v, (bool, np.bool_)):
        return {"num": float(v)}
    if isinstance(v, (int, float, np.number)):
        return {"num": num_out(v)}
    if isinstance(v, dict):
        return {"dict": [[k.item() if hasattr(k, "item") else k, encode(x)] for k, x in v.items()]}
    if isinstance(v, (list, tuple)):
        return [encode(x) for x in v]
    if isinstance(v, slice):
        return {"slice": [None if x is None else int(x) for x in (v.start, v.stop, v.step)]}
    return {"repr": repr(v)}


out = []
for case in json.load(sys.stdin):
    env = {"np": np, "nap": nap, "scipy": scipy}
    env.update({k: decode(v) for k, v in case.get("vars", {}).items()})
    try:
        out.append(encode(eval(case["expr"], env)))
    except Exception as e:  # the oracle's refusals are results too
        out.append({"error": type(e).__name__, "message": str(e)})
print(json.dumps(out))
