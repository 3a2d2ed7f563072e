"""Result and input codecs of the pynapple oracle (tools/oracle_server.py), for the tests that
run pynapple code directly: each is in the namespace of the code the server runs.

- `plain(x)`: pynapple objects as dicts ({type, t, d, dtype, start, end, columns, metadata},
  IntervalSets as {start, end, metadata}, TsGroups as {index, members, metadata}), numpy arrays
  as nested lists, NaN as None (tests/oracle/client.ts `pynapple`).
- `values(x)`: numbers only: arrays (and the values of pandas / pynapple objects) as nested float
  lists, NaN as None, complex arrays as {re, im} (tests/oracle/client.ts `pynappleValues`).
- `napple_in(e)` / `case_out(v)`: napple values encoded by tests/oracle/cases.ts, and results
  encoded for its comparison: non-finite floats as "nan"/"inf"/"-inf".
- `error_of(f)`: the exception f() raises, as {"error": class name, "message": text}, or None.
"""

import numpy as np
import pynapple as nap

EXPORTS = ["plain", "values", "error_of", "napple_in", "case_out"]


def plain(x):
    """numpy / pandas values as JSON: arrays as lists, NaN as None, tuples as lists."""
    if isinstance(x, (nap.Ts, nap.Tsd, nap.TsdFrame, nap.TsdTensor)):
        r = {"type": type(x).__name__, "t": plain(x.t),
             "start": plain(x.time_support.start), "end": plain(x.time_support.end)}
        if hasattr(x, "values") and x.values is not None:
            r["d"] = plain(np.asarray(x.values))
            r["dtype"] = str(x.values.dtype)
        if isinstance(x, nap.TsdFrame):
            r["columns"] = plain(list(x.columns))
            r["metadata"] = {k: plain(list(x._metadata[k])) for k in x.metadata_columns}
        return r
    if isinstance(x, nap.IntervalSet):
        return {"type": "IntervalSet", "start": plain(x.start), "end": plain(x.end),
                "metadata": {k: plain(list(x._metadata[k])) for k in x.metadata_columns}}
    if isinstance(x, nap.TsGroup):
        return {"type": "TsGroup", "index": plain(list(x.index)),
                "members": [plain(x[k]) for k in x.index],
                "metadata": {k: plain(list(x._metadata[k])) for k in x.metadata_columns}}
    if isinstance(x, dict):
        return {str(k): plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [plain(v) for v in x]
    if hasattr(x, "tolist"):
        return plain(x.tolist())
    if isinstance(x, float) and x != x:
        return None
    return x


def values(x):
    """Numbers only: arrays as nested float lists (NaN as None), complex as {re, im}."""
    if isinstance(x, dict):
        return {str(k): values(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [values(v) for v in x]
    if hasattr(x, "values") and hasattr(x, "index") and not isinstance(x, np.ndarray):
        x = np.asarray(x.values)
    if isinstance(x, np.ndarray):
        if np.iscomplexobj(x):
            return {"re": values(x.real), "im": values(x.imag)}
        x = x.astype(float)
        return np.where(np.isnan(x), None, x).tolist()
    if isinstance(x, (np.floating, float)):
        return None if np.isnan(x) else float(x)
    if isinstance(x, (np.integer,)):
        return int(x)
    return x


def error_of(f):
    """The exception f() raises, as {"error": class name, "message": text}, or None."""
    try:
        f()
    except Exception as e:
        return {"error": type(e).__name__, "message": str(e)}
    return None


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


def napple_in(e):
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
        return {k: napple_in(v) for k, v in e.items()}
    if isinstance(e, list):
        return [napple_in(v) for v in e]
    return e


def case_out(v):
    if isinstance(v, nap.IntervalSet):
        return {"iset": {"start": [num_out(x) for x in v.start], "end": [num_out(x) for x in v.end]}}
    if isinstance(v, (nap.Ts, nap.Tsd, nap.TsdFrame, nap.TsdTensor)):
        out = {"series": type(v).__name__, "t": [num_out(x) for x in v.t],
               "support": case_out(v.time_support)["iset"]}
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
        return {"dict": [[k.item() if hasattr(k, "item") else k, case_out(x)] for k, x in v.items()]}
    if isinstance(v, (list, tuple)):
        return [case_out(x) for x in v]
    if isinstance(v, slice):
        return {"slice": [None if x is None else int(x) for x in (v.start, v.stop, v.step)]}
    return {"repr": repr(v)}
