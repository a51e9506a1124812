import { describe, expect, it } from 'vitest';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import type { ErrorBody } from '../../shared/errors.js';
import { NUL_MESSAGE } from '../../shared/validate.js';
import { snapshot } from '../helpers/attack.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { previewImport, registerWorkbook } from '../helpers/imports.js';
import { useTestServer } from '../helpers/server.js';
import { connectSocket, send } from '../helpers/socket.js';

/*
 * A NUL character, which SQLite would store and PostgreSQL cannot: refused where input arrives, the
 * same on both engines, naming the field (never a storage error blamed on the database, never a row
 * that exists on one engine and not the other). Documents: doc-layout.test.ts.
 */

const P = '/api/partnerships/1';
/** Demo facts: board 1's Operational Group; Northshire Police is agency 2. */
const challenge = (question: string) => ({ boardId: 1, title: 'Attendance at strategy meetings', question, directedAgencyId: 2, dueDate: addDays(todayIn(Date.now()), 14) });

describe('a NUL character in input', () => {
  const server = useTestServer();

  it('over REST and Socket.io: refused, the field named in words, nothing changed', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const before = await snapshot(server());
    const rest = await chair.post(`${P}/challenges`, challenge('Why were they\u0000 absent?'));
    expect([rest.status, (rest.body as ErrorBody).error]).toEqual([400, expect.objectContaining({ code: 'VALIDATION_FAILED', details: [{ path: 'question', message: NUL_MESSAGE }] })]);
    // In a key, or deep in a list, the same.
    expect((await chair.post(`${P}/challenges`, { ...challenge('Why?'), ['x\u0000']: 1 })).status).toBe(400);
    const socket = await connectSocket(chair);
    const ack = await send(socket, 'challenge:raise', challenge('Why\u0000?'));
    expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: [{ path: 'question', message: NUL_MESSAGE }] } });
    // A query string too.
    expect((await chair.get(`${P}/search?q=${encodeURIComponent('strategy\u0000')}`)).status).toBe(400);
    expect(await snapshot(server())).toBe(before);
    // The same without the NUL is taken: the refusal was the character's.
    expect((await chair.post(`${P}/challenges`, challenge('Why were they absent?'))).status).toBe(201);
  });

  it('in an imported file: a CSV holding one is not text, a workbook cell holding one is refused naming its row, and nothing is previewed', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const csv = 'Risk,Board,Lead agency,Owner\nHidden\u0000character,Improvement Board,Northshire Police,DCI Tom Brennan\n';
    const refused = await previewImport(chair, 'risks', csv, 'r.csv');
    expect([refused.status, refused.body.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await previewImport(chair, 'risks', csv.replace('\u0000', ''), 'r.csv')).status).toBe(201);
    // A workbook's cell can carry one after all: OOXML's escape `_x0000_` reads as a NUL.
    const headings = ['Risk', 'Board', 'Lead agency', 'Owner'];
    const book = await registerWorkbook('Register', headings, [['Hidden_x0000_character', 'Improvement Board', 'Northshire Police', 'DCI Tom Brennan']]);
    const before = await snapshot(server());
    const fromBook = await previewImport(chair, 'risks', book, 'r.xlsx');
    expect([fromBook.status, fromBook.body.error?.code, fromBook.body.error?.message]).toEqual([400, 'VALIDATION_FAILED', expect.stringContaining('Row 4')]);
    expect(await snapshot(server())).toBe(before);
  });
});
