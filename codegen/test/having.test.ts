// `having` through the front end: what it may read (measures, derived measures as the row holds them, the window),
// and the diagnostics, with their positions, for what it may not.
import path from 'node:path';
import { compileToIr } from '../src/compile';
import { REPO_ROOT, formatDiagnostics } from '../src/diagnostics';
import { createProject } from '../src/load';
import { loadEventSchemas } from '../src/schemas';

const project = createProject();
const schemas = loadEventSchemas(path.join(REPO_ROOT, 'schemas'));
const compile = (file: string) => compileToIr(project, path.join(__dirname, file), schemas);
const firstLine = (file: string) => formatDiagnostics(compile(file).diagnostics).split('\n')[0];

describe('having', () => {
  jest.setTimeout(120_000);

  test('lowers to a boolean function over measures and derived measures (IR v5 and later)', () => {
    const { job, diagnostics } = compile('cases/ok-having/input/job.ts');
    expect(diagnostics).toEqual([]);
    expect(job!.irVersion).toBeGreaterThanOrEqual(5); // having came with v5
    const having = job!.metrics[0]!.having!;
    expect(having.result).toEqual({ base: 'boolean', nullable: false });
    expect(having.source).toBe('(r) => r.participants >= 1 && (r.joins_per_minute ?? 0) >= 1');
    expect(having.origin).toMatchObject({
      file: 'codegen/test/cases/ok-having/input/job.ts',
      line: 20,
      col: 15,
    });
  });

  test('a metric without having has none in its IR', () => {
    const { job } = compile('cases/ok-tumbling/input/job.ts');
    expect(job!.metrics[0]).not.toHaveProperty('having');
  });

  test('a column the row does not have (here the key) is unknown-field, at the name', () => {
    expect(firstLine('having-cases/unknown-column.ts')).toBe(
      "codegen/test/having-cases/unknown-column.ts(12,24): error unknown-field: 'meeting_id' is not a measure or derived measure of this metric",
    );
  });

  test('a having that does not return boolean is type-mismatch, at the function', () => {
    expect(firstLine('having-cases/not-boolean.ts')).toBe(
      'codegen/test/having-cases/not-boolean.ts(11,15): error type-mismatch: having must return boolean, not number',
    );
  });

  test('a derived number read without a null check is nullable-operand, as in a derived measure', () => {
    expect(firstLine('having-cases/nullable.ts')).toMatch(
      /^codegen\/test\/having-cases\/nullable\.ts\(12,22\): error nullable-operand: /,
    );
  });
});
