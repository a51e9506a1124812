import { loadActor } from '../../server/core/actors.js';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import { CreateObjectivePayload, CreatePlanActionPayload, CreateRecommendationPayload } from '../../shared/schemas/plan.js';
import { parse } from '../../shared/validate.js';
import type { SecondPartnership } from './second-partnership.js';
import type { TestServer } from './server.js';

/** The second partnership's improvement plan: a plan at its board, a theme, an objective, an action and a recommendation. */
export interface SecondPlan {
  planId: number;
  themeId: number;
  objectiveId: number;
  actionId: number;
  recommendationId: number;
  /** Names that must never reach another partnership. */
  names: string[];
}

const NAMES = {
  plan: 'Farshire Improvement Plan',
  theme: 'Farshire theme of county lines',
  outcome: 'Farshire outcome: county lines disrupted',
  action: 'Farshire action: map the county lines',
  recommendation: 'Farshire recommendation on county lines',
};

/** Made through the running server's own services, as its administrator (who chairs its board). */
export async function addSecondPlan(server: TestServer, second: SecondPartnership): Promise<SecondPlan> {
  const { ctx, services } = server;
  const actor = (await loadActor(ctx, second.personId))!;
  const recommendation = await services.recommendations.create(actor, parse(CreateRecommendationPayload, { source: 'Farshire inspection', reportDate: todayIn(ctx.clock()), number: 1, text: NAMES.recommendation }));
  const plan = await services.plans.createPlan(actor, { boardId: second.boardId, title: NAMES.plan });
  const theme = await services.plans.createTheme(actor, { planId: plan.id, title: NAMES.theme });
  const objective = await services.plans.createObjective(actor, parse(CreateObjectivePayload, { themeId: theme.id, outcome: NAMES.outcome, leadPersonId: second.personId, recommendationIds: [recommendation.id], riskIds: [second.riskId] }));
  const action = await services.plans.createAction(actor, parse(CreatePlanActionPayload, { objectiveId: objective.id, description: NAMES.action, dueDate: addDays(todayIn(ctx.clock()), 30), leadOfficerIds: [second.personId], recommendationIds: [recommendation.id] }));
  return { planId: plan.id, themeId: theme.id, objectiveId: objective.id, actionId: action.id, recommendationId: recommendation.id, names: Object.values(NAMES) };
}
