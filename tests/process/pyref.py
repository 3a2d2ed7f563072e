"""Independent numpy reference for the analysis tests: pynapple 0.9.2's formulas written with
numpy (histogram, histogram2d, digitize, linspace) over the same fixture inputs. Reads a JSON
request on stdin, writes JSON results (NaN as null) on stdout. Run with /usr/bin/python3."""
import json, sys
import h5py
import numpy as np

req = json.load(sys.stdin)
root = req["testdata"]

def units():
    s = json.load(open(root + "golden/npz/tsgroup_from_nwb_units/summary.json"))["object"]
    return [int(k) for k in s["keys"]], [np.array(s["units"][str(k)]["t"]) for k in s["keys"]], s["time_support"]

def position():
    g = h5py.File(root + "nwb/units_session.nwb", "r")["processing/behavior/Position/position"]
    return np.around(g["timestamps"][:], 9), g["data"][:]

def restrict_idx(t, starts, ends):
    return np.concatenate([np.nonzero((t >= s) & (t <= e))[0] for s, e in zip(starts, ends)]).astype(int)

def value_rows(t, tt, starts, ends):
    # nearest target sample in the same epoch, ties to the later one
    out = []
    for s, e in zip(starts, ends):
        a = t[(t >= s) & (t <= e)]
        idx = np.nonzero((tt >= s) & (tt <= e))[0]
        if len(idx) == 0:
            out.append(np.full(len(a), -1))
            continue
        seg = tt[idx]
        j = np.clip(np.searchsorted(seg, a), 1, len(seg) - 1) if len(seg) > 1 else np.zeros(len(a), int)
        if len(seg) > 1:
            j = np.where(a - seg[j - 1] < seg[j] - a, j - 1, j)
        out.append(idx[j])
    return np.concatenate(out).astype(int)

def clean(a):
    a = np.asarray(a, dtype=float)
    return [None if np.isnan(x) else float(x) for x in a.ravel()]

def cross_corr(t1, t2, binsize, windowsize):
    nbins = int((windowsize * 2) // binsize)
    if np.floor(nbins / 2) * 2 == nbins:
        nbins += 1
    w = (nbins / 2) * binsize
    C = np.zeros(nbins)
    for x in t1:
        lb = x - w
        rb = lb
        for j in range(nbins):
            left = rb
            rb = rb + binsize  # cumulative edges, as pynapple's loop
            C[j] += np.sum((t2 >= left) & (t2 < rb))
    C = C / (len(t1) * binsize)
    return C, -w + binsize / 2 + np.arange(nbins) * binsize

out = {}
keys, uts, tsup = units()
pt, pd = position()
starts, ends = [pt[0]], [pt[-1]]
x, y = pd[:, 0], pd[:, 1]
rate = len(pt) / (pt[-1] - pt[0])

# 2-D tuning curves, 8 x 6 bins, default epochs
bx = np.linspace(np.nanmin(x), np.nanmax(x), 9)
by = np.linspace(np.nanmin(y), np.nanmax(y), 7)
occ, _, _ = np.histogram2d(x, y, [bx, by])
tc2 = []
for t in uts:
    r = value_rows(t, pt, starts, ends)
    c, _, _ = np.histogram2d(x[r], y[r], [bx, by])
    tc2.append(c / occ * rate)
out["tc2d"] = [clean(a) for a in tc2]
out["tc2d_xy"] = [clean(bx[:-1] + np.diff(bx) / 2), clean(by[:-1] + np.diff(by) / 2)]

# 2-D mutual information of those curves (bits/spike)
fx = np.array(tc2)
o = occ / occ.sum()
fr = np.nansum(fx * o, (1, 2))[:, None, None]
with np.errstate(all="ignore"):
    lg = np.log2(fx / fr)
lg[np.isinf(lg)] = 0.0
out["mi2d"] = clean(np.nansum(o * fx * lg, (1, 2)) / fr[:, 0, 0])

# 1-D mutual information of the golden 1-D curves
g = json.load(open(root + "golden/analysis/tuning_eta_units_session.json"))["results"]["tc_default"]
fx1 = np.array(g["values"], dtype=float)
b1 = np.linspace(np.nanmin(x), np.nanmax(x), fx1.shape[0] + 1)
o1, _ = np.histogram(x, b1)
o1 = (o1 / o1.sum())[:, None]
f1 = np.sum(fx1 * o1, 0)
with np.errstate(all="ignore"):
    l1 = np.log2(fx1 / f1)
l1[np.isinf(l1)] = 0.0
si = np.sum(o1 * fx1 * l1, 0)
out["mi1d_bits_spike"] = clean(si / f1)
out["mi1d_bits_sec"] = clean(si)

# 1-D continuous: activity = position y, feature = position x, 7 bins, ep [10, 150]
ep = ([10.0], [150.0])
fi = restrict_idx(pt, *ep)
ft, fv = pt[fi], x[fi]
bc = np.linspace(np.nanmin(fv), np.nanmax(fv), 8)
ai = restrict_idx(pt, *ep)
rows = value_rows(pt[ai], ft, *ep)
idx = np.digitize(fv[rows], bc) - 1
act = y[ai]
tcc = np.zeros(7)
for i in range(7):
    with np.errstate(all="ignore"):
        tcc[i] = np.mean(act[idx == i]) if np.any(idx == i) else np.nan
tcc[np.isnan(tcc)] = 0.0
oc, _ = np.histogram(fv, bc)
tcc[oc == 0] = np.nan
out["tc1d_cont"] = clean(tcc)
out["tc1d_cont_index"] = clean(bc[:-1] + np.diff(bc) / 2)

# correlograms on the first 4 units, bins 10 ms, window 100 ms
b, w = 0.01, 0.1
sub = uts[:4]
tl = tsup["end"][0] - tsup["start"][0]
rates = [len(t) / tl for t in sub]
ac = []
for t, r in zip(sub, rates):
    C, B = cross_corr(t, t, b, w)
    ac.append(C / r)
Bac = np.round(B, 6)
ac = np.array(ac).T
ac[Bac == 0] = 0.0
out["autocorr"] = clean(ac)
out["autocorr_index"] = clean(Bac)
cc = []
for i in range(4):
    for j in range(i + 1, 4):
        C, B = cross_corr(sub[i], sub[j], b, w)
        cc.append(C / rates[j])
out["crosscorr"] = clean(np.array(cc).T)
out["crosscorr_index"] = clean(B)
ev = np.array([20.0, 55.5, 90.25, 130.0, 170.7])
ec = []
evlen = ev[-1] - ev[0]
for t in sub:
    tt = t[(t >= ev[0]) & (t <= ev[-1])]
    C, B = cross_corr(ev, tt, b, w)
    ec.append(C / (len(tt) / evlen))
out["eventcorr"] = clean(np.array(ec).T)

# ISI distribution, 12 bins, log scale and linear
isis = [np.diff(t) for t in sub]
allv = np.hstack(isis)
edges = np.linspace(allv.min(), allv.max(), 13)
out["isi"] = clean(np.array([np.histogram(d, edges)[0] for d in isis]).T)
out["isi_index"] = clean((edges[:-1] + edges[1:]) / 2)
lisis = [np.log(d) for d in isis]
la = np.hstack(lisis)
le = np.linspace(la.min(), la.max(), 13)
out["isi_log"] = clean(np.array([np.histogram(d, le)[0] for d in lisis]).T)
json.dump(out, sys.stdout)
