// One accumulator per (window, key, measure): the incremental state of an activity measure.
// Results follow docs/SEMANTICS.md: sum is 0 when no value, avg/min/max null.
import type { Measure } from '../../dsl';
import type { Event } from './conform';

export interface Accumulator {
  add(event: Event): void;
  result(): number | null;
}

type Fn<R> = (e: Event) => R;

function isPresent<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}

/** Builds a fresh accumulator for an activity measure (presence has its own state, see presence.ts). */
export function accumulatorFor(measure: Exclude<Measure, { measure: 'presence' }>): Accumulator {
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
    default: {
      const value = measure.value as Fn<number | null | undefined>;
      let n = 0;
      let sum = 0;
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      const kind = measure.measure;
      return {
        add: (e) => {
          if (!where(e)) return;
          const v = value(e);
          if (!isPresent(v)) return;
          n++;
          sum += v;
          min = Math.min(min, v);
          max = Math.max(max, v);
        },
        result: () => {
          if (kind === 'sum') return sum;
          if (n === 0) return null;
          return kind === 'avg' ? sum / n : kind === 'min' ? min : max;
        },
      };
    }
  }
}
