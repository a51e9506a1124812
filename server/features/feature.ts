import type { Router } from 'express';
import type { ServerConfig } from '../config.js';
import type { ServiceContext } from '../core/context.js';
import type { CommandBudgets } from '../core/command-budgets.js';
import type { CommandHandlers } from '../core/dispatcher.js';
import type { DispatchFromRequest } from '../http/commands.js';
import type { DocKind } from '../../shared/protocol/yjs.js';
import type { DocEditor } from '../core/doc-editor.js';
import type { DocKindHandler } from '../realtime/yjs/doc-kind.js';

/** What the composition root lends every feature. */
export interface FeatureKit {
  ctx: ServiceContext;
  config: ServerConfig;
  /** Runs a command for a request's person through the one dispatcher (REST forms of commands). */
  dispatch: DispatchFromRequest;
  /** Each account's command budget, for a write that is no command (an evidence upload) to draw on as a command would. */
  budgets: CommandBudgets;
  /** Writes into co-edited documents for a person, as their own edits would be (an import's rows). */
  docEditor: DocEditor;
}

/**
 * What a feature plugs into the spine: its REST routes, its command handlers, its document kinds and
 * how its list rows are read for "rows:changed". Each feature's index.ts exports one; registry.ts lists them.
 */
export interface FeatureParts {
  routes?: Router;
  commands?: Partial<CommandHandlers>;
  docKinds?: Partial<Record<DocKind, DocKindHandler<never>>>;
  /** The list rows of `kind` with these ids in the partnership, as every member of it sees them (read now or later). */
  rows?: Partial<Record<DocKind, (partnershipId: number, ids: number[]) => unknown[] | Promise<unknown[]>>>;
}
