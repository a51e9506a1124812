import { execFile } from 'node:child_process';
import { accessSync, chownSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

/*
 * A throwaway PostgreSQL for a test: its own data directory in the temp dir, its own free port on
 * 127.0.0.1, trust authentication, stopped and deleted afterwards. It needs the server's binaries
 * (Debian: `apt-get install postgresql`). initdb refuses to run as root, so as root it runs as the
 * `postgres` user, who owns the directory.
 */

const run = promisify(execFile);

/** Debian keeps the server's binaries out of the PATH, in /usr/lib/postgresql/<version>/bin: the newest then. */
function debianBinDirs(): string[] {
  try {
    return readdirSync('/usr/lib/postgresql')
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a))
      .map((v) => `/usr/lib/postgresql/${v}/bin`);
  } catch {
    return [];
  }
}

function findBinary(binary: string): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(path.delimiter), ...debianBinDirs()]) {
    const file = path.join(dir, binary);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not in this directory
    }
  }
  return null;
}

const initdb = findBinary('initdb');
const pgCtl = findBinary('pg_ctl');
const asRoot = process.getuid?.() === 0;

async function postgresUser(): Promise<{ uid: number; gid: number } | null> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
  } catch {
    return null;
  }
}

/**
 * Why no PostgreSQL can be started here, or null when one can: for describe.skipIf and its message.
 * Checked at import, synchronously, so a suite can be skipped before it starts.
 */
export const postgresMissing: string | null = !initdb || !pgCtl ? 'PostgreSQL is not installed (no initdb and pg_ctl on the PATH nor in /usr/lib/postgresql/*/bin): apt-get install postgresql' : null;

export interface TestPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  /** Stops the server at once (no checkpoint: nothing here is kept) and removes its directory. */
  stop(): Promise<void>;
}

/** `durable`: fsync and synchronous commits on, as a deployment runs it (the bench's durable-updates figure); tests leave them off. */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<TestPostgres> {
  if (!initdb || !pgCtl) throw new Error(postgresMissing ?? 'PostgreSQL is not installed');
  const dir = mkdtempSync(path.join(tmpdir(), 'board-postgres-'));
  const as = async (binary: string, args: string[]) => {
    if (!asRoot) return run(binary, args);
    return run('runuser', ['-u', 'postgres', '--', binary, ...args]);
  };
  try {
    if (asRoot) {
      const user = await postgresUser();
      if (!user) throw new Error('Running as root, and there is no postgres user for initdb to run as.');
      chownSync(dir, user.uid, user.gid);
    }
    const data = path.join(dir, 'data');
    await as(initdb, ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    // Another process may take the port between freePort() and the server's bind: then try another.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      // fsync off: a test's database need not outlive a power cut. The socket stays in the directory.
      const durability = options.durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
      const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${durability}`;
      try {
        await as(pgCtl, ['-D', data, '-o', serverOptions, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start']);
      } catch (err) {
        if (attempt < 3) continue;
        const log = path.join(dir, 'log');
        throw new Error(`PostgreSQL did not start: ${String(err)}\n${existsSync(log) ? readFileSync(log, 'utf8') : ''}`, { cause: err });
      }
      let stopped = false;
      return {
        url: `postgres://postgres@127.0.0.1:${port}/postgres`,
        async stop() {
          if (stopped) return;
          stopped = true;
          try {
            await as(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        },
      };
    }
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
