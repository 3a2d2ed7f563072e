/**
 * Randomisation of spike trains for surrogate statistics (pynapple 0.9.2
 * `process/randomize.py`): circular shifts, shuffled inter-spike intervals, jitter and uniform
 * resampling, on a Ts or every unit of a TsGroup. pynapple draws from numpy's global state;
 * napple takes `{ seed }` or `{ rng }` (a {@linkcode RandomState}, numpy's legacy generator), so
 * with the same seed the numbers are numpy's and results are reproducible.
 * @module
 */
import { NappleError } from "../errors.ts";
import { checkOptions, type OptionKeys } from "../options.ts";
import { Ts } from "../core/time_series.ts";
import { TsGroup } from "../core/ts_group.ts";
import { type RandomState, randomStateOf } from "./random.ts";

/** Where the random numbers come from. */
export interface RandomOptions {
  /** Seed of a new generator (numpy `np.random.seed(seed)`); random when neither is given. */
  seed?: number;
  /** A generator to draw from (advanced by the call). */
  rng?: RandomState;
}

/** Options of {@linkcode shiftTimestamps}. */
export interface ShiftOptions extends RandomOptions {
  /** Smallest shift in seconds (default 0). */
  minShift?: number;
  /** Largest shift in seconds (default: the length of the span shifted within). */
  maxShift?: number;
}

/** Options of {@linkcode jitterTimestamps}. */
export interface JitterOptions extends RandomOptions {
  /** Keep the input's time support (spikes jittered outside it are dropped; default false). */
  keepTimeSupport?: boolean;
}

const RANDOM_KEYS: OptionKeys<RandomOptions> = { seed: true, rng: true };
const SHIFT_KEYS: OptionKeys<ShiftOptions> = { ...RANDOM_KEYS, minShift: true, maxShift: true };
const JITTER_KEYS: OptionKeys<JitterOptions> = { ...RANDOM_KEYS, keepTimeSupport: true };

type Spikes = Ts | TsGroup;

function requireSpikes(ts: unknown): Spikes {
  if (!(ts instanceof Ts) && !(ts instanceof TsGroup)) {
    throw new NappleError("INVALID_ARGUMENT", "Invalid input type, should be Ts or TsGroup", {
      key: "ts",
    });
  }
  return ts;
}

function sorted(t: Float64Array): Float64Array {
  return t.sort();
}

/** Applies `fn` to every unit of a group, keys in order, into a new group. */
function perUnit(
  group: TsGroup,
  fn: (t: Float64Array) => Ts,
  keepSupport: boolean,
): TsGroup {
  const m = new Map<number, Ts>();
  for (const k of group.keys()) m.set(k, fn((group.get(k) as Ts).t));
  return keepSupport ? new TsGroup(m, { timeSupport: group.timeSupport }) : new TsGroup(m);
}

function span(ts: Spikes): [number, number] {
  const s = ts.timeSupport;
  if (s.length === 0) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      "the time support is empty: nothing to shift within",
      {
        key: "ts",
      },
    );
  }
  return [s.start[0], s.end[s.length - 1]];
}

/**
 * Shifts each spike train by a random amount in `[minShift, maxShift)`, wrapping around the
 * time support (pynapple `shift_timestamps`; one shift per unit of a TsGroup). Spikes leaving
 * `end` come back at `start`. Equal to pynapple's for a TsGroup whose support starts at 0
 * (see docs/differences.md for other supports and for a Ts).
 */
export function shiftTimestamps<T extends Ts | TsGroup>(ts: T, options: ShiftOptions = {}): T {
  options = checkOptions(options, SHIFT_KEYS, "shiftTimestamps");
  requireSpikes(ts);
  const rng = randomStateOf(options);
  const [start, end] = span(ts);
  const min = options.minShift ?? 0;
  const max = options.maxShift ?? end - start;
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    throw new NappleError("INVALID_ARGUMENT", "minShift and maxShift should be numbers", {
      key: "maxShift",
    });
  }
  const length = end - start;
  const shift = (t: Float64Array): Ts => {
    const s = rng.uniform(min, max);
    const out = new Float64Array(t.length);
    for (let i = 0; i < t.length; i++) {
      const v = (t[i] - start + s) % length;
      // numpy's remainder takes the divisor's sign
      out[i] = (v < 0 ? v + length : v) + start;
    }
    return new Ts({ t: sorted(out), timeSupport: ts.timeSupport });
  };
  if (ts instanceof Ts) return shift(ts.t) as T;
  return perUnit(ts as TsGroup, shift, true) as T;
}

/**
 * Shuffles the inter-spike intervals of each spike train, keeping its first spike (pynapple
 * `shuffle_ts_intervals`); the result's time support spans the new spikes, as in pynapple.
 */
export function shuffleTsIntervals<T extends Ts | TsGroup>(ts: T, options: RandomOptions = {}): T {
  options = checkOptions(options, RANDOM_KEYS, "shuffleTsIntervals");
  requireSpikes(ts);
  const rng = randomStateOf(options);
  const shuffle = (t: Float64Array): Ts => {
    if (t.length === 0) return new Ts({ t: [] });
    const intervals = new Float64Array(Math.max(0, t.length - 1));
    for (let i = 1; i < t.length; i++) intervals[i - 1] = t[i] - t[i - 1];
    const shuffled = rng.permutation(intervals);
    const out = new Float64Array(t.length);
    out[0] = t[0];
    let sum = 0;
    for (let i = 0; i < shuffled.length; i++) {
      sum += shuffled[i];
      out[i + 1] = t[0] + sum;
    }
    return new Ts({ t: out });
  };
  if (ts instanceof Ts) return shuffle(ts.t) as T;
  return perUnit(ts as TsGroup, shuffle, false) as T;
}

/**
 * Moves every spike by a random amount in `[-maxJitter, maxJitter)` (pynapple
 * `jitter_timestamps`). The result's support spans the new spikes unless `keepTimeSupport`.
 */
export function jitterTimestamps<T extends Ts | TsGroup>(
  ts: T,
  maxJitter: number,
  options: JitterOptions = {},
): T {
  options = checkOptions(options, JITTER_KEYS, "jitterTimestamps");
  requireSpikes(ts);
  if (typeof maxJitter !== "number" || !Number.isFinite(maxJitter)) {
    throw new NappleError("INVALID_ARGUMENT", `maxJitter should be a number; got ${maxJitter}`, {
      key: "maxJitter",
    });
  }
  const rng = randomStateOf(options);
  const keep = options.keepTimeSupport ?? false;
  const jitter = (t: Float64Array): Ts => {
    const out = new Float64Array(t.length);
    for (let i = 0; i < t.length; i++) out[i] = t[i] + rng.uniform(-maxJitter, maxJitter);
    return keep && ts instanceof Ts
      ? new Ts({ t: sorted(out), timeSupport: ts.timeSupport })
      : new Ts({ t: sorted(out) });
  };
  if (ts instanceof Ts) return jitter(ts.t) as T;
  return perUnit(ts as TsGroup, jitter, keep) as T;
}

/**
 * Replaces each spike train by as many spikes drawn uniformly (pynapple
 * `resample_timestamps`): between the first and last spike for a Ts, over the first epoch of the
 * time support for a TsGroup, as pynapple does.
 */
export function resampleTimestamps<T extends Ts | TsGroup>(ts: T, options: RandomOptions = {}): T {
  options = checkOptions(options, RANDOM_KEYS, "resampleTimestamps");
  requireSpikes(ts);
  const rng = randomStateOf(options);
  if (ts instanceof Ts) {
    if (ts.length === 0) return new Ts({ t: [], timeSupport: ts.timeSupport }) as T;
    const out = rng.uniformArray(ts.t[0], ts.t[ts.length - 1], ts.length);
    return new Ts({ t: sorted(out), timeSupport: ts.timeSupport }) as T;
  }
  const g = ts as TsGroup;
  const [start, end] = [g.timeSupport.start[0], g.timeSupport.end[0]];
  return perUnit(
    g,
    (t) => new Ts({ t: sorted(rng.uniformArray(start, end, t.length)) }),
    true,
  ) as T;
}
