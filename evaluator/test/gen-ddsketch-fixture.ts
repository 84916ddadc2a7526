// Writes the shared fixture both engines' sketch tests read: (relativeError, x, bucket index, bucket value) lines,
// doubles as their IEEE-754 bits in hex so that no decimal parsing stands between the two sides.
// Run: npx tsx evaluator/test/gen-ddsketch-fixture.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bucketIndex, bucketValue, DDSketch, sketchParams } from '../src/ddsketch';

export const FIXTURE = join(__dirname, '../../runtime/src/test/resources/ddsketch-fixture.txt');
/** Whole sketches: `relativeError fraction quantile v1 v2 …` lines, values from a long-tailed distribution. */
export const QUANTILE_FIXTURE = join(__dirname, '../../runtime/src/test/resources/ddsketch-quantiles.txt');

function bits(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
}

function nextUp(x: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) + 1n);
  return view.getFloat64(0);
}

function nextDown(x: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) - 1n);
  return view.getFloat64(0);
}

/** mulberry32: a seeded generator, so the fixture is reproducible. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function main(): void {
  const next = random(17);
  const lines: string[] = [];
  for (const relativeError of [0.001, 0.01, 0.02, 0.05, 0.5]) {
    const params = sketchParams(relativeError);
    const xs: number[] = [];
    // Log-uniform over 1e-9 .. 1e12, and the bucket boundaries themselves with their neighbours, where a
    // one-ulp difference in log would change the index.
    for (let i = 0; i < 2000; i++)
      xs.push(Math.exp(Math.log(1e-9) + next() * (Math.log(1e12) - Math.log(1e-9))));
    for (let i = 0; i < 400; i++) {
      const index = Math.floor(next() * 4000) - 2000;
      const boundary = Math.exp(index * params.logGamma);
      if (boundary >= 1e-9 && Number.isFinite(boundary))
        xs.push(boundary, nextUp(boundary), nextDown(boundary));
    }
    for (const x of xs) {
      const index = bucketIndex(params, x);
      lines.push(`${bits(relativeError)} ${bits(x)} ${index} ${bits(bucketValue(params, index))}`);
    }
  }
  writeFileSync(FIXTURE, lines.join('\n') + '\n');
  const windows: string[] = [];
  for (let window = 0; window < 300; window++) {
    const relativeError = [0.01, 0.02, 0.05][window % 3]!;
    const fraction = [0, 0.5, 0.95, 0.99, 1][window % 5]!;
    const values = Array.from({ length: 1 + Math.floor(next() * 300) }, () => {
      const v = Math.exp(2 + 2 * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()));
      return next() < 0.1 ? -v : next() < 0.05 ? 0 : v;
    });
    const sketch = new DDSketch(relativeError);
    values.forEach((v) => sketch.add(v));
    windows.push([relativeError, fraction, sketch.quantile(fraction)!, ...values].map(bits).join(' '));
  }
  writeFileSync(QUANTILE_FIXTURE, windows.join('\n') + '\n');
}

if (require.main === module) main();
