// A&I Live – the case summary edits not yet saved survive a reload of the room: kept in
// sessionStorage (this tab only), by `${caseId}:${field}`.

const DRAFTS_KEY = 'ailive.caseDrafts';

/** The edits kept in this tab, as [key, edit] entries; one that was on its way is open again. */
export function restoreDrafts() {
  try {
    const list = JSON.parse(window.sessionStorage.getItem(DRAFTS_KEY) || '[]');
    return Array.isArray(list) ? list.filter((e) => e && e.caseId && e.field)
      .map((e) => [`${e.caseId}:${e.field}`, { ...e, state: e.state === 'sending' ? 'editing' : e.state }]) : [];
  } catch {
    return [];
  }
}

/** Keeps the edits (a Map of key → edit) in this tab; none left, nothing kept. */
export function keepDrafts(edits) {
  try {
    const list = [...edits.values()];
    if (list.length) window.sessionStorage.setItem(DRAFTS_KEY, JSON.stringify(list));
    else window.sessionStorage.removeItem(DRAFTS_KEY);
  } catch {
    // not kept across a reload
  }
}
