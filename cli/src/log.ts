// The log lines of our own processes (the CLI's commands, the dashboard server): plain text for a person, or one
// ECS-shaped JSON object per line (`--log-format json`, or $COLLAB_LOG_FORMAT) that Filebeat or Elastic Agent can
// ship unparsed. Logs go to stderr in both formats, so a command's results on stdout stay machine-readable.
import { UsageError } from './args';

export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** The ECS version our field names follow (https://www.elastic.co/guide/en/ecs/8.11). */
export const ECS_VERSION = '8.11';
export const SERVICE_NAME = 'collab-stream';

/** Structured fields of one line, by ECS name where there is one (`url.full`, `error.message`, ...). */
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  readonly format: LogFormat;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export function parseLogFormat(value: string, where: string): LogFormat {
  if ((LOG_FORMATS as readonly string[]).includes(value)) return value as LogFormat;
  throw new UsageError(`${where} '${value}': expected ${LOG_FORMATS.join(' or ')}`);
}

/**
 * Takes the global `--log-format <f>` / `--log-format=<f>` out of a command line (before a `--`, which passes the
 * rest to a job), so every command accepts it without declaring it; else $COLLAB_LOG_FORMAT; else text.
 */
export function takeLogFormat(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): { format: LogFormat; argv: string[] } {
  const rest: string[] = [];
  let given: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === '--log-format') {
      given = argv[++i];
      if (given === undefined) throw new UsageError('--log-format: give json or text');
    } else if (arg.startsWith('--log-format=')) {
      given = arg.slice('--log-format='.length);
    } else {
      rest.push(arg);
    }
  }
  if (given !== undefined) return { format: parseLogFormat(given, '--log-format'), argv: rest };
  const fromEnv = env.COLLAB_LOG_FORMAT;
  const format = fromEnv ? parseLogFormat(fromEnv, '$COLLAB_LOG_FORMAT') : 'text';
  return { format, argv: rest };
}

/**
 * One ECS log event. The fields ECS logging requires come first (a person reading the raw line sees time, level
 * and message at once); caller fields cannot overwrite them.
 */
export function ecsRecord(
  level: LogLevel,
  message: string,
  dataset: string,
  fields: LogFields = {},
  now: Date = new Date(),
): Record<string, unknown> {
  return {
    '@timestamp': now.toISOString(),
    'log.level': level,
    message,
    ...fields,
    'ecs.version': ECS_VERSION,
    'service.name': SERVICE_NAME,
    'event.dataset': dataset,
  };
}

export interface LoggerOptions {
  readonly format: LogFormat;
  /** `collab-stream.<command>`: Kibana's Logs app and ingest pipelines route by it. */
  readonly dataset: string;
  /** Where lines go (one call per line, without the newline); stderr by default. */
  readonly write?: (line: string) => void;
  readonly now?: () => Date;
}

export function createLogger(options: LoggerOptions): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const emit =
    options.format === 'json'
      ? (level: LogLevel, message: string, fields?: LogFields) =>
          write(JSON.stringify(ecsRecord(level, message, options.dataset, fields, now())))
      : (_level: LogLevel, message: string) => write(message);
  return {
    format: options.format,
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
  };
}

/** The logger of a command called as a library (tests, e2e helpers) with only `out`: plain lines there. */
export function logOf(io: { readonly log?: Logger; out(text: string): void }, dataset: string): Logger {
  return io.log ?? createLogger({ format: 'text', dataset, write: (line) => io.out(line) });
}
