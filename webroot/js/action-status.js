// A&I Live – an action's statuses (R7, R8) and the words people read for them: the one table of the
// pages and the room. The server's action log and minutes use the same words
// (room/VolunteeredAction.STATUS_LABELS; ActionStatusLabelsTest keeps the two equal). Pure: no DOM.

export const ACTION_STATUS_LABELS = {
  proposed: 'Proposed, not yet confirmed',
  returned: 'Returned to the proposer',
  open: 'Open',
  in_progress: 'In progress',
  done_awaiting_agreement: 'Done, awaiting agreement to close',
  closed: 'Closed',
  dropped: 'Dropped',
};

/**
 * Still followed up (R8): reviewed at later meetings, updated by their owners, and the ones whose
 * closure the chair may put to the partners.
 */
export const FOLLOWED_UP = ['open', 'in_progress', 'done_awaiting_agreement'];

/** Still in someone's hands (returned to its proposer, or followed up): the action log's and "My actions"' default. */
export const IN_HAND = ['returned', ...FOLLOWED_UP];

/** Every action the chair confirmed. */
export const AGREED = [...FOLLOWED_UP, 'closed', 'dropped'];

/** The words for a status; an unknown one as it is. */
export function actionStatusLabel(status) {
  return ACTION_STATUS_LABELS[status] ?? String(status ?? '');
}
