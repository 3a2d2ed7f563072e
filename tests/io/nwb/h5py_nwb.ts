/**
 * The start of a Python script that writes a minimal NWB file with h5py (no pynwb): the file
 * `f` opened at `sys.argv[1]` with the NWBFile root attributes, `str_t` for variable-length
 * strings and `typed(group, neurodata_type, object_id, namespace="core")`. Tests append the
 * groups they need and `f.close()`.
 */
export const H5PY_NWB_PRELUDE = `
import sys, json, h5py, numpy as np
f = h5py.File(sys.argv[1], "w")
f.attrs["neurodata_type"] = "NWBFile"; f.attrs["namespace"] = "core"; f.attrs["nwb_version"] = "2.6.0"
f.attrs["object_id"] = "root"
str_t = h5py.string_dtype()
def typed(g, t, oid, ns="core"):
    g.attrs["neurodata_type"] = t; g.attrs["namespace"] = ns; g.attrs["object_id"] = oid
    return g
`;
