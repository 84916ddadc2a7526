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
