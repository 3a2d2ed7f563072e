"""Writes testdata/nwb/1.5.1_timeseries_no_data.nwb and 1.5.1_imageseries_no_data.nwb with h5py.

pynwb's own back-compat files (tests/back_compat/, made by src/pynwb/testing/make_test_files.py
under pynwb 1.5.1) cannot be fetched here, so this script writes the same HDF5 layout and
attributes as pynwb 1.5.1 (hdmf 2.5, NWB schema 2.2.5) writes for:

- `_make_timeseries_no_data`: TimeSeries(name='test_timeseries', rate=1., unit='unit') with no
  data: only `starting_time` (0.0, rate 1.0) is stored; `unit` lives on `data` so it is lost.
- `_make_imageseries_no_data`: ImageSeries(name='test_imageseries', external_file=['external_file'],
  starting_frame=[1], format='external', timestamps=[1., 2., 3.]) with no data.

Both in /acquisition of an NWBFile(session_description='ADDME', identifier='ADDME'). Dates and
object ids are fixed so that the files are reproducible. Left out: the cached specification
(/specifications holds the namespace of schema 2.2.5 as JSON; readers that do not load cached
namespaces, as pynwb 2.3.1 by default, ignore it).

Run: /usr/bin/python3 tools/make_pynwb151_fixtures.py testdata/nwb
"""
import os
import sys
import uuid

import h5py
import numpy as np

STR = h5py.string_dtype("utf-8")
WHEN = "2021-06-25T14:33:42.123456-07:00"  # isoformat of datetime.now().astimezone()


def oid(name):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "napple/pynwb-1.5.1/" + name))


def typed(obj, neurodata_type, name):
    obj.attrs.create("namespace", "core", dtype=STR)
    obj.attrs.create("neurodata_type", neurodata_type, dtype=STR)
    obj.attrs.create("object_id", oid(name), dtype=STR)


def nwbfile(path, name):
    f = h5py.File(path, "w")
    typed(f, "NWBFile", name)
    f.attrs.create("nwb_version", "2.2.5", dtype=STR)
    for g in ("acquisition", "analysis", "general", "processing", "specifications",
              "stimulus/presentation", "stimulus/templates"):
        f.create_group(g)
    f.attrs.create(".specloc", f["specifications"].ref, dtype=h5py.ref_dtype)
    f.create_dataset("file_create_date", data=[WHEN], dtype=STR, maxshape=(None,), chunks=True)
    for k, v in (("identifier", "ADDME"), ("session_description", "ADDME"),
                 ("session_start_time", WHEN), ("timestamps_reference_time", WHEN)):
        f.create_dataset(k, data=v, dtype=STR)
    return f


def series(f, neurodata_type, name):
    g = f["acquisition"].create_group(name)
    g.attrs.create("comments", "no comments", dtype=STR)
    g.attrs.create("description", "no description", dtype=STR)
    typed(g, neurodata_type, name)
    return g


def timeseries_no_data(folder):
    with nwbfile(os.path.join(folder, "1.5.1_timeseries_no_data.nwb"), "timeseries_no_data") as f:
        g = series(f, "TimeSeries", "test_timeseries")
        st = g.create_dataset("starting_time", data=np.float64(0.0))
        st.attrs.create("rate", np.float64(1.0))
        st.attrs.create("unit", "seconds", dtype=STR)


def imageseries_no_data(folder):
    with nwbfile(os.path.join(folder, "1.5.1_imageseries_no_data.nwb"), "imageseries_no_data") as f:
        g = series(f, "ImageSeries", "test_imageseries")
        ext = g.create_dataset("external_file", data=["external_file"], dtype=STR)
        ext.attrs.create("starting_frame", np.array([1], dtype=np.int64))
        g.create_dataset("format", data="external", dtype=STR)
        ts = g.create_dataset("timestamps", data=np.array([1.0, 2.0, 3.0]))
        ts.attrs.create("interval", np.int32(1))
        ts.attrs.create("unit", "seconds", dtype=STR)


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "testdata/nwb"
    timeseries_no_data(out)
    imageseries_no_data(out)
