// What the dashboards and alerts need from the compiler's output (generated-java/ir/*.ir.json and
// generated-java/manifests/*.state.json): jobs, their metrics' windows, late policies and sinks, and the Flink names
// of the operators that emit rows. The types are the compiler's own (codegen/src/ir.ts, plan-diff's StateManifest).
import fs from 'node:fs';
import path from 'node:path';
import type { Job } from '../../codegen/src/ir';
import type { StateManifest } from '../../codegen/src/plan-diff';
import { windowEveryMs } from '../../codegen/src/window';
import { describeKey } from '../../dsl';

export const GENERATED = path.resolve(__dirname, '..', '..', 'generated-java');

type IrMetric = Job['metrics'][number];

export interface MetricModel {
  id: string;
  description: string;
  job: string;
  jobFile: string;
  key: string;
  sources: readonly string[];
  window: IrMetric['window'];
  /** how often windows fire: the slide of a sliding window, the size of a tumbling one */
  firesEveryMs: number;
  /** the largest maxOutOfOrder of its sources: how long after its end a window waits for the watermark */
  watermarkDelayMs: number;
  late: IrMetric['late'];
  deadLetterTopic: string;
  liveTopics: string[];
  lakeTables: string[];
  /** Flink operator names (not yet sanitised) */
  windowOperator: string;
  sinkWriters: { label: string; operator: string }[];
}

export interface JobModel {
  id: string;
  description: string;
  sources: readonly string[];
  metrics: MetricModel[];
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
}

function operator(manifest: StateManifest, uid: string, file: string) {
  const found = manifest.operators.find((o) => o.uid === uid);
  if (!found) throw new Error(`${file}: no operator with uid "${uid}"`);
  return found;
}

/** Every job the compiler wrote, sorted by id. */
export function loadJobs(dir: string = GENERATED): JobModel[] {
  const irDir = path.join(dir, 'ir');
  return fs
    .readdirSync(irDir)
    .filter((f) => f.endsWith('.ir.json'))
    .sort()
    .map((f) => {
      const ir = readJson<Job>(path.join(irDir, f));
      const manifestFile = path.join(dir, 'manifests', `${ir.id}.state.json`);
      const manifest = readJson<StateManifest>(manifestFile);
      const metrics = ir.metrics.map((m): MetricModel => {
        const sinks = manifest.operators.filter(
          (o) => o.metric === m.id && (o.kind === 'kafka-sink' || o.kind === 'file-sink'),
        );
        return {
          id: m.id,
          description: m.description,
          job: ir.id,
          jobFile: ir.file,
          key: describeKey(m.key),
          sources: m.sources,
          window: m.window,
          firesEveryMs: windowEveryMs(m.window),
          watermarkDelayMs: Math.max(
            0,
            ...ir.sources.filter((s) => m.sources.includes(s.topic)).map((s) => s.maxOutOfOrderMs),
          ),
          late: m.late,
          deadLetterTopic: ir.deadLetterTopic,
          liveTopics: m.sinks.flatMap((s) => (s.kind === 'live-topic' ? [s.topic] : [])),
          lakeTables: m.sinks.flatMap((s) => (s.kind === 'lake-table' ? [`${s.schema}.${s.table}`] : [])),
          windowOperator: operator(manifest, `metric.${m.id}.window`, manifestFile).name,
          // Sink V2 operators show in metrics as "<sink name>: Writer" (and ": Committer").
          sinkWriters: sinks.map((o) => ({ label: o.name, operator: `${o.name}: Writer` })),
        };
      });
      return {
        id: ir.id,
        description: ir.description,
        sources: ir.sources.map((s) => s.topic),
        metrics,
      };
    });
}
