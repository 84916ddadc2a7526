import { pbkdf2Sync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kafkajsSecurity, parseProperties } from '../../kafka/src/security';
import { loadConfig, parseConfig } from '../src/config';
import { createContext, secureMarker } from '../src/context';
import {
  clientPropertiesText,
  envFileText,
  secureFiles,
  trinoPasswordEntry,
  writePrivate,
} from '../src/secure';
import type { Secrets } from '../src/secure';

const secrets: Secrets = {
  kafkaBrokerPassword: 'b-pw',
  kafkaClientPassword: 'c-pw',
  trinoPassword: 't-pw',
  trinoSharedSecret: 'shared',
  keystorePassword: 'ks',
};

describe('secured stack material', () => {
  it('is off unless asked for (COLLAB_STACK_SECURE or "secure": true)', () => {
    expect(loadConfig({}).secure).toBe(false);
    expect(loadConfig({ COLLAB_STACK_SECURE: '1' }).secure).toBe(true);
    const raw = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'stack.config.json'), 'utf8'));
    expect(parseConfig({ ...raw, secure: true }, {}).secure).toBe(true);
  });

  it('writes a Trino PBKDF2 entry that the same derivation (PBKDF2WithHmacSHA1) verifies', () => {
    const [user, iterations, salt, hash] = trinoPasswordEntry('collab', 'pw').split(':');
    expect(user).toBe('collab');
    expect(Number(iterations)).toBeGreaterThanOrEqual(1000);
    const again = pbkdf2Sync('pw', Buffer.from(salt ?? '', 'hex'), Number(iterations), 32, 'sha1');
    expect(again.toString('hex')).toBe(hash);
  });

  it('the client properties map onto kafkajs SASL_SSL with SCRAM-SHA-512 and the CA', () => {
    const ctx = createContext(() => undefined);
    const files = secureFiles(ctx);
    const props = parseProperties(clientPropertiesText(files, secrets));
    expect(props.get('ssl.truststore.location')).toBe(files.caPem);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'collab-secure-'));
    fs.writeFileSync(path.join(dir, 'ca.pem'), 'PEM');
    props.set('ssl.truststore.location', path.join(dir, 'ca.pem'));
    expect(kafkajsSecurity(props)).toEqual({
      ssl: { ca: 'PEM' },
      sasl: { mechanism: 'scram-sha-512', username: 'collab', password: 'c-pw' },
    });
    const env = envFileText(ctx, files, secrets);
    expect(env).toContain(`COLLAB_KAFKA_PROPERTIES='${files.clientProperties}'`);
    expect(env).toContain(`COLLAB_TRINO_URL='https://127.0.0.1:${ctx.config.trino.port}'`);
  });

  it('writePrivate makes a file 0600, also one that existed with a wider mode', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'collab-secure-')), 'f');
    fs.writeFileSync(file, 'old', { mode: 0o644 });
    writePrivate(file, 'new');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
  });
});

describe('a stack started with up --secure', () => {
  it('is secure for every later command until down removes its marker', () => {
    const stackDir = fs.mkdtempSync(path.join(os.tmpdir(), 'collab-stack-mode-'));
    const env = { COLLAB_STACK_DIR: stackDir };
    try {
      expect(createContext(() => undefined, env).config.secure).toBe(false);
      const ctx = createContext(() => undefined, { ...env, COLLAB_STACK_SECURE: '1' });
      fs.mkdirSync(ctx.paths.run, { recursive: true });
      fs.writeFileSync(secureMarker(ctx.paths), '');
      expect(createContext(() => undefined, env).config.secure).toBe(true);
      fs.rmSync(secureMarker(ctx.paths));
      expect(createContext(() => undefined, env).config.secure).toBe(false);
    } finally {
      fs.rmSync(stackDir, { recursive: true, force: true });
    }
  });
});
