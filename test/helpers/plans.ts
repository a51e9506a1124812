import { expect } from 'vitest';
import { commandPath, type CommandInput, type CommandName, type CommandResult } from '../../shared/protocol/commands.js';
import type { ErrorBody } from '../../shared/errors.js';
import type { ObjectiveView, PlanActionView, PlanDetail } from '../../shared/schemas/plan.js';
import type { ApiClient, JsonResponse } from './http.js';

/** The demo partnership's address; its plan (the Improvement Board's) is plan 1. */
export const P = '/api/partnerships/1';
export const DEMO_PLAN = 1;
/** Demo people (server/features/demo/seed.ts): ids in the order they are seeded. */
export const PERSON = { admin: 1, chair: 2, police: 3, health: 4, schools: 5, council: 6, observer: 7, dcs: 10 } as const;
/** Demo boards: the Improvement Board owns the plan; council chairs the Operational Group. */
export const BOARD = { ib: 1, og: 2 } as const;

/** Runs a command over REST as this client: its status and its answer or error. */
export function run<K extends CommandName>(client: ApiClient, name: K, payload: CommandInput<K>): Promise<JsonResponse<CommandResult<K>>> {
  return client.post<CommandResult<K>>(commandPath(name), payload);
}

/** Runs a command expected to succeed, and answers its result. */
export async function ok<K extends CommandName>(client: ApiClient, name: K, payload: CommandInput<K>): Promise<CommandResult<K>> {
  const res = await run(client, name, payload);
  expect({ name, status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({ name, status: 200, body: 'ok' });
  return res.body;
}

/** A refusal's status, code and the fields its details name. */
export function refusal(res: JsonResponse): { status: number; code: string | undefined; paths: string[] } {
  const error = (res.body as ErrorBody | null)?.error;
  const details = Array.isArray(error?.details) ? (error.details as { path: string }[]) : [];
  return { status: res.status, code: error?.code, paths: details.map((d) => d.path) };
}

export async function planPage(client: ApiClient, planId = DEMO_PLAN): Promise<PlanDetail> {
  const res = await client.get<PlanDetail>(`${P}/plans/${planId}`);
  expect(res.status).toBe(200);
  return res.body;
}

export function objectiveOf(plan: PlanDetail, objectiveId: number): ObjectiveView {
  const found = plan.themes.flatMap((t) => t.objectives).find((o) => o.id === objectiveId);
  if (!found) throw new Error(`objective ${objectiveId} is not on the plan`);
  return found;
}

export function actionOf(plan: PlanDetail, actionId: number): PlanActionView {
  const found = plan.themes.flatMap((t) => t.objectives.flatMap((o) => o.actions)).find((a) => a.id === actionId);
  if (!found) throw new Error(`action ${actionId} is not on the plan`);
  return found;
}

/** The demo objective whose outcome starts so. */
export function demoObjective(plan: PlanDetail, startsWith: string): ObjectiveView {
  const found = plan.themes.flatMap((t) => t.objectives).find((o) => o.outcome.startsWith(startsWith));
  if (!found) throw new Error(`no objective "${startsWith}…"`);
  return found;
}
