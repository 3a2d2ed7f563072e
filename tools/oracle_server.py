"""pynapple 0.9.2 as a long-lived oracle for the differential tests (tests/oracle/).

Reads one JSON request per line on stdin, writes one JSON answer per line on stdout:

    {"id": 1, "code": "x = nap.Ts(t=np.array([1.0]))\\nout = x.count(0.5)", "size": [100, 20]}
    -> {"id": 1, "ok": <encoded out>}  or  {"id": 1, "error": {"type": "ValueError", "message": ...}}

`code` runs with `nap`, `np`, `pd`, `nan` and `inf` in scope and leaves its result in `out`.
`"fixes": ["name", ...]` runs it on pynapple with those bugs patched (FIXES below): a deliberate
difference of napple (tests/oracle/deliberate.ts) is then checked against what pynapple gives once
its bug is out of the way.
`"input": <JSON>` is bound to `inp`. With `"raw": true` the answer is `{"id", "json": out}`: `out`
is already JSON (made with tools/oracle_codecs.py's `plain`, `values` or `case_out`, which are in
scope, with `scipy` and `error_of`); this is how the tests that run pynapple code directly use the
same process (tests/oracle/client.ts).
`size` is the terminal (columns, lines) the printout is made for. Values are encoded losslessly:
non-finite floats as the strings "NaN", "Infinity", "-Infinity", integers beyond 2**53 as
{"$i": "digits"}. Run with /usr/bin/python3 after `source ../shared/oracle/env.sh`.
"""

import contextlib
import json
import math
import os
import sys
import traceback
import warnings

import numpy as np
import pandas as pd
import pynapple as nap
import scipy
import scipy.stats  # the tests use scipy.stats (zscore)

import oracle_codecs

SAFE = 2**53


@contextlib.contextmanager
def _patched(owner, name, make):
    orig = getattr(owner, name)
    setattr(owner, name, make(orig))
    try:
        yield
    finally:
        setattr(owner, name, orig)


def _empty_get_slice(orig):
    """get_slice(start, end) of a series without samples is the empty slice (pynapple reads
    t[-1] of the empty array: IndexError)."""

    def get_slice(self, start, end=None, mode="closest_t", n_points=None, time_unit="s"):
        if end is not None and len(self.t) == 0:
            if start > end:
                raise ValueError("'start' should not precede 'end'.")
            return slice(0, 0)
        return orig(self, start, end=end, mode=mode, n_points=n_points, time_unit=time_unit)

    return get_slice


def _convolve_nothing(orig):
    """scipy's convolve of an epoch without samples is empty (scipy raises "v cannot be empty",
    or for integer data "zero-size array to reduction operation maximum")."""

    def convolve(in1, in2, *args, **kwargs):
        if np.size(in1) == 0:
            return np.zeros(0)
        return orig(in1, in2, *args, **kwargs)

    return convolve


# pynapple 0.9.2's indexing bugs on empty input, each with its fix (docs/differences.md)
FIXES = {
    "empty_get_slice": lambda: _patched(
        nap.core.base_class._Base, "_get_slice", _empty_get_slice
    ),
    "convolve_empty_epoch": lambda: _patched(
        sys.modules["pynapple.core._core_functions"].signal, "convolve", _convolve_nothing
    ),
}


def enc_scalar(x):
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        x = int(x)
        return x if -SAFE <= x <= SAFE else {"$i": str(x)}
    if isinstance(x, (float, np.floating)):
        x = float(x)
        if math.isnan(x):
            return "NaN"
        if math.isinf(x):
            return "Infinity" if x > 0 else "-Infinity"
        return x
    if x is None:
        return None
    if isinstance(x, (str, np.str_)):
        return {"$s": str(x)}
    if isinstance(x, tuple):
        return {"$t": [enc_scalar(v) for v in x]}
    return {"$s": str(x)}


def enc_array(a):
    a = np.asarray(a)
    kind = a.dtype.kind
    flat = a.reshape(-1)
    if kind in "fiub":
        vals = [enc_scalar(v) for v in flat.tolist()]
    else:
        vals = [enc_scalar(v) for v in flat]
    return {"dtype": str(a.dtype), "shape": list(a.shape), "v": vals}


def enc_labels(idx):
    return [enc_scalar(v) for v in list(idx)]


def enc_metadata(md):
    """A metadata DataFrame: one entry per column, in order."""
    if md is None:
        return []
    return [
        {"name": str(c), "dtype": str(md[c].dtype), "v": enc_array(md[c].values)["v"]}
        for c in md.columns
    ]


def support(obj):
    ts = obj.time_support
    return {"start": enc_array(ts.start)["v"], "end": enc_array(ts.end)["v"]}


def enc(x, size):
    text = None
    if isinstance(x, (nap.Ts, nap.Tsd, nap.TsdFrame, nap.TsdTensor, nap.IntervalSet, nap.TsGroup)):
        text = repr(x)
    if isinstance(x, nap.IntervalSet):
        return {
            "kind": "IntervalSet",
            "start": enc_array(x.start)["v"],
            "end": enc_array(x.end)["v"],
            "metadata": enc_metadata(x.metadata),
            "repr": text,
        }
    if isinstance(x, nap.Ts):
        return {"kind": "Ts", "t": enc_array(x.t)["v"], "support": support(x), "repr": text}
    if isinstance(x, (nap.Tsd, nap.TsdFrame, nap.TsdTensor)):
        out = {
            "kind": type(x).__name__,
            "t": enc_array(x.t)["v"],
            "d": enc_array(x.values),
            "support": support(x),
            "repr": text,
        }
        if isinstance(x, nap.TsdFrame):
            out["columns"] = enc_labels(x.columns)
            out["metadata"] = enc_metadata(x.metadata)
        return out
    if isinstance(x, nap.TsGroup):
        return {
            "kind": "TsGroup",
            "keys": [int(k) for k in x.keys()],
            "members": [enc(x[k], size) for k in x.keys()],
            "support": support(x),
            "metadata": enc_metadata(x.metadata),
            "repr": text,
        }
    if isinstance(x, pd.DataFrame):
        return {
            "kind": "table",
            "index": enc_labels(x.index),
            "columns": enc_labels(x.columns),
            "values": enc_array(x.values),
            "repr": str(x),
        }
    if isinstance(x, pd.Series):
        return {"kind": "pdseries", "index": enc_labels(x.index), "values": enc_array(x.values)}
    if isinstance(x, np.ndarray):
        return {"kind": "array", **enc_array(x)}
    if isinstance(x, dict):
        return {"kind": "map", "entries": [[enc_scalar(k), enc(v, size)] for k, v in x.items()]}
    if isinstance(x, (list, tuple)):
        return {"kind": "list", "items": [enc(v, size) for v in x]}
    if isinstance(x, (bool, np.bool_, int, np.integer, float, np.floating, str, type(None))):
        return {"kind": "scalar", "v": enc_scalar(x)}
    return {"kind": "other", "type": type(x).__name__, "v": str(x)}


START_ENV = {k: os.environ[k] for k in ("COLUMNS", "LINES") if k in os.environ}


def run(req):
    cols, lines = req.get("size") or [100, 30]
    for name, v in (("COLUMNS", cols), ("LINES", lines)):
        if req.get("size") or not req.get("raw"):
            os.environ[name] = str(v)
        elif name in START_ENV:  # a raw request prints for the terminal the tests run in
            os.environ[name] = START_ENV[name]
        else:
            os.environ.pop(name, None)
    ns = {"nap": nap, "np": np, "pd": pd, "scipy": scipy, "nan": np.nan, "inf": np.inf}
    ns.update({"json": json, "sys": sys, "warnings": warnings})
    ns.update({k: getattr(oracle_codecs, k) for k in oracle_codecs.EXPORTS})
    ns["inp"] = req.get("input")
    ns["out"] = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with contextlib.ExitStack() as stack:
                for fix in req.get("fixes", []):
                    stack.enter_context(FIXES[fix]())
                exec(req["code"], ns)
                if req.get("raw"):
                    out = {"json": ns["out"]}
                else:
                    out = {"ok": enc(ns.get("out"), (cols, lines))}
        except Exception as e:  # pynapple's error is part of the answer
            out = {"error": {"type": type(e).__name__, "message": str(e)}}
    out["warnings"] = [str(w.message) for w in caught]
    return out


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        try:
            ans = run(req)
        except Exception:  # an encoding bug: report it instead of dying
            ans = {"crash": traceback.format_exc()}
        ans["id"] = req.get("id")
        sys.stdout.write(json.dumps(ans, allow_nan=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
