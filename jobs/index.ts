// Every job of this repository, by id: what the CLI and the compiler look jobs up in.
import type { Job } from '../dsl';
import meetingMetrics30s from './meeting_metrics_30s';
import meetingTrends60s from './meeting_trends_60s';

export const JOBS: ReadonlyMap<string, Job> = new Map(
  [meetingMetrics30s, meetingTrends60s].map((j) => [j.id, j]),
);
