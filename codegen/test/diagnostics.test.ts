// docs/COMPILER.md documents every diagnostic code, and only those: its table is read and compared with the set
// the compiler can report.
import fs from 'node:fs';
import path from 'node:path';
import { DIAGNOSTIC_CODES, REPO_ROOT } from '../src/diagnostics';

function documentedCodes(): string[] {
  const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'COMPILER.md'), 'utf8');
  const start = doc.indexOf('\n## Diagnostic codes\n');
  expect(start).toBeGreaterThan(-1);
  const end = doc.indexOf('\n## ', start + 1);
  const section = doc.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!);
}

describe('diagnostic codes', () => {
  test("docs/COMPILER.md's table lists each code of DIAGNOSTIC_CODES once", () => {
    const documented = documentedCodes();
    expect(documented.length).toBe(new Set(documented).size);
    expect([...documented].sort()).toEqual(Object.keys(DIAGNOSTIC_CODES).sort());
  });

  test('codes are kebab-case', () => {
    for (const code of Object.keys(DIAGNOSTIC_CODES)) expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });
});
