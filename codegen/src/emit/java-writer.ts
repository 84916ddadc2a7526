// A small writer for Java source: indentation and blocks are the writer's, not pre-indented strings, and imports are
// collected from the simple names the code uses (as goimports does), so no import is unused and none is missing.

const INDENT = '  ';

export class JavaWriter {
  private readonly out: string[] = [];
  private depth = 0;

  /** One line at the current depth; an empty string is a blank line. */
  line(text = ''): this {
    this.out.push(text === '' ? '' : INDENT.repeat(this.depth) + text);
    return this;
  }

  lines(texts: readonly string[]): this {
    for (const text of texts) this.line(text);
    return this;
  }

  /** `header {`, the body one level deeper, then `}` (or `closing`, e.g. `});`). */
  block(header: string, body: () => void, closing = '}'): this {
    this.line(`${header} {`);
    this.depth++;
    body();
    this.depth--;
    return this.line(closing);
  }

  /** A Javadoc comment; long texts stay on one line per entry (the emitter keeps them short). */
  doc(...texts: string[]): this {
    if (texts.length === 1) return this.line(`/** ${texts[0]} */`);
    this.line('/**');
    for (const text of texts) this.line(text === '' ? ' *' : ` * ${text}`);
    return this.line(' */');
  }

  /** A statement continued on further lines, each indented twice (Google Java style). */
  continued(first: string, rest: readonly string[]): this {
    this.line(first);
    this.depth += 2;
    for (const text of rest) this.line(text);
    this.depth -= 2;
    return this;
  }

  toString(): string {
    return this.out.join('\n');
  }
}

/**
 * The classes emitted code may name by their simple name, with their package. Only those the code uses are imported,
 * sorted as google-java-format sorts them.
 */
export const KNOWN_CLASSES: Readonly<Record<string, string>> = {
  CompositeKey: 'io.collabstream.runtime',
  DDSketch: 'io.collabstream.runtime',
  EventEnvelope: 'io.collabstream.runtime',
  GeneratedJob: 'io.collabstream.runtime',
  JobRunner: 'io.collabstream.runtime',
  JobSource: 'io.collabstream.runtime',
  Js: 'io.collabstream.runtime',
  MetricInput: 'io.collabstream.runtime',
  MetricRow: 'io.collabstream.runtime',
  MetricSink: 'io.collabstream.runtime',
  MetricSpec: 'io.collabstream.runtime',
  PaneValues: 'io.collabstream.runtime',
  PanePartial: 'io.collabstream.runtime',
  PresenceLookup: 'io.collabstream.runtime',
  PresenceStates: 'io.collabstream.runtime',
  SessionMetric: 'io.collabstream.runtime',
  SlidingMetric: 'io.collabstream.runtime',
  TumblingMetric: 'io.collabstream.runtime',
  WindowedMetric: 'io.collabstream.runtime',
  HashMap: 'java.util',
  List: 'java.util',
  Map: 'java.util',
  Objects: 'java.util',
  Schema: 'org.apache.avro',
  GenericData: 'org.apache.avro.generic',
  GenericRecord: 'org.apache.avro.generic',
  MapStateDescriptor: 'org.apache.flink.api.common.state',
};

/** The import lines for every known class named in `code` (outside string literals and comments), sorted. */
export function importsFor(code: string, extra: Readonly<Record<string, string>> = {}): string[] {
  const known = { ...KNOWN_CLASSES, ...extra };
  const stripped = code
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '');
  const used = new Set<string>();
  for (const match of stripped.matchAll(/\b[A-Z][A-Za-z0-9_]*\b/g)) {
    const name = match[0];
    // A name after a dot is a member or a nested class of something else, not a top-level class.
    if (stripped[match.index - 1] === '.') continue;
    if (known[name] !== undefined) used.add(`${known[name]}.${name}`);
  }
  return [...used].sort().map((qualified) => `import ${qualified};`);
}
