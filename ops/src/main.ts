// `npm run ops:gen` writes ops/grafana/*.json and ops/prometheus/alerts.yml from ops/src and the compiler's output;
// `npm run ops:check` (in `npm test`) fails when a committed file differs from what would be written.
import fs from 'node:fs';
import path from 'node:path';
import { opsFiles } from './outputs';

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const drift: string[] = [];
  for (const [file, content] of opsFiles()) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (current === content) continue;
    if (check) drift.push(path.relative(process.cwd(), file));
    else {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
      process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
    }
  }
  if (drift.length > 0) {
    process.stderr.write(`ops: out of date (run npm run ops:gen): ${drift.join(', ')}\n`);
    return 1;
  }
  if (check) process.stdout.write('ops: dashboards and alert rules are current\n');
  return 0;
}

process.exitCode = main(process.argv.slice(2));
