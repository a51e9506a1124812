import type { CommandHandlers } from '../../core/dispatcher.js';
import type { RecommendationService } from './recommendations.js';
import type { PlanService } from './service.js';

type PlanCommands = Pick<
  CommandHandlers,
  | 'plan:create'
  | 'plan:update'
  | 'theme:create'
  | 'theme:update'
  | 'objective:create'
  | 'objective:update'
  | 'objective:set-rag'
  | 'objective:propose-rag'
  | 'plan-action:create'
  | 'plan-action:update'
  | 'recommendation:create'
  | 'recommendation:update'
>;

/** Shaping the improvement plan, reporting on it and deciding its RAG: authorised, audited and announced by the services. */
export function planCommands(plans: PlanService, recommendations: RecommendationService): PlanCommands {
  return {
    'plan:create': (actor, p) => plans.createPlan(actor, p),
    'plan:update': (actor, p) => plans.updatePlan(actor, p),
    'theme:create': (actor, p) => plans.createTheme(actor, p),
    'theme:update': (actor, p) => plans.updateTheme(actor, p),
    'objective:create': (actor, p) => plans.createObjective(actor, p),
    'objective:update': (actor, p) => plans.updateObjective(actor, p),
    'objective:set-rag': (actor, p) => plans.setRag(actor, p),
    'objective:propose-rag': (actor, p) => plans.proposeRag(actor, p),
    'plan-action:create': (actor, p) => plans.createAction(actor, p),
    'plan-action:update': (actor, p) => plans.updateAction(actor, p),
    'recommendation:create': (actor, p) => recommendations.create(actor, p),
    'recommendation:update': (actor, p) => recommendations.update(actor, p),
  };
}
