// The dashboard server's request log in ECS JSON: fastify's own pino logger, with formatters that rename pino's
// fields to ECS names (the same shape as cli/src/log.ts), so one ingest pipeline reads the CLI and the server.
// No @elastic/ecs-pino-format: the mapping is a dozen fields and pino comes with fastify.
import type { FastifyServerOptions } from 'fastify';
import { ECS_VERSION, SERVICE_NAME } from '../../cli/src/log';

export const DASHBOARD_DATASET = `${SERVICE_NAME}.dashboard`;

// pino runs `formatters.log` before its serializers, so these are fastify's request and reply and an Error.
interface LoggedRequest {
  method?: string;
  url?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** The fields of one log call (fastify's `req`, `res`, `responseTime`, `err`) under their ECS names. */
function ecsFields(object: Record<string, unknown>): Record<string, unknown> {
  const { req, res, responseTime, err, ...rest } = object as {
    req?: LoggedRequest;
    res?: { statusCode?: number };
    responseTime?: number;
    err?: Error;
  } & Record<string, unknown>;
  const fields: Record<string, unknown> = { ...rest };
  if (req) {
    const [pathPart, query] = (req.url ?? '').split('?', 2);
    fields['http.request.method'] = req.method;
    fields['url.path'] = pathPart;
    if (query !== undefined) fields['url.query'] = query;
    fields['client.address'] = req.ip;
    fields['client.port'] = req.socket?.remotePort;
  }
  if (res) fields['http.response.status_code'] = res.statusCode;
  // ECS event.duration is in nanoseconds; fastify measures milliseconds.
  if (typeof responseTime === 'number') fields['event.duration'] = Math.round(responseTime * 1e6);
  if (err) {
    fields['error.type'] = err.name;
    fields['error.message'] = err.message;
    fields['error.stack_trace'] = err.stack;
  }
  return fields;
}

/**
 * Fastify `logger` options that write one ECS JSON object per line to `stream` (stderr by default). Pino writes
 * the timestamp and level itself, before the other fields: `@timestamp`, `log.level`, then the message.
 */
export function ecsRequestLogger(
  stream: { write(line: string): void } = process.stderr,
): NonNullable<FastifyServerOptions['logger']> {
  return {
    level: 'info',
    stream,
    messageKey: 'message',
    timestamp: () => `,"@timestamp":"${new Date().toISOString()}"`,
    // The root's bindings (pid, hostname) become the service fields; fastify's per-request child binds the id.
    base: { 'ecs.version': ECS_VERSION, 'service.name': SERVICE_NAME, 'event.dataset': DASHBOARD_DATASET },
    formatters: {
      level: (label: string) => ({ 'log.level': label }),
      log: ecsFields,
    },
  };
}

/** Fastify's per-request id under its ECS name (fastify calls it reqId). */
export const REQUEST_ID_LOG_LABEL = 'http.request.id';
