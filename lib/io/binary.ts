/**
 * `nap.loadBinaryFile` (alias `nap.loadEeg`): a raw multi-channel recording (`.dat`, `.eeg`,
 * `.lfp`: interleaved samples, C order, no header) as a lazy TsdFrame — or a Tsd for one channel —
 * over a memory map, so only the rows asked for are ever read.
 *
 * Fixes over pynapple's `load_eeg`: the sample type (`precision`) and `bytesSize` are honoured
 * (pynapple always reads int16), and `nChannels` / `frequency` / the sample type come from the
 * neurosuite XML next to the file (`<basename>.xml`) when not given.
 * @module
 */
import { NappleError } from "../errors.ts";
import { checkOptions, type OptionKeys } from "../options.ts";
import { type DType, isDType, itemSize } from "../array/dtype.ts";
import { type LazyArray, readColumnsReusing, type ReadStats, ReusedBuffer } from "../array/lazy.ts";
import { memmap, type MemmapArray } from "../array/memmap.ts";
import type { NDArray } from "../array/ndarray.ts";
import { basename, dirname, join, statOrUndefined } from "../platform.ts";
import { IntervalSet } from "../core/interval_set.ts";
import { Tsd, TsdFrame } from "../core/time_series.ts";

/** Options of {@linkcode loadBinaryFile}; names follow pynapple's `load_eeg`. */
export interface LoadBinaryOptions {
  /** One channel (→ Tsd) or a list of channels (→ TsdFrame with those columns); default all. */
  channel?: number | readonly number[];
  /** Number of interleaved channels (default: from the XML). */
  nChannels?: number;
  /** Sampling rate in Hz (default: from the XML). */
  frequency?: number;
  /** Sample type, a numpy dtype name (default: from the XML's `nBits`, else int16). */
  precision?: DType;
  /** Bytes per sample; must agree with `precision` when both are given. */
  bytesSize?: number;
}

const LOAD_BINARY_KEYS: OptionKeys<LoadBinaryOptions> = {
  channel: true,
  nChannels: true,
  frequency: true,
  precision: true,
  bytesSize: true,
};

/** What a neurosuite XML file says about a recording. */
export interface NeurosuiteInfo {
  /** `acquisitionSystem/nChannels`. */
  nChannels?: number;
  /** `acquisitionSystem/samplingRate` (wide-band `.dat`). */
  samplingRate?: number;
  /** `fieldPotentials/lfpSamplingRate` (`.eeg` / `.lfp`). */
  lfpSamplingRate?: number;
  /** `acquisitionSystem/nBits`. */
  nBits?: number;
}

function tagNumber(xml: string, section: string, tag: string): number | undefined {
  const sec = new RegExp(`<${section}\\b[^>]*>([\\s\\S]*?)</${section}>`).exec(xml);
  if (!sec) return undefined;
  const m = new RegExp(`<${tag}\\b[^>]*>\\s*([-+0-9.eE]+)\\s*</${tag}>`).exec(sec[1]);
  return m ? Number(m[1]) : undefined;
}

/** Reads the recording parameters of a neurosuite (`.xml`) session file. */
export function readNeurosuiteXml(path: string): NeurosuiteInfo {
  let xml: string;
  try {
    xml = Deno.readTextFileSync(path);
  } catch (e) {
    throw new NappleError("IO", `cannot read the neurosuite XML (${(e as Error).message})`, {
      path,
      cause: e,
    });
  }
  return {
    nChannels: tagNumber(xml, "acquisitionSystem", "nChannels"),
    samplingRate: tagNumber(xml, "acquisitionSystem", "samplingRate"),
    lfpSamplingRate: tagNumber(xml, "fieldPotentials", "lfpSamplingRate"),
    nBits: tagNumber(xml, "acquisitionSystem", "nBits"),
  };
}

/** A selection of columns of a 2-D LazyArray (one column → 1-D), read lazily. */
class ChannelSelection implements LazyArray {
  readonly isLazy = true as const;
  readonly #rows = new ReusedBuffer();
  constructor(
    readonly base: MemmapArray,
    readonly channels: readonly number[],
    readonly flat: boolean,
  ) {}
  get shape(): readonly number[] {
    return this.flat ? [this.base.shape[0]] : [this.base.shape[0], this.channels.length];
  }
  get dtype(): DType {
    return this.base.dtype;
  }
  get source(): string {
    return `${this.base.source}[:, ${
      this.flat ? this.channels[0] : `[${this.channels.join(", ")}]`
    }]`;
  }
  get stats(): ReadStats {
    return this.base.stats;
  }
  readRows(start: number, end: number, columns?: readonly number[]): NDArray {
    const chans = columns && !this.flat ? columns.map((c) => this.channels[c]) : this.channels;
    const rows = this.base.readRows(start, end, chans);
    return this.flat ? rows.reshape([rows.shape[0]]) : rows;
  }
  /**
   * Rows as `readRows` gives them, gathered into `scratch` from whole rows read into a buffer the
   * selection reuses (the file's rows are read whole either way).
   */
  readRowsInto(start: number, end: number, scratch: ArrayBuffer): NDArray {
    const rows = readColumnsReusing(this.base, start, end, this.channels, scratch, this.#rows);
    return this.flat ? rows.reshape([rows.shape[0]]) : rows;
  }
}

const INT_OF_SIZE: Record<number, DType> = { 1: "int8", 2: "int16", 4: "int32", 8: "int64" };

function positiveInt(v: unknown, what: string, path: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) {
    throw new NappleError("INVALID_ARGUMENT", `${what} must be a positive integer, got ${v}`, {
      path,
    });
  }
  return v;
}

/**
 * Loads a raw binary recording as a lazy TsdFrame (all channels or a list) or Tsd (one channel):
 * timestamps `i / frequency`, time support `[0, nSamples / frequency]`, values read on demand from
 * the file. Throws FILE_NOT_FOUND, INVALID_ARGUMENT (missing XML and parameters, bad channel,
 * precision/bytesSize disagreement) as NappleErrors.
 */
export function loadBinaryFile(path: string, options: LoadBinaryOptions = {}): TsdFrame | Tsd {
  options = checkOptions(options, LOAD_BINARY_KEYS, "loadBinaryFile");
  const info = statOrUndefined(path);
  if (!info) throw new NappleError("FILE_NOT_FOUND", "no such binary file", { path });
  if (!info.isFile) throw new NappleError("NOT_A_FILE", "is not a regular file", { path });

  let { nChannels, frequency, precision } = options;
  const base = basename(path).split(".")[0];
  const lower = path.toLowerCase();
  if (nChannels === undefined || frequency === undefined || precision === undefined) {
    const xmlPath = join(dirname(path), `${base}.xml`);
    if (statOrUndefined(xmlPath)?.isFile) {
      const xml = readNeurosuiteXml(xmlPath);
      nChannels ??= xml.nChannels;
      if (frequency === undefined) {
        frequency = lower.endsWith(".dat")
          ? xml.samplingRate
          : lower.endsWith(".eeg") || lower.endsWith(".lfp")
          ? xml.lfpSamplingRate
          : undefined;
      }
      if (precision === undefined && options.bytesSize === undefined && xml.nBits) {
        precision = INT_OF_SIZE[xml.nBits / 8];
      }
    } else if (nChannels === undefined || frequency === undefined) {
      throw new NappleError(
        "INVALID_ARGUMENT",
        `can't find ${base}.xml next to the file; please give frequency and nChannels`,
        { path },
      );
    }
    if (nChannels === undefined || frequency === undefined) {
      throw new NappleError(
        "INVALID_ARGUMENT",
        `${base}.xml does not give ${nChannels === undefined ? "nChannels" : "frequency"} ` +
          `for this file; please pass it`,
        { path },
      );
    }
  }
  nChannels = positiveInt(nChannels, "nChannels", path);
  if (typeof frequency !== "number" || !(frequency > 0) || !Number.isFinite(frequency)) {
    throw new NappleError(
      "INVALID_ARGUMENT",
      `frequency must be a positive number, got ${frequency}`,
      {
        path,
      },
    );
  }

  let dtype: DType;
  if (precision !== undefined) {
    if (!isDType(precision) || precision === "bool") {
      throw new NappleError(
        "DTYPE",
        `precision ${JSON.stringify(precision)} is not a numeric dtype`,
        {
          path,
        },
      );
    }
    dtype = precision;
    if (options.bytesSize !== undefined && options.bytesSize !== itemSize(dtype)) {
      throw new NappleError(
        "INVALID_ARGUMENT",
        `bytesSize ${options.bytesSize} disagrees with precision ${dtype} (${
          itemSize(dtype)
        } bytes)`,
        { path },
      );
    }
  } else if (options.bytesSize !== undefined) {
    const d = INT_OF_SIZE[options.bytesSize];
    if (!d) {
      throw new NappleError(
        "INVALID_ARGUMENT",
        `bytesSize must be 1, 2, 4 or 8, got ${options.bytesSize}`,
        {
          path,
        },
      );
    }
    dtype = d;
  } else {
    dtype = "int16";
  }

  const { channel } = options;
  const list = channel === undefined ? [] : typeof channel === "number" ? [channel] : [...channel];
  for (const c of list) {
    if (!Number.isInteger(c) || c < 0 || c >= nChannels) {
      throw new NappleError(
        "INDEX_OUT_OF_RANGE",
        `channel ${c} is out of range for ${nChannels} channels`,
        { path },
      );
    }
  }
  const frameBytes = nChannels * itemSize(dtype);
  const nSamples = Math.floor(info.size / frameBytes);
  // a partial last sample (pynapple drops it too): memmap warns that those bytes are ignored
  const data = memmap(path, { dtype, shape: [nSamples, nChannels], mode: "r", strict: false });
  const t = new Float64Array(nSamples);
  for (let i = 0; i < nSamples; i++) t[i] = i / frequency;
  const timeSupport = new IntervalSet({ start: [0], end: [nSamples / frequency] });

  if (channel === undefined) return new TsdFrame({ t, d: data, timeSupport });
  if (typeof channel === "number") {
    return new Tsd({ t, d: new ChannelSelection(data, list, true), timeSupport });
  }
  return new TsdFrame({
    t,
    d: new ChannelSelection(data, list, false),
    timeSupport,
    columns: list,
  });
}

/** pynapple's name for {@linkcode loadBinaryFile}. */
export const loadEeg: typeof loadBinaryFile = loadBinaryFile;
