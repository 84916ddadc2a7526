// The preview command end to end, through the real `bin/collab-stream.js`, against the hand-checked fixture.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
// Each case starts the real CLI (tsx compiling on the fly) on a machine shared with other work.
jest.setTimeout(60_000);
const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/collab-stream.js');
const FIXTURE = 'schemas/fixtures/meeting-basic.jsonl';
const NOW = '2026-11-25T12:00:00Z';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const t = (time: string) => Date.parse(`2026-11-25T10:${time}Z`);

// Worked out by hand from the fixture's comments: see the fixture for which event lands where.
const EXPECTED = [
  {
    meeting_id: 'm-alpha',
    window_start: t('00:00'),
    window_end: t('00:30'),
    active_users: 2,
    participants: 2,
    joins: 2,
    leaves: 0,
    message_count: 3,
    reaction_count: 2,
    video_starts: 1,
    screen_shares: 0,
    avg_latency_ms: 160,
    p95_latency_ms: 120 + 0.95 * (200 - 120), // the two reports 120 and 200, interpolated
    avg_packet_loss_pct: 1,
    message_rate: 0.1,
    churn_rate: 1,
    engagement_score: 100 * (0.4 * 0.75 + 0.2 * 0.5 + 0.25 * 0.5 + 0),
    meeting_health: 'degraded',
    date: '2026-11-25',
  },
  {
    meeting_id: 'm-beta',
    window_start: t('00:00'),
    window_end: t('00:30'),
    active_users: 1,
    participants: 1,
    joins: 1,
    leaves: 0,
    message_count: 1,
    reaction_count: 0,
    video_starts: 0,
    screen_shares: 0,
    avg_latency_ms: null,
    p95_latency_ms: null,
    avg_packet_loss_pct: null,
    message_rate: 1 / 30,
    churn_rate: 1,
    engagement_score: 100 * (0.4 * 0.5),
    meeting_health: 'healthy',
    date: '2026-11-25',
  },
  {
    meeting_id: 'm-alpha',
    window_start: t('00:30'),
    window_end: t('01:00'),
    active_users: 2,
    participants: 1,
    joins: 0,
    leaves: 1,
    message_count: 1,
    reaction_count: 0,
    video_starts: 0,
    screen_shares: 1,
    avg_latency_ms: 400,
    p95_latency_ms: 400,
    avg_packet_loss_pct: 6,
    message_rate: 1 / 30,
    churn_rate: 0.5,
    engagement_score: 100 * (0.4 * 0.25 + 0.15 * 1),
    meeting_health: 'critical',
    date: '2026-11-25',
  },
  {
    meeting_id: 'm-beta',
    window_start: t('00:30'),
    window_end: t('01:00'),
    active_users: 2,
    participants: 2,
    joins: 1,
    leaves: 0,
    message_count: 1,
    reaction_count: 0,
    video_starts: 1,
    screen_shares: 0,
    avg_latency_ms: null,
    p95_latency_ms: null,
    avg_packet_loss_pct: null,
    message_rate: 1 / 30,
    churn_rate: 0.5,
    engagement_score: 100 * (0.4 * 0.25 + 0.25 * 0.5),
    meeting_health: 'healthy',
    date: '2026-11-25',
  },
  {
    meeting_id: 'm-alpha',
    window_start: t('01:00'),
    window_end: t('01:30'),
    active_users: 1,
    participants: 0,
    joins: 0,
    leaves: 1,
    message_count: 0,
    reaction_count: 0,
    video_starts: 0,
    screen_shares: 0,
    avg_latency_ms: null,
    p95_latency_ms: null,
    avg_packet_loss_pct: null,
    message_rate: 0,
    churn_rate: 1,
    engagement_score: 0,
    meeting_health: 'healthy',
    date: '2026-11-25',
  },
];

describe('collab-stream preview', () => {
  it('prints the rows worked out by hand for the fixture, as JSON lines', async () => {
    const { code, stdout, stderr } = await cli(
      'preview',
      'meeting_metrics_30s',
      '--events',
      FIXTURE,
      '--json',
      '--now',
      '2026-11-25T12:00:00Z',
    );
    expect(code).toBe(0);
    const rows = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows).toHaveLength(EXPECTED.length);
    rows.forEach((row, i) => {
      const { metric, ...values } = row;
      expect(metric).toBe('meeting_metrics_30s');
      const expected = EXPECTED[i] as Record<string, unknown>;
      expect(Object.keys(values)).toEqual(Object.keys(expected));
      for (const [column, want] of Object.entries(expected)) {
        if (typeof want === 'number' && !Number.isInteger(want)) expect(values[column]).toBeCloseTo(want, 12);
        else expect({ [column]: values[column] }).toEqual({ [column]: want });
      }
    });
    expect(stderr).toContain('late events for meeting_metrics_30s: 1 (dropped and counted)');
    expect(stderr).toMatch(/dead letters: 2\n {2}bad-enum: 1\n {2}missing-field: 1/);
  });

  it('prints a table with UTC times and the counts', async () => {
    const { code, stdout } = await cli(
      'preview',
      'jobs/meeting_metrics_30s.ts',
      '--events',
      FIXTURE,
      '--now',
      '2026-11-25T12:00:00Z',
    );
    expect(code).toBe(0);
    expect(stdout).toContain('meeting_metrics_30s (5 rows)');
    expect(stdout).toMatch(
      /m-alpha\s+2026-11-25T10:00:00Z\s+2026-11-25T10:00:30Z\s+2\s+2\s+2\s+0\s+3\s+2\s+1\s+0\s+160\s+196\s+1\s+0\.1\s+1\s+52\.5\s+degraded/,
    );
    expect(stdout).toContain('23 records: 21 accepted');
  });

  it('keeps late events of the sliding job in its side output', async () => {
    const { code, stdout } = await cli(
      'preview',
      'meeting_trends_60s',
      '--events',
      FIXTURE,
      '--now',
      '2026-11-25T12:00:00Z',
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/late events for meeting_trends_60s: 0 \(kept in topic meeting_trends_late\)/);
  });

  it('reports every malformed line with its file:line, evaluates the others, and exits 1', async () => {
    const file = path.join(tmp, 'bad.jsonl');
    const good = fs.readFileSync(FIXTURE, 'utf8').split('\n').slice(2, 5);
    fs.writeFileSync(
      file,
      [
        good[0],
        '{"topic": oops}',
        '',
        good[1],
        '[1, 2]',
        '{"topic":"chat_events"}',
        '{"topic":"chat_events","value":{},"offset":-1}',
        good[2],
      ].join('\n') + '\n',
    );
    const { code, stdout, stderr } = await cli('preview', 'meeting_metrics_30s', '--events', file, '--json');
    expect(code).toBe(1);
    expect(stderr.split('\n').filter((l) => l.startsWith(file))).toEqual([
      expect.stringMatching(new RegExp(`^${file}:2: not valid JSON`)),
      `${file}:5: expected an object like {"topic": "chat_events", "value": {...}}`,
      `${file}:6: give exactly one of "value" or "bytes"`,
      `${file}:7: "offset" must be a whole number ≥ 0`,
    ]);
    expect(stderr).toContain('3 records: 3 accepted');
    expect(stderr).toContain('malformed lines: 4 (listed above, not evaluated)');
    expect(stdout.trim().split('\n')).toHaveLength(1);
  });

  it('--dead-letters lists each dead-lettered record with its line, reason and position', async () => {
    const table = await cli(
      'preview',
      'meeting_metrics_30s',
      '--events',
      FIXTURE,
      '--dead-letters',
      '--now',
      NOW,
    );
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(
      [
        'dead-lettered records: 2',
        `  ${FIXTURE}:20: bad-enum: field event_type: 'shout' is not one of message, reaction, emoji (chat_events/0@6)`,
        `  ${FIXTURE}:21: missing-field: required field user_id is absent (user_events/0@4)`,
      ].join('\n'),
    );
    const json = await cli('preview', 'meeting_metrics_30s', '--events', FIXTURE, '--dead-letters', '--json');
    expect(json.stderr).toContain(`${FIXTURE}:21: missing-field`);
    expect(json.stdout).not.toContain('dead-lettered');
  });

  it('shows a non-finite derived value as null, in the table and in --json', async () => {
    const job = path.join(tmp, 'ratio_job.ts');
    fs.writeFileSync(
      job,
      `import { dropAndCount, job, lakeTable, metric, tumbling } from '${ROOT}/dsl';
import { chatEvents } from '${ROOT}/jobs/sources';
export default job({
  id: 'ratio_job',
  deadLetterTopic: 'dlq',
  metrics: [
    metric({
      id: 'ratio_30s',
      version: 1,
      sources: [chatEvents],
      key: 'meeting_id',
      window: tumbling('30s'),
      late: dropAndCount(),
      measures: (m) => ({
        messages: m.count({ where: (e) => e.event_type === 'message' }),
        emojis: m.count({ where: (e) => e.event_type === 'emoji' }),
      }),
      derived: { per_emoji: (m) => m.messages / m.emojis, nothing: (m) => m.emojis / m.emojis },
      sinks: [lakeTable({ table: 'ratio_30s' })],
    }),
  ],
});
`,
    );
    const json = await cli('preview', job, '--events', FIXTURE, '--json', '--now', NOW);
    expect(json.code).toBe(0);
    const rows = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const beta = rows.find((r) => r.meeting_id === 'm-beta' && r.window_start === t('00:00'));
    expect(beta).toMatchObject({ messages: 1, emojis: 0, per_emoji: null, nothing: null });
    const table = await cli('preview', job, '--events', FIXTURE, '--now', NOW);
    expect(table.stdout).toMatch(
      /m-beta\s+2026-11-25T10:00:00Z\s+2026-11-25T10:00:30Z\s+1\s+0\s+null\s+null/,
    );
    expect(table.stdout).not.toMatch(/NaN|Infinity/);
  });

  it('refuses a --now without a time zone or with a day the month does not have', async () => {
    for (const [now, problem] of [
      ['2026-11-25T12:00:00', 'has no time zone'],
      ['2026-02-30T12:00:00Z', 'day 30 of 2026-02 out of range'],
    ]) {
      const { code, stderr } = await cli(
        'preview',
        'meeting_metrics_30s',
        '--events',
        FIXTURE,
        '--now',
        now!,
      );
      expect({ code, stderr }).toEqual({ code: 2, stderr: expect.stringContaining(`--now '${now}'`) });
      expect(stderr).toContain(problem);
    }
  });

  it('says when the events file is missing', async () => {
    const { code, stderr } = await cli('preview', 'meeting_metrics_30s', '--events', 'no/such/file.jsonl');
    expect(code).toBe(2);
    expect(stderr).toContain('events file not found: no/such/file.jsonl');
  });

  it('says when the job is unknown and lists the known ones', async () => {
    const { code, stderr } = await cli('preview', 'meeting_metrics_99s', '--events', FIXTURE);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown job 'meeting_metrics_99s'");
    expect(stderr).toContain('meeting_metrics_30s, meeting_trends_60s');
  });

  it('has --help for the command and the program', async () => {
    const preview = await cli('preview', '--help');
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain('Usage: collab-stream preview');
    const top = await cli('--help');
    expect(top.stdout).toContain('Commands:');
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
  });

  it('reports how long the evaluation took', async () => {
    const { stderr } = await cli('preview', 'meeting_metrics_30s', '--events', FIXTURE, '--json');
    const ms = Number(/evaluated in ([\d.]+) ms/.exec(stderr)?.[1]);
    // Reported, not asserted against a deadline (tests never depend on timing): see README for the measurement.
    expect(Number.isFinite(ms)).toBe(true);
  });
});
