// The faults a campaign run injects, planned from a seed: which kind, when (a fraction of the records produced) and
// with what parameters. Pure: the same seed gives the same plan, so a failing run can be repeated exactly.
import { Random } from '../../simulator/src/random';

export const FAULT_KINDS = [
  /** SIGKILL of one TaskManager process (chosen by the plan), then started again. */
  'taskmanager-kill',
  /** The same, but only once a checkpoint is in progress (polled through the REST API). */
  'taskmanager-kill-in-checkpoint',
  /** SIGKILL of the JobManager (no HA: the jobs are lost), started again; each job restored from its latest checkpoint. */
  'jobmanager-restart',
  /**
   * The same, but each job restored from an older retained checkpoint (`checkpointsBack` before the latest): the
   * lake withdraws the part files later checkpoints committed (runtime LakeCommitLedger); the topics, whose
   * transactions are committed, get those records again (at least once).
   */
  'restore-older-checkpoint',
  /** The Kafka broker stopped (SIGTERM: a clean shutdown) and started again. */
  'kafka-restart',
  /** The S3 server stopped for `outageMs`, then started again: checkpoints and part-file uploads fail meanwhile. */
  's3-outage',
  /** Trino stopped and started again (queries only: the pipeline must not notice). */
  'trino-restart',
  /**
   * The lake's filesystem full for `outageMs` (chaos/src/lake-volume.ts): part-file uploads and commits fail
   * meanwhile, checkpoints (another bucket) do not.
   */
  'lake-disk-full',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface PlannedFault {
  readonly kind: FaultKind;
  /** Injected once this fraction of the run's records has been produced. */
  readonly atFraction: number;
  /** taskmanager-*: the index (from 0) of the TaskManager process to kill. */
  readonly taskManager?: number;
  /** s3-outage, lake-disk-full: how long S3 stays down, or the lake's disk full. */
  readonly outageMs?: number;
  /** restore-older-checkpoint: how many checkpoints before the latest (1 or 2; the cluster retains 3). */
  readonly checkpointsBack?: number;
}

export interface FaultPlanOptions {
  readonly seed: number;
  readonly faults: number;
  readonly kinds?: readonly FaultKind[];
  readonly taskManagers: number;
}

/** Faults spread between 15 % and 85 % of the records, each at least 10 % after the one before. */
export function planFaults(options: FaultPlanOptions): PlannedFault[] {
  const kinds = options.kinds ?? FAULT_KINDS;
  if (kinds.length === 0) throw new Error('planFaults: no fault kinds to choose from');
  if (!Number.isInteger(options.faults) || options.faults < 0 || options.faults > 7)
    throw new Error(
      `planFaults: ${options.faults} faults: 0 to 7 fit in one run (10 % of the records apart)`,
    );
  const random = new Random(options.seed);
  const slack = 0.7 - 0.1 * Math.max(0, options.faults - 1);
  const offsets = Array.from({ length: options.faults }, () => random.between(0, slack)).sort(
    (a, b) => a - b,
  );
  return offsets.map((offset, i) => {
    const kind = random.pick(kinds);
    const atFraction = Math.round((0.15 + offset + 0.1 * i) * 1_000) / 1_000;
    if (kind === 'taskmanager-kill' || kind === 'taskmanager-kill-in-checkpoint')
      return { kind, atFraction, taskManager: random.index(options.taskManagers) };
    if (kind === 'restore-older-checkpoint') return { kind, atFraction, checkpointsBack: random.int(1, 2) };
    if (kind === 's3-outage' || kind === 'lake-disk-full')
      return { kind, atFraction, outageMs: random.int(10, 60) * 1_000 };
    return { kind, atFraction };
  });
}

/** `a,b` of `--faults-kinds`, each checked against {@link FAULT_KINDS}. */
export function parseFaultKinds(text: string): FaultKind[] {
  const kinds = text.split(',').map((k) => k.trim());
  for (const kind of kinds)
    if (!(FAULT_KINDS as readonly string[]).includes(kind))
      throw new Error(`unknown fault kind ${JSON.stringify(kind)}: one of ${FAULT_KINDS.join(', ')}`);
  return kinds as FaultKind[];
}
