// Turns a results object into the README's generated section (tables, targets, profile summaries) and an SVG
// bar chart drawn here (no plotting dependency).
import type { CompileResult } from './compile';
import type { FeaturesResult } from './features';
import type { IngestResult } from './ingest';
import type { LatencyResult, LatencyStats } from './latency';
import { FEATURE_CONTENDERS, FEATURE_JOBS, FEATURE_LABELS, FEATURE_NOT_COMPARED } from './features';
import { BEHIND_MS } from './latency';
import type { PipelineResult } from './pipeline';
import type { QueriesResult } from './queries';
import type { ProfileSummary } from './profile';
import type { BenchJob, Contender, ThroughputRun, ThroughputSummary } from './throughput';
import { CONTENDERS, JOB_LABELS, JOBS, NOT_COMPARED } from './throughput';

export interface Target {
  readonly name: string;
  readonly target: string;
  readonly measured: string;
  readonly status: 'met' | 'missed' | 'not measured';
}

export interface Results {
  readonly date: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly machine: Record<string, unknown>;
  readonly versions: Record<string, string>;
  readonly settings: Record<string, unknown>;
  readonly input?: Record<string, unknown>;
  readonly throughput?: {
    readonly runs: readonly ThroughputRun[];
    readonly summary: readonly ThroughputSummary[];
    readonly ratios: Record<string, Record<string, number>>;
  };
  readonly features?: FeaturesResult;
  readonly compile?: CompileResult;
  readonly ingest?: IngestResult;
  readonly pipeline?: PipelineResult | undefined;
  readonly latency?: LatencyResult | undefined;
  readonly queries?: QueriesResult | undefined;
  readonly targets: readonly Target[];
  readonly profiles: Record<string, ProfileSummary>;
}

// JSON has no NaN: a value that was NaN when written reads back as null.
const fmt = (n: number | null | undefined, digits = 0): string =>
  n === undefined || n === null || Number.isNaN(n)
    ? '—'
    : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const NAMES: Record<Contender, string> = {
  generated: 'generated (our compiler)',
  'generated-copying': 'generated, object reuse off',
  handwritten: 'hand-written DataStream',
  sql: 'Flink SQL window TVF',
};

export function summaryOf(
  results: Results,
  job: BenchJob,
  contender: Contender,
): ThroughputSummary | undefined {
  return results.throughput?.summary.find((s) => s.job === job && s.contender === contender);
}

const PART_NAMES: Record<string, string> = {
  throughput: 'job throughput',
  features: 'feature metrics',
  compile: 'compiler',
  ingest: 'ingest',
  pipeline: 'pipeline',
  latency: 'latency',
  queries: 'analyst queries',
};

export function markdown(
  results: Results & { readonly carried?: Record<string, string> },
  chartFile: string,
): string {
  const out: string[] = [];
  out.push(
    `Last run: **${results.date}** (\`bench/results/${results.date}.json\`), ${fmt(results.durationMs / 60000, 1)} min, ` +
      `${String(results.machine.cores)} cores, ${String(results.machine.cpuModel)}, commit \`${String(results.machine.gitCommit ?? '').slice(0, 10)}\`` +
      `${results.machine.gitDirty ? ' (with uncommitted changes)' : ''}.`,
  );
  const byDate = new Map<string, string[]>();
  for (const [part, date] of Object.entries(results.carried ?? {}))
    byDate.set(date, [...(byDate.get(date) ?? []), PART_NAMES[part] ?? part]);
  if (byDate.size > 0)
    out.push(
      '',
      `Not run that day, so shown from the newest earlier run that has them (its targets and profiles too): ${[
        ...byDate,
      ]
        .map(([date, parts]) => `${parts.join(', ')} from ${date} (\`bench/results/${date}.json\`)`)
        .join('; ')}.`,
    );
  out.push('');
  out.push('### Targets');
  out.push('');
  out.push('| target (issue #6) | wanted | measured | |');
  out.push('|---|---|---|---|');
  for (const t of results.targets) out.push(`| ${t.name} | ${t.target} | ${t.measured} | ${t.status} |`);
  out.push('');
  if (results.throughput) {
    const input = results.input ?? {};
    out.push(
      `### Job throughput (${fmt(Number(input.events))} events, parallelism 1, RocksDB, median of ${results.throughput.summary[0]?.runs ?? 0} interleaved runs)`,
    );
    out.push('');
    out.push(`![events per second](${chartFile})`);
    out.push('');
    out.push(
      '| job | contender | events/s | CPU µs/event | vs generated (events/s) | rows | rows equal to generated |',
    );
    out.push('|---|---|---:|---:|---:|---:|---|');
    for (const job of JOBS) {
      const gen = summaryOf(results, job, 'generated');
      for (const c of CONTENDERS) {
        const s = summaryOf(results, job, c);
        if (!s) continue;
        const rows = results.throughput.runs.find((r) => r.job === job && r.contender === c)?.rows;
        const ratio = gen ? gen.medianEventsPerSecond / s.medianEventsPerSecond : Number.NaN;
        const flips =
          s.maxRoundingFlips > 0 ? `; ≤ ${s.maxRoundingFlips} meeting_health rounding flips¹` : '';
        const equal = s.allEqual
          ? NOT_COMPARED[c].length > 0
            ? `yes, all runs (not compared: ${NOT_COMPARED[c].join(', ')}${flips})`
            : `yes, all runs${flips}`
          : '**NO**';
        out.push(
          `| ${JOB_LABELS[job]} | ${NAMES[c]} | ${fmt(s.medianEventsPerSecond)} | ${fmt(s.medianCpuMicrosPerEvent, 1)} | ` +
            `${c === 'generated' ? '—' : `generated is ${fmt(ratio, 2)}×`} | ${fmt(rows)} | ${equal} |`,
        );
      }
    }
    out.push('');
    if (results.throughput.summary.some((s) => s.maxRoundingFlips > 0)) {
      const example = results.throughput.runs.find((r) => r.diff.roundingFlips > 0)?.diff
        .roundingFlipExamples?.[0];
      out.push(
        "¹ Rows whose only difference is `meeting_health` while the reference's average sits within 1e-9 of a " +
          'health threshold: the same doubles summed in another order (the generated sliding job merges 15 s panes; ' +
          'the others add events one by one, like the reference evaluator) land on either side of it' +
          (example ? `, e.g. ${example}` : '') +
          '. See "Where the time goes" below.',
      );
      out.push('');
    }
    out.push('Every run, in the order it ran (events/s):');
    out.push('');
    out.push('| round | job | generated | generated, object reuse off | hand-written | SQL |');
    out.push('|---:|---|---:|---:|---:|---:|');
    const rounds = [...new Set(results.throughput.runs.map((r) => r.round))];
    for (const round of rounds)
      for (const job of JOBS) {
        const cell = (c: Contender) => {
          const r = results.throughput?.runs.find(
            (x) => x.round === round && x.job === job && x.contender === c,
          );
          return r ? `${fmt(r.eventsPerSecond)}${r.diff.equal ? '' : ' (rows differ)'}` : '—';
        };
        out.push(
          `| ${round} | ${job} | ${cell('generated')} | ${cell('generated-copying')} | ${cell('handwritten')} | ${cell('sql')} |`,
        );
      }
    out.push('');
  }
  if (results.features) featuresSection(out, results.features);
  if (results.ingest) {
    const i = results.ingest;
    out.push(
      `### Ingest (records of ${i.recordSizeBytes} B, median of ${Math.max(...i.runs.map((r) => r.round), 0)} interleaved rounds)`,
    );
    out.push('');
    if (i.skipped) out.push(`Skipped: ${i.skipped}.`);
    else {
      out.push('| producer | records | records/s | vs Java producer |');
      out.push('|---|---:|---:|---:|');
      const java = i.medians['java-producer-perf'] ?? Number.NaN;
      const rowOf = (c: keyof typeof i.medians, name: string, n: number) =>
        out.push(
          `| ${name} | ${fmt(n)} | ${fmt(i.medians[c])} | ${fmt((i.medians[c] ?? Number.NaN) / java, 3)}× |`,
        );
      rowOf(
        'simulator',
        'simulator: plan + avsc + kafkajs + ledger (`collab-stream simulate`)',
        i.simulatorRecords,
      );
      rowOf(
        'simulator-preplanned',
        'simulator producer only (records planned beforehand)',
        i.simulatorRecords,
      );
      rowOf(
        'java-producer-perf',
        'Kafka `ProducerPerformance` (kafka-producer-perf-test.sh), acks=all',
        i.javaRecords,
      );
      out.push('');
      out.push(
        `Broker: the local stack's Kafka${i.stackStartedHere ? ' (started and stopped by this run)' : ' (already up)'}.`,
      );
    }
    out.push('');
  }
  if (results.compile) {
    const c = results.compile;
    out.push(`### Compiler (${c.jobs} jobs, ${c.files} files)`);
    out.push('');
    out.push('| measure | runs (ms) | median |');
    out.push('|---|---|---:|');
    out.push(
      `| end to end, \`tsx codegen/src/main.ts\` (= \`npm run gen\`) | ${c.endToEndMs.map((t) => fmt(t)).join(', ')} | ${fmt(c.endToEndMedianMs)} ms |`,
    );
    out.push(`| in process, \`generateAll\` first call | ${fmt(c.inProcessFirstMs)} | — |`);
    out.push(
      `| in process, \`generateAll\` later calls | ${c.inProcessMs
        .slice(1)
        .map((t) => fmt(t))
        .join(', ')} | ${fmt(c.inProcessWarmMedianMs)} ms |`,
    );
    out.push('');
  }
  if (results.pipeline) pipelineSection(out, results.pipeline);
  if (results.latency) latencySection(out, results.latency);
  if (results.queries) queriesSection(out, results.queries);
  const profiles = Object.entries(results.profiles);
  if (profiles.length > 0) {
    out.push('### Profiles of this run (missed targets)');
    out.push('');
    for (const [name, p] of profiles) {
      out.push(`**${name}** — ${p.tool}, ${fmt(p.samples)} samples.`);
      out.push('');
      out.push('| self | % | | inclusive | % |');
      out.push('|---|---:|---|---|---:|');
      for (let i = 0; i < Math.min(15, Math.max(p.self.length, p.inclusive.length)); i++) {
        const s = p.self[i];
        const n = p.inclusive[i];
        out.push(
          `| ${s ? `\`${s.frame}\`` : ''} | ${s ? fmt(s.percent, 1) : ''} | | ${n ? `\`${n.frame}\`` : ''} | ${n ? fmt(n.percent, 1) : ''} |`,
        );
      }
      if (p.byThread)
        out.push('', `By thread: ${p.byThread.map((t) => `${t.frame} ${fmt(t.percent, 1)} %`).join('; ')}.`);
      out.push('');
    }
  }
  return out.join('\n');
}

function featuresSection(out: string[], f: FeaturesResult): void {
  const rounds = Math.max(0, ...f.runs.map((r) => r.round));
  out.push(
    `### Feature metrics against Flink SQL (issue #17; ${fmt(f.events)} events, parallelism 1, RocksDB, median of ${rounds} interleaved runs)`,
  );
  out.push('');
  out.push(
    '| metric | contender | events/s | CPU µs/event | generated vs SQL: events/s (paired median); CPU per event | rows | rows equal to generated |',
  );
  out.push('|---|---|---:|---:|---:|---:|---|');
  const names: Record<string, string> = {
    generated: 'generated (our compiler)',
    sql: 'Flink SQL window TVF',
  };
  for (const job of FEATURE_JOBS)
    for (const c of FEATURE_CONTENDERS) {
      const s = f.summary.find((x) => x.job === job && x.contender === c);
      if (!s) continue;
      const rows = f.runs.find((r) => r.job === job && r.contender === c)?.rows;
      const ratio = f.ratios[job];
      const vs =
        c === 'generated'
          ? '—'
          : `${fmt(ratio?.generatedVsSql, 2)}× (${fmt(ratio?.generatedVsSqlPairedMedian, 2)}×); SQL uses ${fmt(ratio?.cpuPerEventSqlOverGenerated, 2)}× the CPU`;
      const equal = s.allEqual
        ? FEATURE_NOT_COMPARED[c].length > 0
          ? `yes, all runs (not compared: ${FEATURE_NOT_COMPARED[c].join(', ')})`
          : 'yes, all runs, every column'
        : '**NO** (no speed figure counts)';
      out.push(
        `| ${FEATURE_LABELS[job]} | ${names[c]} | ${fmt(s.medianEventsPerSecond)} | ${fmt(s.medianCpuMicrosPerEvent, 1)} | ${vs} | ${fmt(rows)} | ${equal} |`,
      );
    }
  out.push('');
  const sessions = f.stats.sessions;
  if (sessions)
    out.push(
      `Sessions: ${fmt(sessions.rows)} over ${fmt(sessions.keys)} meetings (${fmt(sessions.keysWithSeveralSessions)} with more than one); ` +
        `${fmt(sessions.closedBeforeEnd)} closed by the watermark before the input ended, the rest when it ended; ` +
        `median length ${fmt(sessions.medianSessionMinutes, 1)} min, ${fmt(sessions.meanEventsPerRow)} events per session on average.`,
      '',
    );
  const p = f.stats.percentiles;
  if (p)
    out.push(
      `Percentile windows: ${fmt(p.rows)}, of which ${fmt(p.rowsWithValues)} hold network_lag reports ` +
        `(${fmt(p.meanValuesPerRow, 1)} values each on average; the others have null percentiles on both sides).`,
      '',
    );
  out.push('Every run, in the order it ran (events/s):');
  out.push('');
  out.push('| round | metric | generated | SQL |');
  out.push('|---:|---|---:|---:|');
  for (let round = 1; round <= rounds; round++)
    for (const job of FEATURE_JOBS) {
      const cell = (c: string) => {
        const r = f.runs.find((x) => x.round === round && x.job === job && x.contender === c);
        return r ? `${fmt(r.eventsPerSecond)}${r.diff.equal ? '' : ' (rows differ)'}` : '—';
      };
      out.push(`| ${round} | ${job} | ${cell('generated')} | ${cell('sql')} |`);
    }
  out.push('');
}

const PIPELINE_NAMES: Record<string, string> = {
  'decode-only': 'decode-only job (the limit)',
  meeting_metrics_30s: 'meeting_metrics_30s alone',
  meeting_trends_60s: 'meeting_trends_60s alone',
  both: 'both jobs deployed together',
};

function pipelineSection(out: string[], p: PipelineResult): void {
  const rounds = Math.max(0, ...p.runs.map((r) => r.round));
  out.push(
    `### Pipeline (${fmt(p.events)} events = one simulated day, ${p.day.start.slice(0, 16)} to ${p.day.end.slice(0, 16)}, ${fmt(p.day.meetings)} meetings; median of ${rounds} interleaved rounds)`,
  );
  out.push('');
  out.push(
    `The backlog was loaded in ${fmt(p.loadMs / 1000, 1)} s; each run drains it from the earliest offset with a fresh consumer group, checkpoints every ${fmt(p.checkpointIntervalMs / 1000)} s, parallelism 1 on the local cluster (one TaskManager, 2 slots). Events/s = the slope between 10 % and 90 % of the backlog read (for both jobs: the slower one).`,
  );
  out.push('');
  out.push('| contender | events/s | vs decode-only (paired median) | runs (events/s) |');
  out.push('|---|---:|---:|---|');
  for (const [c, name] of Object.entries(PIPELINE_NAMES)) {
    const runs = p.runs.filter((r) => r.contender === c);
    if (runs.length === 0) continue;
    out.push(
      `| ${name} | ${fmt(p.medians[c as keyof typeof p.medians])} | ${c === 'decode-only' ? '—' : `${fmt(p.ratios[c as keyof typeof p.ratios], 2)}×`} | ${runs.map((r) => fmt(r.eventsPerSecond)).join(', ')} |`,
    );
  }
  out.push('');
}

function latencySection(out: string[], l: LatencyResult): void {
  out.push(
    `### Latency (${fmt(l.rateEventsPerSecond)} events/s = ${l.fraction} × ${fmt(l.sustainedEventsPerSecond)}, ${l.rateGiven ? 'given with --sustained-rate' : `both jobs' rate draining the first ${fmt(l.basisEvents)} events of this input just before`}, for ${fmt(l.replayMs / 1000)} s; checkpoints every ${fmt(l.checkpointIntervalMs)} ms)`,
  );
  out.push('');
  out.push(
    `From the wall-clock instant every partition had been sent an event at or after a window's end + ${fmt(l.watermarkDelayMs / 1000)} s (the watermark delay) to the window's rows; ${fmt(l.windows)} window ends after a ${fmt(l.warmupMs / 1000)} s warm-up; event time ran ${fmt(l.eventTimeSpeedup, 1)}× faster than the clock. Trino was polled ${fmt(l.trinoPollPauseMs / 1000, 1)} s after each poll returned (median poll ${fmt(l.trinoPollMedianMs)} ms)${l.trinoMissing > 0 ? `; ${l.trinoMissing} windows never showed complete in Trino` : ''}.${l.dayPipelineEventsPerSecond ? ` (Part 2's rate on its simulated day, with far fewer meetings at once, was ${fmt(l.dayPipelineEventsPerSecond)} events/s.)` : ''}${l.fellBehind ? ` **The jobs did not keep up with this rate**: the first row of the last window came more than ${fmt(BEHIND_MS / 1000)} s after its boundary, so these latencies include a growing backlog.` : ''}`,
  );
  out.push('');
  out.push('| to | job | rows / windows | p50 | p99 | max |');
  out.push('|---|---|---:|---:|---:|---:|');
  const rowsOf = (to: string, stats: Record<string, LatencyStats>) => {
    for (const [job, s] of Object.entries(stats))
      out.push(
        `| ${to} | ${job} | ${fmt(s.samples)} | ${fmt(s.p50Ms)} ms | ${fmt(s.p99Ms)} ms | ${fmt(s.maxMs)} ms |`,
      );
  };
  rowsOf('live topic, appended (read_uncommitted)', l.liveAppended);
  rowsOf('live topic, committed (read_committed)', l.liveCommitted);
  rowsOf('Trino (every row of the window)', l.trino);
  out.push('');
}

function queriesSection(out: string[], q: QueriesResult): void {
  out.push(
    `### Analyst queries (one simulated day, ${q.day.start.slice(0, 16)} to ${q.day.end.slice(0, 16)}; ${Object.entries(
      q.tableRows,
    )
      .map(([t, n]) => `${t} ${fmt(n)} rows`)
      .join(', ')}; ${q.warmups} warm-ups, then ${q.rounds} interleaved rounds)`,
  );
  out.push('');
  out.push('| query | result rows | p50 | p95 |');
  out.push('|---|---:|---:|---:|');
  for (const t of q.queries)
    out.push(`| ${t.title} (\`${t.name}.sql\`) | ${fmt(t.rows)} | ${fmt(t.p50Ms)} ms | ${fmt(t.p95Ms)} ms |`);
  out.push(`| **all runs** | | **${fmt(q.p50Ms)} ms** | **${fmt(q.p95Ms)} ms** |`);
  out.push('');
  const t = q.trinoStats;
  if (t)
    out.push(
      `Where a run's time goes, by Trino's own statistics (medians over ${t.queries} timed runs): elapsed ${fmt(t.elapsedMs)} ms = queued ${fmt(t.queuedMs)} + analysis ${fmt(t.analysisMs)} + planning ${fmt(t.planningMs)} + execution ${fmt(t.executionMs)} ms; in execution, ${fmt(t.cpuMs)} ms of CPU and ${fmt(t.inputReadMs)} ms reading Parquet from S3, over ${fmt(t.splits)} splits.`,
      '',
    );
}

/** A grouped horizontal bar chart: events/s per job and contender (medians), CPU µs/event as labels. */
export function chartSvg(results: Results): string {
  const colors: Record<Contender, string> = {
    generated: '#1f77b4',
    'generated-copying': '#aec7e8',
    handwritten: '#ff7f0e',
    sql: '#2ca02c',
  };
  const summary = results.throughput?.summary ?? [];
  const max = Math.max(1, ...summary.map((s) => s.medianEventsPerSecond));
  const left = 300;
  const width = 960;
  const barH = 22;
  const plotW = width - left - 250;
  const lines: string[] = [];
  let y = 50;
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  for (const job of JOBS) {
    lines.push(`<text x="10" y="${y + 14}" font-weight="bold">${esc(JOB_LABELS[job])}</text>`);
    y += 24;
    for (const c of CONTENDERS) {
      const s = summary.find((x) => x.job === job && x.contender === c);
      if (!s) continue;
      const w = (s.medianEventsPerSecond / max) * plotW;
      lines.push(`<text x="${left - 8}" y="${y + 15}" text-anchor="end">${esc(NAMES[c])}</text>`);
      lines.push(`<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${colors[c]}"/>`);
      lines.push(
        `<text x="${(left + w + 6).toFixed(1)}" y="${y + 15}">${fmt(s.medianEventsPerSecond)} ev/s · ${fmt(s.medianCpuMicrosPerEvent, 1)} µs CPU/ev</text>`,
      );
      y += barH + 6;
    }
    y += 14;
  }
  const height = y + 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="24" font-size="15" font-weight="bold">Job throughput, events/s (median), ${esc(results.date)}, parallelism 1, RocksDB</text>`,
    ...lines,
    '</svg>',
    '',
  ].join('\n');
}
