// The no-stack mode: the reference evaluator runs the jobs over a JSON-lines file, and its rows are what every
// page shows. The file may also carry lake.history rows (topics `lake.history.organization_plans` and
// `lake.history.meeting_history`, which no job reads) so the organisation and plan-tier filters work offline.
import type { InputRecord, Row } from '../../evaluator';
import { evaluate } from '../../evaluator';
import type { Job } from '../../dsl';
import type { Dimensions } from './memory-history';

export const HISTORY_TOPICS = {
  plans: 'lake.history.organization_plans',
  meetings: 'lake.history.meeting_history',
} as const;

export interface EventsData {
  /** Rows per metric id, in the evaluator's order. */
  readonly rows: Map<string, Row[]>;
  readonly dimensions: Dimensions;
  /** The end of the last window: "now" for the relative time ranges. */
  readonly end: number;
}

function field(value: unknown, name: string): string | null {
  const v = (value as Record<string, unknown> | null)?.[name];
  return typeof v === 'string' ? v : null;
}

function dimensionsOf(records: readonly InputRecord[]): Dimensions {
  const meetingOrg = new Map<string, string>();
  const orgTier = new Map<string, string>();
  for (const r of records) {
    const org = field(r.value, 'org_id');
    if (r.topic === HISTORY_TOPICS.plans) {
      const tier = field(r.value, 'plan_tier');
      if (org !== null && tier !== null) orgTier.set(org, tier);
      continue;
    }
    // Without meeting_history, an event's own org_id says whose meeting it is.
    const meeting = field(r.value, 'meeting_id');
    if (meeting !== null && org !== null && (r.topic === HISTORY_TOPICS.meetings || !meetingOrg.has(meeting)))
      meetingOrg.set(meeting, org);
  }
  return { meetingOrg, orgTier };
}

export function evaluateEvents(
  jobs: readonly Job[],
  records: readonly InputRecord[],
  now: number,
): EventsData {
  const rows = new Map<string, Row[]>();
  let end = 0;
  for (const job of jobs) {
    for (const { metric, row } of evaluate(job, records, { now }).rows) {
      (rows.get(metric) ?? rows.set(metric, []).get(metric)!).push(row);
      end = Math.max(end, Number(row.window_end));
    }
  }
  return { rows, dimensions: dimensionsOf(records), end };
}
