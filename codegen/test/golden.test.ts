// Golden (baseline) tests, as in the TypeScript compiler's test suite: each folder under cases/ holds an input job
// and the expected output — diagnostics.txt for a job the compiler rejects, otherwise the IR, Java, state manifest
// and Trino DDL. UPDATE_GOLDEN=1 rewrites the expected files; review the diff like any code change. Inputs vary the
// shared base metric (golden-base.ts), so each case shows only what it is about.
import fs from 'node:fs';
import path from 'node:path';
import { compileToIr } from '../src/compile';
import { DIAGNOSTIC_CODES, REPO_ROOT, formatDiagnostics } from '../src/diagnostics';
import { generateJobFiles } from '../src/generate';
import { createProject } from '../src/load';
import { listFiles, writeTree } from '../src/main';
import { loadEventSchemas } from '../src/schemas';

const CASES_DIR = path.join(__dirname, 'cases');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const project = createProject();
const schemas = loadEventSchemas(path.join(REPO_ROOT, 'schemas'));

function outputsOf(caseName: string): Map<string, string> {
  const result = compileToIr(project, path.join(CASES_DIR, caseName, 'input', 'job.ts'), schemas);
  if (!result.job) return new Map([['diagnostics.txt', formatDiagnostics(result.diagnostics)]]);
  return generateJobFiles(result.job);
}

const cases = fs.readdirSync(CASES_DIR).sort();

describe('golden cases', () => {
  jest.setTimeout(120_000);

  test.each(cases)('%s', (caseName) => {
    const actual = outputsOf(caseName);
    const expectedDir = path.join(CASES_DIR, caseName, 'expected');
    if (UPDATE) {
      fs.rmSync(expectedDir, { recursive: true, force: true });
      writeTree(expectedDir, actual);
    }
    expect(listFiles(expectedDir)).toEqual([...actual.keys()].sort());
    for (const [name, text] of actual)
      expect(`${name}:\n${text}`).toBe(`${name}:\n${fs.readFileSync(path.join(expectedDir, name), 'utf8')}`);
  });

  test('every diagnostic code has its case err-<code>, which reports that code only', () => {
    const errorCases = cases.filter((c) => c.startsWith('err-'));
    expect(errorCases.map((c) => c.slice('err-'.length)).sort()).toEqual(
      Object.keys(DIAGNOSTIC_CODES).sort(),
    );
    for (const caseName of errorCases) {
      const text = fs.readFileSync(path.join(CASES_DIR, caseName, 'expected', 'diagnostics.txt'), 'utf8');
      const codes = [...text.matchAll(/^\S+\(\d+,\d+\): error ([a-z-]+):/gm)].map((m) => m[1]);
      expect({ caseName, codes: [...new Set(codes)] }).toEqual({ caseName, codes: [caseName.slice(4)] });
    }
  });
});
