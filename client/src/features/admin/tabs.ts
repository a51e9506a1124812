export const ADMIN_TABS = ['agencies', 'people', 'boards', 'memberships', 'risk-matrix', 'settings', 'mail', 'sign-in', 'audit'] as const;
export type AdminTab = (typeof ADMIN_TABS)[number];
