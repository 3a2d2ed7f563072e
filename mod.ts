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

// Connects the classes' save to the npz writer (before anything else is used).
import "./lib/register.ts";

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
export { isLazy } from "./lib/array/lazy.ts";
export type { LazyArray, ReadStats } from "./lib/array/lazy.ts";

// --- core objects
export { IntervalSet } from "./lib/core/interval_set.ts";
export type { HasTimes, IntervalSetOptions } from "./lib/core/interval_set.ts";
export { BaseTsd, TimeSeriesBase, Ts, Tsd, TsdFrame, TsdTensor } from "./lib/core/time_series.ts";
export type {
  Axis,
  BinAverageOptions,
  ColumnLabel,
  ConvolveOptions,
  CountOptions,
  DataInput,
  DdofOptions,
  DecimateFilter,
  DecimateOptions,
  InterpolateOptions,
  Reduced,
  SeriesKind,
  SeriesOperand,
  SeriesOptions,
  SmoothOptions,
  Store,
  ThresholdMethod,
  TimeDiffAlign,
  TimeDiffOptions,
  TrialAlign,
  TrialCountOptions,
  TrialTensorOptions,
  Trim,
  TsdFrameOptions,
  TsdOptions,
  TsOptions,
  ValueFromMode,
  ZscoreOptions,
} from "./lib/core/time_series.ts";
export { TsGroup } from "./lib/core/ts_group.ts";
export type {
  MergeOptions,
  ThresholdOp,
  TsGroupInput,
  TsGroupMember,
  TsGroupOptions,
} from "./lib/core/ts_group.ts";
export { Metadata } from "./lib/core/metadata.ts";
export type {
  InfoType,
  InfoValue,
  MetadataColumn,
  MetadataDType,
  MetadataGroup,
  MetadataInput,
  MetadataRecord,
} from "./lib/core/metadata.ts";
export { TimeIndex } from "./lib/core/time_index.ts";
export type { RowRange, TimeInput, TimeUnits } from "./lib/core/time_index.ts";

// --- display
export type { TextSize } from "./lib/display/views.ts";

// --- npy / npz
export { loadNpz } from "./lib/io/npz_reader.ts";
export { saveObject } from "./lib/io/npz_writer.ts";
export type { LoadNpzOptions, NapObject } from "./lib/io/npz_reader.ts";
export { loadNpy, NpzFile, saveNpy, saveNpz, saveNpzStreaming } from "./lib/io/npz.ts";
export type { LoadNpyOptions, NpyInput } from "./lib/io/npz.ts";
export { ObjectArray, StringArray } from "./lib/io/npy_values.ts";
export type { NpyArray, PyFloatValue } from "./lib/io/npy_values.ts";
export { NpyLazyArray } from "./lib/array/npy_lazy.ts";

// --- NWB
export { loadNwb, NWBFile } from "./lib/io/nwb/nwbfile.ts";
export type {
  H5wasmFile,
  NwbConverted,
  NWBFileOptions,
  NwbObjectType,
  NwbValue,
  RawH5Group,
  TsRecord,
} from "./lib/io/nwb/nwbfile.ts";
export { Hdf5LazyArray } from "./lib/io/nwb/hdf5_lazy.ts";
export type { TsRecordText } from "./lib/io/nwb/ts_record.ts";

// --- remote files and DANDI
export { dandiUrl } from "./lib/io/remote/dandi.ts";
export type { DandiUrlOptions } from "./lib/io/remote/dandi.ts";
export { remoteStats } from "./lib/io/remote/http_file.ts";
export type { RemoteStats } from "./lib/io/remote/http_file.ts";
export { setRemoteOptions } from "./lib/io/remote/options.ts";
export type { RemoteOptions } from "./lib/io/remote/options.ts";

// --- folder, memmap, binary, zarr
export { LOADABLE_EXTENSIONS, loadFile } from "./lib/io/load_file.ts";
export type { LoadedFile, LoadFileOptions } from "./lib/io/load_file.ts";
export type { ClassOf } from "./lib/instance_of.ts";
export { Folder, loadFolder } from "./lib/io/folder.ts";
export type { FolderFile, FolderValue, Saveable } from "./lib/io/folder.ts";
export { memmap, MemmapArray } from "./lib/array/memmap.ts";
export type { MemmapInput, MemmapMode, MemmapOptions } from "./lib/array/memmap.ts";
export { loadBinaryFile, loadEeg, readNeurosuiteXml } from "./lib/io/binary.ts";
export type { LoadBinaryOptions, NeurosuiteInfo } from "./lib/io/binary.ts";
export { fromZarr, openZarr, openZarrSync, writeZarr } from "./lib/array/zarr.ts";
export type {
  FromZarrOptions,
  WriteZarrOptions,
  ZarritaArrayLike,
  ZarrSource,
} from "./lib/array/zarr.ts";
export { ZarrArray } from "./lib/array/zarr_array.ts";
export type { ZarrMetadata } from "./lib/array/zarr_metadata.ts";
export { ZarrDirectoryStore } from "./lib/array/zarr_store.ts";

// --- analysis
export {
  compute1dTuningCurves,
  compute1dTuningCurvesContinuous,
  compute2dTuningCurves,
  compute2dTuningCurvesContinuous,
  computeDiscreteTuningCurves,
} from "./lib/process/tuning_curves.ts";
export type {
  Tuning2dOptions,
  TuningCurves2d,
  TuningOptions,
} from "./lib/process/tuning_curves.ts";
export { compute1dMutualInfo, compute2dMutualInfo } from "./lib/process/mutual_info.ts";
export type { MutualInfoOptions } from "./lib/process/mutual_info.ts";
export {
  computeEventTriggerAverage,
  computeEventTriggerAverageAsync,
  computePerievent,
  computePerieventContinuous,
} from "./lib/process/perievent.ts";
export type {
  EtaOptions,
  PerieventContinuousOptions,
  PerieventOptions,
} from "./lib/process/perievent.ts";
export {
  computeAutocorrelogram,
  computeCrosscorrelogram,
  computeEventcorrelogram,
  computeIsiDistribution,
} from "./lib/process/correlograms.ts";
export type {
  CorrelogramOptions,
  CrosscorrelogramOptions,
  IsiOptions,
} from "./lib/process/correlograms.ts";
export { LabeledTable } from "./lib/process/table.ts";
export type { Label, LabeledTableOptions, TableTextOptions } from "./lib/process/table.ts";
export { getBatchSize, setBatchSize } from "./lib/array/batch_size.ts";
export type { BatchOptions } from "./lib/process/batching.ts";
export { isProgressEnabled, setProgressEnabled } from "./lib/process/progress.ts";

// --- signal processing
export { ComplexTable } from "./lib/process/complex_table.ts";
export {
  computeFft,
  computeMeanPowerSpectralDensity,
  computePowerSpectralDensity,
} from "./lib/process/spectrum.ts";
export type { FftOptions, MeanPsdOptions, PsdOptions } from "./lib/process/spectrum.ts";
export {
  applyBandpassFilter,
  applyBandstopFilter,
  applyHighpassFilter,
  applyLowpassFilter,
  getFilterFrequencyResponse,
} from "./lib/process/filtering.ts";
export type { FilterDesignOptions, FilterOptions, FilterType } from "./lib/process/filtering.ts";
export { decode1d, decode2d } from "./lib/process/decoding.ts";
export type { Decode1dOptions, Decode2dOptions, DecodingGroup } from "./lib/process/decoding.ts";
export { RandomState } from "./lib/process/random.ts";
export {
  jitterTimestamps,
  resampleTimestamps,
  shiftTimestamps,
  shuffleTsIntervals,
} from "./lib/process/randomize.ts";
export type { JitterOptions, RandomOptions, ShiftOptions } from "./lib/process/randomize.ts";
export { ComplexSeries } from "./lib/process/complex_series.ts";
export { computeWaveletTransform, generateMorletFilterbank } from "./lib/process/wavelets.ts";
export type { MorletOptions, WaveletOptions } from "./lib/process/wavelets.ts";
export { buildTensor, warpTensor } from "./lib/process/warping.ts";
export type { BuildTensorOptions } from "./lib/process/warping.ts";

// --- plots
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
  PlotTuning2d,
} from "./lib/display/plot_types.ts";
