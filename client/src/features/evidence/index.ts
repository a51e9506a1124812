/** The evidence store: the partnership's files, links and notes of impact, searched and added to. */
import { lazy, type Feature } from '../../lib/router.svelte';

export const evidence: Feature = {
  routes: [{ name: 'evidence', path: '/evidence', page: lazy(() => import('./EvidencePage.svelte')), section: 'evidence' }],
  nav: [{ section: 'evidence', href: '/evidence', label: 'Evidence', testid: 'nav-evidence' }],
};

/** What other features show of the evidence store (a recommendation's page: its evidence, and adding to it; a plan's objective cards: theirs). */
export { default as AddEvidenceForm } from './AddEvidenceForm.svelte';
export { default as EvidenceTable } from './EvidenceTable.svelte';
export { default as ObjectiveEvidence } from './ObjectiveEvidence.svelte';
export { EvidenceList } from './evidence-list.svelte';
export { planEvidence, providePlanEvidence } from './plan-evidence.svelte';
export { mayAddEvidence } from './evidence';
