import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { catalogOrder, registerProjectSchemas, subjectFor } from '../src/project-schemas';
import type { RegistryClient } from '../src/rest';

describe('project schemas', () => {
  it('registers every catalog version under <topic>-value, in catalog order', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regschemas-'));
    fs.mkdirSync(path.join(dir, 'avro'));
    fs.writeFileSync(path.join(dir, 'avro', 'a.v1.avsc'), '"int"');
    fs.writeFileSync(path.join(dir, 'avro', 'a.v2.avsc'), '"long"');
    fs.writeFileSync(path.join(dir, 'avro', 'b.v1.avsc'), '"string"');
    const catalog = {
      topics: {
        a: { record: 'A', versions: ['a.v1.avsc', 'a.v2.avsc'] },
        b: { record: 'B', versions: ['b.v1.avsc'] },
      },
    };
    fs.writeFileSync(path.join(dir, 'registry.json'), JSON.stringify(catalog));
    expect(catalogOrder(catalog).map((e) => `${e.subject}:${e.file}`)).toEqual([
      'a-value:a.v1.avsc',
      'a-value:a.v2.avsc',
      'b-value:b.v1.avsc',
    ]);
    const calls: string[] = [];
    const fake = {
      register: async (subject: string, schema: string) => {
        calls.push(`${subject}=${schema}`);
        return calls.length === 3 ? 9 : calls.length;
      },
    } as unknown as RegistryClient;
    const out = await registerProjectSchemas(fake, dir);
    expect(calls).toEqual(['a-value="int"', 'a-value="long"', 'b-value="string"']);
    expect(out.map((r) => [r.id, r.expectedId])).toEqual([
      [1, 1],
      [2, 2],
      [9, 3],
    ]);
  });

  it('does nothing without a catalog', async () => {
    const fake = {} as RegistryClient;
    expect(await registerProjectSchemas(fake, fs.mkdtempSync(path.join(os.tmpdir(), 'regnone-')))).toEqual(
      [],
    );
  });

  it('matches the repository catalog files', () => {
    const root = path.resolve(__dirname, '..', '..', '..', 'schemas');
    const catalog = JSON.parse(fs.readFileSync(path.join(root, 'registry.json'), 'utf8')) as Parameters<
      typeof catalogOrder
    >[0];
    for (const { subject, file } of catalogOrder(catalog)) {
      expect(subject).toMatch(/-value$/);
      expect(fs.existsSync(path.join(root, 'avro', file))).toBe(true);
    }
    expect(subjectFor('user_events')).toBe('user_events-value');
  });
});
