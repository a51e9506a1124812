export const BOARD_ROLES = ['chair', 'vice_chair', 'member', 'observer'] as const;
export type BoardRole = (typeof BOARD_ROLES)[number];

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
