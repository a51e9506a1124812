/**
 * The app's features, in the order of the main navigation. A new feature is a folder under
 * features/ with an index.ts exporting its routes (and nav link), plus one line here.
 */
import { accountability } from './features/accountability';
import { admin } from './features/admin';
import { auth } from './features/auth';
import { challenges } from './features/challenges';
import { evidence } from './features/evidence';
import { home } from './features/home';
import { imports } from './features/imports';
import { reports } from './features/reports';
import { meetings } from './features/meetings';
import { notifications } from './features/notifications';
import { plans } from './features/plans';
import { risks } from './features/risks';
import { scorecard } from './features/scorecard';
import { search } from './features/search';
import type { Feature } from './lib/router.svelte';

const FEATURES: readonly Feature[] = [auth, home, risks, plans, scorecard, evidence, meetings, challenges, accountability, notifications, admin, imports, reports, search];

export const ROUTES = FEATURES.flatMap((f) => f.routes);
export const NAV_LINKS = FEATURES.flatMap((f) => f.nav ?? []);
