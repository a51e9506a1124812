import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { risks, scoreHistory } from '../../db/schema.js';
import { DocStore } from '../../db/doc-store.js';
import { initialRiskDoc, newMitigation, readRiskDoc, type RiskDocState } from '../../../shared/docs/risk-doc.js';
import { addDays, scoreOf, todayIn } from '../../../shared/domain/scoring.js';
import { docName } from '../../../shared/protocol/yjs.js';
import { RISK_DOC_FIELD_KEYS, type RiskDocFields } from '../../../shared/schemas/risk.js';
import { isoAt, type ServiceContext } from '../../core/context.js';
import { projectRiskUpdate } from './projection.js';
import type { DemoIds } from '../demo/index.js';

type Pair = [number, number];
interface DemoMitigation {
  action: string;
  owner: string;
  agency: string;
  /** Days from today; negative is in the past. */
  due: number;
  status: 'not_started' | 'in_progress' | 'complete';
  notes?: string[];
}
interface DemoRisk {
  title: string;
  cause: string;
  event: string;
  effect: string;
  category: RiskDocFields['category'];
  board: 'ib' | 'og' | 'scb' | 'qap';
  escalated?: boolean;
  lead: string;
  owner: string;
  inherent: Pair;
  current: Pair;
  target: Pair;
  /** Current score at the last review, for the trend. */
  wasScore?: number;
  tolerance: number;
  review: number;
  mitigations: DemoMitigation[];
}

/* The first five are the risks the Operations Group escalated in the council report (seed 001 §3). */
const DEMO_RISKS: DemoRisk[] = [
  {
    title: 'Case recording system not aligned with practice priorities',
    cause: 'The case recording system (ICS) was configured before the new practice model and does not capture the child’s voice, views and journey.',
    event: 'Practitioners record around the system and key information about the child is held in free text or outside the record.',
    effect: 'Managers and inspectors cannot see the child’s lived experience or track drift, weakening oversight and planning.',
    category: 'Systems and information', board: 'og', escalated: true, lead: 'council', owner: 'council',
    inherent: [4, 4], current: [3, 4], target: [2, 3], wasScore: 16, tolerance: 9, review: 12,
    mitigations: [
      { action: 'ICS board to agree a change plan prioritising the child’s voice forms', owner: 'council', agency: 'council', due: 20, status: 'in_progress', notes: ['Change plan drafted; workshop with practitioners booked.'] },
      { action: 'Practice audit of recording of the child’s views in 40 cases', owner: 'dcs', agency: 'council', due: -10, status: 'in_progress' },
    ],
  },
  {
    title: 'Failure to appoint to key posts across the directorate',
    cause: 'Interim arrangements in senior and team manager posts, and a competitive regional market for experienced managers.',
    event: 'Key posts remain vacant or filled by short-term interims.',
    effect: 'The pace of practice improvement slows and the transition to a permanent senior leadership team is delayed.',
    category: 'Capacity and workforce', board: 'og', escalated: true, lead: 'council', owner: 'dcs',
    inherent: [4, 4], current: [4, 4], target: [2, 4], wasScore: 12, tolerance: 8, review: -5,
    mitigations: [
      { action: 'Chief Executive and Member oversight of the recruitment campaign, reported monthly', owner: 'dcs', agency: 'council', due: 30, status: 'in_progress' },
      { action: 'Targeted campaign for team manager posts with a national search agency', owner: 'council', agency: 'council', due: -21, status: 'not_started' },
    ],
  },
  {
    title: 'Planned efficiencies not achieved in year',
    cause: 'Budget proposals assume savings from placements and agency staffing that depend on improvements not yet delivered.',
    event: 'Efficiencies are not made in year or as planned.',
    effect: 'Pressure to make unplanned cuts to early help and front-line capacity.',
    category: 'Finance and resources', board: 'og', lead: 'council', owner: 'dcs',
    inherent: [4, 3], current: [3, 3], target: [2, 3], wasScore: 9, tolerance: 9, review: 25,
    mitigations: [{ action: 'Monthly scrutiny of revenue and capital budgets by the Operational Group', owner: 'council', agency: 'council', due: 60, status: 'in_progress' }],
  },
  {
    title: 'Self-evaluation not rigorous enough for the new inspection framework',
    cause: 'Self-evaluation has been led from children’s social care and is not yet embedded across children’s services and partners.',
    event: 'The partnership’s view of itself is more positive than the evidence supports.',
    effect: 'Weaknesses are found by inspectors rather than by the partnership, and improvement is misdirected.',
    category: 'Performance and oversight', board: 'ib', lead: 'lscb', owner: 'chair',
    inherent: [3, 4], current: [3, 3], target: [2, 3], wasScore: 12, tolerance: 9, review: 40,
    mitigations: [{ action: 'Mainstream the social care self-evaluation approach across children’s services and the partnership', owner: 'admin', agency: 'lscb', due: 45, status: 'in_progress' }],
  },
  {
    title: 'Health engagement in the multi-agency screening team (MAST) reduces',
    cause: 'Health professionals on site in MAST have been withdrawn at short notice to cover front-line vacancies.',
    event: 'Health input to screening decisions falls below the agreed level.',
    effect: 'Decisions on referrals are made without health information, putting the quality and impact for children at risk.',
    category: 'Partnership and governance', board: 'ib', lead: 'icb', owner: 'health',
    inherent: [4, 5], current: [4, 4], target: [2, 3], wasScore: 12, tolerance: 8, review: -12,
    mitigations: [
      { action: 'Challenge to the ICB to ensure an active and consistent engagement in MAST', owner: 'chair', agency: 'lscb', due: -3, status: 'in_progress', notes: ['Raised at the Improvement Board; written response awaited.'] },
      { action: 'Agree a named health rota for MAST with the community trust', owner: 'health', agency: 'icb', due: 14, status: 'not_started' },
    ],
  },
  {
    title: 'MASH police staffing below establishment',
    cause: 'Detective posts in the MASH are covering major investigations elsewhere in the force.',
    event: 'Police research for strategy discussions is delayed beyond the agreed timescale.',
    effect: 'Strategy discussions go ahead without police intelligence, or are delayed, leaving children at risk longer.',
    category: 'Capacity and workforce', board: 'og', lead: 'police', owner: 'police',
    inherent: [4, 4], current: [3, 4], target: [2, 3], wasScore: 12, tolerance: 9, review: 18,
    mitigations: [
      { action: 'Ring-fence two detective sergeant posts to the MASH', owner: 'police', agency: 'police', due: 10, status: 'in_progress' },
      { action: 'Weekly report of strategy discussions held without police research', owner: 'policeDeputy', agency: 'police', due: -30, status: 'complete' },
    ],
  },
  {
    title: 'Children missing from home not given return interviews',
    cause: 'The return interview service is commissioned for office hours only and notifications from police arrive late.',
    event: 'Children who go missing are not offered an independent return interview within 72 hours.',
    effect: 'Risks of exploitation behind missing episodes are not identified.',
    category: 'Quality of practice', board: 'scb', lead: 'council', owner: 'council',
    inherent: [4, 4], current: [4, 4], target: [2, 4], wasScore: 16, tolerance: 8, review: -2,
    mitigations: [
      { action: 'Daily missing notifications from police to the return interview service', owner: 'policeDeputy', agency: 'police', due: -14, status: 'in_progress' },
      { action: 'Recommission return interviews with evening and weekend cover', owner: 'council', agency: 'council', due: 75, status: 'not_started' },
    ],
  },
  {
    title: 'Child sexual exploitation not recognised in schools',
    cause: 'Not all designated safeguarding leads have had CSE training since the new pathway.',
    event: 'Early signs of exploitation are not referred.',
    effect: 'Children are exploited for longer before anyone intervenes.',
    category: 'Quality of practice', board: 'scb', lead: 'schools', owner: 'schools',
    inherent: [3, 5], current: [3, 4], target: [2, 4], wasScore: 15, tolerance: 9, review: 30,
    mitigations: [{ action: 'CSE training for every designated safeguarding lead by the end of term', owner: 'schools', agency: 'schools', due: 35, status: 'in_progress' }],
  },
  {
    title: 'Partner reports not shared before child protection conferences',
    cause: 'Agencies submit conference reports on the day, if at all.',
    event: 'Parents and the conference chair do not see all agency reports in advance.',
    effect: 'Parents do not appreciate the full range of professional views of risk; decisions are less well informed.',
    category: 'Quality of practice', board: 'qap', lead: 'lscb', owner: 'lscbChair',
    inherent: [4, 3], current: [4, 3], target: [2, 2], wasScore: 12, tolerance: 6, review: -20,
    mitigations: [
      { action: 'Set a standard: agency reports to the conference chair three working days before conference', owner: 'lscbChair', agency: 'lscb', due: -40, status: 'complete' },
      { action: 'Quarterly audit of reports received in advance, by agency', owner: 'admin', agency: 'lscb', due: -5, status: 'not_started' },
    ],
  },
  {
    title: 'Probation attendance at board committees is low',
    cause: 'The probation delivery unit has one senior manager for three local partnerships.',
    event: 'Probation is not represented when decisions affecting families known to probation are made.',
    effect: 'Risks from adults in the household are missed in partnership learning and planning.',
    category: 'Partnership and governance', board: 'scb', lead: 'probation', owner: 'probation',
    inherent: [3, 3], current: [3, 3], target: [2, 2], wasScore: 9, tolerance: 6, review: 15,
    mitigations: [{ action: 'Agree a named deputy for probation on each committee', owner: 'probation', agency: 'probation', due: 7, status: 'not_started' }],
  },
];

/* Twenty further risks with the same shape, briefer, so the heat map and filters mean something. */
const BRIEF: [title: string, category: RiskDocFields['category'], board: DemoRisk['board'], lead: string, owner: string, inherent: Pair, current: Pair, target: Pair, review: number][] = [
  ['Early help assessments not completed within timescale', 'Quality of practice', 'og', 'council', 'council', [3, 3], [3, 3], [2, 2], 10],
  ['Domestic abuse notifications to schools delayed', 'Systems and information', 'og', 'police', 'police', [4, 3], [3, 3], [2, 2], -8],
  ['Health visiting caseloads above safe levels', 'Capacity and workforce', 'og', 'trust', 'healthDeputy', [4, 4], [4, 3], [3, 2], 21],
  ['Quality of strategy discussions inconsistent', 'Quality of practice', 'og', 'council', 'council', [3, 4], [3, 3], [2, 3], 5],
  ['Private fostering arrangements not identified', 'Quality of practice', 'scb', 'council', 'dcs', [2, 4], [2, 4], [1, 4], 60],
  ['Information sharing agreement with GPs not signed', 'Systems and information', 'og', 'icb', 'health', [3, 3], [2, 3], [1, 3], -1],
  ['Out-of-area placements without local health assessments', 'Quality of practice', 'scb', 'icb', 'health', [3, 4], [3, 4], [2, 3], 28],
  ['Serious case review actions not evidenced', 'Performance and oversight', 'qap', 'lscb', 'lscbChair', [3, 3], [2, 3], [1, 3], 35],
  ['Children’s voice missing from child protection plans', 'Engagement and voice', 'qap', 'council', 'council', [4, 3], [3, 3], [2, 2], 14],
  ['Police protection powers used without social care involvement', 'Quality of practice', 'og', 'police', 'policeDeputy', [2, 5], [2, 4], [1, 4], 45],
  ['School exclusions of children on child protection plans', 'Quality of practice', 'scb', 'schools', 'schools', [3, 4], [3, 4], [2, 3], -15],
  ['Agency staff turnover in assessment teams', 'Capacity and workforce', 'og', 'council', 'council', [5, 3], [4, 3], [2, 3], 7],
  ['Multi-agency training attendance falls', 'Capacity and workforce', 'scb', 'lscb', 'admin', [3, 2], [3, 2], [2, 2], 50],
  ['Performance data late for board meetings', 'Performance and oversight', 'ib', 'council', 'council', [4, 2], [3, 2], [2, 2], 9],
  ['Mental health support for care leavers', 'Quality of practice', 'scb', 'trust', 'healthDeputy', [3, 4], [3, 4], [2, 3], 33],
  ['Threshold document not understood by referrers', 'Engagement and voice', 'og', 'lscb', 'admin', [4, 3], [3, 3], [2, 2], 19],
  ['Children with disabilities not seen alone', 'Quality of practice', 'qap', 'council', 'council', [3, 4], [3, 4], [2, 4], -30],
  ['Elective home education safeguarding checks', 'Quality of practice', 'scb', 'schools', 'schools', [3, 3], [2, 3], [2, 2], 40],
  ['Out-of-hours social work cover fragile', 'Capacity and workforce', 'og', 'council', 'dcs', [3, 5], [2, 5], [2, 4], 26],
  ['Board budget contributions not agreed by partners', 'Finance and resources', 'ib', 'lscb', 'chair', [3, 3], [3, 3], [1, 3], 11],
];


function emptyState(): RiskDocState {
  return { texts: { title: '', cause: '', event: '', effect: '' }, fields: Object.fromEntries(RISK_DOC_FIELD_KEYS.map((k) => [k, null])) as RiskDocFields, mitigations: [] };
}

export async function seedDemoRisks(ctx: ServiceContext, ids: DemoIds): Promise<void> {
  const docs = new DocStore(ctx.database);
  const today = todayIn(ctx.clock());
  const at = isoAt(ctx.clock);
  const all: DemoRisk[] = [
    ...DEMO_RISKS,
    ...BRIEF.map(([title, category, board, lead, owner, inherent, current, target, review], i) => ({
      title,
      cause: '',
      event: '',
      effect: '',
      category,
      board,
      lead,
      owner,
      inherent,
      current,
      target,
      wasScore: i % 3 === 0 ? current[0] * current[1] + 3 : i % 3 === 1 ? current[0] * current[1] : Math.max(1, current[0] * current[1] - 2),
      tolerance: 9,
      review,
      mitigations: [
        { action: `Action plan agreed for: ${title.toLowerCase()}`, owner, agency: lead, due: review + (i % 2 === 0 ? -20 : 20), status: i % 4 === 0 ? 'complete' : 'in_progress' } as DemoMitigation,
      ],
    })),
  ];

  for (const [index, r] of all.entries()) {
    const fields: Partial<RiskDocFields> = {
      inherentLikelihood: r.inherent[0], inherentImpact: r.inherent[1],
      currentLikelihood: r.current[0], currentImpact: r.current[1],
      targetLikelihood: r.target[0], targetImpact: r.target[1],
      tolerance: r.tolerance, reviewFrequencyDays: 30, nextReviewDate: addDays(today, r.review),
    };
    const doc = initialRiskDoc({ title: r.title, category: r.category, fields });
    doc.transact(() => {
      doc.getText('cause').insert(0, r.cause);
      doc.getText('event').insert(0, r.event);
      doc.getText('effect').insert(0, r.effect);
    });
    r.mitigations.forEach((m, i) => {
      const id = `demo-${index + 1}-${i + 1}`;
      newMitigation(doc, id, { action: m.action, ownerId: ids.person[m.owner]!, agencyId: ids.agency[m.agency]!, dueDate: addDays(today, m.due), status: m.status });
      const notes = (doc.getMap('mitigations').get(id) as Y.Map<unknown>).get('notes') as Y.Array<unknown>;
      for (const text of m.notes ?? []) notes.push([{ id: `${id}-n`, at, byId: ids.person[m.owner]!, text }]);
    });
    const row = await ctx.db
      .insert(risks)
      .values({
        partnershipId: ids.partnershipId,
        number: index + 1,
        boardId: ids.board[r.board]!,
        escalatedToBoardId: r.escalated ? ids.board.ib! : null,
        leadAgencyId: ids.agency[r.lead]!,
        ownerId: ids.person[r.owner]!,
        createdAt: at,
        createdBy: ids.person.admin!,
        updatedAt: at,
      })
      .returning()
      .get();
    const name = docName('risk', row.id);
    await docs.append(name, Y.encodeStateAsUpdate(doc), ids.person[r.owner]!, ctx.clock());
    await projectRiskUpdate(ctx, { partnershipId: ids.partnershipId, riskId: row.id, docName: name, editorId: ids.person[r.owner]!, at, before: emptyState(), after: readRiskDoc(doc) });
    await ctx.db.update(risks).set({ lastReviewScore: r.wasScore ?? scoreOf(r.current[0], r.current[1]) }).where(eq(risks.id, row.id)).run();
    // A little history, so the score chart has a line: the inherent score when first assessed and
    // the current score at the last two reviews.
    const past = (days: number) => new Date(ctx.clock() - days * 86_400_000).toISOString();
    const points: (typeof scoreHistory.$inferInsert)[] = [
      { riskId: row.id, kind: 'inherent', likelihood: r.inherent[0], impact: r.inherent[1], score: r.inherent[0] * r.inherent[1], editorId: ids.person[r.owner]!, at: past(120) },
      { riskId: row.id, kind: 'current', likelihood: null, impact: null, score: r.inherent[0] * r.inherent[1], editorId: ids.person[r.owner]!, at: past(120) },
      { riskId: row.id, kind: 'current', likelihood: null, impact: null, score: r.wasScore ?? r.current[0] * r.current[1], editorId: ids.person[r.owner]!, at: past(35) },
    ];
    await ctx.db.insert(scoreHistory).values(points).run();
    doc.destroy();
  };
}
