// deploy's own arguments, refused before anything is built or any cluster is called.
import { UsageError } from '../src/args';
import { runDeploy } from '../src/deploy';

const deploy = (...args: string[]) => runDeploy(['meeting_metrics_30s', ...args], { out: () => undefined });

it.each(['0', '129', '1.5', 'two'])('refuses --parallelism %s: 1 to the max parallelism, 128', async (n) => {
  await expect(deploy('--parallelism', n)).rejects.toThrow(UsageError);
  await expect(deploy('--parallelism', n)).rejects.toThrow(
    `deploy: --parallelism ${n}: an integer from 1 to 128 (the jobs' max parallelism)`,
  );
});

it('documents --parallelism in its help', async () => {
  let help = '';
  expect(await runDeploy(['--help'], { out: (text) => (help += text) })).toBe(0);
  expect(help).toMatch(/--parallelism <n> +run the job's operators at n subtasks/);
});
