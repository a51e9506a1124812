import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Me } from '../../shared/schemas/auth.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const run = promisify(execFile);

/** The operator's tool as an operator runs it: a separate process on the server's database (its data directory, or PostgreSQL). */
async function cli(server: TestServer, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/partnership.ts', ...args], {
      env: { ...process.env, DATA_DIR: server.dataDir, DATABASE_URL: server.config.databaseUrl ?? '', PUBLIC_URL: server.url, PASSWORD_HASH_COST: '12' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const NEW = 'Walsall Safeguarding Children Partnership';

// Each test starts the command line several times (a cold tsx start each): slow on a loaded machine.
describe('npm run partnership:create / partnership:list', { timeout: 120_000 }, () => {
  it('creates an empty partnership whose first admin signs in through the invitation and sees nothing of the demo', async () => {
    const server = await startTestServer();
    const created = await cli(server, 'create', '--name', NEW, '--admin-email', 'Lead@Walsall.test', '--admin-name', 'Jo Lead');
    expect(created.code).toBe(0);
    const lines = created.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const { partnershipId, invitationUrl } = JSON.parse(lines[0]!) as { partnershipId: number; invitationUrl: string };
    expect(invitationUrl.startsWith(`${server.url}/invite/`)).toBe(true);

    const admin = new ApiClient(server.url);
    const token = invitationUrl.split('/invite/')[1]!;
    expect((await admin.get<{ partnershipName: string }>(`/api/invitations/${token}`)).body.partnershipName).toBe(NEW);
    expect((await admin.post('/api/invitations/accept', { token, password: 'a walsall passphrase' })).status).toBe(200);
    const me = (await admin.get<Me>('/api/auth/me')).body;
    expect(me.partnership).toEqual({ id: partnershipId, name: NEW, isAdmin: true, protectiveMarking: 'OFFICIAL' });
    expect(me.partnerships.map((p) => p.id)).toEqual([partnershipId]);
    expect(me.person).toMatchObject({ name: 'Jo Lead', email: 'lead@walsall.test' });

    // Empty, and the demo is out of reach.
    const base = `/api/partnerships/${partnershipId}`;
    expect((await admin.get(`${base}/risks`)).body).toEqual([]);
    expect((await admin.get(`${base}/boards`)).body).toEqual([]);
    expect((await admin.get<unknown[]>(`${base}/people`)).body).toHaveLength(1);
    expect((await admin.get('/api/partnerships/1/risks')).status).toBe(404);
    expect((await admin.get('/api/partnerships/1/people')).status).toBe(404);

    const listed = await cli(server, 'list');
    expect(listed.code).toBe(0);
    const rows = listed.stdout.trim().split('\n').map((l) => JSON.parse(l) as { partnershipId: number; name: string; people: number; risks: number });
    expect(rows.map((r) => [r.partnershipId, r.name, r.people, r.risks])).toEqual([
      [1, 'Northbrook Safeguarding Children Partnership', expect.any(Number), expect.any(Number)],
      [2, 'Eastbridge Safeguarding Children Partnership', 4, 2],
      [partnershipId, NEW, 1, 0],
    ]);
  });

  it('links an admin whose e-mail already has an account (no invitation), and refuses bad arguments changing nothing', async () => {
    const server = await startTestServer();
    const linked = await cli(server, 'create', '--name', 'Wolverhampton Safeguarding Partnership', '--admin-email', DEMO.police);
    expect(linked.code).toBe(0);
    const line = JSON.parse(linked.stdout) as { partnershipId: number; invitationUrl: null; linkedExistingAccount: boolean };
    expect(line).toMatchObject({ invitationUrl: null, linkedExistingAccount: true });
    const police = await new ApiClient(server.url).login(DEMO.police);
    expect((await police.get<Me>('/api/auth/me')).body.partnerships.find((p) => p.id === line.partnershipId)).toMatchObject({ isAdmin: true });

    const before = (await cli(server, 'list')).stdout;
    const missing = await cli(server, 'create', '--admin-email', 'x@y.test');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stderr)).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ path: 'name' }] } });
    const badEmail = await cli(server, 'create', '--name', 'X', '--admin-email', 'not an email');
    expect(JSON.parse(badEmail.stderr)).toMatchObject({ error: { details: [{ path: 'admin-email' }] } });
    const unknown = await cli(server, 'create', '--name', 'X', '--admin-email', 'x@y.test', '--password', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Usage:');
    // Not yet activated elsewhere: refused, and the half-made partnership is not left behind.
    const pending = await cli(server, 'create', '--name', 'Half made', '--admin-email', 'rachel.hughes@demo.test');
    expect(pending.code).toBe(1);
    expect((await cli(server, 'list')).stdout).toBe(before);
  });
});
