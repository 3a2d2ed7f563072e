/**
 * The interval algorithms of pynapple's `_jitted_functions.py`, ported loop for loop so that
 * edge cases (touching intervals, zero-length intervals, nested sets) give pynapple's answers.
 * @module
 */

/** pynapple's IntervalSet fix-up warnings, in `_jitfix_iset`'s flag order. */
export const ISET_WARNINGS: readonly string[] = [
  "Some starts and ends are equal. Removing 1 microsecond!",
  "Some ends precede the relative start. Dropping them!",
  "Some starts precede the previous end. Joining them!",
  "Some epochs have no duration",
];

/** Result of fixing sorted starts/ends: the kept intervals and which warnings apply. */
export interface FixedIntervals {
  /** Interval starts. */
  start: Float64Array;
  /** Interval ends. */
  end: Float64Array;
  /** One flag per entry of {@linkcode ISET_WARNINGS}. */
  toWarn: [boolean, boolean, boolean, boolean];
}

/**
 * `_jitfix_iset`: drops zero-length and reversed intervals, joins overlapping ones and removes
 * 1 µs from an end that touches the next start.
 */
export function fixIntervals(start: Float64Array, end: Float64Array): FixedIntervals {
  const toWarn: [boolean, boolean, boolean, boolean] = [false, false, false, false];
  const m = start.length;
  const outS = new Float64Array(m);
  const outE = new Float64Array(m);
  let i = 0;
  let ct = 0;
  while (i < m) {
    let newstart = start[i];
    let newend = end[i];
    while (i < m) {
      if (end[i] === start[i]) {
        toWarn[3] = true;
        i++;
      } else {
        newstart = start[i];
        newend = end[i];
        break;
      }
    }
    while (i < m) {
      if (end[i] < start[i]) {
        toWarn[1] = true;
        i++;
      } else {
        newstart = start[i];
        newend = end[i];
        break;
      }
    }
    if (i >= m) break;
    while (i < m - 1) {
      if (start[i + 1] < end[i]) {
        toWarn[2] = true;
        i++;
        newend = Math.max(end[i - 1], end[i]);
      } else break;
    }
    if (i < m - 1 && newend === start[i + 1]) {
      toWarn[0] = true;
      newend -= 1e-6;
    }
    outS[ct] = newstart;
    outE[ct] = newend;
    ct++;
    i++;
  }
  return { start: outS.slice(0, ct), end: outE.slice(0, ct), toWarn };
}

/** `jitintersect`: the intersection and, per result row, the source rows in set 1 and set 2. */
export function intersectIntervals(
  start1: Float64Array,
  end1: Float64Array,
  start2: Float64Array,
  end2: Float64Array,
): { start: Float64Array; end: Float64Array; rows1: number[]; rows2: number[] } {
  const m = start1.length;
  const n = start2.length;
  const s: number[] = [];
  const e: number[] = [];
  const rows1: number[] = [];
  const rows2: number[] = [];
  let i = 0;
  let j = 0;
  while (i < m) {
    while (j < n && !(end2[j] > start1[i])) j++;
    if (j === n) break;
    if (start2[j] < end1[i]) {
      s.push(Math.max(start1[i], start2[j]));
      e.push(Math.min(end1[i], end2[j]));
      rows1.push(i);
      rows2.push(j);
      if (end2[j] < end1[i]) j++;
      else i++;
    } else i++;
  }
  return { start: Float64Array.from(s), end: Float64Array.from(e), rows1, rows2 };
}

/** `jitunion` of two sorted, non-overlapping sets. */
export function unionIntervals(
  start1: Float64Array,
  end1: Float64Array,
  start2: Float64Array,
  end2: Float64Array,
): { start: Float64Array; end: Float64Array } {
  const m = start1.length;
  const n = start2.length;
  const s = new Float64Array(m + n);
  const e = new Float64Array(m + n);
  let i = 0;
  let j = 0;
  let ct = 0;
  while (i < m) {
    while (j < n) {
      if (end2[j] > start1[i]) break;
      s[ct] = start2[j];
      e[ct] = end2[j];
      ct++;
      j++;
    }
    if (j === n) break;
    if (start2[j] < end1[i]) {
      s[ct] = Math.min(start1[i], start2[j]);
      while (i < m && j < n) {
        e[ct] = Math.max(end1[i], end2[j]);
        if (end1[i] < end2[j]) i++;
        else j++;
        if (i === m) {
          j++;
          ct++;
          break;
        }
        if (j === n) {
          i++;
          ct++;
          break;
        }
        if (end2[j] < start1[i]) {
          j++;
          ct++;
          break;
        } else if (end1[i] < start2[j]) {
          i++;
          ct++;
          break;
        }
      }
    } else {
      s[ct] = start1[i];
      e[ct] = end1[i];
      ct++;
      i++;
    }
  }
  while (i < m) {
    s[ct] = start1[i];
    e[ct] = end1[i];
    ct++;
    i++;
  }
  while (j < n) {
    s[ct] = start2[j];
    e[ct] = end2[j];
    ct++;
    j++;
  }
  return { start: s.slice(0, ct), end: e.slice(0, ct) };
}

/** `jitdiff`: set 1 minus set 2, with the set-1 row each result interval comes from. */
export function diffIntervals(
  start1: Float64Array,
  end1: Float64Array,
  start2: Float64Array,
  end2: Float64Array,
): { start: Float64Array; end: Float64Array; rows: number[] } {
  const m = start1.length;
  const n = start2.length;
  const cap = m + n;
  const s = new Float64Array(cap);
  const e = new Float64Array(cap);
  const meta = new Int32Array(cap);
  let i = 0;
  let j = 0;
  let ct = 0;
  while (i < m) {
    while (j < n && !(end2[j] > start1[i])) j++;
    if (j === n) break;
    if (start2[j] < end1[i]) {
      if (start2[j] < start1[i] && end1[i] < end2[j]) {
        i++;
      } else {
        if (start2[j] > start1[i]) {
          s[ct] = start1[i];
          e[ct] = start2[j];
          meta[ct] = i;
          ct++;
          j++;
        } else {
          // pynapple writes this candidate without advancing `ct`: it is overwritten below
          // unless the last branch keeps it.
          s[ct] = end2[j];
          e[ct] = end1[i];
          meta[ct] = i;
          j++;
        }
        while (j < n) {
          if (start2[j] < end1[i]) {
            s[ct] = end2[j - 1];
            e[ct] = start2[j];
            meta[ct] = i;
            ct++;
            j++;
          } else break;
        }
        if (end2[j - 1] < end1[i]) {
          s[ct] = end2[j - 1];
          e[ct] = end1[i];
          meta[ct] = i;
          ct++;
        } else {
          j--;
        }
        i++;
      }
    } else {
      s[ct] = start1[i];
      e[ct] = end1[i];
      meta[ct] = i;
      ct++;
      i++;
    }
  }
  while (i < m) {
    s[ct] = start1[i];
    e[ct] = end1[i];
    meta[ct] = i;
    ct++;
    i++;
  }
  return { start: s.slice(0, ct), end: e.slice(0, ct), rows: Array.from(meta.slice(0, ct)) };
}

/** `jitunion_isets`: the union of any number of possibly overlapping intervals. */
export function unionManyIntervals(
  starts: Float64Array,
  ends: Float64Array,
): { start: Float64Array; end: Float64Array } {
  const n = starts.length;
  if (n === 0) return { start: new Float64Array(0), end: new Float64Array(0) };
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
    (starts[a] - starts[b]) || (a - b)
  );
  const s: number[] = [starts[order[0]]];
  const e: number[] = [];
  let cur = ends[order[0]];
  for (let k = 1; k < n; k++) {
    const i = order[k];
    if (starts[i] > cur) {
      e.push(cur);
      s.push(starts[i]);
      cur = ends[i];
    } else cur = Math.max(cur, ends[i]);
  }
  e.push(cur);
  return { start: Float64Array.from(s), end: Float64Array.from(e) };
}

/** `jitin_interval`: for each time, the index of the interval holding it, or NaN. */
export function inIntervalIndex(
  t: Float64Array,
  starts: Float64Array,
  ends: Float64Array,
): Float64Array {
  const n = t.length;
  const m = starts.length;
  const out = new Float64Array(n).fill(NaN);
  if (n === 0 || m === 0) return out;
  let k = 0;
  let i = 0;
  while (k < m && ends[k] < t[i]) k++;
  while (k < m) {
    while (i < n && !(t[i] >= starts[k])) i++;
    while (i < n) {
      if (t[i] > ends[k]) {
        k++;
        break;
      }
      out[i] = k;
      i++;
    }
    if (k === m || i === n) break;
  }
  return out;
}
