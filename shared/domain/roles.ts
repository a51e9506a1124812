export const BOARD_ROLES = ['chair', 'vice_chair', 'member', 'observer'] as const;
export type BoardRole = (typeof BOARD_ROLES)[number];

/** Chair, vice-chairs and members take part in the board's business (type, raise, decide by vote); observers watch. */
export function takesPart(role: BoardRole | undefined): boolean {
  return role === 'chair' || role === 'vice_chair' || role === 'member';
}

/** Someone who sits on boards only as an observer (a DfE participant observer, say) never edits. */
export function isOnlyObserver(actor: { isPartnershipAdmin: boolean; boardRoles: ReadonlyMap<number, BoardRole> }): boolean {
  if (actor.isPartnershipAdmin || actor.boardRoles.size === 0) return false;
  for (const role of actor.boardRoles.values()) if (role !== 'observer') return false;
  return true;
}

/** Where rows of a board's members are listed: chair first, then vice-chairs, members, observers. */
export const BOARD_ROLE_ORDER: Record<BoardRole, number> = { chair: 0, vice_chair: 1, member: 2, observer: 3 };

export const AGENCY_KINDS = [
  'childrens_services',
  'police',
  'health',
  'schools',
  'probation',
  'safeguarding_board',
  'observer_body',
  'other',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const AGENCY_KIND_LABELS: Record<AgencyKind, string> = {
  childrens_services: "Council children's services",
  police: 'Police',
  health: 'Health',
  schools: 'Schools',
  probation: 'Probation',
  safeguarding_board: 'Safeguarding children board',
  observer_body: 'Observer body',
  other: 'Other',
};

export const BOARD_ROLE_LABELS: Record<BoardRole, string> = {
  chair: 'Chair',
  vice_chair: 'Vice-chair',
  member: 'Member',
  observer: 'Observer',
};
