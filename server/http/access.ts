import type { Request } from 'express';
import { AppError } from '../../shared/errors.js';
import { canAdministerPartnership, canSeePartnership } from '../../shared/domain/permissions.js';
import type { AuthState } from '../core/auth-state.js';
import { requireAuth } from './request-auth.js';

/** Another partnership's records are answered as "not found": their existence is not disclosed. */
export function requirePartnership(req: Request, partnershipId: number): AuthState {
  const auth = requireAuth(req);
  if (!canSeePartnership(auth.actor, partnershipId)) throw new AppError('NOT_FOUND', 'Partnership not found.');
  return auth;
}

export function requireAdmin(req: Request, partnershipId: number): AuthState {
  const auth = requirePartnership(req, partnershipId);
  if (!canAdministerPartnership(auth.actor, partnershipId)) {
    throw new AppError('FORBIDDEN', 'Only partnership administrators can do this.');
  }
  return auth;
}
