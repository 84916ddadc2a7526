// Runs one metric over the accepted events of its sources: watermark, window assignment, lateness, firing,
// derived measures and rows — the reference semantics of docs/SEMANTICS.md, written for clarity over speed.
import type { Measure, Metric } from '../../dsl';
import { decodeKey, keyFields, keyOf, parseDuration, sessionGeometry, windowGeometry } from '../../dsl';
import type { Accumulator } from './accumulators';
import { accumulatorFor } from './accumulators';
import type { Event } from './conform';
import { CumulateWindows } from './cumulate';
import type { PresenceSpec } from './presence';
import { PresenceState, PresenceWindow } from './presence';
import type { InputRecord, LateEvent, Row, RowValue } from './records';
import { SessionSet } from './sessions';
import { MetricWatermark } from './watermark';
import type { WindowBounds } from './windows';
import { hasFired, windowsOf } from './windows';

/** One key's window in progress: an accumulator per activity measure, a mark table per presence measure. */
interface OpenWindow {
  /** The key value, encoded (a composite key's JSON array of parts: injective). */
  readonly key: string;
  /** The key's fields' values, for the row's key columns. */
  readonly parts: readonly string[];
  readonly bounds: WindowBounds;
  readonly activity: Accumulator[];
  readonly presence: PresenceWindow[];
}

export interface MetricOutput {
  row(metric: string, row: Row): void;
  late(event: LateEvent): void;
}

type MeasureColumn =
  | {
      readonly name: string;
      readonly kind: 'activity';
      readonly measure: Exclude<Measure, { measure: 'presence' }>;
    }
  | {
      readonly name: string;
      readonly kind: 'presence';
      readonly spec: PresenceSpec;
      readonly from: string | null;
    };

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of an epoch-millis instant, in UTC: the lake partition of a row. */
export function utcDate(millis: number): string {
  return new Date(Math.floor(millis / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A derived NaN or ±Infinity (0 / 0, x / 0) is null (docs/SEMANTICS.md): JSON, Trino and the live topic have no
 * such numbers, and NaN would never equal itself in a comparison, so one rule holds for every output.
 */
export function finiteOrNull(value: RowValue): RowValue {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

export class MetricRun {
  private readonly watermark: MetricWatermark;
  private readonly sizeMs: number;
  private readonly slideMs: number;
  private readonly columns: MeasureColumn[];
  /** Open windows by end, then key. Windows fire in order of end. */
  private readonly open = new Map<number, Map<string, OpenWindow>>();
  /** A session metric's sessions (docs/SEMANTICS.md "Sessions"), instead of `open`. */
  private readonly sessions: SessionSet<OpenWindow> | null = null;
  private readonly presenceByKey = new Map<string, PresenceState[]>();
  /** A cumulating metric's windows, instead of `open`. */
  private readonly cumulate: CumulateWindows<OpenWindow> | null;
  private readonly topics: ReadonlySet<string>;
  lateCount = 0;

  constructor(
    readonly metric: Metric,
    private readonly output: MetricOutput,
  ) {
    const bounds = new Map(metric.sources.map((s) => [s.topic, parseDuration(s.watermark.maxOutOfOrder)]));
    this.watermark = new MetricWatermark(bounds);
    this.topics = new Set(bounds.keys());
    if (metric.window.kind === 'session') {
      // One pane: a session's sums are its arrival order, merged sessions' sums added in order of start.
      this.sizeMs = this.slideMs = Number.POSITIVE_INFINITY;
      this.sessions = new SessionSet({
        ...sessionGeometry(metric.window),
        create: (key) => this.freshWindow(key, { start: 0, end: 0 }),
        merge: (into, from) => {
          into.activity.forEach((a, i) => a.merge(from.activity[i] as Accumulator));
          into.presence.forEach((p, i) => p.merge(from.presence[i] as PresenceWindow));
        },
      });
    } else ({ sizeMs: this.sizeMs, slideMs: this.slideMs } = windowGeometry(metric.window));
    this.columns = Object.entries(metric.measures).map(([name, measure]): MeasureColumn => {
      if (measure.measure !== 'presence') return { name, kind: 'activity', measure };
      const spec = {
        member: measure.member as (e: Event) => string,
        joins: measure.joins as (e: Event) => boolean,
        leaves: measure.leaves as (e: Event) => boolean,
        ttlMs: parseDuration(measure.ttl),
      };
      return { name, kind: 'presence', spec, from: measure.from };
    });
    this.cumulate =
      metric.window.kind === 'cumulate'
        ? new CumulateWindows<OpenWindow>(
            this.slideMs,
            this.sizeMs,
            (key) => this.freshWindow(key, { start: 0, end: 0 }),
            (window, topic, event, eventTime) => this.add(window, topic, event, eventTime),
          )
        : null;
  }

  /** The slide-long pane of an event time (the window itself for tumbling windows). */
  private readonly paneOf = (eventTime: number): number =>
    this.sessions ? 0 : Math.floor(eventTime / this.slideMs) * this.slideMs;

  reads(topic: string): boolean {
    return this.topics.has(topic);
  }

  /** One accepted event of one of this metric's sources, in arrival order. */
  accept(record: InputRecord, event: Event, eventTime: number): void {
    const key = keyOf(this.metric.key, event);
    if (this.cumulate) {
      if (!this.cumulate.accept(key, record.topic, event, eventTime, this.watermark.value))
        this.recordLate(record, event);
      this.fireUpTo(this.watermark.advance(record.topic, eventTime));
      return;
    }
    if (this.sessions) {
      const session = this.sessions.assign(key, eventTime, this.watermark.value);
      if (session) this.add(session.window, record.topic, event, eventTime);
      else this.recordLate(record, event);
      this.fireUpTo(this.watermark.advance(record.topic, eventTime));
      return;
    }
    const pending = windowsOf(eventTime, this.sizeMs, this.slideMs).filter(
      (w) => !hasFired(w, this.watermark.value),
    );
    if (pending.length === 0) this.recordLate(record, event);
    for (const bounds of pending) this.add(this.windowFor(key, bounds), record.topic, event, eventTime);
    this.fireUpTo(this.watermark.advance(record.topic, eventTime));
  }

  /** End of input: every open window fires. */
  finish(): void {
    this.fireUpTo(this.watermark.finish());
  }

  private recordLate(record: InputRecord, event: Event): void {
    this.lateCount++;
    const late = this.metric.late;
    this.output.late({
      metric: this.metric.id,
      policy: late.policy,
      topic: late.policy === 'side-output' ? late.topic : null,
      record,
      event,
    });
  }

  private windowFor(key: string, bounds: WindowBounds): OpenWindow {
    let byKey = this.open.get(bounds.end);
    if (!byKey) this.open.set(bounds.end, (byKey = new Map()));
    let window = byKey.get(key);
    if (!window) {
      window = this.freshWindow(key, bounds);
      byKey.set(key, window);
    }
    return window;
  }

  private freshWindow(key: string, bounds: WindowBounds): OpenWindow {
    const window: OpenWindow = {
      key,
      parts: decodeKey(this.metric.key, key),
      bounds,
      activity: [],
      presence: [],
    };
    for (const column of this.columns) {
      if (column.kind === 'activity') window.activity.push(accumulatorFor(column.measure, this.paneOf));
      else window.presence.push(new PresenceWindow(column.spec));
    }
    return window;
  }

  private add(window: OpenWindow, topic: string, event: Event, eventTime: number): void {
    let activity = 0;
    let presence = 0;
    for (const column of this.columns) {
      if (column.kind === 'activity') {
        const accumulator = window.activity[activity++] as Accumulator;
        if (column.measure.from === null || column.measure.from === topic) accumulator.add(event, eventTime);
      } else {
        const marks = window.presence[presence++] as PresenceWindow;
        if (column.from === null || column.from === topic) marks.add(event, eventTime);
      }
    }
  }

  private fireUpTo(watermark: number): void {
    this.cumulate?.fireUpTo(watermark, (window, bounds) => this.fire({ ...window, bounds }));
    if (this.sessions) {
      for (const { session } of this.sessions.due(watermark))
        this.fire({ ...session.window, bounds: { start: session.start, end: session.end } });
      return;
    }
    const due = [...this.open.keys()].filter((end) => end - 1 <= watermark).sort((a, b) => a - b);
    for (const end of due) {
      const byKey = this.open.get(end) as Map<string, OpenWindow>;
      this.open.delete(end);
      for (const key of [...byKey.keys()].sort()) this.fire(byKey.get(key) as OpenWindow);
    }
  }

  private fire(window: OpenWindow): void {
    const { start, end } = window.bounds;
    let states = this.presenceByKey.get(window.key);
    if (!states) {
      states = this.columns.flatMap((c) => (c.kind === 'presence' ? [new PresenceState(c.spec.ttlMs)] : []));
      this.presenceByKey.set(window.key, states);
    }
    const values: Record<string, RowValue> = {};
    let activity = 0;
    let presence = 0;
    for (const column of this.columns) {
      if (column.kind === 'activity')
        values[column.name] = (window.activity[activity++] as Accumulator).result();
      else {
        const state = states[presence] as PresenceState;
        values[column.name] = state.sample(window.presence[presence++] as PresenceWindow, end);
      }
    }
    const info = Object.freeze({ start, end, seconds: (end - start) / 1000 });
    const measures = Object.freeze({ ...values });
    const derived: Record<string, RowValue> = {};
    for (const [name, fn] of Object.entries(this.metric.derived)) {
      derived[name] = finiteOrNull((fn as (m: unknown, w: unknown) => RowValue)(measures, info));
    }
    // `having` sees the row's measures and derived measures as written (non-finite already null); presence state
    // has advanced above whatever it answers.
    const having = this.metric.having as ((row: unknown, w: unknown) => boolean) | null;
    if (having && having(Object.freeze({ ...values, ...derived }), info) !== true) return;
    this.output.row(this.metric.id, {
      ...Object.fromEntries(keyFields(this.metric.key).map((field, i) => [field, window.parts[i] as string])),
      window_start: start,
      window_end: end,
      ...values,
      ...derived,
      date: utcDate(start),
    });
  }
}
