import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  jaasCredentials,
  kafkaClientProperties,
  kafkaSecurityFromEnv,
  kafkajsSecurity,
  parseProperties,
} from '../src/security';

const JAAS =
  'org.apache.kafka.common.security.scram.ScramLoginModule required username="collab" password="s3\\"cr=t";';

describe('parseProperties', () => {
  it('reads the separators, comments, continuations and escapes of Java properties', () => {
    const props = parseProperties(
      [
        '# comment',
        '! also a comment',
        'security.protocol=SASL_SSL',
        '  sasl.mechanism : SCRAM-SHA-512',
        'ssl.ca.location /tmp/ca.pem',
        'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\',
        '    username="u" password="p";',
        'escaped\\=key=a\\tb\\u0041',
        'empty=',
      ].join('\n'),
    );
    expect(Object.fromEntries(props)).toEqual({
      'security.protocol': 'SASL_SSL',
      'sasl.mechanism': 'SCRAM-SHA-512',
      'ssl.ca.location': '/tmp/ca.pem',
      'sasl.jaas.config':
        'org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="p";',
      'escaped=key': 'a\tbA',
      empty: '',
    });
  });
});

describe('jaasCredentials', () => {
  it('takes quoted (with escapes) and bare values', () => {
    expect(jaasCredentials(JAAS)).toEqual({ username: 'collab', password: 's3"cr=t' });
    expect(jaasCredentials('X required username=bare password=pw;')).toEqual({
      username: 'bare',
      password: 'pw',
    });
  });
});

describe('kafkajsSecurity', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'collab-kafka-sec-'));
  const ca = path.join(dir, 'ca.pem');
  fs.writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');

  it('is empty in plaintext', () => {
    expect(kafkajsSecurity(new Map())).toEqual({});
    expect(kafkajsSecurity(new Map([['security.protocol', 'PLAINTEXT']]))).toEqual({});
  });

  it('maps SASL_SSL with SCRAM-SHA-512, a JAAS line and a PEM CA (relative to the file)', () => {
    const sec = kafkajsSecurity(
      new Map([
        ['security.protocol', 'SASL_SSL'],
        ['sasl.mechanism', 'SCRAM-SHA-512'],
        ['sasl.jaas.config', JAAS],
        ['ssl.truststore.type', 'PEM'],
        ['ssl.truststore.location', 'ca.pem'],
      ]),
      dir,
    );
    expect(sec.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'collab', password: 's3"cr=t' });
    expect(sec.ssl).toEqual({ ca: fs.readFileSync(ca, 'utf8') });
  });

  it('prefers sasl.username/password, and turns host-name checks off only when asked', () => {
    const sec = kafkajsSecurity(
      new Map([
        ['security.protocol', 'sasl_ssl'],
        ['sasl.mechanism', 'PLAIN'],
        ['sasl.jaas.config', JAAS],
        ['sasl.username', 'other'],
        ['sasl.password', 'pw'],
        ['ssl.endpoint.identification.algorithm', ''],
      ]),
    );
    expect(sec.sasl).toEqual({ mechanism: 'plain', username: 'other', password: 'pw' });
    const ssl = sec.ssl as { checkServerIdentity: () => unknown };
    expect(ssl.checkServerIdentity()).toBeUndefined();
  });

  it('SSL alone: TLS with the system CAs', () => {
    expect(kafkajsSecurity(new Map([['security.protocol', 'SSL']]))).toEqual({ ssl: true });
  });

  it('refuses what it cannot honour', () => {
    expect(() => kafkajsSecurity(new Map([['security.protocol', 'SASL_TLS']]))).toThrow(/not one of/);
    expect(() =>
      kafkajsSecurity(
        new Map([
          ['security.protocol', 'SASL_SSL'],
          ['sasl.mechanism', 'GSSAPI'],
        ]),
      ),
    ).toThrow(/not supported/);
    expect(() =>
      kafkajsSecurity(
        new Map([
          ['security.protocol', 'SASL_PLAINTEXT'],
          ['sasl.mechanism', 'PLAIN'],
        ]),
      ),
    ).toThrow(/username and password/);
    expect(() =>
      kafkajsSecurity(
        new Map([
          ['security.protocol', 'SSL'],
          ['ssl.truststore.location', 'x.p12'],
        ]),
      ),
    ).toThrow(/PEM/);
  });

  it('from the environment: the properties file, then env overrides', () => {
    const file = path.join(dir, 'client.properties');
    fs.writeFileSync(
      file,
      `security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=${JAAS.replace(/\\/g, '\\\\')}\nssl.ca.location=ca.pem\n`,
    );
    const env = { COLLAB_KAFKA_PROPERTIES: file, COLLAB_KAFKA_SASL_PASSWORD: 'override' };
    expect(kafkaClientProperties(env).get('sasl.password')).toBe('override');
    const sec = kafkaSecurityFromEnv(env);
    expect(sec.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'collab', password: 'override' });
    expect(sec.ssl).toEqual({ ca: fs.readFileSync(ca, 'utf8') });
    expect(kafkaSecurityFromEnv({})).toEqual({});
    expect(() => kafkaSecurityFromEnv({ COLLAB_KAFKA_PROPERTIES: path.join(dir, 'missing') })).toThrow(
      /cannot read/,
    );
  });
});
