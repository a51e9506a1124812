import { DocStore } from '../db/doc-store.js';
import type { DocKind } from '../../shared/protocol/yjs.js';
import type { ServiceContext } from './context.js';
import { AdminService } from './admin.js';
import { AuthService } from './auth.js';
import { riskDocHandler, type DocKindHandler } from './doc-handlers.js';
import { RiskQueries } from './risk-queries.js';
import { RiskService } from './risks.js';

export interface Services {
  auth: AuthService;
  admin: AdminService;
  risks: RiskService;
  docs: DocStore;
  docKinds: Partial<Record<DocKind, DocKindHandler<never>>>;
}

export function createServices(ctx: ServiceContext): Services {
  const docs = new DocStore(ctx.database);
  const risks = new RiskService(ctx, docs, new RiskQueries(ctx));
  return {
    auth: new AuthService(ctx),
    admin: new AdminService(ctx),
    risks,
    docs,
    docKinds: { risk: riskDocHandler(ctx, docs, risks) as DocKindHandler<never> },
  };
}
