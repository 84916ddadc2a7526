// Stage 1: load a job file into a ts-morph Project with the repo's compiler options, run the type checker, and
// find the `export default job({...})` call. Everything later reads the AST and the checker through what this
// returns; nothing here interprets the job.
import path from 'node:path';
import { Node, Project, ts } from 'ts-morph';
import type { CallExpression, SourceFile } from 'ts-morph';
import type { Diagnostic } from './diagnostics';
import { REPO_ROOT, diagnosticAt, diagnosticInFile, repoRelative } from './diagnostics';
import { dslCallee, resolveStatic } from './static-value';

export interface LoadedJob {
  readonly sourceFile: SourceFile;
  readonly jobCall: CallExpression;
}

export type LoadResult =
  { ok: true; job: LoadedJob; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/**
 * One Project per compiler run, shared by all job files so that dsl/ and schemas are parsed and checked once.
 * The repo tsconfig supplies compiler options only: its `exclude` (which leaves out the golden test inputs) must
 * not decide what this Project can load.
 */
export function createProject(): Project {
  return new Project({
    tsConfigFilePath: path.join(REPO_ROOT, 'tsconfig.json'),
    skipAddingFilesFromTsConfig: true,
    // Job files need neither Node's nor jest's global types; loading them (the repo tsconfig's `types`) was
    // most of the checker's work: 373 files instead of the 14 of dsl/, jobs/ and schemas/ (bench/README.md).
    compilerOptions: { types: [] },
  });
}

/** Type errors in the job file and in every non-library file it imports (dsl/, jobs/, schemas/ …). */
function typeErrors(project: Project, sourceFile: SourceFile): Diagnostic[] {
  const files = [sourceFile, ...sourceFile.getReferencedSourceFiles()].filter(
    (file) => !file.getFilePath().includes('/node_modules/'),
  );
  const program = project.getProgram().compilerObject;
  const result: Diagnostic[] = [];
  for (const file of files) {
    const compilerFile = program.getSourceFile(file.getFilePath());
    if (!compilerFile) continue;
    for (const d of [
      ...program.getSyntacticDiagnostics(compilerFile),
      ...program.getSemanticDiagnostics(compilerFile),
    ]) {
      if (d.category !== ts.DiagnosticCategory.Error) continue;
      const message = `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
      const node = d.start === undefined ? undefined : file.getDescendantAtPos(d.start);
      if (node) {
        const diagnostic = diagnosticAt(node, 'type-error', message);
        const { line, column } = file.getLineAndColumnAtPos(d.start ?? 0);
        result.push({
          ...diagnostic,
          line,
          col: column,
          length: Math.max(1, Math.min(d.length ?? 1, diagnostic.sourceLine.length - column + 1)),
        });
      } else {
        result.push(diagnosticInFile(repoRelative(file.getFilePath()), 'type-error', message));
      }
    }
  }
  return result;
}

export function loadJob(project: Project, jobFile: string): LoadResult {
  const absolute = path.resolve(jobFile);
  const sourceFile = project.getSourceFile(absolute) ?? project.addSourceFileAtPath(absolute);
  project.resolveSourceFileDependencies();
  const diagnostics = typeErrors(project, sourceFile);
  // A job that does not type-check is not lowered: the checker's answers about it would be guesses.
  if (diagnostics.length > 0) return { ok: false, diagnostics };

  const exported = sourceFile.getExportAssignments().find((assignment) => !assignment.isExportEquals());
  if (!exported) {
    return {
      ok: false,
      diagnostics: [
        diagnosticInFile(
          repoRelative(absolute),
          'no-job-export',
          'a job file must `export default job({...})`',
        ),
      ],
    };
  }
  const resolved = resolveStatic(exported.getExpression());
  if (!resolved.ok) return { ok: false, diagnostics: [resolved.diagnostic] };
  const value = resolved.value;
  if (
    value.kind !== 'dsl-call' ||
    value.name !== 'job' ||
    !Node.isCallExpression(value.node) ||
    dslCallee(value.node) !== 'job'
  ) {
    return {
      ok: false,
      diagnostics: [
        diagnosticAt(
          exported.getExpression(),
          'no-job-export',
          'the default export must be a call to job({...}) from dsl/',
        ),
      ],
    };
  }
  return { ok: true, job: { sourceFile, jobCall: value.node }, diagnostics: [] };
}
