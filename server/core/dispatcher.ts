import { AppError } from '../../shared/errors.js';
import type { Actor } from '../../shared/domain/permissions.js';
import { canAdministerPartnership, canSeePartnership } from '../../shared/domain/permissions.js';
import { COMMANDS, isCommandName, type CommandName, type CommandPayload, type CommandResult } from '../../shared/protocol/commands.js';
import { parse } from '../../shared/validate.js';
import { loadActor } from './actors.js';
import { auditRefusal } from './audit.js';
import type { CommandBudgets } from './command-budgets.js';
import type { ServiceContext } from './context.js';
import { toAppError } from './errors.js';

/**
 * A handler may answer at once or later (the storage behind a feature may be asynchronous). Most read
 * only the actor; the caller is there for the few that depend on the session itself.
 */
export type CommandHandler<K extends CommandName> = (actor: Actor, payload: CommandPayload<K>, caller: Caller) => CommandResult<K> | Promise<CommandResult<K>>;
/** Every command's handler; each feature supplies its own (see features/<feature>/commands.ts). */
export type CommandHandlers = { [K in CommandName]: CommandHandler<K> };

/** Who sent a command, and over which channel (named on the record of refusals). */
export interface Caller {
  personId: number;
  /** Whose command budget it draws on (AuthState.allowance). */
  allowance: string;
  partnershipId: number;
  /** e.g. "socket risk:close" or "POST /api/partnerships/1/risks". */
  via: string;
  /** The session the command came through (how it was opened matters to single sign-on's settings). */
  tokenHash: string;
  /**
   * The partnership a REST form's address names (/api/partnerships/:id/...): checked here, after the
   * budget is drawn, so an address of another partnership costs like any other attempt.
   */
  addressedPartnershipId?: number;
}

/** Errors whose refusal is already on the record, so the HTTP error handler does not write it twice. */
const audited = new WeakSet<object>();
export const refusalAudited = (err: unknown): boolean => typeof err === 'object' && err !== null && audited.has(err);

/**
 * The one path every command takes, whichever channel carried it: the account's budget, the sender's
 * authority read fresh, the gate of its declaration, the payload checked by its schema, the feature's
 * handler; a refusal goes on the record here. Errors are thrown as AppError for the channel to answer.
 */
export class CommandDispatcher {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly handlers: CommandHandlers,
    private readonly budgets: CommandBudgets,
  ) {}

  async run(name: string, raw: unknown, caller: Caller): Promise<unknown> {
    try {
      // The budget first: every attempt costs, a name that is no command included, or probing names
      // over REST would put refusals on the record without limit.
      await this.budgets.of(caller.allowance).spend();
      if (!isCommandName(name)) throw new AppError('NOT_FOUND', `There is no command called "${name.slice(0, 40)}".`);
      return await this.runAs(name, raw, caller);
    } catch (err) {
      const appError = toAppError(err);
      if (appError.status < 500) {
        await auditRefusal(this.ctx, caller, caller.via, err);
        if (typeof err === 'object' && err !== null) audited.add(err);
      }
      throw err;
    }
  }

  private async runAs<K extends CommandName>(name: K, raw: unknown, caller: Caller): Promise<CommandResult<K> | Promise<CommandResult<K>>> {
    // Authority is re-read for each command: a membership removed a moment ago no longer counts.
    const actor = await loadActor(this.ctx, caller.personId);
    if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in to continue.');
    // Another partnership's address is answered as "not found": its existence is not disclosed.
    if (caller.addressedPartnershipId !== undefined && !canSeePartnership(actor, caller.addressedPartnershipId)) throw new AppError('NOT_FOUND', 'Partnership not found.');
    const spec = COMMANDS[name];
    if (spec.gate === 'admin' && !canAdministerPartnership(actor, actor.partnershipId)) {
      throw new AppError('FORBIDDEN', 'Only partnership administrators can do this.');
    }
    const payload = parse(spec.payload, raw) as CommandPayload<K>;
    return this.handlers[name](actor, payload, caller);
  }
}
