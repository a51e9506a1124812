import type { ServiceContext } from './context.js';
import { AdminService } from './admin.js';
import { AuthService } from './auth.js';

export interface Services {
  auth: AuthService;
  admin: AdminService;
}

export function createServices(ctx: ServiceContext): Services {
  return { auth: new AuthService(ctx), admin: new AdminService(ctx) };
}
