/**
 * neurodata type inheritance. pynapple relies on pynwb's `isinstance` checks, which follow the
 * type hierarchy of the NWB schema and of any extension cached in the file. We resolve the same
 * hierarchy from a built-in table of the core / hdmf-common types and, for types it does not
 * know (extensions, newer schema types), from the specifications cached under `/specifications`.
 * @module
 */

/** Core NWB 2.x and hdmf-common types → the type they extend (from NWB schema 2.6.0). */
const BUILTIN: Record<string, string | null> = {
  Container: null,
  Data: null,
  NWBContainer: "Container",
  NWBDataInterface: "NWBContainer",
  TimeSeries: "NWBDataInterface",
  ProcessingModule: "NWBContainer",
  Images: "NWBDataInterface",
  NWBData: "Data",
  TimeSeriesReferenceVectorData: "VectorData",
  Image: "NWBData",
  ImageReferences: "NWBData",
  SpatialSeries: "TimeSeries",
  BehavioralEpochs: "NWBDataInterface",
  BehavioralEvents: "NWBDataInterface",
  BehavioralTimeSeries: "NWBDataInterface",
  PupilTracking: "NWBDataInterface",
  EyeTracking: "NWBDataInterface",
  CompassDirection: "NWBDataInterface",
  Position: "NWBDataInterface",
  Device: "NWBContainer",
  ElectricalSeries: "TimeSeries",
  SpikeEventSeries: "ElectricalSeries",
  FeatureExtraction: "NWBDataInterface",
  EventDetection: "NWBDataInterface",
  EventWaveform: "NWBDataInterface",
  FilteredEphys: "NWBDataInterface",
  LFP: "NWBDataInterface",
  ElectrodeGroup: "NWBContainer",
  ClusterWaveforms: "NWBDataInterface",
  Clustering: "NWBDataInterface",
  TimeIntervals: "DynamicTable",
  NWBFile: "NWBContainer",
  LabMetaData: "NWBContainer",
  Subject: "NWBContainer",
  ScratchData: "NWBData",
  PatchClampSeries: "TimeSeries",
  CurrentClampSeries: "PatchClampSeries",
  IZeroClampSeries: "CurrentClampSeries",
  CurrentClampStimulusSeries: "PatchClampSeries",
  VoltageClampSeries: "PatchClampSeries",
  VoltageClampStimulusSeries: "PatchClampSeries",
  IntracellularElectrode: "NWBContainer",
  SweepTable: "DynamicTable",
  IntracellularElectrodesTable: "DynamicTable",
  IntracellularStimuliTable: "DynamicTable",
  IntracellularResponsesTable: "DynamicTable",
  IntracellularRecordingsTable: "AlignedDynamicTable",
  SimultaneousRecordingsTable: "DynamicTable",
  SequentialRecordingsTable: "DynamicTable",
  RepetitionsTable: "DynamicTable",
  ExperimentalConditionsTable: "DynamicTable",
  ImageSeries: "TimeSeries",
  ImageMaskSeries: "ImageSeries",
  OpticalSeries: "ImageSeries",
  IndexSeries: "TimeSeries",
  GrayscaleImage: "Image",
  RGBImage: "Image",
  RGBAImage: "Image",
  AbstractFeatureSeries: "TimeSeries",
  AnnotationSeries: "TimeSeries",
  IntervalSeries: "TimeSeries",
  DecompositionSeries: "TimeSeries",
  Units: "DynamicTable",
  OptogeneticSeries: "TimeSeries",
  OptogeneticStimulusSite: "NWBContainer",
  OnePhotonSeries: "ImageSeries",
  TwoPhotonSeries: "ImageSeries",
  RoiResponseSeries: "TimeSeries",
  DfOverF: "NWBDataInterface",
  Fluorescence: "NWBDataInterface",
  ImageSegmentation: "NWBDataInterface",
  PlaneSegmentation: "DynamicTable",
  ImagingPlane: "NWBContainer",
  OpticalChannel: "NWBContainer",
  MotionCorrection: "NWBDataInterface",
  CorrectedImageStack: "NWBDataInterface",
  ImagingRetinotopy: "NWBDataInterface",
  SimpleMultiContainer: "Container",
  CSRMatrix: "Container",
  DynamicTable: "Container",
  AlignedDynamicTable: "DynamicTable",
  VectorData: "Data",
  VectorIndex: "VectorData",
  ElementIdentifiers: "Data",
  DynamicTableRegion: "VectorData",
  EnumData: "VectorData",
  ExternalResources: "Container",
  HERD: "Container",
  MeaningsTable: "DynamicTable",
  ElectrodesTable: "DynamicTable",
};

/** One spec node as found in the cached JSON (NWB uses `neurodata_type_*`, hdmf `data_type_*`). */
interface SpecNode {
  neurodata_type_def?: string;
  neurodata_type_inc?: string;
  data_type_def?: string;
  data_type_inc?: string;
  groups?: SpecNode[];
  datasets?: SpecNode[];
}

/** Collects `def → inc` pairs from one parsed specification source (nested definitions too). */
export function collectTypeDefs(spec: unknown, into: Map<string, string | null>): void {
  const visit = (node: SpecNode) => {
    for (const list of [node.groups, node.datasets]) {
      if (!Array.isArray(list)) continue;
      for (const child of list) {
        if (typeof child !== "object" || child === null) continue;
        const def = child.neurodata_type_def ?? child.data_type_def;
        const inc = child.neurodata_type_inc ?? child.data_type_inc ?? null;
        if (typeof def === "string" && !into.has(def)) into.set(def, inc);
        visit(child);
      }
    }
  };
  if (typeof spec === "object" && spec !== null) visit(spec as SpecNode);
}

/** The type hierarchy of one file: built-in types plus whatever the file's specs define. */
export class TypeHierarchy {
  readonly #parents = new Map<string, string | null>(Object.entries(BUILTIN));
  #specsLoaded = false;

  /** `loadSpecs` is called at most once, the first time an unknown type is met. */
  constructor(private readonly loadSpecs: () => Iterable<unknown> = () => []) {}

  /** The parent of `type`, or null at the root / for unknown types. */
  parentOf(type: string): string | null {
    if (!this.#parents.has(type) && !this.#specsLoaded) {
      this.#specsLoaded = true;
      const found = new Map<string, string | null>();
      for (const spec of this.loadSpecs()) collectTypeDefs(spec, found);
      for (const [k, v] of found) if (!this.#parents.has(k)) this.#parents.set(k, v);
    }
    return this.#parents.get(type) ?? null;
  }

  /** True when `type` is `base` or inherits from it (like `isinstance`). */
  isA(type: string | undefined, base: string): boolean {
    const seen = new Set<string>();
    let t: string | null = type ?? null;
    while (t !== null && !seen.has(t)) {
      if (t === base) return true;
      seen.add(t);
      t = this.parentOf(t);
    }
    return false;
  }
}
