import type { z } from 'zod';
import { COMMANDS, commandPath, type CommandInput, type CommandName, type CommandResult } from '../../shared/protocol/commands.js';
import { REST_ANSWERS, fitsRoute, routeParts, type RestAnswer, type RestRoute } from '../../shared/protocol/rest.js';
import { PUSHES } from '../../shared/protocol/socket.js';
import type { TestServer } from './server.js';
import type { ApiClient } from './http.js';
import { send, type BoardClient } from './socket.js';

/** Each way a value does not fit a schema, as `path: message` (empty when it fits). */
export function mismatches(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((i) => `${i.path.map(String).join('.') || '(the whole answer)'}: ${i.message}`);
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  rawPath?: unknown;
  handle?: { stack?: Layer[] };
}

/**
 * Every route the running server's Express app registers under /api, read from the router stacks
 * (Express 5): `"<METHOD> <path>"` for routes, `"USE <path>"` for middleware mounted on a path of its
 * own (a refusal, for instance). Middleware for every path (guards, the session) is not a route.
 */
export function registeredRoutes(server: TestServer): string[] {
  const app = server.app as unknown as { router: { stack: Layer[] } };
  const out: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      const path = typeof layer.rawPath === 'string' ? layer.rawPath : '';
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) if (on) out.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
      } else if (layer.handle?.stack) walk(layer.handle.stack, prefix + (path === '/' ? '' : path));
      else if (path && path !== '/') out.push(`USE ${prefix}${path}`);
    }
  };
  walk(app.router.stack, '');
  return out.filter((r) => r.split(' ')[1]!.startsWith('/api/'));
}

/**
 * Drives the server and checks every answer against its declared schema, gathering each mismatch
 * (rather than failing at the first) so one run reports every drift; and remembers what it covered.
 */
export class AnswerChecker {
  private readonly mismatches = new Set<string>();
  readonly routes = new Set<RestRoute>();
  readonly commands = new Set<string>();
  readonly pushes: { event: string; args: unknown[] }[] = [];

  /** Every mismatch found, each once (a push heard by several sockets is one finding). */
  get found(): string[] {
    return [...this.mismatches];
  }

  check(label: string, schema: z.ZodType, value: unknown): void {
    for (const m of mismatches(schema, value)) this.mismatches.add(`${label} → ${m}`);
  }

  /** A REST call by its route in REST_ANSWERS; a refusal fails the test (every call here is meant to succeed). */
  async rest<R extends RestRoute>(client: ApiClient, route: R, url: string, body?: unknown): Promise<RestAnswer<R>> {
    const { method, pattern } = routeParts(route);
    if (!fitsRoute(pattern, url)) throw new Error(`${url} is not an address of ${route}`);
    const res = await client.request(method, url, body);
    if (res.status < 200 || res.status >= 300) throw new Error(`${route} (${url}) answered ${res.status}: ${JSON.stringify(res.body)}`);
    const answer = res.status === 204 ? undefined : res.body;
    this.check(`${route} (${url})`, REST_ANSWERS[route], answer);
    this.routes.add(route);
    return answer as RestAnswer<R>;
  }

  /** A command over Socket.io, its result checked against COMMANDS[name].result. */
  async socketCommand<K extends CommandName>(socket: BoardClient, name: K, payload: CommandInput<K>): Promise<CommandResult<K>> {
    const reply = await send<CommandResult<K>>(socket, name, payload);
    if (!reply.ok) throw new Error(`socket ${name} was refused: ${JSON.stringify(reply)}`);
    this.check(`socket ${name}`, COMMANDS[name].result, reply.data);
    this.commands.add(`socket ${name}`);
    return reply.data;
  }

  /** The same command over REST (POST /api/commands/<name>). */
  async restCommand<K extends CommandName>(client: ApiClient, name: K, payload: CommandInput<K>): Promise<CommandResult<K>> {
    const res = await client.post(commandPath(name), JSON.stringify(payload));
    if (res.status !== 200) throw new Error(`REST ${name} answered ${res.status}: ${JSON.stringify(res.body)}`);
    this.check(`POST ${commandPath(name)}`, COMMANDS[name].result, res.body);
    this.commands.add(`rest ${name}`);
    return res.body as CommandResult<K>;
  }

  /** Keeps every push the socket receives, to be checked by checkPushes. */
  listen(socket: BoardClient): BoardClient {
    socket.onAny((event: string, ...args: unknown[]) => this.pushes.push({ event, args }));
    return socket;
  }

  /** Checks each push heard against PUSHES; answers the events heard. */
  checkPushes(): Set<string> {
    const heard = new Set<string>();
    for (const { event, args } of this.pushes) {
      heard.add(event);
      if (!Object.prototype.hasOwnProperty.call(PUSHES, event)) {
        this.mismatches.add(`push ${event} → not declared in PUSHES`);
        continue;
      }
      const schema = PUSHES[event as keyof typeof PUSHES];
      if (schema === null) {
        if (args.length > 0) this.mismatches.add(`push ${event} → carries nothing, but carried ${JSON.stringify(args)}`);
      } else this.check(`push ${event}`, schema, args[0]);
    }
    return heard;
  }
}
