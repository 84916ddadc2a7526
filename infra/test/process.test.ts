import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { stackPaths } from '../src/paths';
import { isAlive, livePid, portInUse, spawnDetached, stopProcess, tailFile } from '../src/process';

const listen = (server: net.Server): Promise<number> =>
  new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
  );

describe('process bookkeeping', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'collab-stack-'));
  const paths = stackPaths(dir);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('tells a taken port from a free one', async () => {
    const server = net.createServer();
    const port = await listen(server);
    expect(await portInUse('127.0.0.1', port)).toBe(true);
    await new Promise((r) => server.close(r));
    expect(await portInUse('127.0.0.1', port)).toBe(false);
  });

  it('spawns detached with a pid file and log, and stops by pid file', async () => {
    const pid = spawnDetached(paths, {
      id: 'sleeper',
      command: 'sh',
      args: ['-c', 'echo hello; exec sleep 60'],
    });
    expect(livePid(paths, 'sleeper')).toBe(pid);
    expect(await stopProcess(paths, 'sleeper', 5000)).toBe(true);
    expect(isAlive(pid)).toBe(false);
    expect(fs.existsSync(paths.pid('sleeper'))).toBe(false);
    expect(tailFile(paths.log('sleeper'))).toContain('hello');
  });

  it('ignores a stale pid file whose pid now belongs to another process', () => {
    fs.mkdirSync(paths.run, { recursive: true });
    // Our own pid with a start time that cannot be ours: as after a reboot that reused the pid.
    fs.writeFileSync(paths.pid('stale'), `${process.pid} 1\n`);
    expect(livePid(paths, 'stale')).toBeUndefined();
  });
});
