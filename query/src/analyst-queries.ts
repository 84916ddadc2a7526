// The analyst queries shipped with the product (query/sql/*.sql): each file's first comment line is its title.
import fs from 'node:fs';
import path from 'node:path';

export interface AnalystQuery {
  readonly name: string;
  readonly title: string;
  readonly sql: string;
}

const SQL_DIR = path.resolve(__dirname, '..', 'sql');

export function analystQueries(): AnalystQuery[] {
  return fs
    .readdirSync(SQL_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(path.join(SQL_DIR, file), 'utf8');
      const title = /^--\s*(.+)$/m.exec(text)?.[1] ?? file;
      return { name: path.basename(file, '.sql'), title, sql: text.replace(/^--.*$/gm, '').trim() };
    });
}
