import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadJobs } from '../src/compiler-output';
import { rowsLateThresholdMs, ruleGroups } from '../src/alerts';
import { deadLetterCounter, flinkLabel, RUNTIME_DEAD_LETTER_REASONS } from '../src/names';
import { ALERTS_FILE } from '../src/outputs';

// promtool comes with Debian's prometheus package (infra installs it with apt for the local stack).
const PROMTOOL = 'promtool';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'collab-ops-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function promtool(...args: string[]): { status: number | null; output: string } {
  const r = spawnSync(PROMTOOL, args, { encoding: 'utf8', cwd: work });
  if (r.error) throw new Error(`${PROMTOOL} not runnable (apt-get install prometheus): ${r.error.message}`);
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('Prometheus alert rules (ops/prometheus/alerts.yml)', () => {
  it('pass promtool check rules', () => {
    const r = promtool('check', 'rules', ALERTS_FILE);
    expect(r.output).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  it('fail promtool check rules when an expression is broken (the check above can fail)', () => {
    const broken = path.join(work, 'broken.yml');
    fs.writeFileSync(
      broken,
      fs.readFileSync(ALERTS_FILE, 'utf8').replace('expr: "up == 0"', 'expr: "up == == 0"'),
    );
    expect(promtool('check', 'rules', broken).status).not.toBe(0);
  });

  it('each have a for: duration, a severity, a summary and a runbook', () => {
    const rules = ruleGroups(loadJobs()).flatMap((g) => g.rules);
    const names = new Set(rules.map((r) => r.alert));
    for (const wanted of [
      'StackServiceDown',
      'FlinkJobNotRunning',
      'FlinkJobRestarting',
      'FlinkCheckpointsFailing',
      'FlinkCheckpointStale',
      'KafkaConsumerLagGrowing',
      'WatermarkStalled',
      'DeadLettersHigh',
      'LateEventsHigh',
      'MetricNoRows',
    ]) {
      expect(names).toContain(wanted);
    }
    for (const r of rules) {
      expect(r.for).toMatch(/^\d+[smh]$/);
      expect(r.summary.length).toBeGreaterThan(10);
      expect(r.runbook.length).toBeGreaterThan(10);
    }
  });

  it('fire as intended on synthetic series (promtool test rules)', () => {
    const job = loadJobs().find((j) => j.metrics.some((m) => m.window.kind === 'tumbling'))!;
    const metric = job.metrics.find((m) => m.window.kind === 'tumbling')!;
    const op = 'flink_taskmanager_job_task_operator_';
    const rules = ruleGroups([job]).flatMap((g) => g.rules);
    // Flow-style YAML map; JSON strings are valid YAML scalars. Only the templated summary differs from the source.
    const annotations = (alert: string): string => {
      const r = rules.find((x) => x.alert === alert && (!x.labels?.metric || x.labels.metric === metric.id))!;
      const summary = r.summary.replace('{{ $labels.job_name }}', job.id);
      return `{ summary: ${JSON.stringify(summary)}, runbook: ${JSON.stringify(r.runbook)} }`;
    };
    const j = `job_name="${job.id}"`;
    const windowOp = `${j}, operator_name="${flinkLabel(metric.windowOperator)}"`;
    const source = `${j}, operator_name="Source:_Kafka_source_${job.sources[0]}"`;
    // 5 s steps: 2 minutes of clean input, then 20 bad records (two reasons, every reason's counter present as
    // on the cluster) every 5 s beside 100 good ones (17 %); the
    // window operator emits rows for 5 minutes, then none while its source keeps reading.
    const tests = `rule_files: [${JSON.stringify(ALERTS_FILE)}]
evaluation_interval: 5s
tests:
  - interval: 5s
    input_series:
${RUNTIME_DEAD_LETTER_REASONS.map(
  (r, i) =>
    `      - series: '${deadLetterCounter(r)}{${j}}'
        values: '${i < 2 ? '0x24 10+10x24' : '0x48'}'
`,
).join('')}      - series: '${op}deserializer_eventsAccepted{${j}}'
        values: '0+100x48'
    alert_rule_test:
      - eval_time: 110s
        alertname: DeadLettersHigh
        exp_alerts: []
      - eval_time: 190s
        alertname: DeadLettersHigh
        exp_alerts:
          - exp_labels: { severity: warning, job_name: ${job.id} }
            exp_annotations:
              summary: 'Job ${job.id}: more than 1 % of its input goes to dead letters'
              runbook: ${JSON.stringify(
                ruleGroups([job])
                  .flatMap((g) => g.rules)
                  .find((r) => r.alert === 'DeadLettersHigh')!.runbook,
              )}
  - interval: 5s
    input_series:
      - series: '${op}numRecordsOut{${windowOp}}'
        values: '0+10x60 610x60'
      - series: '${op}numRecordsOut{${source}}'
        values: '0+100x120'
    alert_rule_test:
      - eval_time: 290s
        alertname: MetricNoRows
        exp_alerts: []
      - eval_time: 590s
        alertname: MetricNoRows
        exp_alerts:
          - exp_labels: { severity: critical, job_name: ${job.id}, metric: ${metric.id} }
            exp_annotations: ${annotations('MetricNoRows')}
`;
    const stale = (jobName: string) => `
          - exp_labels: { severity: critical, job_name: ${jobName} }
            exp_annotations: ${annotations('FlinkCheckpointStale').replace(job.id, jobName)}`;
    // Test time starts at the epoch: a checkpoint completed at 1 s, then none (a job that keeps checkpointing
    // beside it); a job running without any checkpoint.
    const staleTests = `
  - interval: 5s
    input_series:
      - series: 'flink_jobmanager_job_lastCheckpointCompletedTimestamp{job_name="stuck"}'
        values: '1000x100'
      - series: 'flink_jobmanager_job_lastCheckpointCompletedTimestamp{job_name="fine"}'
        values: '0+5000x100'
      - series: 'flink_jobmanager_job_lastCheckpointCompletedTimestamp{job_name="never"}'
        values: '-1x100'
      - series: 'flink_jobmanager_job_runningTime{job_name="never"}'
        values: '0+5000x100'
    alert_rule_test:
      - eval_time: 290s
        alertname: FlinkCheckpointStale
        exp_alerts: []
      - eval_time: 420s
        alertname: FlinkCheckpointStale
        exp_alerts:${stale('never')}${stale('stuck')}
`;
    const file = path.join(work, 'alerts.test.yml');
    // Two subtasks per sink, one minute apart: the lake's p99 stays under the threshold, one live subtask's goes
    // above it at 5 min (a NaN subtask beside it, as before its first row): pending, then firing 10 min later.
    const threshold = rowsLateThresholdMs(metric);
    const latency = (name: string, subtask: number) =>
      `'${name}{${j}, metric="${metric.id}", quantile="0.99", subtask_index="${subtask}"}'`;
    const rowsLateTests = `
  - interval: 1m
    input_series:
      - series: ${latency('flink_taskmanager_job_task_operator_metric_windowEndToWrittenMs', 0)}
        values: '${threshold - 1}x25'
      - series: ${latency('flink_taskmanager_job_task_operator_user_metric_windowEndToWrittenMs', 0)}
        values: '${threshold - 1}x4 ${threshold + 1}x20'
      - series: ${latency('flink_taskmanager_job_task_operator_user_metric_windowEndToWrittenMs', 1)}
        values: 'NaN NaN NaN NaN NaN NaN NaN NaN NaN NaN NaN NaN NaN NaN NaN NaN NaN NaN NaN NaN NaN NaN NaN NaN NaN NaN'
    alert_rule_test:
      - eval_time: 4m
        alertname: MetricRowsLate
        exp_alerts: []
      - eval_time: 14m
        alertname: MetricRowsLate
        exp_alerts: []
      - eval_time: 16m
        alertname: MetricRowsLate
        exp_alerts:
          - exp_labels: { severity: warning, job_name: ${job.id}, metric: ${metric.id} }
            exp_annotations: ${annotations('MetricRowsLate')}
`;
    fs.writeFileSync(file, tests + staleTests + rowsLateTests);
    const r = promtool('test', 'rules', file);
    expect(r.output).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });
});
