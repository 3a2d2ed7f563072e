"""Expected pandas 1.5.3 `print(df)` texts for tests/display/dataframe_test.ts.
Needs pandas 1.5.3 (Debian's python3-pandas); run from the repository root:
    /usr/bin/python3 testdata/display/make_dataframes.py
Each case stores its inputs (index, columns, values, dtypes) and the expected text for 80x24
and 200x60 terminals (pandas reads the size through shutil.get_terminal_size, i.e. COLUMNS/LINES),
and for a notebook kernel (display.max_columns = 20, lines wrapped at display.width = 80).
"""
import json
import math
import os
import subprocess
import sys

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))


def enc(v):
    if isinstance(v, float) and not math.isfinite(v):
        return "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")
    if isinstance(v, (np.floating,)):
        return enc(float(v))
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, np.bool_):
        return bool(v)
    return v


def case(name, df, index_dtype, columns_dtype):
    dtypes = []
    for c in range(df.shape[1]):
        k = df.dtypes.iloc[c].kind
        dtypes.append({"f": "float64", "i": "int64", "u": "int64", "b": "bool"}.get(k, "object"))
    return {
        "name": name,
        "index": [enc(v) for v in df.index],
        "index_dtype": index_dtype,
        "index_name": df.index.name,
        "columns": [enc(v) for v in df.columns],
        "columns_dtype": columns_dtype,
        "dtypes": dtypes,
        "values": [[enc(v) for v in row] for row in df.astype(object).values.tolist()],
    }


rng = np.random.default_rng(7)
cases = []
gold = json.load(open(os.path.join(HERE, "..", "golden", "analysis", "tuning_eta_units_session.json")))
tc = gold["results"]["tc_default"]
frames = {}
frames["tuning_units_session"] = (pd.DataFrame(np.array(tc["values"], dtype=float), index=np.array(tc["index"], dtype=float), columns=np.array(tc["columns"], dtype=np.int64)), "float64", "int64")
gold2 = json.load(open(os.path.join(HERE, "..", "golden", "analysis", "tuning_eta_npz.json")))
tc2 = gold2["results"]["tc_default"]
frames["tuning_npz"] = (pd.DataFrame(np.array(tc2["values"], dtype=float), index=np.array(tc2["index"], dtype=float), columns=np.array(tc2["columns"], dtype=np.int64)), "float64", "int64")
frames["long_floats"] = (pd.DataFrame(rng.normal(size=(100, 3)), index=np.arange(100) * 0.1, columns=["a", "b", "c"]), "float64", "object")
frames["mixed_types"] = (pd.DataFrame({"n": [1, -20, 300], "ok": [True, False, True], "name": ["pyr", "int", None], "x": [0.5, np.nan, 2.0]}, index=[3, 7, 11]), "int64", "object")
frames["small_and_large"] = (pd.DataFrame({"tiny": [1e-8, 0.5, 3.0], "big": [1.5e7, 2.0, 3.25], "plain": [1.0, 2.0, 3.0]}), "int64", "object")
frames["named_index"] = (pd.DataFrame(np.arange(6).reshape(3, 2) * 1.5, index=pd.Index([1.0, 2.5, 3.0], name="Time (s)"), columns=[0, 1]), "float64", "int64")
frames["wide_ints"] = (pd.DataFrame(rng.integers(-1000, 100000, size=(70, 30)), index=np.arange(70), columns=np.arange(30) * 2), "int64", "int64")
mixed = {}
for j in range(40):
    k = j % 4
    if k == 0:
        mixed[f"c{j}"] = rng.normal(size=61) * 10 ** (j % 5)
    elif k == 1:
        mixed[f"c{j}"] = np.array([["pyr", "int", None][i % 3] for i in range(61)], dtype=object)
    elif k == 2:
        mixed[f"c{j}"] = rng.integers(-1000, 1000, size=61)
    else:
        mixed[f"c{j}"] = np.full(61, np.nan) if j == 35 else rng.integers(0, 2, size=61).astype(bool)
frames["wide_mixed_named"] = (pd.DataFrame(mixed, index=pd.Index(np.arange(61) * 0.25, name="Time (s)")), "float64", "object")
frames["empty"] = (pd.DataFrame(np.zeros((0, 2)), columns=["a", "b"]), "int64", "object")

out = []
for name, (df, idt, cdt) in frames.items():
    c = case(name, df, idt, cdt)
    c["expected"] = {}
    for cols, lines in ((80, 24), (200, 60)):
        env = dict(os.environ, COLUMNS=str(cols), LINES=str(lines))
        code = (
            "import pandas as pd, sys, io\n"
            "df = pd.read_pickle(sys.argv[1])\n"
            "print(df, end='')\n"
        )
        path = f"/tmp/napple_df_{name}.pkl"
        df.to_pickle(path)
        text = subprocess.run([sys.executable, "-c", code, path], env=env, capture_output=True, text=True, check=True).stdout
        c["expected"][f"{cols}x{lines}"] = text
    # what a Jupyter kernel shows: pandas sets display.max_columns = 20 there (not a terminal)
    code = (
        "import pandas as pd, sys\n"
        "pd.set_option('display.max_columns', 20)\n"
        "df = pd.read_pickle(sys.argv[1])\n"
        "print(df, end='')\n"
    )
    c["expected"]["notebook"] = subprocess.run(
        [sys.executable, "-c", code, path], capture_output=True, text=True, check=True
    ).stdout
    out.append(c)

with open(os.path.join(HERE, "dataframe_cases.json"), "w") as fh:
    json.dump(out, fh, indent=0)
print(len(out), "cases")
