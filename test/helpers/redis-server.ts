import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';

/*
 * A throwaway redis-server, without vitest: the tests (test/helpers/redis.ts) and the bench's
 * two-process scenario both start theirs here.
 */

/** Debian's redis-server (STACK.md); REDIS_SERVER overrides it. */
const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

export interface TestRedis {
  /** redis://127.0.0.1:<port> */
  url: string;
  pid: number;
  /** Stops the server by its PID and removes its directory. */
  stop(): Promise<void>;
}

/** Whether the server answers PING with PONG (raw RESP, so the helper needs no client of its own). */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Polls PING until it answers (or 10 s pass, or the server exits). */
async function answersPing(child: ChildProcess, port: number): Promise<void> {
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error('exited');
    if (await pong(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('no answer');
}

async function tryStart(onPort?: number): Promise<TestRedis | { portTaken: true }> {
  const port = onPort ?? (await freePort());
  const dir = mkdtempSync(path.join(tmpdir(), 'redis-h-'));
  // No persistence: a throwaway server for one test file, nothing written to disk but its own dir.
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await answersPing(child, port);
  } catch {
    await stop();
    await exited;
    // The port went to someone else between the probe and the bind: try another.
    if (/Address already in use/i.test(output)) return { portTaken: true };
    throw new Error(`redis-server did not answer PING on port ${port}:\n${output}`);
  }
  return { url: `redis://127.0.0.1:${port}`, pid: child.pid!, stop };
}

/**
 * Starts a throwaway redis-server on a free port (or on `port`, to bring a stopped one back where its
 * clients look for it); the caller stops it (see useRedis/startTestRedis).
 */
export async function launchRedis(port?: number): Promise<TestRedis> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const started = await tryStart(port);
    if (!('portTaken' in started)) return started;
  }
  throw new Error('redis-server could not find a free port in 5 attempts');
}

