// Diagnostics are values, never exceptions: every stage returns the problems it found so that one run reports
// all of them, and tests can compare them as text. Codes are stable kebab-case strings (like TypeScript's TSxxxx
// numbers): documentation, golden files and users' muscle memory depend on them, so never rename one.
import fs from 'node:fs';
import path from 'node:path';
import type { Node } from 'ts-morph';
import { RULE_CODES } from '../../dsl/rules';

/** Where a diagnostic points: a repo-relative file, 1-based line and column, and the culprit's length. */
export interface SourceSpan {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly length: number;
}

export interface Diagnostic extends SourceSpan {
  readonly code: DiagnosticCode;
  readonly message: string;
  /** The whole source line the span starts on, without its line break. */
  readonly sourceLine: string;
}

/** Paths in diagnostics and in the IR are relative to this folder, so output is the same on every machine. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export function repoRelative(absolutePath: string): string {
  return path.relative(REPO_ROOT, absolutePath).split(path.sep).join('/');
}

/** The span of a node, starting at its first token (not its leading trivia). */
export function spanOf(node: Node): SourceSpan {
  const sourceFile = node.getSourceFile();
  const start = node.getStart();
  const { line, column } = sourceFile.getLineAndColumnAtPos(start);
  // A span stops at the end of its first line: the squiggle is drawn under one line only.
  const text = sourceFile.getFullText();
  const lineEnd = text.indexOf('\n', start);
  const end = Math.min(node.getEnd(), lineEnd === -1 ? text.length : lineEnd);
  return {
    file: repoRelative(sourceFile.getFilePath()),
    line,
    col: column,
    length: Math.max(1, end - start),
  };
}

export function diagnosticAt(node: Node, code: DiagnosticCode, message: string): Diagnostic {
  const span = spanOf(node);
  const sourceLine = node.getSourceFile().getFullText().split('\n')[span.line - 1] ?? '';
  return { ...span, code, message, sourceLine: sourceLine.replace(/\r$/, '') };
}

/** A diagnostic with no useful position (e.g. a missing file). */
export function diagnosticInFile(file: string, code: DiagnosticCode, message: string): Diagnostic {
  return { file, line: 1, col: 1, length: 1, code, message, sourceLine: '' };
}

/**
 * Prints like tsc's "pretty: false" output followed by the line and a squiggle:
 *
 *     jobs/x.ts(12,31): error loose-equality: use === instead of ==
 *       where: (e) => e.event_type == 'join',
 *                                  ^~
 */
export function formatDiagnostic(d: Diagnostic): string {
  const head = `${d.file}(${d.line},${d.col}): error ${d.code}: ${d.message}`;
  if (d.sourceLine === '') return head;
  const underline =
    ' '.repeat(d.col - 1) +
    '^' +
    '~'.repeat(Math.max(0, Math.min(d.length, d.sourceLine.length - d.col + 1) - 1));
  return `${head}\n  ${d.sourceLine}\n  ${underline}`;
}

export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map(formatDiagnostic).join('\n') + (diagnostics.length > 0 ? '\n' : '');
}

/** Source order, so output does not depend on the order stages happened to find things in. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  // Plain code-unit order (not localeCompare): output must not depend on the machine's locale.
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...diagnostics].sort(
    (a, b) => order(a.file, b.file) || a.line - b.line || a.col - b.col || order(a.code, b.code),
  );
}

/**
 * Every code the compiler can report, with its one meaning: the definition rules shared with the DSL
 * (dsl/rules.ts) and the compiler's own. `diagnosticAt` takes only these, so a misspelt code does not compile;
 * docs/COMPILER.md's table and the golden error cases are checked against this list.
 */
export const DIAGNOSTIC_CODES = {
  'type-error': 'the TypeScript type checker rejects the job file',
  'no-job-export': 'the file has no `export default job({...})`',
  'not-static': 'a definition value the compiler cannot read without running code',
  'unknown-dsl-call': 'a call that is not one of the DSL functions where one is expected',
  'bad-measures-shape': 'measures must be `(m) => ({ name: m.….agg(…), … })`',
  ...RULE_CODES,
  'unknown-topic': 'a topic with no schema in schemas/registry.json',
  'bad-key-field': 'the key is not a required string field of every source',
  'bad-event-time': 'the event-time field is not a timestamp-millis long of the topic',
  'loose-equality': '== or != (JavaScript coerces; write === or !==)',
  'bitwise-operator': 'bitwise operators (they truncate to 32-bit integers)',
  assignment: 'assignment, increment or decrement inside a metric function',
  loop: 'a loop inside a metric function',
  'let-declaration': 'let or var inside a metric function (write const)',
  'captured-variable': 'a metric function reads a variable that is not a const',
  'non-literal-constant': 'a metric function reads a const whose value is not a literal',
  'unknown-call': 'a call outside the documented subset (Math.min/max/abs/round/floor/ceil, string methods)',
  'non-boolean-condition': 'a condition, !, && or || whose operand is not a boolean',
  'mixed-concatenation':
    '+ between a string and a non-string (number formatting differs between JS and Java)',
  'nullable-operand': 'arithmetic or comparison on a value that may be null (write `?? default` first)',
  'type-mismatch':
    'a value of the wrong type where it is used: an operand, a comparison, or what a measure function returns',
  'unsupported-syntax': 'syntax outside the documented subset',
  'undefined-value': '`undefined` (decoded events and measures hold null, never undefined)',
  'mixed-derived-type': 'a function that may return values of different types on different paths',
  'missing-return': 'a function body whose last statement is not a return',
  'unknown-field': 'a field that is not in the schema of every source the function sees',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

const fileLines = new Map<string, readonly string[]>();

/** A diagnostic at a span recorded in the IR (validate.ts runs after the AST is gone). */
export function diagnosticAtSpan(span: SourceSpan, code: DiagnosticCode, message: string): Diagnostic {
  let lines = fileLines.get(span.file);
  if (!lines) {
    try {
      lines = fs.readFileSync(path.join(REPO_ROOT, span.file), 'utf8').split('\n');
    } catch {
      lines = [];
    }
    fileLines.set(span.file, lines);
  }
  return { ...span, code, message, sourceLine: (lines[span.line - 1] ?? '').replace(/\r$/, '') };
}
