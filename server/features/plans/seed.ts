import { and, eq } from 'drizzle-orm';
import { inspectionRecommendations, objectiveRags, people, planActionLeads, planActionRecommendations, planActions, planObjectiveRecommendations, planObjectiveRisks, planObjectives, planThemes, plans, risks } from '../../db/schema.js';
import { lastPeriods, periodOf } from '../../../shared/domain/plan-rag.js';
import { addDays, todayIn } from '../../../shared/domain/scoring.js';
import type { PlanActionStatus, Rag } from '../../../shared/schemas/plan.js';
import type { ServiceContext } from '../../core/context.js';
import type { DemoIds } from '../demo/index.js';
import { DocStore } from '../../db/doc-store.js';
import { docName } from '../../../shared/protocol/yjs.js';
import { objectiveDocUpdate } from './doc-backfill.js';

/* Northbrook's improvement plan: the themes and outcomes of seed 000 §4.1/4.4, the recommendations and
   actions of seed 002 Appendix One (its lead officers played by the demo's people). */

const SOURCE = 'Ofsted inspection of services for children in need of help and protection, children looked after and care leavers';
const RECOMMENDATIONS = [
  'Ensure that management oversight at the frontline is appropriately challenging and consistent, and that frontline managers are able to use the new case file audit tool effectively.',
  'Strengthen the line of sight which senior managers, leaders and elected members have on frontline practice by including detailed information about children in need whose cases are being held by team managers, or managed on duty, prior to being allocated to a named social worker.',
  'Ensure that children looked after who are living at a distance from Northbrook receive the same high level of health and educational support as children living closer to home.',
  'Ensure that, when children and young people are placed with family and friends, social workers are clear about what actions must be completed to assess and formalise those arrangements in line with placement regulations.',
  'Ensure that all assessments include a consistently robust analysis of risks and protective factors, resulting in child in need and child protection plans which are specific, measurable, and easy for children and parents to understand.',
  'Ensure that greater prominence is given in case files to the thoughts, wishes and feelings of children and young people, so that the child’s voice is clearly recorded and understood.',
  'Strengthen advocacy arrangements to ensure that children in need of help and protection and their parents, and children looked after, are enabled to make a meaningful contribution to child in need and child protection processes, and children looked after reviews.',
  'Ensure that children looked after who would benefit from one have access to an independent visitor.',
  'Ensure that all personal education plans are specific, measurable and easy for children and young people to understand.',
  'Ensure that all pathway plans include targets which are specific, measurable and written in such a way that there is no room for ambiguity about who needs to do what, by when, to ensure that care leavers are able to make a successful transition to independence.',
  'Ensure that once children are placed with adoptive families there is no unnecessary delay in applying for an adoption order.',
];

interface DemoAction {
  rec: number;
  description: string;
  milestones?: string;
  /** Days from today; negative is past. */
  due: number;
  status: PlanActionStatus;
  /** Days from today it was completed. */
  completed?: number;
  leads: string[];
  progress?: string;
}
interface DemoObjective {
  outcome: string;
  lead: string;
  recs?: number[];
  /** Risk numbers on the register (R-001 is 1). */
  risks?: number[];
  actions?: DemoAction[];
  /** The six months before this one, oldest first. */
  history?: Rag[];
  /** The lead's progress narrative, as co-edited in the objective's doc. */
  narrative?: string;
}

const A = (rec: number, description: string, due: number, status: PlanActionStatus, leads: string[], extra: Partial<DemoAction> = {}): DemoAction => ({ rec, description, due, status, leads, ...extra });

const THEMES: [title: string, objectives: DemoObjective[]][] = [
  [
    'Quality and effectiveness of front line practice',
    [
      { outcome: 'All children and young people are effectively protected and not left at significant harm.', lead: 'dcs' },
      { outcome: 'Clear and effective arrangements for making contacts and referral to children’s social care.', lead: 'council' },
      {
        outcome: 'Improved quality and timeliness of initial and core assessments.', lead: 'council', recs: [5],
        narrative: 'Assessment timeliness has improved for four months running; the quality of analysis is the remaining gap. The dip sample of care planning shows plans are clearer about what will change, but too few say by when.', history: ['red', 'red', 'amber', 'amber', 'amber', 'green'],
        actions: [
          A(5, 'Bi-monthly audits to review the analysis of risks and protective factors in assessments', 150, 'on_track', ['council'], { milestones: 'Bi-monthly audits' }),
          A(5, 'Quarterly dip sampling of assessments and care plans', 60, 'on_track', ['council'], { milestones: 'Quarterly dip sampling', progress: 'Dip sample of care planning completed; the outcome report is due next month.' }),
        ],
      },
      { outcome: 'Statutory timescales are met for the review of child protection cases.', lead: 'council' },
      { outcome: 'An improved response to child protection referrals, with discussions with police and other agencies taking place in a timely manner, in all relevant circumstances, as set out in Working Together and any subsequent statutory guidance.', lead: 'police' },
      { outcome: 'Provision of a range of preventative services in place which avoid unnecessary family breakdown and target support for children with additional needs.', lead: 'council' },
      { outcome: 'Established whole system framework to managing families’ pathways from early help to statutory intervention.', lead: 'council' },
      {
        outcome: 'Clear quality assurance and performance framework in place that balances qualitative and quantitative information, delivered by all managers and practitioners across the partnership, which supports continuing improvement in the quality and effectiveness of support to vulnerable children.',
        lead: 'dcs', recs: [1], history: ['amber', 'amber', 'amber', 'green', 'green', 'green'],
        actions: [A(1, 'Bi-monthly audits to review practice, using the case file audit tool', 20, 'on_track', ['council', 'dcs'], { milestones: 'Bi-monthly audits', progress: 'Bi-monthly audit in progress; the outcome report will be presented to the Children and Young People Management Team.' })],
      },
      {
        outcome: 'The quality of individual reflective and line management supervision ensures safe and effective practice.', lead: 'council', recs: [1], history: ['amber', 'amber', 'amber', 'amber', 'green', 'green'],
        actions: [A(1, 'Quarterly dip sampling of supervision', 45, 'on_track', ['council'], { milestones: 'Quarterly dip sampling', progress: 'The next quarterly dip sample takes place next month.' })],
      },
      {
        outcome: 'Feedback from individual children, families and staff improves and shapes practice.', lead: 'council', recs: [6, 7], risks: [1],
        narrative: 'Advocacy is now recorded and reported on, and staff have been briefed. The voice of the child is still not clear enough in case files: the training programme is being adjusted to put it first.', history: ['red', 'red', 'red', 'amber', 'amber', 'red'],
        actions: [
          A(6, 'Bi-monthly audits of how the child’s voice is recorded in case files', 150, 'on_track', ['council'], { milestones: 'Bi-monthly audits' }),
          A(6, 'Four cohorts of training emphasising the voice of the child, delivered by Child and Family Training', 90, 'on_track', ['council'], { progress: 'Conference call with Child and Family Training held on our needs, the voice of the child first; they are adjusting their programme to deliver four cohorts.' }),
          A(7, 'Test reporting on advocacy; the CiN/CP and LAC management teams to receive regular reports', -60, 'completed', ['council', 'dcs'], { completed: -65, progress: 'Process changed: now embedded in a document so that it can be recorded and reported on. ACTION COMPLETED' }),
          A(7, 'Ensure all staff are aware of the revised process for recording advocacy', -75, 'completed', ['council'], { completed: -80, progress: 'Staff briefed on facilitating advocacy arrangements where necessary. ACTION COMPLETED' }),
        ],
      },
    ],
  ],
  [
    'Improving the quality and effectiveness of partnerships and governance',
    [
      { outcome: 'Clear multi-agency thresholds in place, shared with and understood by all partners, which ensure children access appropriate services and that there is consistency in referrals across all agencies.', lead: 'lscbChair' },
      { outcome: 'A borough wide multi-agency quality audit system ensures that case work and recording, management oversight and decision making is robust and rigorous.', lead: 'lscbChair' },
      { outcome: 'Evidence of the implementation of recommendations from serious case reviews and complaints and their subsequent impact in shaping and informing practice.', lead: 'lscbChair' },
      { outcome: 'The Integrated Care Board has effective arrangements in place to discharge its safeguarding responsibilities, with clarity about the role and remit of designated and named professionals and the impact of their strategic professional leadership.', lead: 'health' },
    ],
  ],
  [
    'Capacity, capability and culture',
    [
      { outcome: 'A comprehensive programme of training, mentoring and continuous professional development for all social care staff, in combination with partners, ensures staff have the skills to complete high quality and timely assessments.', lead: 'council' },
      {
        outcome: 'Policies, procedures and practice standards support safe, good quality multi-agency practice with children and families.', lead: 'council', recs: [4, 11], history: ['amber', 'amber', 'amber', 'amber', 'amber', 'red'],
        actions: [
          A(4, 'Review the permanency policy, including a flowchart to inform decision making', -14, 'on_track', ['council', 'dcs'], { progress: 'A meeting has been set up to progress this work.' }),
          A(4, 'Audit all child protection cases where children are not living with their parents, to clarify whether each is a private family arrangement or connected persons', -14, 'off_track', ['council']),
          A(11, 'Adoption applications to be made 10 weeks after a child is placed in the prospective adoptive household', -50, 'completed', ['council'], { completed: -55, progress: 'ACTION COMPLETED' }),
          A(11, 'Annex A reports completed by the child’s social worker and lodged with the court; dip samples to check they are lodged at 10 weeks', 20, 'on_track', ['council'], { milestones: 'Dip samples each quarter' }),
        ],
      },
      { outcome: 'Social workers’ responsibilities and workloads are kept under review so that they are clearly and tightly defined and staff have a manageable and equitable range of work consistent with their experience and competence.', lead: 'dcs', risks: [2], history: ['red', 'red', 'red', 'red', 'red', 'red'] },
      { outcome: 'A culture of accountability is developed, with managers, staff and partners holding each other to account and action taken when required to challenge poor and unacceptable performance.', lead: 'dcs' },
      {
        outcome: 'Elected members act as effective and caring corporate parents for looked after children.', lead: 'dcs', recs: [3, 8, 9, 10],
        narrative: 'Health assessments for children placed out of city remain the concern: about 80 children still need services spot purchased. Education support for them has additional resource.', history: ['red', 'amber', 'amber', 'amber', 'amber', 'amber'],
        actions: [
          A(3, 'Regularly review reports on out of city health assessments', 30, 'at_risk', ['health', 'healthDeputy'], { milestones: 'Quarterly', progress: 'The ICB commissioned a new post in the trust to assess looked after children up to 50 miles away, leaving about 80 children for whom services must be spot purchased.' }),
          A(3, 'Virtual Head report on the education outcomes of children placed out of city', -10, 'on_track', ['schools'], { progress: 'Additional resource aimed at children placed out of city.' }),
          A(8, 'Ensure all staff are aware of the referral process for independent visitors', -60, 'completed', ['council'], { completed: -62, progress: 'All staff briefed on considering access to an independent visitor. ACTION COMPLETED' }),
          A(8, 'Change the LAC review report so that access to an independent visitor is considered where appropriate', -30, 'at_risk', ['council']),
          A(9, 'Guidance for social workers and designated teachers on the electronic PEP, with targets children and young people can understand', 40, 'on_track', ['schools', 'council'], { progress: 'The electronic PEP is being piloted.' }),
          A(9, 'Quality assurance of personal education plans by the COPE team', 70, 'on_track', ['schools'], { milestones: 'Termly audits', progress: 'Termly audits are in place.' }),
          A(10, 'Training for all staff in the transition team to improve pathway planning', -45, 'completed', ['council'], { completed: -50, progress: 'Workshop for the transition team held. ACTION COMPLETED' }),
          A(10, 'Dip sampling of pathway plans to measure the improvement in practice', 30, 'not_started', ['council']),
        ],
      },
      {
        outcome: 'Effective assurance arrangements are in place within the council and across the partnership, in line with DfE statutory guidance on the roles and responsibilities of the Director of Children’s Services and the Lead Member for Children’s Services.',
        lead: 'dcs', recs: [2], history: ['amber', 'amber', 'green', 'green', 'green', 'green'],
        actions: [
          A(2, 'Daily updates to the DCS and Service Director on children in need held by team managers or on duty before allocation', -120, 'completed', ['dcs'], { completed: -125, progress: 'Daily figures are provided to the Service Director and DCS. ACTION COMPLETED' }),
          A(2, 'Children’s Services dashboard presented to the Senior Executive Board and the Cabinet Member each month', -30, 'completed', ['dcs'], { milestones: 'Monthly thereafter', completed: -32, progress: 'Dashboard presented monthly since the spring. ACTION COMPLETED' }),
        ],
      },
      { outcome: 'The ambition for children and young people across Northbrook is understood and endorsed in practice throughout the council and across the partnership.', lead: 'dcs' },
    ],
  ],
];

const SEEDED_REASONS: Record<Rag, string[]> = { red: ['actions off track or overdue at the time'], amber: ['actions at risk or overdue at the time'], green: ['actions on track or completed at the time'] };

export async function seedDemoPlans(ctx: ServiceContext, ids: DemoIds): Promise<void> {
  const db = ctx.db;
  const docs = new DocStore(ctx.database);
  const now = ctx.clock();
  const today = todayIn(now);
  const at = (days: number) => new Date(now + days * 86_400_000).toISOString();
  const partnershipId = ids.partnershipId;
  const person = (key: string) => ids.person[key]!;
  const agencyOf = async (key: string) => (await db.select({ agencyId: people.agencyId }).from(people).where(eq(people.id, person(key))).get())!.agencyId;

  const plan = await db.insert(plans).values({ partnershipId, boardId: ids.board.ib!, title: 'Children’s Services Improvement Plan', createdAt: at(-215), createdBy: person('admin'), updatedAt: at(-1) }).returning().get();
  const recommendation: number[] = [];
  for (const [i, text] of RECOMMENDATIONS.entries()) {
    recommendation.push((await db.insert(inspectionRecommendations).values({ partnershipId, source: SOURCE, reportDate: addDays(today, -230), number: i + 1, text, createdAt: at(-214), updatedAt: at(-214) }).returning().get()).id);
  }
  const riskId = async (n: number) => (await db.select({ id: risks.id }).from(risks).where(and(eq(risks.partnershipId, partnershipId), eq(risks.number, n))).get())!.id;
  const history = lastPeriods(periodOf(today), 7).slice(0, 6);

  for (const [themePosition, [title, objectives]] of THEMES.entries()) {
    const theme = await db.insert(planThemes).values({ partnershipId, planId: plan.id, position: themePosition, title }).returning().get();
    for (const [position, o] of objectives.entries()) {
      const objective = await db.insert(planObjectives).values({ partnershipId, planId: plan.id, themeId: theme.id, position, outcome: o.outcome, leadPersonId: person(o.lead), leadAgencyId: (await agencyOf(o.lead)), progress: o.narrative ?? '' }).returning().get();
      const progress: Record<number, string> = {};
      for (const n of o.recs ?? []) await db.insert(planObjectiveRecommendations).values({ objectiveId: objective.id, recommendationId: recommendation[n - 1]! }).run();
      for (const n of o.risks ?? []) await db.insert(planObjectiveRisks).values({ objectiveId: objective.id, riskId: (await riskId(n)) }).run();
      for (const [actionPosition, a] of (o.actions ?? []).entries()) {
        const action = await db
          .insert(planActions)
          .values({ partnershipId, planId: plan.id, objectiveId: objective.id, position: actionPosition, description: a.description, milestones: a.milestones ?? '', dueDate: addDays(today, a.due), status: a.status, completedDate: a.completed === undefined ? null : addDays(today, a.completed), progress: a.progress ?? '' })
          .returning()
          .get();
        if (a.progress) progress[action.id] = a.progress;
        for (const [i, key] of a.leads.entries()) await db.insert(planActionLeads).values({ actionId: action.id, personId: person(key), position: i }).run();
        await db.insert(planActionRecommendations).values({ actionId: action.id, recommendationId: recommendation[a.rec - 1]! }).run();
      };
      // The progress texts as the objective's doc holds them (the columns above are their projection).
      const doc = objectiveDocUpdate(o.narrative ?? '', progress);
      if (doc) await docs.append(docName('objective', objective.id), doc, person(o.lead), now);
      // Six months of decisions; the objectives nobody has planned for yet were held at amber.
      for (const [i, rag] of (o.history ?? history.map((): Rag => 'amber')).entries()) {
        const decide = async (r: Rag, by: string, day: string, extra: { suggestedRag?: Rag; rationale?: string } = {}) =>
          db
            .insert(objectiveRags)
            .values({ partnershipId, objectiveId: objective.id, period: history[i]!, rag: r, suggestedRag: extra.suggestedRag ?? r, suggestedReasons: o.actions ? SEEDED_REASONS[extra.suggestedRag ?? r] : ['no actions yet'], rationale: extra.rationale ?? null, decidedById: person(by), decidedAt: `${history[i]}-${day}T10:00:00.000Z` })
            .run();
        // A decision held back against the suggestion, and one the chair revisited at the board.
        if (o.recs?.[0] === 5 && i === 4) await decide(rag, o.lead, '14', { suggestedRag: 'green', rationale: 'The dip sample report is not in yet: held at amber until it shows the improvement.' });
        else if (o.recs?.[0] === 3 && i === 5) {
          await decide('green', o.lead, '12', { suggestedRag: 'amber', rationale: 'Most actions are on track; the overdue report is a week away.' });
          await decide(rag, 'chair', '18', { rationale: 'Out of city health assessments are still at risk: amber, as the board agreed.' });
        } else await decide(rag, o.lead, '14');
      };
    };
  };
}
