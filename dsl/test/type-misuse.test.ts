// Proves the misuse in type-misuse.ts fails to compile for the stated reason: with the `@ts-expect-error`
// directives removed, each marked line must produce an error, and nothing else may.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const FILE = path.join(__dirname, 'type-misuse.ts');
const ROOT = path.resolve(__dirname, '../..');

function compile(text: string): ts.Diagnostic[] {
  const configPath = path.join(ROOT, 'tsconfig.json');
  const config = ts.parseJsonConfigFileContent(
    ts.readConfigFile(configPath, ts.sys.readFile).config,
    ts.sys,
    ROOT,
  );
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (path.resolve(name) === FILE ? text : readFile(name));
  const program = ts.createProgram([FILE], config.options, host);
  return [
    ...program.getSemanticDiagnostics(program.getSourceFile(FILE)),
    ...program.getSyntacticDiagnostics(program.getSourceFile(FILE)),
  ];
}

describe('type-level misuse', () => {
  const original = fs.readFileSync(FILE, 'utf8');
  const lines = original.split('\n');
  const isDirective = (line: string) => /^\s*\/\/ @ts-expect-error/.test(line);
  const expectedLines = lines.flatMap((line, i) => (isDirective(line) ? [i + 1] : []));

  it('compiles as written (every directive is used)', () => {
    expect(compile(original).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  });

  it('reports an error on the line after each directive, and nowhere else', () => {
    const stripped = lines.map((line) => (isDirective(line) ? '' : line)).join('\n');
    const errorLines = new Set(
      compile(stripped).map((d) =>
        d.file ? d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1 : -1,
      ),
    );
    expect(expectedLines.length).toBeGreaterThanOrEqual(10);
    expect([...errorLines].sort((a, b) => a - b)).toEqual(expectedLines.map((line) => line + 1));
  });
});
