import type { RequestHandler } from 'express';
import { AppError } from '../../shared/errors.js';
import { isCrossSite, type OriginPolicy } from '../core/same-origin.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Refuses a state-changing request from another site (cookies go with it): the CSRF guard. */
export function sameOriginGuard(policy: OriginPolicy): RequestHandler {
  return (req, _res, next) => {
    if (!SAFE_METHODS.has(req.method) && isCrossSite(req, policy)) {
      throw new AppError('CROSS_SITE_REQUEST', 'This request came from another site and was refused.');
    }
    next();
  };
}
