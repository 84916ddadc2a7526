// The DSL and the compiler apply one definition of each rule (dsl/rules.ts): every golden error case of a rule
// code, run as the evaluator runs it, throws a DslError with the same code and the message the compiler prints.
import fs from 'node:fs';
import path from 'node:path';
import { DslError, RULE_CODES } from '../../dsl';
import { compileToIr } from '../src/compile';
import { REPO_ROOT } from '../src/diagnostics';
import { createProject } from '../src/load';
import { loadEventSchemas } from '../src/schemas';

const CASES_DIR = path.join(__dirname, 'cases');
const project = createProject();
const schemas = loadEventSchemas(path.join(REPO_ROOT, 'schemas'));
const ruleCases = Object.keys(RULE_CODES).map((code) => `err-${code}`);

describe('rules shared by the DSL and the compiler', () => {
  jest.setTimeout(60_000);

  test.each(ruleCases)('%s: the DSL throws what the compiler reports', async (caseName) => {
    const input = path.join(CASES_DIR, caseName, 'input', 'job.ts');
    expect(fs.existsSync(input)).toBe(true);
    let thrown: unknown;
    try {
      await import(input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DslError);
    const dslError = thrown as DslError;
    expect(dslError.code).toBe(caseName.slice('err-'.length));
    const compiled = compileToIr(project, input, schemas);
    expect(compiled.diagnostics.map((d) => d.code)).toContain(dslError.code);
    expect(compiled.diagnostics.some((d) => d.message.includes(dslError.message))).toBe(true);
  });
});
