// Where the benchmarks read and write. Scratch files (input, rows, profiles) live under bench/results/tmp/,
// which git and prettier ignore; results/<date>.json and README.md are the deliverables.
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const BENCH = path.join(ROOT, 'bench');
export const RESULTS = path.join(BENCH, 'results');
export const TMP = path.join(RESULTS, 'tmp');
export const README = path.join(BENCH, 'README.md');
