// One accumulator per (window, key, measure): the incremental state of an activity measure.
// Results follow docs/SEMANTICS.md: sum is 0 when no value, avg/min/max/(approx)percentile null. Sums are added pane by pane (in arrival
// order within a slide-long pane, then the panes in time order), so that the doubles equal a pane-based engine's.
import type { Measure } from '../../dsl';
import type { Event } from './conform';
import { DDSketch } from './ddsketch';
import { percentile } from './percentile';

export interface Accumulator {
  add(event: Event, eventTime: number): void;
  result(): number | string | boolean | null;
}

type Fn<R> = (e: Event) => R;

function isPresent<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}

/** Builds a fresh accumulator for an activity measure (presence has its own state, see presence.ts). */
export function accumulatorFor(
  measure: Exclude<Measure, { measure: 'presence' }>,
  paneOf: (eventTime: number) => number,
): Accumulator {
  const where = (measure.where as Fn<boolean> | null) ?? (() => true);
  switch (measure.measure) {
    case 'count': {
      let n = 0;
      return { add: (e) => void (where(e) && n++), result: () => n };
    }
    case 'countDistinct': {
      const value = measure.value as Fn<string | number | null | undefined>;
      const seen = new Set<string | number>();
      return {
        add: (e) => {
          if (!where(e)) return;
          const v = value(e);
          if (isPresent(v)) seen.add(v);
        },
        result: () => seen.size,
      };
    }
    case 'percentile': {
      const value = measure.value as Fn<number | null | undefined>;
      const values: number[] = [];
      return {
        add: (e) => {
          if (!where(e)) return;
          const v = value(e);
          if (isPresent(v)) values.push(v);
        },
        result: () => percentile(values, measure.fraction),
      };
    }
    case 'first':
    case 'last': {
      // Events are added in arrival order: first replaces only on an earlier time (a tie keeps the earlier
      // arrival), last on a time at least as late (a tie takes the later arrival). Null values are skipped.
      const value = measure.value as Fn<number | string | boolean | null | undefined>;
      const first = measure.measure === 'first';
      let picked: number | string | boolean | null = null;
      let pickedTime = 0;
      return {
        add: (e, eventTime) => {
          if (!where(e)) return;
          const v = value(e);
          if (!isPresent(v)) return;
          if (picked === null || (first ? eventTime < pickedTime : eventTime >= pickedTime)) {
            picked = v;
            pickedTime = eventTime;
          }
        },
        result: () => picked,
      };
    }
    case 'approxPercentile': {
      // One sketch per window: its buckets do not depend on the order of adds and merges, so they equal the ones a
      // pane-based engine merges from its panes.
      const value = measure.value as Fn<number | null | undefined>;
      const sketch = new DDSketch(measure.relativeError);
      return {
        add: (e) => {
          if (!where(e)) return;
          const v = value(e);
          if (isPresent(v)) sketch.add(v);
        },
        result: () => sketch.quantile(measure.fraction),
      };
    }
    default: {
      const value = measure.value as Fn<number | null | undefined>;
      let n = 0;
      const paneSums = new Map<number, number>();
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      const kind = measure.measure;
      return {
        add: (e, eventTime) => {
          if (!where(e)) return;
          const v = value(e);
          if (!isPresent(v)) return;
          n++;
          const pane = paneOf(eventTime);
          paneSums.set(pane, (paneSums.get(pane) ?? 0) + v);
          min = Math.min(min, v);
          max = Math.max(max, v);
        },
        result: () => {
          let sum = 0;
          for (const pane of [...paneSums.keys()].sort((a, b) => a - b)) sum += paneSums.get(pane) as number;
          if (kind === 'sum') return sum;
          if (n === 0) return null;
          return kind === 'avg' ? sum / n : kind === 'min' ? min : max;
        },
      };
    }
  }
}
