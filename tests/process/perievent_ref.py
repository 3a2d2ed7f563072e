"""Literal Python port of pynapple 0.9.2's compute_perievent_continuous kernel
(_jitcontinuous_perievent) for the multi-epoch test. JSON in on stdin, NaN as null out."""
import json, sys
import numpy as np

req = json.load(sys.stdin)
# pynapple's Tsd / Ts round timestamps to 9 decimals
time_array = np.around(np.array(req["t"], dtype=float), 9)
data_array = np.array(req["d"], dtype=float)
tt = np.around(np.array(req["tref"], dtype=float), 9)
starts = np.array(req["starts"], dtype=float)
ends = np.array(req["ends"], dtype=float)
window = req["window"]

binsize = time_array[1] - time_array[0]
idx1 = -np.arange(0, window[0] + binsize, binsize)[::-1][:-1]
idx2 = np.arange(0, window[1] + binsize, binsize)[1:]
windowsize = np.array([idx1.shape[0], idx2.shape[0]])

N, NT, M = len(time_array), len(tt), len(starts)
count = np.zeros((M, 2), dtype=np.int64)
start_t = np.zeros((M, 2), dtype=np.int64)
k = t = i = 0
while ends[k] < time_array[t] and ends[k] < tt[i]:
    k += 1
while k < M:
    while t < N:
        if time_array[t] >= starts[k]: break
        t += 1
    while i < NT:
        if tt[i] >= starts[k]: break
        i += 1
    if t < N and time_array[t] <= ends[k]: start_t[k, 0] = t
    if i < NT and tt[i] <= ends[k]: start_t[k, 1] = i
    while t < N:
        if time_array[t] > ends[k]: break
        count[k, 0] += 1; t += 1
    while i < NT:
        if tt[i] > ends[k]: break
        count[k, 1] += 1; i += 1
    k += 1
    if k == M or t == N or i == NT: break

out = np.full((np.sum(windowsize) + 1, np.sum(count[:, 1])), np.nan)
for k in range(M):
    if count[k, 0] > 0 and count[k, 1] > 0:
        t = start_t[k, 0]; i = start_t[k, 1]
        maxt = t + count[k, 0]; maxi = i + count[k, 1]
        cnt_i = np.sum(count[0:k, 1])
        while i < maxi:
            interval = abs(time_array[t] - tt[i]); t_pos = t; t += 1
            while t < maxt:
                new_interval = abs(time_array[t] - tt[i])
                if new_interval > interval: break
                interval = new_interval; t_pos = t; t += 1
            left = min(windowsize[0], t_pos - start_t[k, 0])
            right = min(windowsize[1], maxt - t_pos - 1)
            center = windowsize[0] + 1
            out[center - left - 1: center + right, cnt_i] = data_array[t_pos - left: t_pos + right + 1]
            t -= 1; i += 1; cnt_i += 1
print(json.dumps({"shape": list(out.shape), "values": [None if np.isnan(x) else float(x) for x in out.ravel()]}))
