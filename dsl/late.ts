// What happens to an event that arrives after every window it belongs to has fired. There is deliberately no
// default: a metric author must choose, and either way the event is counted, never silently lost.
import { enforce, topicName } from './rules';

/** Late events are counted (a metric and the run summary) and not kept. */
export interface DropAndCount {
  readonly policy: 'drop-and-count';
}

/** Late events are counted and written, unchanged, to a Kafka side-output topic. */
export interface SideOutput {
  readonly policy: 'side-output';
  readonly topic: string;
}

export type LatePolicy = DropAndCount | SideOutput;

/**
 * Count late events and drop them.
 *
 * @example
 * late: dropAndCount()
 */
export function dropAndCount(): DropAndCount {
  return Object.freeze({ policy: 'drop-and-count' as const });
}

/**
 * Count late events and keep them in a side-output topic.
 *
 * @example
 * late: sideOutput('meeting_metrics_late')
 */
export function sideOutput(topic: string): SideOutput {
  enforce(topicName('the late side output', topic));
  return Object.freeze({ policy: 'side-output' as const, topic });
}
