import type avro from 'avsc';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { loadCatalog, parseAvsc, recordFields } from '../src/catalog';

const catalog = loadCatalog();

describe('schemas', () => {
  it('has a reader schema for each topic with the shared event fields', () => {
    for (const topic of ['user_events', 'chat_events', 'meeting_events']) {
      const reader = catalog.topics.get(topic)!.reader;
      const names = recordFields(reader.schema).map((f) => f.name);
      expect(names.slice(0, 6)).toEqual([
        'event_id',
        'event_type',
        'meeting_id',
        'user_id',
        'org_id',
        'timestamp',
      ]);
      for (const field of recordFields(reader.schema)) expect(field.doc).toBeTruthy();
    }
  });

  it('assigns ids in registration order', () => {
    expect([...catalog.byId.values()].map((v) => `${v.id}:${v.file}`)).toEqual([
      '1:user_events.v1.avsc',
      '2:user_events.v2.avsc',
      '3:chat_events.v1.avsc',
      '4:meeting_events.v1.avsc',
    ]);
  });

  describe('user_events v1 and v2 read each other', () => {
    const [v1, v2] = catalog.topics.get('user_events')!.versions.map((v) => v.type) as [avro.Type, avro.Type];
    const event = {
      event_id: 'e1',
      event_type: 'join',
      meeting_id: 'm1',
      user_id: 'u1',
      org_id: 'o1',
      timestamp: 1_764_064_800_000,
    };

    it('v2 reads v1 data, filling the default (backward)', () => {
      expect(v2.fromBuffer(v1.toBuffer(event), v2.createResolver(v1))).toMatchObject({
        ...event,
        client_platform: 'unknown',
      });
    });

    it('v1 reads v2 data, ignoring the new field (forward)', () => {
      const decoded = v1.fromBuffer(
        v2.toBuffer({ ...event, client_platform: 'ios' }),
        v1.createResolver(v2),
      ) as Record<string, unknown>;
      expect(decoded).toMatchObject(event);
      expect(decoded).not.toHaveProperty('client_platform');
    });

    it('an incompatible change is detected (a new field without a default)', () => {
      const schema = JSON.parse(JSON.stringify(catalog.topics.get('user_events')!.versions[1]!.schema));
      delete schema.fields[6].default;
      expect(() => parseAvsc(schema).createResolver(v1)).toThrow(/client_platform/);
    });
  });

  describe('longs over the whole 64-bit range, as Java writes and reads them', () => {
    const long = parseAvsc('long');
    /** Avro's zig-zag varint of a BigInt, written independently of avsc. */
    const zigzag = (n: bigint): Buffer => {
      let z = BigInt.asUintN(64, (n << 1n) ^ (n >> 63n));
      const bytes: number[] = [];
      do {
        const low = Number(z & 0x7fn);
        z >>= 7n;
        bytes.push(z > 0n ? low | 0x80 : low);
      } while (z > 0n);
      return Buffer.from(bytes);
    };

    it.each([0n, -1n, 1_764_064_800_000n, -9_000_000_000_000_000n, 2n ** 62n, -(2n ** 63n)])(
      '%s encodes to its zig-zag varint and decodes back',
      (n) => {
        expect(long.toBuffer(Number(n))).toEqual(zigzag(n));
        expect(long.fromBuffer(zigzag(n))).toBe(Number(n));
      },
    );

    it('decodes a long beyond 2^53 to the nearest number', () => {
      expect(long.fromBuffer(zigzag(2n ** 63n - 1n))).toBe(2 ** 63);
      expect(long.fromBuffer(zigzag(2n ** 53n + 1n))).toBe(2 ** 53);
    });

    it('refuses fractions and values beyond 64 bits', () => {
      expect(long.isValid(1.5)).toBe(false);
      expect(long.isValid(2 ** 63)).toBe(false);
      expect(long.isValid(-(2 ** 63))).toBe(true);
    });
  });

  it('keeps the generated TypeScript types in step with the schemas', () => {
    const root = path.resolve(__dirname, '../..');
    expect(() =>
      execFileSync(
        process.execPath,
        [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'schemas/gen-types.ts', '--check'],
        { cwd: root, stdio: 'pipe' },
      ),
    ).not.toThrow();
  });
});
