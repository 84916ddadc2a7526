// Profiles for the targets a run misses (issue #6: "where the time goes"): JFR for the JVM, summarised from
// `jfr print`, and V8's `--cpu-prof` for Node, summarised from the .cpuprofile JSON. Both give the share of
// samples by self frame and by frame anywhere on the stack (inclusive).
import fs from 'node:fs';
import path from 'node:path';
import { runCommand } from './util';

export interface Share {
  readonly frame: string;
  readonly percent: number;
}

export interface ProfileSummary {
  readonly tool: string;
  readonly file: string;
  readonly samples: number;
  readonly self: readonly Share[];
  readonly inclusive: readonly Share[];
  readonly byThread?: readonly Share[];
}

const top = (counts: Map<string, number>, total: number, n: number): Share[] =>
  [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([frame, count]) => ({ frame, percent: Math.round((count / total) * 1000) / 10 }));

const bump = (counts: Map<string, number>, key: string, by = 1) =>
  counts.set(key, (counts.get(key) ?? 0) + by);

/** Frames that say nothing about where the work is (thread plumbing, the mailbox loop). */
const PLUMBING =
  /^(java\.lang\.Thread\.run|java\.util\.concurrent\.|org\.apache\.flink\.runtime\.taskmanager\.Task\.|org\.apache\.flink\.streaming\.runtime\.tasks\.(StreamTask|mailbox)\.|org\.apache\.flink\.streaming\.runtime\.io\.StreamOneInputProcessor|org\.apache\.flink\.runtime\.io\.network\.partition\.consumer\.|org\.apache\.flink\.streaming\.runtime\.tasks\.SourceStreamTask|org\.apache\.flink\.runtime\.security)/;

/** A JDK tool: the one on PATH, or the given JDK's. */
const jdkTool = (name: string, javaHome?: string) => (javaHome ? path.join(javaHome, 'bin', name) : name);

/**
 * Records a running JVM with JFR (started and stopped through `jcmd`) while `work` runs, and summarises the
 * recording. `javaHome` is the JVM's own JDK when it is not the default one (Trino runs on a newer JDK).
 */
export async function recordJfr(
  pid: number,
  jfrFile: string,
  work: () => Promise<unknown>,
  javaHome?: string,
): Promise<ProfileSummary> {
  const jcmd = async (...args: string[]) => {
    const run = await runCommand(jdkTool('jcmd', javaHome), [String(pid), ...args]);
    if (run.code !== 0) throw new Error(`jcmd ${args.join(' ')} failed: ${run.stdout}${run.stderr}`);
  };
  fs.rmSync(jfrFile, { force: true });
  await jcmd('JFR.start', 'name=collab-bench', 'settings=profile', `filename=${jfrFile}`);
  try {
    await work();
  } finally {
    await jcmd('JFR.stop', 'name=collab-bench');
  }
  return summarizeJfr(jfrFile, 25, javaHome);
}

/**
 * Summarises a JFR recording: Java execution samples, plus native-method samples whose top frame is RocksDB's JNI
 * (time inside RocksDB's C++ code, which execution samples do not see).
 */
export async function summarizeJfr(jfrFile: string, n = 25, javaHome?: string): Promise<ProfileSummary> {
  const run = await runCommand(jdkTool('jfr', javaHome), [
    'print',
    '--events',
    'jdk.ExecutionSample,jdk.NativeMethodSample',
    '--stack-depth',
    '48',
    jfrFile,
  ]);
  if (run.code !== 0) throw new Error(`jfr print failed: ${run.stderr}`);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const threads = new Map<string, number>();
  let samples = 0;
  const events = run.stdout.split(/\n(?=jdk\.(?:ExecutionSample|NativeMethodSample) \{)/);
  for (const event of events) {
    const native = event.startsWith('jdk.NativeMethodSample');
    const frames = [...event.matchAll(/^\s{4}([\w$.<>]+)\(/gm)].map((m) => m[1] as string);
    if (frames.length === 0) continue;
    if (native && !(frames[0] as string).startsWith('org.rocksdb.')) continue;
    samples++;
    bump(self, native ? `${frames[0]} (native)` : (frames[0] as string));
    for (const frame of new Set(frames)) if (!PLUMBING.test(frame)) bump(inclusive, frame);
    const thread = event.match(/sampledThread = "([^"]*)"/)?.[1] ?? 'unknown';
    // Subtask suffixes (Flink) and pool numbers (Trino's dispatcher-query-79) name the same kind of thread.
    bump(
      threads,
      thread
        .replace(/\s*\(\d+\/\d+\)#\d+$/, '')
        .replace(/ \(\d+\/\d+\)$/, '')
        .replace(/-\d+$/, '-N'),
    );
  }
  return {
    tool: 'JFR (jdk.ExecutionSample + RocksDB jdk.NativeMethodSample)',
    file: jfrFile,
    samples,
    self: top(self, samples, n),
    inclusive: top(inclusive, samples, n),
    byThread: top(threads, samples, 8),
  };
}

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** Summarises every .cpuprofile in `dir` (one per thread/worker), by self time per function and per file. */
export function summarizeCpuProfiles(dir: string, root: string, n = 25): ProfileSummary {
  const self = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  let samples = 0;
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  for (const f of files) {
    const profile = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as CpuProfile;
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    profile.samples.forEach((id, i) => {
      const node = nodes.get(id);
      const dt = profile.timeDeltas[i] ?? 0;
      // A thread waiting (tsx's loader worker, the event loop between I/O) is not where time goes.
      if (!node || node.callFrame.functionName === '(idle)') return;
      total += dt;
      samples++;
      const url = node.callFrame.url.replace(/^file:\/\//, '');
      const where = url ? path.relative(root, url) : '';
      const name = node.callFrame.functionName || '(anonymous)';
      bump(self, where ? `${name} ${where}` : name, dt);
      bump(byFile, where ? moduleOf(where) : name, dt);
    });
  }
  return {
    tool: 'node --cpu-prof (self time; idle excluded; right column: by package or file)',
    file: dir,
    samples,
    self: top(self, total, n),
    inclusive: top(byFile, total, n),
  };
}

/** A package (node_modules/x) or our own file. */
function moduleOf(where: string): string {
  const m = where.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  return m ? `node_modules/${m[1]}` : where;
}
