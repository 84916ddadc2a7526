// A metric's watermark: the minimum, over its sources that have produced an event, of (highest event time on that
// source − its maxOutOfOrder − 1 ms). Sources that have produced nothing are idle and do not hold it back.

export class MetricWatermark {
  private readonly highest = new Map<string, number>();
  private current = Number.NEGATIVE_INFINITY;

  constructor(private readonly boundsMs: ReadonlyMap<string, number>) {}

  /** The watermark now; an event is judged against this before it advances it. */
  get value(): number {
    return this.current;
  }

  /** Records an event and returns the (never decreasing) watermark after it. */
  advance(topic: string, eventTime: number): number {
    this.highest.set(topic, Math.max(this.highest.get(topic) ?? Number.NEGATIVE_INFINITY, eventTime));
    let minimum = Number.POSITIVE_INFINITY;
    for (const [source, highest] of this.highest) {
      minimum = Math.min(minimum, highest - (this.boundsMs.get(source) ?? 0) - 1);
    }
    this.current = Math.max(this.current, minimum);
    return this.current;
  }

  /** End of a bounded input: everything may fire. */
  finish(): number {
    this.current = Number.POSITIVE_INFINITY;
    return this.current;
  }
}
