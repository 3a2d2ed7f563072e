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
export { InMemoryLazyArray, isLazy } from "./lib/array/lazy.ts";
export type { LazyArray, ReadStats } from "./lib/array/lazy.ts";

// --- core objects (issue 2)
export { IntervalSet } from "./lib/core/interval_set.ts";
export type { HasTimes, IntervalSetOptions, MetadataRecord } from "./lib/core/interval_set.ts";
export { BaseTsd, TimeSeriesBase, Ts, Tsd, TsdFrame, TsdTensor } from "./lib/core/time_series.ts";
export type {
  Axis,
  ColumnLabel,
  CountOptions,
  DataInput,
  Reduced,
  SeriesKind,
  SeriesOperand,
  SeriesOptions,
  Store,
  ThresholdMethod,
  TimeDiffAlign,
  TrialAlign,
  TrialCountOptions,
  Trim,
  TsdFrameOptions,
  TsdOptions,
  TsOptions,
  ValueFromMode,
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

// --- display (issue 2)
export {
  intervalSetText,
  seriesText,
  tsdFrameText,
  tsdTensorText,
  tsdText,
  tsGroupText,
  tsText,
} from "./lib/display/text.ts";
export type { IntervalSetView, SeriesView, TextSize, TsGroupView } from "./lib/display/views.ts";
export {
  dataFrameHtml,
  escapeHtml,
  intervalSetHtml,
  seriesHtml,
  tableHtml,
  tsGroupHtml,
} from "./lib/display/html.ts";
export type { DataFrameHtmlOptions, HtmlSection, HtmlTable } from "./lib/display/html.ts";
export { jupyterBundle } from "./lib/display/jupyter.ts";
export type { MimeBundle } from "./lib/display/jupyter.ts";
export { DEFAULT_TERMINAL_SIZE, terminalSize } from "./lib/display/terminal.ts";
export { dataFrameText } from "./lib/display/dataframe.ts";
export type { DataFrameTextOptions, FrameDType, Labels } from "./lib/display/dataframe.ts";

// --- npy / npz (issue 3)
export { loadNpz, npzObjectType } from "./lib/io/npz_reader.ts";
export { saveObject } from "./lib/io/npz_writer.ts";
export type { LoadNpzOptions, NapObject, NpzObjectType } from "./lib/io/npz_reader.ts";
export { loadNpy, NpzFile, saveNpy, saveNpz, saveNpzStreaming } from "./lib/io/npz.ts";
export type { LoadNpyOptions, NpyInput } from "./lib/io/npz.ts";
export { isPyFloat, ObjectArray, StringArray } from "./lib/io/npy_values.ts";
export type { NpyArray, PyFloatValue } from "./lib/io/npy_values.ts";
export type { NpyHeader } from "./lib/io/npy.ts";
export type { DescrInfo } from "./lib/io/npy_descr.ts";
export { NpyLazyArray } from "./lib/array/npy_lazy.ts";
export type { NpyLazyLayout } from "./lib/array/npy_lazy.ts";

// --- NWB (issue 4)
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

// --- folder, memmap, binary, zarr (issue 5)
export { checkLoadablePath, LOADABLE_EXTENSIONS, loadFile } from "./lib/io/load_file.ts";
export type { LoadFileOptions } from "./lib/io/load_file.ts";
export { Folder, folderKey, loadFolder, npzType } from "./lib/io/folder.ts";
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
export { parseZarrMetadata } from "./lib/array/zarr_metadata.ts";
export type { ZarrMetadata, ZarrShard } from "./lib/array/zarr_metadata.ts";
export { ZarrDirectoryStore } from "./lib/array/zarr_store.ts";
export type { SyncZarrStore, ZarrKey, ZarrRange } from "./lib/array/zarr_store.ts";
export type { ByteCodec } from "./lib/array/zarr_codecs.ts";

// --- analysis (issue 6)
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
export type { EtaOptions, PerieventContinuousOptions } from "./lib/process/perievent.ts";
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
export type { BatchOptions, RowSource } from "./lib/process/batching.ts";
export { isProgressEnabled, setProgressEnabled } from "./lib/process/progress.ts";
export type { UnitGroup } from "./lib/process/inputs.ts";

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
  PlotTuning2d,
} from "./lib/display/plot_types.ts";
