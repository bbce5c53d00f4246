// A&I Live – "are the key agencies for this case here?" for the chair (and officer): per presenting
// need of the case in focus, the agencies that matter (GET /api/cases/{caseId}/key-agencies) and
// whether they are here, sent apologies (with a written update, R10) or are missing. Asked again
// when the case in focus changes and, a moment after, when the register changes. Each answer is
// audited by the server (R12), so it is not asked on every tick. Beside each agency, its check from
// the pack (GET /api/cases/{caseId}/pack-checks): answered or not, the answer and its short update;
// agencies that are not key but answered are listed after the needs.

import { apiFetch } from '../api.js';
import { h, setText } from '../dom.js';
import { hasRole } from '../roles.js';
import { focusSummary } from '../room-state.js';
import { answeredText, checkLabel } from '../pack-checks.js';
import { presenterSentence } from './presenter.js';

const SETTLE_MS = 2_000;

const ATTENDANCE_WORDS = {
  attending: { mark: '✓', text: 'Here', cls: 'ka-here' },
  apologies: { mark: '–', text: 'Apologies', cls: 'ka-apologies' },
  absent: { mark: '✗', text: 'Absent', cls: 'ka-absent' },
  unknown: { mark: '?', text: 'Not recorded yet', cls: 'ka-unknown' },
};

function words(agency) {
  const w = ATTENDANCE_WORDS[agency.attendance] ?? ATTENDANCE_WORDS.unknown;
  if (agency.attendance === 'apologies') {
    return { ...w, text: agency.writtenUpdate ? 'Apologies, written update sent' : 'Apologies, no written update' };
  }
  return w;
}

export function createKeyAgenciesView({ member, onAuthError }, doc = document) {
  const $ = (id) => doc.getElementById(id);
  const section = $('key-agencies');
  const summary = $('key-agencies-summary');
  const listRoot = $('key-agencies-list');
  const refresh = $('key-agencies-refresh');

  const allowed = hasRole(member, 'chair', 'officer');
  let caseId = null;
  let data = null;       // the last answer, for caseId
  let checks = null;     // the partners' checks on data.caseId, or null when they could not be read
  let timer = null;
  let seq = 0;
  let failure = null;
  let item = null;       // the agenda item of the case in focus: whether its presenter is here is the room's answer (R5)
  let presenterDrawn = '';

  refresh.addEventListener('click', () => load());

  function load() {
    clearTimeout(timer);
    timer = null;
    if (!caseId) return;
    const mine = ++seq;
    const asked = caseId;
    setText(summary, data && data.caseId === asked ? summary.textContent : 'Checking who is here…');
    Promise.all([
      apiFetch(`/api/cases/${asked}/key-agencies`),
      apiFetch(`/api/cases/${asked}/pack-checks`).catch(() => null),
    ]).then(([answer, given]) => {
      if (mine !== seq) return;
      data = answer;
      checks = given;
      failure = null;
      draw();
    }, (err) => {
      if (mine !== seq) return;
      if (err.status === 401 && onAuthError(err)) return;
      failure = err.status === 0 ? 'Could not check: you seem to be offline. It will be checked again when the register changes.'
        : `Could not check the key agencies: ${err.message}`;
      draw();
    });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(load, SETTLE_MS);
  }

  function draw() {
    if (!caseId) {
      setText(summary, 'No case is in focus.');
      listRoot.replaceChildren();
      return;
    }
    if (failure && !(data && data.caseId === caseId)) {
      setText(summary, failure);
      listRoot.replaceChildren();
      return;
    }
    if (!data || data.caseId !== caseId) return;
    const agencies = new Map();
    (data.needs ?? []).forEach((n) => (n.agencies ?? []).forEach((a) => agencies.set(a.agencyId, a)));
    const all = [...agencies.values()];
    const here = all.filter((a) => a.attendance === 'attending');
    const missing = all.filter((a) => a.attendance !== 'attending');
    let text = all.length === 0 ? 'No key agencies are set for these needs.'
      : missing.length === 0 ? `All ${all.length} key agencies are here.`
        : `${here.length} of ${all.length} key agencies are here. Not here: ${missing.map((a) => `${a.agency} (${words(a).text.toLowerCase()})`).join(', ')}.`;
    const presenter = presenterSentence(item);
    if (presenter) text += ` ${presenter}`;
    if (checks) text += ` ${answeredText(checks)}`;
    if (failure) text += ` (${failure})`;
    setText(summary, text);
    summary.dataset.here = String(here.length);
    summary.dataset.total = String(all.length);

    listRoot.replaceChildren(...(data.needs ?? []).map((n) => h('div', { class: 'ka-need' },
      h('h3', { text: n.label || n.need }),
      (n.agencies ?? []).length === 0 ? h('p', { class: 'muted', text: 'No key agency for this need.' })
        : h('ul', { class: 'ka-list' }, n.agencies.map((a) => {
          const w = words(a);
          const people = (a.members ?? []).filter((m) => m.attendance);
          return h('li', { class: ['ka-agency', w.cls], data: { agencyId: a.agencyId, attendance: a.attendance } },
            h('span', { class: 'ka-mark', 'aria-hidden': 'true', text: w.mark }),
            h('span', { class: 'ka-name', text: a.agency }),
            h('span', { class: 'ka-state', text: w.text }),
            people.length ? h('span', { class: 'ka-people muted', text: people.map((m) => m.fullName).join(', ') }) : null,
            checkLine(a.agencyId));
        })))),
    ...otherChecks(agencies));
  }

  function checkOf(agencyId) {
    return (checks?.agencies ?? []).find((a) => a.agencyId === agencyId && a.answered) ?? null;
  }

  /** The agency's check from the pack, for the chair to read beside the case. */
  function checkLine(agencyId) {
    if (!checks) return null;
    const c = checkOf(agencyId);
    return h('span', { class: 'ka-check', data: { answer: c ? c.answer : 'none' } },
      h('span', { class: 'ka-check-answer', text: c ? `Pack check: ${checkLabel(c.answer)}.` : 'No pack check.' }),
      c?.update ? h('span', { class: 'ka-check-update', text: ` ${c.update}` }) : null);
  }

  /** Agencies that are not key for these needs but answered the pack check. */
  function otherChecks(keyAgencies) {
    const others = (checks?.agencies ?? []).filter((a) => a.answered && !keyAgencies.has(a.agencyId));
    if (!others.length) return [];
    return [h('div', { class: 'ka-need' }, h('h3', { text: 'Other agencies that answered the pack check' }),
      h('ul', { class: 'ka-list' }, others.map((a) => h('li', { class: 'ka-agency', data: { agencyId: a.agencyId } },
        h('span', { class: 'ka-name', text: a.agency }), checkLine(a.agencyId)))))];
  }

  return {
    render(model) {
      const s = model ? focusSummary(model) : null;
      section.hidden = !allowed || !s || model.meeting?.status === 'closed';
      if (!s) caseId = null;
      if (section.hidden) return;
      item = model.agenda.find((i) => i.caseId === s.caseId) ?? null;
      if (s.caseId !== caseId) {
        caseId = s.caseId;
        failure = null;
        load();
      } else {
        const picture = presenterSentence(item);
        if (picture !== presenterDrawn && data) draw();
      }
      presenterDrawn = presenterSentence(item);
    },
    /** The register changed: ask again once things settle. */
    attendanceChanged() {
      if (allowed && caseId && !section.hidden) later();
    },
  };
}
