/**
 * The one place napple warns. pynapple warns through Python's `warnings` module, which shows each
 * distinct message once per call site; we show each distinct message once per process, and let
 * users silence them like pynapple's `nap.config.nap_config.suppress_conversion_warnings`.
 * @module
 */

/** Categories of warnings, mirroring the Python warning classes pynapple uses. */
export type WarningCategory = "UserWarning" | "RuntimeWarning" | "ConversionWarning";

/** A warning as delivered to a listener. */
export interface NappleWarning {
  /** Python-like category. */
  category: WarningCategory;
  /** The text, identical to pynapple's where pynapple warns. */
  message: string;
}

const seen = new Set<string>();
let suppressed = false;
let suppressConversion = false;
let listener: ((w: NappleWarning) => void) | undefined;

/**
 * Emits a warning once per distinct (category, message). Silenced entirely by
 * `setWarningsSuppressed(true)`; conversion warnings alone by `setConversionWarningsSuppressed`.
 */
export function warn(message: string, category: WarningCategory = "UserWarning"): void {
  if (listener) listener({ category, message });
  if (suppressed || (category === "ConversionWarning" && suppressConversion)) return;
  const id = `${category}:${message}`;
  if (seen.has(id)) return;
  seen.add(id);
  console.warn(`${category}: ${message}`);
}

/** Turns all napple warnings off (true) or on (false). */
export function setWarningsSuppressed(value: boolean): void {
  suppressed = value;
}

/** pynapple's `suppress_conversion_warnings`: silences warnings about converting data to memory. */
export function setConversionWarningsSuppressed(value: boolean): void {
  suppressConversion = value;
}

/**
 * Runs `fn` and returns its result with every warning it raised (even suppressed or repeated
 * ones), without printing them. Useful in tests and to inspect what a load complained about.
 */
export function collectWarnings<T>(fn: () => T): { result: T; warnings: NappleWarning[] } {
  const previous = listener;
  const prevSuppressed = suppressed;
  const warnings: NappleWarning[] = [];
  listener = (w) => warnings.push(w);
  suppressed = true;
  try {
    return { result: fn(), warnings };
  } finally {
    listener = previous;
    suppressed = prevSuppressed;
  }
}
