// Size limits applied before any other check; the generated job uses the same defaults (runtime/JobConfig).

export interface ValidationLimits {
  /** Largest accepted record value, in bytes. */
  readonly maxRecordBytes: number;
  /** Longest accepted string field, in characters. */
  readonly maxFieldChars: number;
}

export const DEFAULT_LIMITS: ValidationLimits = { maxRecordBytes: 1024 * 1024, maxFieldChars: 4096 };
