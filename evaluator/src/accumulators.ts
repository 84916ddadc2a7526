// One accumulator per (window, key, measure): the incremental state of an activity measure.
// Results follow docs/SEMANTICS.md: sum is 0 when no value, avg/min/max/(approx)percentile null. Sums are added pane by pane (in arrival
// order within a slide-long pane, then the panes in time order), so that the doubles equal a pane-based engine's.
import type { Measure } from '../../dsl';
import type { Event } from './conform';
import { DDSketch } from './ddsketch';
import { percentile } from './percentile';

export interface Accumulator {
  add(event: Event, eventTime: number): void;
  /**
   * Adds `other` (an accumulator of the same measure) into this one, as the generated Java `merge` does: counts and
   * sums added (a pane's sum to the pane's), sets and values joined, sketches merged (merged sessions).
   */
  merge(other: Accumulator): void;
  result(): number | string | boolean | null;
}

/** The state behind an accumulator, for `merge`: the other accumulator of the same measure holds the same kind. */
const STATE = Symbol('accumulator state');
type WithState<S> = Accumulator & { readonly [STATE]: S };
const withState = <S>(state: S, accumulator: Accumulator): Accumulator =>
  Object.assign(accumulator, { [STATE]: state });
const stateOf = <S>(other: Accumulator): S => (other as WithState<S>)[STATE];

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
      const state = { n: 0 };
      return withState(state, {
        add: (e) => void (where(e) && state.n++),
        merge: (other) => void (state.n += stateOf<typeof state>(other).n),
        result: () => state.n,
      });
    }
    case 'countDistinct': {
      const value = measure.value as Fn<string | number | null | undefined>;
      const seen = new Set<string | number>();
      return withState(seen, {
        add: (e) => {
          if (!where(e)) return;
          const v = value(e);
          if (isPresent(v)) seen.add(v);
        },
        merge: (other) => stateOf<typeof seen>(other).forEach((v) => seen.add(v)),
        result: () => seen.size,
      });
    }
    case 'percentile': {
      const value = measure.value as Fn<number | null | undefined>;
      const values: number[] = [];
      return withState(values, {
        add: (e) => {
          if (!where(e)) return;
          const v = value(e);
          if (isPresent(v)) values.push(v);
        },
        merge: (other) => void values.push(...stateOf<typeof values>(other)),
        result: () => percentile(values, measure.fraction),
      });
    }
    case 'first':
    case 'last': {
      // Events are added in arrival order: first replaces only on an earlier time (a tie keeps the earlier
      // arrival), last on a time at least as late (a tie takes the later arrival). Null values are skipped.
      const value = measure.value as Fn<number | string | boolean | null | undefined>;
      // A merged accumulator counts as arriving after this one (a later session), as the generated Java merge.
      const first = measure.measure === 'first';
      const state: { picked: number | string | boolean | null; time: number } = { picked: null, time: 0 };
      const offer = (v: number | string | boolean, eventTime: number) => {
        if (state.picked === null || (first ? eventTime < state.time : eventTime >= state.time)) {
          state.picked = v;
          state.time = eventTime;
        }
      };
      return withState(state, {
        add: (e, eventTime) => {
          if (!where(e)) return;
          const v = value(e);
          if (isPresent(v)) offer(v, eventTime);
        },
        merge: (other) => {
          const from = stateOf<typeof state>(other);
          if (from.picked !== null) offer(from.picked, from.time);
        },
        result: () => state.picked,
      });
    }
    case 'approxPercentile': {
      // One sketch per window: its buckets do not depend on the order of adds and merges, so they equal the ones a
      // pane-based engine merges from its panes.
      const value = measure.value as Fn<number | null | undefined>;
      const sketch = new DDSketch(measure.relativeError);
      return withState(sketch, {
        add: (e) => {
          if (!where(e)) return;
          const v = value(e);
          if (isPresent(v)) sketch.add(v);
        },
        merge: (other) => sketch.merge(stateOf<typeof sketch>(other)),
        result: () => sketch.quantile(measure.fraction),
      });
    }
    default: {
      const value = measure.value as Fn<number | null | undefined>;
      const state = {
        n: 0,
        paneSums: new Map<number, number>(),
        min: Number.POSITIVE_INFINITY,
        max: Number.NEGATIVE_INFINITY,
      };
      const { paneSums } = state;
      const kind = measure.measure;
      return withState(state, {
        add: (e, eventTime) => {
          if (!where(e)) return;
          const v = value(e);
          if (!isPresent(v)) return;
          state.n++;
          const pane = paneOf(eventTime);
          paneSums.set(pane, (paneSums.get(pane) ?? 0) + v);
          state.min = Math.min(state.min, v);
          state.max = Math.max(state.max, v);
        },
        merge: (other) => {
          const from = stateOf<typeof state>(other);
          state.n += from.n;
          for (const [pane, sum] of from.paneSums) paneSums.set(pane, (paneSums.get(pane) ?? 0) + sum);
          state.min = Math.min(state.min, from.min);
          state.max = Math.max(state.max, from.max);
        },
        result: () => {
          let sum = 0;
          for (const pane of [...paneSums.keys()].sort((a, b) => a - b)) sum += paneSums.get(pane) as number;
          if (kind === 'sum') return sum;
          if (state.n === 0) return null;
          return kind === 'avg' ? sum / state.n : kind === 'min' ? state.min : state.max;
        },
      });
    }
  }
}
