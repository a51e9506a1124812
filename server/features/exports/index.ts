import type { ExportKind } from '../../../shared/exchange/columns.js';
import type { FeatureKit, FeatureParts } from '../feature.js';
import type { Services } from '../registry.js';
import { RegisterQueries } from '../risks/index.js';
import { actionsExport } from './kinds/actions.js';
import { auditExport } from './kinds/audit.js';
import { challengesExport } from './kinds/challenges.js';
import { runnable, type ExportRun } from './kinds/kind.js';
import { mitigationsExport } from './kinds/mitigations.js';
import { planExport } from './kinds/plan.js';
import { risksExport } from './kinds/risks.js';
import { scorecardExport } from './kinds/scorecard.js';
import { exportRoutes } from './routes.js';

/** Lists out as spreadsheets (issue 14): each kind with its page's query, through one writer (server/core/spreadsheet/write.ts). */
export const exportsFeature = (s: Services, kit: FeatureKit): FeatureParts => {
  // The register's own reads (its filters and order), as its pages are read.
  const register = new RegisterQueries(kit.ctx, s.risks.queries);
  const kinds: Record<ExportKind, ExportRun> = {
    risks: runnable(risksExport(register, s.risks)),
    mitigations: runnable(mitigationsExport(register, s.risks)),
    challenges: runnable(challengesExport(s.challenges, s.risks)),
    actions: runnable(actionsExport(s.meetings, s.admin)),
    plan: runnable(planExport(s.plans)),
    scorecard: runnable(scorecardExport(s.scorecard)),
    audit: auditExport(s.admin),
  };
  return { routes: exportRoutes(kit.ctx, kinds, kit.budgets) };
};
