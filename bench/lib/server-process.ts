import { spawn, type ChildProcess } from 'node:child_process';

export interface ServerProcess {
  kind: 'ours' | 'reference';
  child: ChildProcess;
  pid: number;
  url: string;
  /** Every stdout/stderr line the server printed (our server logs JSON lines). */
  lines: string[];
  /** Lines that mention a rate limit, refusal or failure: the harness must not be throttled. */
  problems(): string[];
  stop(): Promise<void>;
}

const PROBLEM = /rate limited|refused|malformed|could not|failed|error/i;

function launch(kind: ServerProcess['kind'], args: string[], env: Record<string, string>, ready: RegExp): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let buffered = '';
    let started = false;
    const onChunk = (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) {
        if (lines.length < 20_000) lines.push(line);
        const m = ready.exec(line);
        if (m && !started) {
          started = true;
          resolve({
            kind,
            child,
            pid: child.pid!,
            url: m[1]!,
            lines,
            problems: () => lines.filter((l) => PROBLEM.test(l)),
            async stop() {
              if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
              const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
              await exited;
              clearTimeout(timer);
            },
          });
        }
      }
    };
    child.stdout!.on('data', onChunk);
    child.stderr!.on('data', onChunk);
    child.once('exit', (code) => {
      if (!started) reject(new Error(`${kind} server exited (${code}) before listening:\n${lines.join('\n')}${buffered}`));
    });
  });
}

/** The product's server, as `npm start` runs it, over `dataDir`. */
export function startOurServer(dataDir: string, opts: { clientDir?: string; profileDir?: string; env?: Record<string, string> } = {}): Promise<ServerProcess> {
  return launch(
    'ours',
    [...(opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`] : []), '--import', 'tsx', 'server/index.ts'],
    { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SEED_DEMO: '1', CLIENT_DIR: opts.clientDir ?? '/nonexistent', ...opts.env },
    /serving on (http:\/\/[0-9.:]+)/,
  );
}

/** The stock @y/websocket-server 0.1.1 (setupWSConnection), no auth, no persistence. */
export function startReferenceServer(): Promise<ServerProcess> {
  return launch('reference', ['--import', 'tsx', 'bench/lib/reference-server.ts'], { PORT: '0', HOST: '127.0.0.1' }, /listening on (http:\/\/[0-9.:]+)/);
}
