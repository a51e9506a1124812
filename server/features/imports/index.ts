import type { FeatureKit, FeatureParts } from '../feature.js';
import type { Services } from '../registry.js';
import { indicatorValuesImport } from './kinds/indicator-values.js';
import { mitigationsImport } from './kinds/mitigations.js';
import { risksImport } from './kinds/risks.js';
import { planActionsImport } from './kinds/plan-actions.js';
import { importRoutes } from './routes.js';
import { ImportService } from './service.js';

/** Spreadsheets in (issue 14): risks, mitigations, plan actions and indicator values, previewed then committed as the person. */
export const importsFeature = (s: Services, kit: FeatureKit): FeatureParts => {
  const service = new ImportService(kit.ctx, {
    risks: risksImport(kit.ctx, s.risks, kit.docEditor) as never,
    mitigations: mitigationsImport(kit.ctx, s.risks, kit.docEditor) as never,
    'plan-actions': planActionsImport(kit.ctx, s.plans, kit.docEditor) as never,
    'indicator-values': indicatorValuesImport(kit.ctx, s.scorecard, kit.docEditor) as never,
  });
  return { routes: importRoutes(service, kit.budgets, kit.ctx.config.uploadIdleMs) };
};
