import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { javaArgFile } from '../src/services/kafka';

describe('javaArgFile (the storage format keeps SCRAM passwords off the command line)', () => {
  it('is read back by the java launcher as exactly the arguments it was given', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'collab-argfile-'));
    try {
      const echo = path.join(dir, 'Echo.java');
      fs.writeFileSync(
        echo,
        'public class Echo { public static void main(String[] a) { for (String s : a) System.out.println("<" + s + ">"); } }\n',
      );
      const args = [
        'SCRAM-SHA-512=[name=collab,password=Ab-_09xyz]',
        'with space',
        'quote " and backslash \\ inside',
        '',
      ];
      const file = path.join(dir, 'args');
      fs.writeFileSync(file, javaArgFile([echo, ...args]));
      const ran = spawnSync('java', [`@${file}`], { encoding: 'utf8' });
      expect(ran.stderr).toBe('');
      expect(ran.stdout.split('\n').slice(0, -1)).toEqual(args.map((a) => `<${a}>`));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
