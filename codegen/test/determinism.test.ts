// Generating twice, in two fresh compiler runs, gives byte-identical output; and the committed generated-java/
// is what the compiler produces now (the same check `npm run gen:check` makes in CI).
import fs from 'node:fs';
import path from 'node:path';
import { GENERATED_DIR, discoverJobFiles, generateAll } from '../src/main';

describe('determinism', () => {
  jest.setTimeout(180_000);

  test('two runs give the same files and bytes, and match generated-java/', () => {
    const first = generateAll(discoverJobFiles());
    const second = generateAll(discoverJobFiles());
    expect(first.errors).toBe('');
    expect([...second.files.keys()]).toEqual([...first.files.keys()]);
    for (const [name, text] of first.files) {
      expect(second.files.get(name)).toBe(text);
      expect(
        text.startsWith('// Code generated') ||
          text.startsWith('-- Code generated') ||
          name.endsWith('.json') ||
          name === 'pom.xml',
      ).toBe(true);
      expect(fs.readFileSync(path.join(GENERATED_DIR, name), 'utf8')).toBe(text);
    }
  });
});
