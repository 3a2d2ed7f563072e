"""Literal Python port of pynapple 0.9.2's event-triggered average (TsGroup.count with
jitcount, then _jitperievent_trigger_average) for the multi-epoch test: reads a JSON request on
stdin, prints the ETA (NaN as null). Run with /usr/bin/python3 (numpy)."""
import json, sys
import numpy as np

req = json.load(sys.stdin)
units = [np.array(u, dtype=float) for u in req["units"]]
ft = np.array(req["ft"], dtype=float)
fd = np.array([np.nan if v is None else float(v) for v in req["fd"]], dtype=float)  # "Infinity" ok
starts = np.array(req["starts"], dtype=float)
ends = np.array(req["ends"], dtype=float)
binsize, w0, w1 = req["binsize"], req["w0"], req["w1"]

def restrict_count(t):
    idx, cnt = [], []
    for s, e in zip(starts, ends):
        m = np.nonzero((t >= s) & (t <= e))[0]
        idx.extend(m); cnt.append(len(m))
    return np.array(idx, dtype=int), np.array(cnt, dtype=int)

def jitcount(t):
    idx, countin = restrict_count(t)
    t = t[idx]
    nb_bins = [int(np.ceil((e + binsize - s) / binsize)) if (e - s) > binsize else 1 for s, e in zip(starts, ends)]
    bins, cnt = [], []
    k = tt = 0
    while k < len(starts):
        maxt = tt + countin[k]
        lbound = starts[k]
        for _ in range(nb_bins[k]):
            xpos = lbound + binsize / 2
            if xpos > ends[k]:
                break
            bins.append(xpos)
            rbound = np.round(lbound + binsize, 9)
            c = 0
            while tt < maxt and t[tt] < rbound:
                c += 1; tt += 1
            cnt.append(c)
            lbound = np.round(lbound + binsize, 9)
        tt = maxt
        k += 1
    return np.array(bins), np.array(cnt)

cols = [jitcount(u) for u in units]
bins = np.round(cols[0][0], 9)
count_array = np.stack([c for _, c in cols], 1).astype(float)
time_array = np.round(bins - binsize / 2, 9)
windows = np.array([w0, w1])

idx, count = restrict_count(ft)
tt = ft[idx]
data = fd[idx][:, None]
T, N = len(time_array), count_array.shape[1]
max_count = np.cumsum(count)
out = np.zeros((w0 + w1 + 1, N, 1))
hankel = np.zeros((w0 + w1 + 1, 1))
t = 0
i_start = 0
for k in range(len(starts)):
    if count[k] > 0:
        t_start = t
        maxi = max_count[k]
        i = maxi - count[k]
        while t < T:
            lbound = time_array[t]
            rbound = np.round(lbound + binsize, 9)
            if tt[i] < rbound:
                i_start = i; i_stop = i
                while i_stop < maxi:
                    if tt[i_stop] < rbound: i_stop += 1
                    else: break
                while i_start < i_stop - 1:
                    if tt[i_start] < lbound: i_start += 1
                    else: break
                v = np.zeros(1)
                for r in range(i_start, i_stop):
                    v = v + data[r]
                v = v / float(i_stop - i_start)
                if not np.isnan(np.sum(v)):
                    hankel[-1] = v
            if t - t_start >= windows[1]:
                for n in range(N):
                    out[:, n] += hankel * count_array[t - windows[1], n]
            hankel[0:-1] = hankel[1:]
            hankel[-1] = 0.0
            t += 1
            i = i_start
            if t == T or time_array[t] > ends[k]:
                if t - t_start > windows[1]:
                    for j in range(windows[1]):
                        for n in range(N):
                            out[:, n] += hankel * count_array[t - windows[1] + j, n]
                        hankel[0:-1] = hankel[1:]
                        hankel[-1] = 0.0
                hankel *= 0.0
                break
total = count_array.sum(0)
for n in range(N):
    if total[n] > 0:
        out[:, n] /= total[n]
def enc(x):
    if np.isnan(x):
        return None
    if np.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return float(x)

print(json.dumps([enc(x) for x in out.ravel()]))
