// Our own log lines: ECS JSON that an ELK pipeline reads as-is, or plain text; and the global --log-format option
// through the real command (bin/collab-stream.js), where JSON logs on stderr never mix with results on stdout.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from '../src/args';
import { createLogger, ecsRecord, takeLogFormat } from '../src/log';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/collab-stream.js');

async function cli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, COLLAB_LOG_FORMAT: '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const lines = (text: string) => text.split('\n').filter((l) => l !== '');

/** Each line parsed; a line that is not one JSON object fails the test with the line. */
function jsonLines(text: string): Record<string, unknown>[] {
  return lines(text).map((line) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new Error(`not a JSON line: ${line}`);
    }
    expect(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)).toBe(true);
    return parsed as Record<string, unknown>;
  });
}

function expectEcs(record: Record<string, unknown>, dataset: string) {
  expect(record['ecs.version']).toBe('8.11');
  expect(record['service.name']).toBe('collab-stream');
  expect(record['event.dataset']).toBe(dataset);
  expect(['debug', 'info', 'warn', 'error']).toContain(record['log.level']);
  expect(typeof record.message).toBe('string');
  const timestamp = record['@timestamp'] as string;
  expect(new Date(timestamp).toISOString()).toBe(timestamp);
}

describe('the logger', () => {
  it('writes one ECS object per line in json mode, with the structured fields', () => {
    const out: string[] = [];
    const log = createLogger({
      format: 'json',
      dataset: 'collab-stream.deploy',
      write: (line) => out.push(line),
      now: () => new Date('2026-12-03T07:00:00.123Z'),
    });
    log.info('uploading x.jar ...\nsecond line', { 'url.full': 'http://127.0.0.1:8081' });
    log.warn('careful');
    log.error('failed', { 'error.type': 'Error' });
    expect(out).toHaveLength(3);
    const records = out.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const r of records) expectEcs(r, 'collab-stream.deploy');
    expect(records.map((r) => r['log.level'])).toEqual(['info', 'warn', 'error']);
    expect(records[0]).toMatchObject({
      '@timestamp': '2026-12-03T07:00:00.123Z',
      message: 'uploading x.jar ...\nsecond line',
      'url.full': 'http://127.0.0.1:8081',
    });
    expect(records[2]?.['error.type']).toBe('Error');
    // The time, level and message come first: readable in a raw file.
    expect(Object.keys(records[0] ?? {}).slice(0, 3)).toEqual(['@timestamp', 'log.level', 'message']);
  });

  it('never lets a caller field overwrite the ECS identity fields', () => {
    const record = ecsRecord('info', 'm', 'collab-stream.plan', {
      'service.name': 'other',
      'ecs.version': '1',
    });
    expect(record['service.name']).toBe('collab-stream');
    expect(record['ecs.version']).toBe('8.11');
  });

  it('writes the message alone in text mode', () => {
    const out: string[] = [];
    const log = createLogger({ format: 'text', dataset: 'collab-stream.x', write: (l) => out.push(l) });
    log.info('hello', { 'a.b': 1 });
    log.error('oops');
    expect(out).toEqual(['hello', 'oops']);
  });

  it('takes --log-format from anywhere before --, else the environment, else text', () => {
    expect(takeLogFormat(['deploy', 'j', '--log-format', 'json', '--', '--log-format=x'], {})).toEqual({
      format: 'json',
      argv: ['deploy', 'j', '--', '--log-format=x'],
    });
    expect(takeLogFormat(['--log-format=json', 'plan'], {})).toEqual({ format: 'json', argv: ['plan'] });
    expect(takeLogFormat(['plan'], { COLLAB_LOG_FORMAT: 'json' }).format).toBe('json');
    expect(takeLogFormat(['plan', '--log-format', 'text'], { COLLAB_LOG_FORMAT: 'json' }).format).toBe(
      'text',
    );
    expect(takeLogFormat(['plan'], {}).format).toBe('text');
    expect(() => takeLogFormat(['plan', '--log-format', 'yaml'], {})).toThrow(UsageError);
    expect(() => takeLogFormat(['plan', '--log-format'], {})).toThrow(UsageError);
    expect(() => takeLogFormat(['plan'], { COLLAB_LOG_FORMAT: 'xml' })).toThrow(/COLLAB_LOG_FORMAT/);
  });
});

describe('collab-stream --log-format json', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'log-format-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('preview --json: rows stay on stdout, every stderr line is an ECS log event', async () => {
    const events = path.join(dir, 'events.jsonl');
    fs.copyFileSync(path.join(ROOT, 'schemas/fixtures/meeting-basic.jsonl'), events);
    fs.appendFileSync(events, 'this line is not JSON\n');
    const { code, stdout, stderr } = await cli([
      'preview',
      'meeting_metrics_30s',
      '--events',
      events,
      '--json',
      '--log-format',
      'json',
    ]);
    expect(code).toBe(1); // the malformed line
    const rows = jsonLines(stdout);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.metric).toBe('meeting_metrics_30s');
    const logs = jsonLines(stderr);
    for (const record of logs) expectEcs(record, 'collab-stream.preview');
    const warning = logs.find((r) => r['log.level'] === 'warn');
    expect(warning?.message).toMatch(/events\.jsonl:\d+: not valid JSON/);
    expect(warning?.['file.path']).toBe(events);
    const summary = logs.find((r) => String(r.message).includes('records:'));
    expect(summary).toMatchObject({ 'log.level': 'info', 'collab.records': 23, 'collab.malformed_lines': 1 });
  });

  it('a usage error is one ECS error event, from $COLLAB_LOG_FORMAT too', async () => {
    const { code, stdout, stderr } = await cli(['preview', 'meeting_metrics_30s'], {
      COLLAB_LOG_FORMAT: 'json',
    });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const [record, ...more] = jsonLines(stderr);
    expect(more).toEqual([]);
    expectEcs(record as Record<string, unknown>, 'collab-stream.preview');
    expect(record).toMatchObject({ 'log.level': 'error', 'error.type': 'UsageError' });
    expect(record?.message).toContain('--events <file.jsonl> is required');
  });

  it('text stays text, and a bad format is a usage error', async () => {
    const text = await cli(['preview', 'meeting_metrics_30s']);
    expect(text.code).toBe(2);
    expect(text.stderr.trim()).toMatch(/^collab-stream preview: preview: --events/);
    const bad = await cli(['--log-format', 'yaml', 'preview']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--log-format 'yaml': expected text or json");
  });
});
