// A&I Live – the five roles: the one table of their names as people read them, and the one role
// check. Pure (no DOM, no network), so the preparation pages (through ui.js), the live room and
// its views all import it from here: a role is named and checked the same way on every page.

export const ROLE_LABELS = {
  officer: 'Project officer',
  chair: 'Chair',
  presenter: 'Presenter',
  partner: 'Partner',
  observer: 'Observer',
};

/** Every role, in the order the pages list them (the table's order). */
export const ALL_ROLES = Object.keys(ROLE_LABELS);

/** A role as people read it; a role this page does not know yet is shown as the server names it. */
export const roleLabel = (role) => ROLE_LABELS[role] ?? role;

/** True when the member holds at least one of `roles` (false for no member, or no roles). */
export function hasRole(member, ...roles) {
  const held = Array.isArray(member?.roles) ? member.roles : [];
  return roles.some((r) => held.includes(r));
}
