// `npm run bench`: builds what it needs, then runs every part of issue #6 (compiler, ingest, pipeline, queries,
// latency, job throughput) and issue #17's (feature metrics against Flink SQL), writes bench/results/<date>.json and regenerates the results section and chart of
// bench/README.md.
//
//   npm run bench [-- --events 5000000 --rounds 3
//                    --only build,compile,ingest,pipeline,queries,latency,throughput,features,features-profile
//                    --no-stack --no-profile --latency-seconds 120 --latency-checkpoint-ms 10000
//                    --latency-basis-events 1000000 --sustained-rate N --query-rounds 10]
//
// Benchmarks are not tests: nothing here asserts a time; missed targets are reported (with a profile), not failed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { withEarlierParts } from './carry';
import { benchCompile } from './compile';
import { benchFeatures, profileFeatures } from './features';
import { endpoints } from '../../e2e/src/pipeline';
import { createContext } from '../../infra/src/context';
import { benchIngest } from './ingest';
import type { LatencyResult } from './latency';
import { benchLatency } from './latency';
import type { PipelineContender, PipelineResult, SimulatedDay } from './pipeline';
import {
  benchPipeline,
  benchPipelineProfile,
  DEFAULT_PIPELINE_CONTENDERS,
  PIPELINE_CONTENDERS,
} from './pipeline';
import type { QueriesResult } from './queries';
import { benchQueries, profileQueries } from './queries';
import { tcpOpen } from '../../infra/src/probe';
import { leaseStack } from './stack';
import type { InputInfo } from './input';
import { ensureInput } from './input';
import { BENCH, README, RESULTS, ROOT, TMP } from './paths';
import type { ProfileSummary } from './profile';
import { summarizeCpuProfiles, summarizeJfr } from './profile';
import type { Results, Target } from './report';
import { chartSvg, markdown, summaryOf } from './report';
import type { BenchJob, Contender, ThroughputRun } from './throughput';
import { JOBS, JVM_OPTIONS, benchThroughput, runOne, snapshotClasspath, summarize } from './throughput';
import { log, machineInfo, median, pinnedVersions, runCommand } from './util';

// And 'report': only rewrite README + chart. Pipeline before queries (it leaves the simulated day in the lake).
const STEPS = [
  'build',
  'compile',
  'ingest',
  'pipeline',
  'queries',
  'latency',
  'throughput',
  'features',
] as const;
const STACK_STEPS = ['ingest', 'pipeline', 'queries', 'pipeline-profile', 'latency'];
const PIPELINE_TARGET = 0.6;
const QUERIES_TARGET_MS = 300;
const LATENCY_FRACTION = 0.6;
const COMPILE_TARGET_MS = 3000;
/** The simulator's mean Avro value (framed) is 82 B; its keys are ~10 B more. */
const INGEST_RECORD_BYTES = 82;

async function build(): Promise<void> {
  log('build: mvn -Pbench -pl bench -am package (runtime, generated jobs, bench module)');
  const run = await runCommand(
    'mvn',
    ['-B', '-q', '-Pbench', '-pl', 'bench', '-am', 'package', '-DskipTests'],
    {
      echo: true,
    },
  );
  if (run.code !== 0) throw new Error('the Maven build failed');
  snapshotClasspath();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '5000000' },
      rounds: { type: 'string', default: '3' },
      only: { type: 'string' },
      'no-stack': { type: 'boolean', default: false },
      'no-profile': { type: 'boolean', default: false },
      'latency-seconds': { type: 'string', default: '120' },
      'latency-checkpoint-ms': { type: 'string', default: '10000' },
      'pipeline-checkpoint-ms': { type: 'string', default: '10000' },
      'query-rounds': { type: 'string', default: '10' },
      'pipeline-contenders': { type: 'string', default: DEFAULT_PIPELINE_CONTENDERS.join(',') },
      /** Events of the bench input both jobs drain before the latency step goes live: warm-up and rate basis. */
      'latency-basis-events': { type: 'string', default: '1000000' },
      /** That basis given instead of measured (events/s of both jobs). */
      'sustained-rate': { type: 'string' },
    },
  });
  const events = Number(values.events);
  const rounds = Math.max(1, Number(values.rounds));
  const steps = new Set(values.only ? values.only.split(',') : STEPS);
  const profile = !values['no-profile'];
  const started = Date.now();
  const date = new Date().toISOString().slice(0, 10);
  const resultsFile = path.join(RESULTS, `${date}.json`);
  fs.mkdirSync(TMP, { recursive: true });
  // A partial run (--only) keeps today's other sections.
  const previous: Partial<Results> =
    values.only && fs.existsSync(resultsFile)
      ? (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as Results)
      : {};
  if (steps.size === 1 && steps.has('report')) {
    if (!previous.date) throw new Error(`--only report needs ${resultsFile}`);
    writeReport(previous as Results, resultsFile);
    return;
  }
  const machine = machineInfo();
  log(
    `machine: ${machine.cores} cores, ${machine.memoryGb} GB, ${machine.cpuModel}; load ${machine.loadAverageAtStart.join(' ')}`,
  );
  const profiles: Record<string, ProfileSummary> = { ...(previous.profiles ?? {}) };

  if (steps.has('build')) await build();

  let compile = previous.compile;
  if (steps.has('compile')) {
    compile = await benchCompile(Math.max(3, rounds));
    if (profile && compile.endToEndMedianMs > COMPILE_TARGET_MS) {
      const dir = path.join(TMP, 'cpuprof-codegen');
      fs.rmSync(dir, { recursive: true, force: true });
      log('compile: over 3 s, profiling one end-to-end run (node --cpu-prof)');
      await runCommand(process.execPath, [
        '--cpu-prof',
        `--cpu-prof-dir=${dir}`,
        '--import',
        'tsx',
        'codegen/src/main.ts',
        '--out',
        path.join(TMP, 'gen-out'),
      ]);
      fs.rmSync(path.join(TMP, 'gen-out'), { recursive: true, force: true });
      profiles.compiler = summarizeCpuProfiles(dir, ROOT);
    }
  }

  // The steps on the local stack come before throughput (a MiniCluster of its own): one lease for all of them, so a
  // stack this run starts is started once and stopped when they are done.
  let ingest = previous.ingest;
  let pipeline = previous.pipeline as PipelineResult | undefined;
  let queries = previous.queries as QueriesResult | undefined;
  let latency = previous.latency as LatencyResult | undefined;
  if (STACK_STEPS.some((step) => steps.has(step))) {
    const config = createContext(log).config;
    const ports = [
      config.kafka.port,
      config.registry.port,
      config.s3.port,
      config.flink.restPort,
      config.trino.port,
    ];
    const up = (await Promise.all(ports.map((p) => tcpOpen(config.host, p)))).every(Boolean);
    if (values['no-stack'] && !up)
      throw new Error('--no-stack, and the stack is not up: leave out the stack steps');
    const stack = await leaseStack('stack steps', config.host, ports);
    try {
      if (steps.has('ingest')) {
        ingest = await benchIngest(rounds, 500_000, 2_000_000, INGEST_RECORD_BYTES, {
          startStack: false,
          profileDir: profile ? path.join(TMP, 'cpuprof-simulator') : undefined,
        });
        if (ingest.profile) profiles.simulator = ingest.profile;
      }
      let day: SimulatedDay | undefined;
      if (steps.has('pipeline')) {
        const contenders = values['pipeline-contenders'].split(',') as PipelineContender[];
        for (const c of contenders)
          if (!PIPELINE_CONTENDERS.includes(c))
            throw new Error(`--pipeline-contenders: ${c} is not one of ${PIPELINE_CONTENDERS.join(', ')}`);
        ({ result: pipeline, day } = await benchPipeline(
          rounds,
          Number(values['pipeline-checkpoint-ms']),
          contenders,
        ));
      }
      if (steps.has('queries')) {
        if (!day)
          throw new Error(
            'the queries step needs the pipeline step with both jobs (it leaves one simulated day in the lake)',
          );
        queries = await benchQueries(endpoints(config).trinoUrl, day, Number(values['query-rounds']));
        if (profile && !(queries.p50Ms <= QUERIES_TARGET_MS))
          profiles['queries: Trino (JFR)'] = await profileQueries(
            endpoints(config).trinoUrl,
            Number(values['query-rounds']),
          );
      }
      // After the queries: it loads the backlog again, which empties the lake.
      const missed = pipeline !== undefined && !((pipeline.ratios.both ?? 0) >= PIPELINE_TARGET);
      if (steps.has('pipeline-profile') || (steps.has('pipeline') && profile && missed)) {
        profiles['pipeline: both jobs, TaskManager (JFR)'] = await benchPipelineProfile(
          Number(values['pipeline-checkpoint-ms']),
        );
      }
      if (steps.has('latency')) {
        latency = await benchLatency({
          inputEvents: events,
          basisEvents: Number(values['latency-basis-events']),
          sustainedEventsPerSecond: values['sustained-rate'] ? Number(values['sustained-rate']) : undefined,
          dayPipelineEventsPerSecond: pipeline?.medians.both,
          fraction: LATENCY_FRACTION,
          durationSec: Number(values['latency-seconds']),
          checkpointIntervalMs: Number(values['latency-checkpoint-ms']),
        });
      }
    } finally {
      await stack.release();
    }
  }

  let input: InputInfo | undefined = previous.input as InputInfo | undefined;
  let throughput = previous.throughput;
  if (steps.has('throughput')) {
    input = ensureInput(events, log);
    const runs: ThroughputRun[] = await benchThroughput(input.file, input.events, rounds);
    const summary = summarize(runs);
    const ratios: Record<string, Record<string, number>> = {};
    for (const job of JOBS) {
      const gen = runs.filter((r) => r.job === job && r.contender === 'generated');
      const paired = (c: Exclude<Contender, 'generated'>) =>
        median(
          gen.flatMap((g) => {
            const other = runs.find((r) => r.job === job && r.contender === c && r.round === g.round);
            return other ? [g.eventsPerSecond / other.eventsPerSecond] : [];
          }),
        );
      const s = (c: Contender) =>
        summaryOf({ throughput: { runs, summary, ratios } } as unknown as Results, job, c);
      ratios[job] = {
        generatedVsSql:
          (s('generated')?.medianEventsPerSecond ?? NaN) / (s('sql')?.medianEventsPerSecond ?? NaN),
        generatedVsHandwritten:
          (s('generated')?.medianEventsPerSecond ?? NaN) / (s('handwritten')?.medianEventsPerSecond ?? NaN),
        generatedVsSqlPairedMedian: paired('sql'),
        generatedVsHandwrittenPairedMedian: paired('handwritten'),
        // The object-reuse lever: the same generated job with and without it.
        objectReuseGain:
          (s('generated')?.medianEventsPerSecond ?? NaN) /
          (s('generated-copying')?.medianEventsPerSecond ?? NaN),
        objectReuseGainPairedMedian: paired('generated-copying'),
        cpuPerEventSqlOverGenerated:
          (s('sql')?.medianCpuMicrosPerEvent ?? NaN) / (s('generated')?.medianCpuMicrosPerEvent ?? NaN),
        cpuPerEventHandwrittenOverGenerated:
          (s('handwritten')?.medianCpuMicrosPerEvent ?? NaN) /
          (s('generated')?.medianCpuMicrosPerEvent ?? NaN),
      };
    }
    throughput = { runs, summary, ratios };
    const sliding = ratios.trends60s;
    if (profile && sliding && (sliding.generatedVsSql! < 1.2 || sliding.generatedVsHandwritten! < 2)) {
      for (const job of ['trends60s'] as BenchJob[]) {
        const jfr = path.join(TMP, `generated-${job}.jfr`);
        log(`throughput: sliding targets missed, profiling one generated ${job} run with JFR (not counted)`);
        const { rowsFile } = await runOne('generated', job, input.file, input.events, 'jfr', [
          `-XX:StartFlightRecording=filename=${jfr},settings=profile,dumponexit=true`,
        ]);
        fs.rmSync(rowsFile, { force: true });
        profiles[`generated ${job} (JFR)`] = await summarizeJfr(jfr);
      }
    }
    for (const f of fs.readdirSync(TMP).filter((f) => f.startsWith('rows-'))) fs.rmSync(path.join(TMP, f));
  }

  // Issue #17: the session and percentile metrics of bench/jobs/ against Flink SQL, on the same input.
  let features = previous.features;
  if (steps.has('features')) features = await benchFeatures(ensureInput(events, log), rounds);
  // No target to miss here: profiles only on request (--only features-profile, with a smaller --events).
  if (steps.has('features-profile')) Object.assign(profiles, await profileFeatures(ensureInput(events, log)));

  // Two partial runs may overlap (the stack parts and throughput): keep what the other one wrote meanwhile.
  if (values.only && fs.existsSync(resultsFile)) {
    const latest = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as Partial<Results>;
    if (!steps.has('compile')) compile = latest.compile ?? compile;
    if (!steps.has('ingest')) ingest = latest.ingest ?? ingest;
    if (!steps.has('pipeline')) pipeline = latest.pipeline ?? pipeline;
    if (!steps.has('queries')) queries = latest.queries ?? queries;
    if (!steps.has('latency')) latency = latest.latency ?? latency;
    if (!steps.has('throughput')) {
      throughput = latest.throughput ?? throughput;
      input = (latest.input as InputInfo | undefined) ?? input;
    }
    if (!steps.has('features')) features = latest.features ?? features;
    for (const [name, summary] of Object.entries(latest.profiles ?? {}))
      if (!(name in profiles)) profiles[name] = summary;
  }
  const targets: Target[] = [];
  const r60 = throughput?.ratios.trends60s;
  const ratioTarget = (name: string, want: number, got: number | undefined) =>
    targets.push({
      name,
      target: `≥ ${want}×`,
      measured: got === undefined || Number.isNaN(got) ? '—' : `${got.toFixed(2)}×`,
      status: got === undefined || Number.isNaN(got) ? 'not measured' : got >= want ? 'met' : 'missed',
    });
  ratioTarget('sliding job: generated vs Flink SQL (events/s)', 1.2, r60?.generatedVsSql);
  ratioTarget('sliding job: generated vs hand-written DataStream (events/s)', 2, r60?.generatedVsHandwritten);
  const javaRate = ingest?.medians['java-producer-perf'];
  ratioTarget(
    'ingest: simulator vs Kafka Java producer (records/s)',
    0.5,
    javaRate && ingest?.medians.simulator ? ingest.medians.simulator / javaRate : undefined,
  );
  targets.push({
    name: 'compile all jobs (end to end, median)',
    target: '≤ 3 s',
    measured: compile ? `${(compile.endToEndMedianMs / 1000).toFixed(2)} s` : '—',
    status: compile ? (compile.endToEndMedianMs <= COMPILE_TARGET_MS ? 'met' : 'missed') : 'not measured',
  });
  ratioTarget(
    'pipeline: both deployed jobs vs the decode-only job (events/s)',
    PIPELINE_TARGET,
    pipeline?.ratios.both,
  );
  const msTarget = (name: string, want: number, got: number | undefined) =>
    targets.push({
      name,
      target: `≤ ${want} ms`,
      measured: got === undefined || Number.isNaN(got) ? '—' : `${Math.round(got)} ms`,
      status: got === undefined || Number.isNaN(got) ? 'not measured' : got <= want ? 'met' : 'missed',
    });
  msTarget(
    'latency: window end + watermark delay → row on the live topic, p99',
    1000,
    latency?.liveAppended.all?.p99Ms,
  );
  msTarget('analyst queries on Trino over one simulated day, p50 (warm)', QUERIES_TARGET_MS, queries?.p50Ms);

  const results: Results = {
    date,
    // A partial run (--only) adds to today's earlier ones.
    startedAt: previous.startedAt ?? new Date(started).toISOString(),
    durationMs: (previous.durationMs ?? 0) + (Date.now() - started),
    machine: { ...machine, loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100) },
    versions: pinnedVersions(),
    settings: {
      steps: [...new Set([...((previous.settings?.steps as string[] | undefined) ?? []), ...steps])],
      events,
      rounds,
      parallelism: 1,
      stateBackend: 'rocksdb (managed memory 512 MB)',
      checkpointing: 'off (bounded input; a final checkpoint would add up to one interval to every run)',
      objectReuse: false,
      genericTypes: 'disabled for all contenders (no Kryo)',
      watermarks: {
        generated:
          'defineWorkflow(..., perEventWatermarks = false): the job production strategy (+ idleness 60 s)',
        handwritten: 'WatermarkStrategy.forBoundedOutOfOrderness(5 s).withIdleness(1 min), periodic (200 ms)',
        sql: "WATERMARK FOR rowtime AS rowtime - INTERVAL '5' SECOND, periodic (200 ms)",
      },
      sink: 'rows collected in memory by one shared sink (no Parquet, no Kafka), diffed after each run',
      jvmOptions: JVM_OPTIONS,
      timing:
        'from the first record leaving the source to the end of the bounded job; CPU = process CPU time over the same span',
      featureJobs:
        'bench/jobs/*.ts, compiled by codegen + javac at the start of the features step into bench/results/tmp/feature-jobs/ (not committed)',
    },
    input: input as unknown as Record<string, unknown>,
    throughput,
    features,
    compile,
    ingest,
    pipeline,
    latency,
    queries,
    targets,
    profiles,
  };
  fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');
  writeReport(results, resultsFile);
  for (const t of targets) log(`target: ${t.name}: ${t.measured} (${t.target}) ${t.status}`);
}

/** bench/chart.svg and the marked section of bench/README.md from one results object. */
function writeReport(results: Results, resultsFile: string): void {
  const chart = 'chart.svg';
  const shown = withEarlierParts(results, RESULTS);
  // The chart is job throughput's: dated by the run it comes from.
  fs.writeFileSync(
    path.join(BENCH, chart),
    chartSvg({ ...shown, date: shown.carried.throughput ?? shown.date }),
  );
  const readme = fs.readFileSync(README, 'utf8');
  const start = '<!-- bench:results:start -->';
  const end = '<!-- bench:results:end -->';
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${README} lacks the ${start} … ${end} markers`);
  fs.writeFileSync(
    README,
    readme.slice(0, from + start.length) + '\n' + markdown(shown, chart) + '\n' + readme.slice(to),
  );
  log(`wrote ${path.relative(ROOT, resultsFile)}, bench/${chart} and bench/README.md`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
