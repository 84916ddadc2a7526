import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BasicAuth } from 'trino-client';
import { trinoConnection } from '../src/trino';

const base = { server: 'https://127.0.0.1:8088', catalog: 'lake', schema: 'metrics', user: 'collab-e2e' };

describe('trinoConnection', () => {
  it('plain http: the given user, no password, no TLS options', () => {
    const c = trinoConnection({ ...base, server: 'http://127.0.0.1:8088' }, {});
    expect(c.auth).toMatchObject({ type: 'basic', username: 'collab-e2e', password: undefined });
    expect(c.ssl).toBeUndefined();
  });

  it('a password from the environment goes with COLLAB_TRINO_USER, and the CA file is trusted', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'collab-trino-'));
    const ca = path.join(dir, 'ca.pem');
    fs.writeFileSync(ca, 'PEM');
    const c = trinoConnection(base, {
      COLLAB_TRINO_PASSWORD: 'pw',
      COLLAB_TRINO_USER: 'collab',
      COLLAB_TRINO_CA: ca,
    });
    expect(c.auth as BasicAuth).toMatchObject({ username: 'collab', password: 'pw' });
    expect(c.ssl).toEqual({ ca: 'PEM' });
  });

  it('explicit settings win over the environment', () => {
    const c = trinoConnection(
      { ...base, password: 'mine' },
      { COLLAB_TRINO_PASSWORD: 'pw', COLLAB_TRINO_USER: 'x' },
    );
    expect(c.auth as BasicAuth).toMatchObject({ username: 'collab-e2e', password: 'mine' });
  });
});
