import { spawn, type ChildProcess } from 'node:child_process';
import { onTestFinished } from 'vitest';
import { TEST_PASSWORD_COST } from './seed-template.js';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Ends the process with SIGKILL: no shutdown code runs, as in a crash or `kill -9`. */
  kill9(): Promise<void>;
  stop(): Promise<number | null>;
  /** What the process wrote to stdout and stderr: its log, and a failing test's message. */
  output(): string;
}

/** The real server as a separate process (so it can be killed), on a free port, over `dataDir`. */
export async function spawnServer(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    // The demo accounts a process seeds into an empty directory are hashed at the tests' cost, as every
    // in-process test server's are (the default cost takes about two seconds of each such start).
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, CLIENT_DIR: '/nonexistent', PASSWORD_HASH_COST: String(TEST_PASSWORD_COST), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving on (http:\/\/[0-9.:]+)/.exec(output);
      if (match) {
        child.stdout!.off('data', onData);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
  });
  // Its log from then on too (one JSON line per message): a test may look for what it said.
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  const handle: ServerProcess = {
    child,
    url,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
  onTestFinished(() => handle.kill9());
  return handle;
}
