// The README's results section shows every part, not only those run today: a day's results file holds what that
// day measured, and a part it lacks is shown from the newest earlier file that has it, with that file's date. The
// files themselves are never changed, so each still says only what was measured on its day.
import fs from 'node:fs';
import path from 'node:path';
import type { Results, Target } from './report';

/** The parts of a results file, each measured by one step (input belongs to throughput). */
const PARTS = ['throughput', 'features', 'compile', 'ingest', 'pipeline', 'latency', 'queries'] as const;
type Part = (typeof PARTS)[number];

export interface ShownResults extends Results {
  /** Part → the date of the file it was taken from, for parts today's file lacks. */
  readonly carried: Partial<Record<Part, string>>;
}

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.json$/;

/** Today's results with each missing part (and its targets and profiles) from the newest earlier day that has it. */
export function withEarlierParts(results: Results, resultsDir: string): ShownResults {
  const earlier = fs
    .readdirSync(resultsDir)
    .flatMap((name) => {
      const m = DAY_FILE.exec(name);
      return m && (m[1] as string) < results.date ? [m[1] as string] : [];
    })
    .sort()
    .reverse();
  const shown: Record<string, unknown> = { ...results };
  const carried: Partial<Record<Part, string>> = {};
  const targets = [...results.targets];
  const profiles = { ...results.profiles };
  for (const date of earlier) {
    const old = JSON.parse(fs.readFileSync(path.join(resultsDir, `${date}.json`), 'utf8')) as Results;
    let used = false;
    for (const part of PARTS) {
      if (shown[part] !== undefined || old[part] === undefined) continue;
      shown[part] = old[part];
      if (part === 'throughput') shown.input = old.input;
      carried[part] = date;
      used = true;
    }
    if (!used) continue;
    for (const [i, t] of targets.entries()) {
      const then = old.targets.find((o: Target) => o.name === t.name);
      if (t.status === 'not measured' && then && then.status !== 'not measured')
        targets[i] = { ...then, measured: `${then.measured} (${date})` };
    }
    for (const [name, p] of Object.entries(old.profiles)) if (!(name in profiles)) profiles[name] = p;
  }
  return { ...(shown as unknown as Results), targets, profiles, carried };
}
