// Session windows per key (docs/SEMANTICS.md "Sessions"): which session an event joins, when sessions merge, when
// an event is late, and which sessions are due. The runtime's SessionWindows makes the same decisions in the same
// order, so merged accumulators add their sums in the same order on both sides.

/** One open session of a key: its bounds grow as events merge into it; `window` holds its accumulators. */
export interface Session<W> {
  start: number;
  end: number;
  readonly window: W;
}

export interface SessionRules<W> {
  readonly gapMs: number;
  /** Null: sessions are never cut. */
  readonly maxDurationMs: number | null;
  /** A fresh window (accumulators) for a session that opens. */
  readonly create: (key: string) => W;
  /** Adds `from` into `into`: the accumulators of two sessions that merge. */
  readonly merge: (into: W, from: W) => void;
}

/** A session's last millisecond has passed: it fires (window_end exclusive, Flink's TimeWindow.maxTimestamp). */
export const sessionHasFired = (end: number, watermark: number): boolean => end - 1 <= watermark;

export class SessionSet<W> {
  /** Open sessions by key, in order of start (no two share a start). */
  private readonly open = new Map<string, Session<W>[]>();

  constructor(private readonly rules: SessionRules<W>) {}

  /**
   * The session an event of `key` at `t` joins, judged against the watermark before the event; null when it is
   * late. Its own window is [t, t + gap); the open sessions it overlaps or touches (Flink's TimeWindow.intersects)
   * merge with it into their hull, into the earliest of them, the others merged in order of start. With
   * maxDuration a hull longer than it does not form: the event joins the session that contains t (the earliest, if
   * cut sessions overlap) or opens [t, t + gap) beside the others. A new session whose last millisecond the watermark
   * has passed is never opened: that event is late.
   */
  assign(key: string, t: number, watermark: number): Session<W> | null {
    const { gapMs, maxDurationMs } = this.rules;
    const sessions = this.open.get(key) ?? [];
    const end = t + gapMs;
    const touched = sessions.filter((s) => s.start <= end && s.end >= t);
    const hullStart = Math.min(t, ...touched.map((s) => s.start));
    const hullEnd = Math.max(end, ...touched.map((s) => s.end));
    if (touched.length > 0 && (maxDurationMs === null || hullEnd - hullStart <= maxDurationMs)) {
      const [into, ...rest] = touched as [Session<W>, ...Session<W>[]];
      for (const from of rest) this.rules.merge(into.window, from.window);
      into.start = hullStart;
      into.end = hullEnd;
      this.open.set(
        key,
        sessions.filter((s) => !rest.includes(s)),
      );
      return into;
    }
    if (touched.length > 0) {
      const containing = touched.find((s) => s.start <= t && t < s.end);
      if (containing) return containing;
    }
    if (sessionHasFired(end, watermark)) return null;
    const opened: Session<W> = { start: t, end, window: this.rules.create(key) };
    this.open.set(
      key,
      [...sessions, opened].sort((a, b) => a.start - b.start),
    );
    return opened;
  }

  /** Removes and returns the sessions the watermark has passed, in order of end, then start, then key. */
  due(watermark: number): { key: string; session: Session<W> }[] {
    const fired: { key: string; session: Session<W> }[] = [];
    for (const [key, sessions] of this.open) {
      const keep = sessions.filter((s) => !sessionHasFired(s.end, watermark));
      for (const session of sessions)
        if (sessionHasFired(session.end, watermark)) fired.push({ key, session });
      if (keep.length > 0) this.open.set(key, keep);
      else this.open.delete(key);
    }
    return fired.sort(
      (a, b) =>
        a.session.end - b.session.end ||
        a.session.start - b.session.start ||
        (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    );
  }
}
