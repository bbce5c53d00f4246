// A&I Live – the shared case summary of the case in focus (R6 fields: reason for bringing, main
// concerns, presenting needs, voice of the child). The section the presenter points at is marked in
// words and with a border, not by colour alone, and announced politely. The presenter (or the chair
// or officer) points at a section and edits it live; an edit made from an out-of-date copy comes
// back as `409 edit_conflict` with the text as it is now: both are shown side by side, theirs stays
// editable, and they merge and send again. Their text is never thrown away without asking.
// Withheld narrative (observers, R12: `redacted: true`, null fields) says so.

import { h, replaceKeepingFocus, setText } from '../dom.js';
import { hasRole } from '../roles.js';
import { focusSummary, memberInfo } from '../room-state.js';
import { keepDrafts as keepEdits, restoreDrafts } from './case-drafts.js';
import { createCaseEditors, MAX_TEXT, same } from './case-editor.js';

export const CASE_FIELDS = ['reasonForBringing', 'summaryOfConcerns', 'presentingNeeds', 'voiceOfChild'];
const NARRATIVE = new Set(['reasonForBringing', 'summaryOfConcerns', 'voiceOfChild']);

/** After a conflict, until it is saved, the edit is shown side by side with the current text. */
const merging = (e) => e.state === 'conflict' || (e.state === 'sending' && e.current !== null && e.current !== undefined);

export function createSummaryView({ member, act, send, announcer, reference, notice, connection }, doc = document) {
  const $ = (id) => doc.getElementById(id);
  const none = $('case-none');
  const body = $('case-body');
  const family = $('case-family');
  const presenterLine = $('case-presenter');
  const redactedNote = $('case-redacted');
  const highlightNote = $('case-highlight-note');
  const fieldsRoot = $('case-fields');
  const heading = $('case-heading');

  /** `${caseId}:${field}` → {caseId, familyRef, field, base, draft, state, current, error} */
  const edits = new Map(restoreDrafts());
  let model = null;
  let presence = [];
  let focusAfterRender = null;
  let lastHighlight = undefined;
  let drawn = '';          // what was drawn last: redrawn only when it changes (screen readers keep their place)

  const label = (f) => reference.fieldLabel(f);
  const keepDrafts = () => keepEdits(edits);
  // The edit form and the merge box; submit and cancel are hoisted from below.
  const { editor, conflictBox } = createCaseEditors({ reference, connection, label, submit, cancel, keep: keepDrafts });

  // ---------- who may do what ----------

  function canEdit(s) {
    if (!s || s.redacted || model?.meeting?.status !== 'live') return false;
    return s.presenterId === member?.id || hasRole(member, 'chair', 'officer');
  }

  // ---------- editing ----------

  function startEdit(s, f) {
    const key = `${s.caseId}:${f}`;
    if (!edits.has(key)) {
      const value = f === 'presentingNeeds' ? [...(s.presentingNeeds ?? [])] : (s[f] ?? '');
      edits.set(key, { caseId: s.caseId, familyRef: s.familyRef, field: f, base: value, draft: value, state: 'editing', current: null, error: null });
      keepDrafts();
    }
    focusAfterRender = f === 'presentingNeeds' ? `case-need-fieldset-${f}` : `case-edit-value-${f}`;
    render(model, presence);
  }

  function problemWith(f, value) {
    if (f === 'presentingNeeds') return Array.isArray(value) && value.length > 0 ? null : 'Choose at least one presenting need.';
    if (!String(value ?? '').trim()) return `${label(f)} cannot be empty.`;
    if (String(value).length > MAX_TEXT) return `${label(f)} must be at most 10,000 characters (it is ${String(value).length}).`;
    return null;
  }

  /** Sends the edit; `base` is what it was made from (the current text, after a conflict). */
  function submit(key) {
    const e = edits.get(key);
    if (!e || e.state === 'sending') return;
    const problem = problemWith(e.field, e.draft);
    if (problem) {
      e.error = problem;
      focusAfterRender = e.state === 'conflict' ? `case-merge-${e.field}` : `case-edit-value-${e.field}`;
      render(model, presence);
      return;
    }
    const base = e.state === 'conflict' ? e.current : e.base;
    const wasConflict = e.state === 'conflict';
    e.base = base;
    e.state = 'sending';
    e.error = null;
    keepDrafts();
    render(model, presence);
    send('case.edit', { field: e.field, baseValue: base, value: e.draft }).then(() => {
      if (edits.get(key) === e) edits.delete(key);
      keepDrafts();
      notice(`${label(e.field)} saved${wasConflict ? ' with your merged text' : ''}.`);
      focusAfterRender = `case-edit-${e.field}`;
      render(model, presence);
    }, (err) => {
      if (edits.get(key) !== e) return;
      fail(e, err);
    });
  }

  function fail(e, err) {
    if (err.code === 'edit_conflict') {
      e.state = 'conflict';
      e.current = err.details && 'current' in err.details ? err.details.current : currentValue(e);
      e.error = null;
      focusAfterRender = e.field === 'presentingNeeds' ? `case-merge-needs-${e.field}` : `case-merge-${e.field}`;
      announcer.change(`Someone changed ${label(e.field)} while you were editing. Your text is kept: merge it with the current text and send it again.`);
    } else if (err.code === 'discarded') {
      e.state = e.current !== null && e.current !== undefined ? 'conflict' : 'editing';
      e.error = 'Not sent: the waiting change was discarded. Your text is still here.';
    } else {
      e.state = e.current !== null && e.current !== undefined ? 'conflict' : 'editing';
      e.error = `Not saved: ${err.message}`;
      focusAfterRender = e.state === 'conflict' ? `case-merge-${e.field}` : `case-edit-value-${e.field}`;
    }
    keepDrafts();
    render(model, presence);
  }

  function currentValue(e) {
    const s = model ? focusSummary(model) : null;
    return s && s.caseId === e.caseId ? s[e.field] : null;
  }

  function cancel(key) {
    const e = edits.get(key);
    if (!e) return;
    const changed = !same(e.draft, e.state === 'conflict' ? e.current : e.base);
    if (changed && !window.confirm(e.state === 'conflict'
      ? 'Discard your text and keep the current text?'
      : `Discard your changes to ${label(e.field)}?`)) return;
    edits.delete(key);
    keepDrafts();
    focusAfterRender = `case-edit-${e.field}`;
    render(model, presence);
  }

  /** A `case.edit` sent from an earlier page (the outbox) was refused: show it for merging. */
  function adoptFailure(err, entry) {
    const s = model ? focusSummary(model) : null;
    const f = entry?.fields?.field;
    if (!s || !CASE_FIELDS.includes(f)) return false;
    const key = `${s.caseId}:${f}`;
    const e = { caseId: s.caseId, familyRef: s.familyRef, field: f, base: entry.fields.baseValue,
      draft: entry.fields.value, state: 'editing', current: null, error: null };
    edits.set(key, e);
    fail(e, err);
    return true;
  }

  // ---------- drawing ----------

  function valueNode(s, f) {
    const value = s[f];
    if (f === 'presentingNeeds') {
      const codes = Array.isArray(value) ? value : [];
      return codes.length === 0 ? h('p', { class: 'muted', text: 'None recorded.' })
        : h('ul', { class: 'needs-list' }, codes.map((c) => h('li', { text: reference.needLabel(c) })));
    }
    if (NARRATIVE.has(f) && (value === null || value === undefined) && s.redacted) {
      return h('p', { class: 'withheld' }, 'Withheld');
    }
    if (!value) return h('p', { class: 'muted', text: 'Not given.' });
    return h('p', { class: 'case-text', text: value });
  }

  function fieldNode(s, f, highlight, editable) {
    const key = `${s.caseId}:${f}`;
    const e = edits.get(key);
    const lit = highlight === f;
    const headingId = `case-label-${f}`;
    const controls = editable ? h('div', { class: 'button-row case-tools' },
      h('button', {
        id: `case-highlight-${f}`, type: 'button', class: 'button-secondary button-small', 'aria-pressed': String(lit),
        on: { click: () => act('case.highlight', lit ? {} : { field: f }) },
      }, lit ? 'Pointing here' : 'Point to this', h('span', { class: 'visually-hidden', text: `: ${label(f)}` })),
      e ? null : h('button', {
        id: `case-edit-${f}`, type: 'button', class: 'button-secondary button-small',
        on: { click: () => startEdit(s, f) },
      }, 'Edit', h('span', { class: 'visually-hidden', text: ` ${label(f)}` }))) : null;
    return h('section', {
      id: `case-field-${f}`, class: ['case-field', lit && 'is-highlighted'], 'aria-labelledby': headingId,
      data: { highlighted: String(lit), field: f },
    },
    h('div', { class: 'case-field-head' },
      h('h3', { id: headingId, text: label(f) }),
      lit ? h('span', { class: 'flag flag-highlight' }, h('span', { 'aria-hidden': 'true', text: '➜ ' }), 'Being discussed') : null),
    h('div', { id: `case-value-${f}`, class: 'case-value' }, valueNode(s, f)),
    controls,
    e && editable && !merging(e) ? editor(s, f, e, key) : null,
    e && editable && merging(e) ? conflictBox(s, f, e, key) : null);
  }

  /** Unsent edits for a case no longer in focus: shown so the text can be copied, until dismissed. */
  function orphans(caseId) {
    const left = [...edits.entries()].filter(([, e]) => e.caseId !== caseId && !same(e.draft, e.base));
    if (left.length === 0) return null;
    return h('div', { class: 'orphans', role: 'group', 'aria-labelledby': 'case-orphans-title' },
      h('h3', { id: 'case-orphans-title', text: 'Your unsent edits' }),
      h('p', { class: 'hint', text: 'The case moved on before these were saved. Copy what you need; they are kept in this tab until you dismiss them.' }),
      left.map(([key, e]) => h('div', { class: 'field' },
        h('label', { for: `case-orphan-${e.caseId}-${e.field}`, text: `${e.familyRef || 'Earlier case'}: ${label(e.field)}` }),
        (() => {
          const t = h('textarea', { id: `case-orphan-${e.caseId}-${e.field}`, rows: 4, readonly: true });
          t.value = Array.isArray(e.draft) ? e.draft.map((c) => reference.needLabel(c)).join(', ') : (e.draft ?? '');
          return t;
        })(),
        h('button', {
          type: 'button', class: 'button-secondary button-small',
          on: { click: () => { edits.delete(key); keepDrafts(); render(model, presence); } },
        }, 'Dismiss', h('span', { class: 'visually-hidden', text: ` the unsent edit of ${label(e.field)}` })))));
  }

  function render(next, people = presence) {
    model = next;
    presence = people;
    if (!model) return;
    const s = focusSummary(model);
    none.hidden = Boolean(s);
    body.hidden = !s;
    if (!s) {
      setText(heading, 'Case in focus');
      setText(none, model.meeting?.status === 'closed' ? 'The meeting has ended.'
        : model.focus?.caseId ? 'Loading the case summary…' : 'No case is being discussed now.');
      const rest = orphans(null);
      drawn = '';
      replaceKeepingFocus(fieldsRoot, rest ? [rest] : []);
      if (rest) body.hidden = false;
      return;
    }
    setText(heading, `Case in focus: ${s.familyRef}`);
    setText(family, s.familyRef);
    const presenter = s.presenterId ? memberInfo(model, s.presenterId, presence) : null;
    setText(presenterLine, presenter
      ? `Presented by ${s.presenterId === member?.id ? 'you' : presenter.name}${presenter.agency ? ` (${presenter.agency})` : ''}` : '');
    redactedNote.hidden = !s.redacted;

    const hl = model.focus?.highlight && model.focus.highlight.caseId === s.caseId ? model.focus.highlight.field : null;
    highlightNote.hidden = !hl;
    highlightNote.replaceChildren(...(hl ? [h('span', { 'aria-hidden': 'true', text: '➜ ' }),
      'Being discussed now: ', h('a', { href: `#case-field-${hl}`, text: label(hl) })] : []));

    const editable = canEdit(s);
    const picture = JSON.stringify([s, hl, editable, presenter, connection().phase, reference.needs().length,
      reference.ref.template ? 1 : 0, [...edits.entries()].map(([k, e]) => [k, e.state, e.error, e.current, e.base,
        e.caseId === s.caseId ? null : same(e.draft, e.base)])]);
    if (picture !== drawn || focusAfterRender) {
      drawn = picture;
      const nodes = CASE_FIELDS.map((f) => fieldNode(s, f, hl, editable));
      const rest = orphans(s.caseId);
      if (rest) nodes.push(rest);
      replaceKeepingFocus(fieldsRoot, nodes);
    }

    if (focusAfterRender) {
      const target = doc.getElementById(focusAfterRender);
      focusAfterRender = null;
      if (target) target.focus();
    }
  }

  /** Announces where the presenter points (politely, once per change) and who edited what. */
  function announceEvent(event, m) {
    if (event.type === 'case.highlighted') {
      const s = focusSummary(m);
      const hl = m.focus?.highlight?.field ?? null;
      if (!s || hl === lastHighlight) return;
      lastHighlight = hl;
      if (hl) announcer.change(`${event.actor?.memberId === member?.id ? 'You are' : `${event.actor?.name || 'The presenter'} is`} pointing at ${label(hl)}.`);
    } else if (event.type === 'case.edited' && event.actor?.memberId !== member?.id) {
      announcer.batch('case-edit', `${event.actor?.name || 'The presenter'} updated ${label(event.payload?.field)}.`, 10_000);
    }
  }

  return { render, announceEvent, adoptFailure };
}
