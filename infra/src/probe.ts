// Readiness probes shared by services: each answers true/false and never throws, so `up` can poll them; and
// `waitFor`, the one polling loop tests and tools use to wait for a condition (never a bare sleep).
import https from 'node:https';
import net from 'node:net';

export async function httpOk(url: string, timeoutMs = 2000, init: RequestInit = {}): Promise<boolean> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

export async function httpJson<T>(url: string, timeoutMs = 2000): Promise<T | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return undefined;
    return (await res.json()) as T;
  } catch {
    return undefined;
  }
}

/** GET over https trusting `ca` (PEM) and the JSON body of a 2xx answer, else undefined. */
export function httpsJson<T>(url: string, ca: string, timeoutMs = 2000): Promise<T | undefined> {
  return new Promise((resolve) => {
    const req = https.get(url, { ca, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const ok = (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300;
        try {
          resolve(ok ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as T) : undefined);
        } catch {
          resolve(undefined);
        }
      });
      res.on('error', () => resolve(undefined));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}

export function tcpOpen(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Polls `probe` until it returns a value, or throws naming `what` (and the last error seen) after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | null | undefined>,
  everyMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== null && value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause =
        lastError instanceof Error ? `: ${lastError.message}` : lastError ? `: ${String(lastError)}` : '';
      throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
