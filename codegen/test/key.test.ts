// Composite keys through the front end: the IR keeps the key as written (a single field stays a string), each part
// becomes a varchar column in order, and each part the sources do not have as a required string is bad-key-field at
// that part, with a message saying why.
import path from 'node:path';
import { compileToIr } from '../src/compile';
import { IR_VERSION } from '../src/ir';
import { REPO_ROOT } from '../src/diagnostics';
import { createProject } from '../src/load';
import { loadEventSchemas } from '../src/schemas';

const project = createProject();
const schemas = loadEventSchemas(path.join(REPO_ROOT, 'schemas'));
const compile = (file: string) => compileToIr(project, path.join(__dirname, file), schemas);

describe('composite keys', () => {
  jest.setTimeout(120_000);

  test('lower to the list of fields and one varchar column per field, before the window (IR v6)', () => {
    const { job, diagnostics } = compile('cases/ok-composite-key/input/job.ts');
    expect(diagnostics).toEqual([]);
    expect(job!.irVersion).toBe(IR_VERSION);
    const metric = job!.metrics[0]!;
    expect(metric.key).toEqual(['org_id', 'meeting_id']);
    expect(metric.columns.slice(0, 3)).toEqual([
      { name: 'org_id', type: 'varchar', nullable: false },
      { name: 'meeting_id', type: 'varchar', nullable: false },
      { name: 'window_start', type: 'timestamp', nullable: false },
    ]);
  });

  test('a single-field key stays a string in the IR', () => {
    expect(compile('cases/ok-tumbling/input/job.ts').job!.metrics[0]!.key).toBe('meeting_id');
  });

  test('each field the sources do not all have as a required string is bad-key-field at that field, saying why', () => {
    const file = 'codegen/test/key-cases/bad-fields.ts';
    const why = 'every key field must be a required string field of every source';
    expect(
      compile('key-cases/bad-fields.ts').diagnostics.map(
        (d) => `${d.file}(${d.line},${d.col}): ${d.code}: ${d.message}`,
      ),
    ).toEqual([
      `${file}(15,23): bad-key-field: key field 'room_id' is not a field of chat_events: ${why}`,
      `${file}(24,27): bad-key-field: key field 'emoji' may be null in chat_events: ${why}`,
      `${file}(33,27): bad-key-field: key field 'message_length' is an int, not a string, in chat_events: ${why}`,
      `${file}(41,27): bad-key-field: key field 'event_type' is an enum, not a string, in chat_events: ${why}`,
      `${file}(50,27): bad-key-field: key field 'client_platform' is not a field of chat_events: ${why}`,
    ]);
  });
});
