// Table-driven tests of expression translation: a TypeScript arrow function in, the Java body (or a diagnostic
// code) out. Each function is checked by the real type checker in an in-memory file next to the golden cases.
import path from 'node:path';
import { Node } from 'ts-morph';
import { REPO_ROOT } from '../src/diagnostics';
import { emitFnBody } from '../src/emit/java-expr';
import type { JavaEnv } from '../src/emit/java-expr';
import { kindOf } from '../src/emit/java-expr';
import { translateFunction } from '../src/expr/translate';
import type { ValueType } from '../src/ir';
import { createProject } from '../src/load';

const project = createProject();
const measures = new Map<string, ValueType>([
  ['joins', { base: 'number', nullable: false }],
  ['lag', { base: 'number', nullable: true }],
]);
const env: JavaEnv = {
  field: () => {
    throw new Error('no fields');
  },
  measure: (name) => ({ code: `m_${name}`, kind: measures.get(name)!.nullable ? 'Double' : 'double' }),
  window: (name) => ({ code: `w_${name}`, kind: 'double' }),
};

let counter = 0;
function translate(fnSource: string): { java?: string; code?: string } {
  const file = path.join(REPO_ROOT, 'codegen', 'test', 'cases', `__expr_${counter++}.ts`);
  const text = `const LIMIT = 10;\nlet mutable = 1;\nvoid mutable;\ntype M = { readonly joins: number; readonly lag: number | null };\ntype W = { readonly start: number; readonly end: number; readonly seconds: number };\nexport const fn = ${fnSource};\n`;
  const sourceFile = project.createSourceFile(file, text, { overwrite: true });
  try {
    const initializer = sourceFile.getVariableDeclarationOrThrow('fn').getInitializerOrThrow();
    if (!Node.isArrowFunction(initializer)) throw new Error('not an arrow function');
    const result = translateFunction(initializer, { kind: 'derived', measures });
    if (!result.ok) return { code: result.diagnostics[0]!.code };
    return { java: emitFnBody(result.fn, env, kindOf(result.fn.result), '').join('\n') };
  } finally {
    project.removeSourceFile(sourceFile);
  }
}

const P = '(m: M, w: W)';
const accepted: [string, string][] = [
  [`${P} => m.joins / w.seconds`, 'return (m_joins / w_seconds);'],
  [`${P} => m.lag ?? 0`, 'return Js.coalesce(m_lag, Double.valueOf(0.0)).doubleValue();'],
  [`${P} => m.lag`, 'return m_lag;'],
  [
    `${P} => (m.lag === null ? 0 : m.lag * 2)`,
    'return ((m_lag == null) ? 0.0 : (m_lag.doubleValue() * 2.0));',
  ],
  [`${P} => m.lag !== null && m.lag > LIMIT`, 'return (!(m_lag == null) && (m_lag.doubleValue() > 10.0));'],
  [
    `${P} => Math.round(m.joins) + Math.min(1, 2, m.joins)`,
    'return (Js.round(m_joins) + Math.min(1.0, Math.min(2.0, m_joins)));',
  ],
  [`${P} => -m.joins % 3`, 'return ((-m_joins) % 3.0);'],
  [`${P} => m.joins === 1 ? 'one' : 'many'`, 'return ((m_joins == 1.0) ? "one" : "many");'],
  [
    `${P} => { const n = Math.max(m.joins, 1); if (n > 5) return true; return false; }`,
    'final double l_n = Math.max(m_joins, 1.0);\nif ((l_n > 5.0)) {\n  return true;\n}\nreturn false;',
  ],
  [`${P} => m.lag === m.lag`, 'return Js.strictEquals(m_lag, m_lag);'],
  [
    `${P} => 'a'.toUpperCase() === 'A'`,
    'return java.util.Objects.equals("a".toUpperCase(java.util.Locale.ROOT), "A");',
  ],
  [`${P} => NaN`, 'return Double.NaN;'],
];
const rejected: [string, string][] = [
  [`${P} => m.joins == 1`, 'loose-equality'],
  [`${P} => m.joins & 1`, 'bitwise-operator'],
  [`${P} => m.joins + mutable`, 'captured-variable'],
  [`${P} => { let x = 1; return x; }`, 'let-declaration'],
  [`${P} => { while (m.joins > 1) { return 1; } return 0; }`, 'loop'],
  [`${P} => Math.sqrt(m.joins)`, 'unknown-call'],
  [`${P} => (m.joins ? 1 : 0)`, 'non-boolean-condition'],
  [`${P} => 'x' + m.joins`, 'mixed-concatenation'],
  [`${P} => m.joins > 1 ? 'a' : 1`, 'mixed-derived-type'],
  [`${P} => m.lag!`, 'unsupported-syntax'],
  [`${P} => m.joins ** 2`, 'unsupported-syntax'],
  [`${P} => undefined`, 'undefined-value'],
];

describe('expression translation', () => {
  jest.setTimeout(60_000);
  test.each(accepted)('%s', (source, java) => {
    expect(translate(source)).toEqual({ java });
  });
  test.each(rejected)('%s is rejected with %s', (source, code) => {
    expect(translate(source)).toEqual({ code });
  });
});
