/**
 * napple: pynapple's time-series objects, NWB and npz loading, and analysis for Deno and Jupyter.
 *
 * ```ts
 * import * as nap from "jsr:@napple/napple";
 * const tsd = new nap.Tsd({ t: [0, 1, 2, 3], d: [10, 11, 12, 13] });
 * console.log(tsd.restrict(new nap.IntervalSet({ start: [1], end: [2] })).toString());
 * ```
 * @module
 */

// --- errors and warnings
export { NappleError } from "./lib/errors.ts";
export type { NappleErrorCode, NappleErrorOptions } from "./lib/errors.ts";
export {
  collectWarnings,
  setConversionWarningsSuppressed,
  setWarningsSuppressed,
} from "./lib/warnings.ts";
export type { NappleWarning, WarningCategory } from "./lib/warnings.ts";

// --- arrays
export { DTYPES } from "./lib/array/dtype.ts";
export type { DType, Scalar, TypedArray } from "./lib/array/dtype.ts";
export { NDArray } from "./lib/array/ndarray.ts";
export type { NestedArray } from "./lib/array/ndarray.ts";
export { InMemoryLazyArray, isLazy } from "./lib/array/lazy.ts";
export type { LazyArray, ReadStats } from "./lib/array/lazy.ts";

// --- core objects (issue 2)
export { IntervalSet } from "./lib/core/interval_set.ts";
export type { HasTimes, IntervalSetOptions, MetadataRecord } from "./lib/core/interval_set.ts";
export { BaseTsd, TimeSeriesBase, Ts, Tsd, TsdFrame, TsdTensor } from "./lib/core/time_series.ts";
export type {
  ColumnLabel,
  CountOptions,
  DataInput,
  SeriesKind,
  SeriesOptions,
  Store,
  ThresholdMethod,
  TsdFrameOptions,
  TsdOptions,
  TsOptions,
} from "./lib/core/time_series.ts";
export { TsGroup } from "./lib/core/ts_group.ts";
export type {
  ThresholdOp,
  TsGroupInput,
  TsGroupMember,
  TsGroupOptions,
} from "./lib/core/ts_group.ts";
export { Metadata } from "./lib/core/metadata.ts";
export type { MetadataColumn, MetadataDType, MetadataInput } from "./lib/core/metadata.ts";
export {
  fromSeconds,
  restrictRanges,
  roundTime,
  TIME_PRECISION,
  TimeIndex,
  toSeconds,
} from "./lib/core/time_index.ts";
export type { RowRange, TimeInput, TimeUnits } from "./lib/core/time_index.ts";
export type { TextSize } from "./lib/display/views.ts";

// --- npy / npz (issue 3)

// --- NWB (issue 4)

// --- folder, memmap, binary, zarr (issue 5)

// --- analysis (issue 6)

// --- plots (issue 7)
export { plot } from "./lib/display/plot.ts";
export { PlotFigure } from "./lib/display/plot_figure.ts";
export type { PlotSummary } from "./lib/display/plot_figure.ts";
export type {
  PlotGroup,
  PlotIntervals,
  PlotMetadata,
  PlotOptions,
  PlotSeries,
  PlotTable,
  Plottable,
} from "./lib/display/plot_layers.ts";
