// A&I Live – actions in the meeting (R7, R8). Any participant volunteers a SMART action (what, owner
// agency and person, due date – by default two months after the meeting –, how the panel will know
// it is done); the form checks what the server checks and shows the server's refusals next to the
// field they name. The chair confirms or returns proposals (a late due date needs a reason), puts
// the closure of a completed action to the partners present, sees objections and closes. This
// meeting's action log and the actions followed up from earlier meetings are live.

import { actionStatusLabel, FOLLOWED_UP } from '../action-status.js';
import { field, h, replaceKeepingFocus, setAvailable, setText } from '../dom.js';
import { addMonths, isIsoDate, plural, shortDate } from '../format.js';
import { hasRole } from '../roles.js';
import {
  focusSummary, followUpActions, isObserverOnly, isParticipant, isPresent,
  meetingActions, memberInfo,
} from '../room-state.js';

const MAX_TEXT = 4000;
const MAX_REASON = 1000;
const R7_MONTHS = 2;

/** Form controls by the field names the protocol (and its errors) use. */
const FORM_FIELDS = {
  description: 'action-description',
  ownerAgencyId: 'action-owner-agency',
  ownerMemberId: 'action-owner-member',
  dueDate: 'action-due-date',
  successMeasure: 'action-success-measure',
  caseId: 'action-case',
};

export function createActionsView({ member, send, announcer, reference, notice, connection }, doc = document) {
  const $ = (id) => doc.getElementById(id);
  const form = $('action-form');
  const formHeading = $('action-form-heading');
  const formError = $('action-form-error');
  const closedNote = $('action-closed');
  const f = Object.fromEntries(Object.entries(FORM_FIELDS).map(([name, id]) => [name, $(id)]));
  const dueHint = $('action-due-hint');
  const submitButton = $('action-submit');
  const cancelButton = $('action-cancel');
  const list = $('actions-list');
  const listSummary = $('actions-summary');
  const followList = $('followup-list');
  const followSummary = $('followup-summary');
  const pendingSection = $('pending-actions');
  const pendingList = $('pending-actions-list');
  const pendingCount = $('pending-actions-count');
  const pendingNone = $('pending-actions-none');
  const actionsSection = $('actions');

  const chair = hasRole(member, 'chair');
  const participant = isParticipant(member);
  let model = null;
  let presence = [];
  let outbox = [];
  let mode = { kind: 'propose' };
  let caseTouched = false;
  let dueTouched = false;
  let agencyTouched = false;
  const rowErrors = new Map(); // actionId → {control, text}
  const placed = new Set();    // actionIds whose error was drawn next to its control
  const busy = new Set();      // actionIds with a command on its way
  const corrected = new Set(); // actionIds whose "correct it before confirming" form is open
  const drawn = { log: '', follow: '', pending: '' }; // redrawn only when what they show changes

  // ---------- the form ----------

  const meetingDate = () => model?.meeting?.meetingDate ?? '';
  const latestDue = () => addMonths(meetingDate(), R7_MONTHS);

  function membersOf(agencyId) {
    return (model?.members ?? []).filter((m) => m.agencyId === agencyId && !isObserverOnly(m));
  }

  let agencyKey = '';
  function fillAgencies() {
    const agencies = reference.agencies();
    const key = agencies.map((a) => a.id).join(',');
    if (key === agencyKey && f.ownerAgencyId.options.length) return;
    agencyKey = key;
    const keep = f.ownerAgencyId.value;
    f.ownerAgencyId.replaceChildren(
      h('option', { value: '', text: agencies.length ? 'Choose the agency…' : 'Loading agencies…' }),
      ...agencies.map((a) => h('option', { value: a.id, text: a.name })));
    const mine = member?.agencyId && agencies.some((a) => a.id === member.agencyId) ? member.agencyId : '';
    f.ownerAgencyId.value = keep && agencies.some((a) => a.id === keep) ? keep : (agencyTouched ? '' : mine);
  }

  let memberKey = '';
  function fillMembers() {
    const people = membersOf(f.ownerAgencyId.value);
    const key = `${f.ownerAgencyId.value}|${people.map((p) => p.memberId).join(',')}`;
    if (key === memberKey) return;
    memberKey = key;
    const keep = f.ownerMemberId.value;
    f.ownerMemberId.replaceChildren(
      h('option', { value: '', text: people.length ? 'No named person' : 'No panel member of this agency' }),
      ...people.map((p) => h('option', { value: p.memberId, text: p.fullName })));
    if (keep && people.some((p) => p.memberId === keep)) f.ownerMemberId.value = keep;
    else if (!agencyTouched && people.some((p) => p.memberId === member?.id)) f.ownerMemberId.value = member.id;
    else f.ownerMemberId.value = '';
  }

  let caseKey = '';
  function fillCases() {
    const cases = (model?.agenda ?? []).filter((i) => i.kind === 'case' && i.caseId);
    const key = cases.map((i) => `${i.caseId}:${i.familyRef}`).join(',');
    if (key !== caseKey) {
      caseKey = key;
      const keep = f.caseId.value;
      f.caseId.replaceChildren(
        ...cases.map((i) => h('option', { value: i.caseId, text: `Family ${i.familyRef || i.title}` })),
        h('option', { value: '', text: 'No family: AOB and partner updates' }));
      f.caseId.value = keep;
    }
    if (!caseTouched && mode.kind === 'propose') f.caseId.value = focusSummary(model)?.caseId ?? '';
  }

  function fillDue() {
    if (!meetingDate()) return;
    f.dueDate.min = meetingDate();
    if (!dueTouched && mode.kind === 'propose' && f.dueDate.value !== latestDue()) f.dueDate.value = latestDue();
    const late = isIsoDate(f.dueDate.value) && f.dueDate.value > latestDue();
    dueHint.classList.toggle('warn-text', late);
    setText(dueHint, late
      ? `This is more than 2 months after the meeting: the chair will need to record why when confirming it.` // R7
      : `At the latest ${shortDate(latestDue())}, 2 months after the meeting.`); // R7
  }

  f.ownerAgencyId.addEventListener('change', () => {
    agencyTouched = true;
    fillMembers();
  });
  f.caseId.addEventListener('change', () => { caseTouched = true; });
  f.dueDate.addEventListener('input', () => {
    dueTouched = true;
    fillDue();
  });
  f.dueDate.addEventListener('change', () => {
    dueTouched = true;
    fillDue();
  });

  function clearErrors() {
    Object.keys(FORM_FIELDS).forEach((name) => {
      f[name].removeAttribute('aria-invalid');
      setText($(`action-${name}-error`), '');
    });
    formError.replaceChildren();
  }

  /** Errors next to their fields, and a summary with links to them; focus goes to the first. */
  function showErrors(errors) {
    clearErrors();
    const names = Object.keys(FORM_FIELDS).filter((n) => errors[n]);
    names.forEach((n) => {
      f[n].setAttribute('aria-invalid', 'true');
      setText($(`action-${n}-error`), errors[n]);
    });
    const other = errors._form;
    if (names.length || other) {
      formError.replaceChildren(
        h('p', { class: 'error-title', text: names.length > 1 ? `There are ${names.length} problems with this action:` : 'There is a problem with this action:' }),
        h('ul', {}, ...names.map((n) => h('li', {}, h('a', {
          href: `#${FORM_FIELDS[n]}`,
          on: { click: (e) => { e.preventDefault(); f[n].focus(); } },
          text: errors[n],
        }))), other ? h('li', { text: other }) : null));
    }
    if (names.length) f[names[0]].focus();
  }

  /** The server's checks (room/ActionCommands), made before sending. */
  function validate(values) {
    const errors = {};
    if (!values.description.trim()) errors.description = 'Say what will be done.';
    else if (values.description.length > MAX_TEXT) errors.description = `At most 4,000 characters (this is ${values.description.length}).`;
    if (!values.ownerAgencyId) errors.ownerAgencyId = reference.agencies().length ? 'Choose the agency that owns the action.' : 'The agencies have not loaded yet: wait a moment and try again.';
    if (values.ownerMemberId && !membersOf(values.ownerAgencyId).some((m) => m.memberId === values.ownerMemberId)) {
      errors.ownerMemberId = 'Choose a person of the owner agency, or no named person.';
    }
    if (!values.dueDate) errors.dueDate = 'Enter the due date.';
    else if (!isIsoDate(values.dueDate)) errors.dueDate = 'Enter a real date, like 2027-02-02.';
    else if (meetingDate() && values.dueDate < meetingDate()) errors.dueDate = `The due date cannot be before the meeting (${shortDate(meetingDate())}).`;
    if (!values.successMeasure.trim()) errors.successMeasure = 'Say how the panel will know it is done.';
    else if (values.successMeasure.length > MAX_TEXT) errors.successMeasure = `At most 4,000 characters (this is ${values.successMeasure.length}).`;
    return errors;
  }

  const readForm = () => ({
    description: f.description.value,
    ownerAgencyId: f.ownerAgencyId.value,
    ownerMemberId: f.ownerMemberId.value,
    dueDate: f.dueDate.value,
    successMeasure: f.successMeasure.value,
    caseId: f.caseId.value,
  });

  function writeForm(v) {
    f.description.value = v.description ?? '';
    f.ownerAgencyId.value = v.ownerAgencyId ?? '';
    memberKey = '';
    fillMembers();
    f.ownerMemberId.value = v.ownerMemberId ?? '';
    f.dueDate.value = v.dueDate ?? '';
    f.successMeasure.value = v.successMeasure ?? '';
    if (v.caseId !== undefined) f.caseId.value = v.caseId ?? '';
    fillDue();
  }

  function resetForm() {
    mode = { kind: 'propose' };
    caseTouched = false;
    dueTouched = false;
    agencyTouched = false;
    f.description.value = '';
    f.successMeasure.value = '';
    f.ownerAgencyId.value = reference.agencies().some((a) => a.id === member?.agencyId) ? member.agencyId : '';
    memberKey = '';
    fillMembers();
    f.dueDate.value = '';
    clearErrors();
    renderForm();
  }

  const pristine = () => !f.description.value.trim() && !f.successMeasure.value.trim();

  /** A server refusal: the field it names gets the message (the form is refilled if it was sent from empty). */
  function serverError(err, values) {
    if (values && pristine()) writeForm(values);
    const name = err.field && FORM_FIELDS[err.field] ? err.field : null;
    const text = err.code === 'discarded' ? 'Not sent: the waiting change was discarded. The action is back in the form.'
      : name ? err.message.replace(/^'[A-Za-z]+' /, (m) => `${fieldWords(name)} `) : `Not sent: ${err.message}`;
    showErrors(name ? { [name]: text } : { _form: text });
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!model || model.meeting?.status !== 'live' || !participant) return;
    if (submitButton.getAttribute('aria-disabled') === 'true') return;
    const values = readForm();
    const errors = validate(values);
    if (Object.keys(errors).length) {
      showErrors(errors);
      return;
    }
    clearErrors();
    const fields = {
      description: values.description.trim(),
      ownerAgencyId: values.ownerAgencyId,
      ownerMemberId: values.ownerMemberId || null,
      dueDate: values.dueDate,
      successMeasure: values.successMeasure.trim(),
    };
    if (mode.kind === 'revise') {
      const { actionId, number } = mode;
      setAvailable(submitButton, false);
      send('action.revise', { actionId, ...fields }).then(() => {
        setAvailable(submitButton, true);
        notice(`Action ${number ?? ''} revised and sent to the chair again.`);
        resetForm();
        doc.getElementById(`action-${actionId}`)?.focus();
      }, (err) => {
        setAvailable(submitButton, true);
        serverError(err, null);
      });
      return;
    }
    // Proposed on the case chosen now, even if it waits in the outbox meanwhile.
    fields.caseId = values.caseId || null;
    resetForm();
    f.description.focus();
    send('action.propose', fields).then(() => {
      notice('Action volunteered: it waits for the chair to confirm it.');
    }, (err) => serverError(err, values));
  });

  cancelButton.addEventListener('click', () => {
    const id = mode.actionId;
    resetForm();
    doc.getElementById(`action-revise-${id}`)?.focus();
  });

  function startRevise(a) {
    mode = { kind: 'revise', actionId: a.id, number: a.number };
    agencyTouched = true;
    dueTouched = true;
    writeForm({
      description: a.description, ownerAgencyId: a.ownerAgencyId, ownerMemberId: a.ownerMemberId ?? '',
      dueDate: a.dueDate, successMeasure: a.successMeasure, caseId: a.caseId ?? '',
    });
    clearErrors();
    renderForm();
    form.scrollIntoView({ block: 'start' });
    f.description.focus();
  }

  /** An action sent from an earlier page was refused: give it back to the form. */
  function adoptFailure(err, entry) {
    if (entry?.type !== 'action.propose' || !pristine()) return false;
    const v = entry.fields || {};
    serverError(err, {
      description: v.description, ownerAgencyId: v.ownerAgencyId, ownerMemberId: v.ownerMemberId ?? '',
      dueDate: v.dueDate, successMeasure: v.successMeasure, caseId: v.caseId ?? '',
    });
    return true;
  }

  function renderForm() {
    const live = model?.meeting?.status === 'live';
    form.hidden = !participant || !live;
    closedNote.hidden = participant && live;
    setText(closedNote, !participant ? 'Observers see the actions; they do not volunteer them.'
      : model?.meeting?.status === 'closed' ? 'The meeting has ended: actions are followed up from "My actions".'
        : 'You can volunteer actions once the chair starts the meeting.');
    if (!model) return;
    fillAgencies();
    fillMembers();
    fillCases();
    fillDue();
    const revising = mode.kind === 'revise';
    setText(formHeading, revising ? `Revise action ${mode.number ?? ''}` : 'Volunteer an action');
    setText(submitButton, revising ? 'Send the revised action' : 'Volunteer this action');
    cancelButton.hidden = !revising;
    f.caseId.disabled = revising; // an action stays with its family
  }

  // ---------- cards ----------

  const ownerText = (a) => (a.ownerName ? `${a.ownerName}, ${a.ownerAgency}` : a.ownerAgency || 'No owner');

  function facts(a) {
    return h('dl', { class: 'action-facts' },
      h('div', {}, h('dt', { text: 'Owner' }), h('dd', { text: ownerText(a) })),
      h('div', {}, h('dt', { text: 'Due' }), h('dd', {},
        a.dueDate ? shortDate(a.dueDate) : '–',
        a.lateDueReason ? h('span', { class: 'muted', text: ` (later than 2 months: ${a.lateDueReason})` }) : null)),
      h('div', {}, h('dt', { text: 'Done when' }), h('dd', { text: a.successMeasure || '–' })));
  }

  function head(a, extra = []) {
    return h('div', { class: 'action-head' },
      h('span', { class: 'action-number', text: Number.isFinite(a.number) ? `Action ${a.number}` : 'New action' }),
      h('span', { class: 'action-family', text: a.familyRef ? `Family ${a.familyRef}` : 'AOB' }),
      h('span', { class: ['flag', 'status-flag', `action-${a.status}`], text: actionStatusLabel(a.status) }),
      ...extra);
  }

  /** The card's error, if it is about this control: drawn here instead of at the card's end. */
  function errorNear(id, control) {
    const e = rowErrors.get(id);
    if (!e || e.control !== control) return null;
    placed.add(id);
    return rowError(id);
  }

  function rowError(id) {
    const e = rowErrors.get(id);
    return h('p', { id: `action-error-${id}`, class: 'field-error', text: e?.text ?? '' });
  }

  /** Sends a chair or partner command for one action; its refusal shows on the card. */
  function rowSend(actionId, type, fields, { control, done } = {}) {
    rowErrors.delete(actionId);
    busy.add(actionId);
    render(model, presence, outbox);
    send(type, { actionId, ...fields }).then(() => {
      busy.delete(actionId);
      if (done) notice(done);
      render(model, presence, outbox);
    }, (err) => {
      busy.delete(actionId);
      const named = err.field === 'lateDueReason' ? `late-reason-${actionId}`
        : err.field === 'reason' ? control : err.field === 'completionConfirmed' ? `completion-${actionId}` : null;
      rowErrors.set(actionId, { control: named ?? control, text: err.message });
      render(model, presence, outbox);
      const el = doc.getElementById(named ?? control ?? '');
      el?.focus();
    });
  }

  function rowProblem(actionId, control, text) {
    rowErrors.set(actionId, { control, text });
    render(model, presence, outbox);
    doc.getElementById(control)?.focus();
  }

  function closureControls(a) {
    const live = model.meeting?.status === 'live';
    if (!live) return [];
    const out = [];
    const n = a.number ?? '';
    const errFor = (control) => (rowErrors.get(a.id)?.control === control ? `action-error-${a.id}` : null);
    if (a.closureProposed) {
      out.push(h('p', { class: 'closure-note' },
        'The chair has put this action\'s closure to the partners present. Anyone present may object if it is not complete.')); // R8
      if (participant && !chair) {
        if (isPresent(model, member?.id)) {
          const reasonId = `object-reason-${a.id}`;
          out.push(h('div', { class: 'inline-form' },
            h('div', { class: 'field' },
              h('label', { for: reasonId }, 'Why it should stay open', h('span', { class: 'visually-hidden', text: ` (action ${n})` })),
              field('input', { id: reasonId, type: 'text', maxlength: MAX_REASON, 'aria-describedby': errFor(reasonId), 'aria-invalid': errFor(reasonId) ? 'true' : null })),
            h('button', {
              id: `object-action-${a.id}`, type: 'button', class: 'button-secondary',
              on: {
                click: () => {
                  const reason = doc.getElementById(reasonId).value.trim();
                  if (!reason) return rowProblem(a.id, reasonId, 'Say why the action should stay open.');
                  return rowSend(a.id, 'action.object', { reason }, { control: reasonId, done: `You objected to closing action ${n}.` });
                },
              },
            }, 'Object to closing', h('span', { class: 'visually-hidden', text: ` action ${n}` }))));
          out.push(errorNear(a.id, reasonId));
        } else {
          out.push(h('p', { class: 'hint muted', text: 'Only partners recorded as present (in the room, remote or substitute) take part in agreeing a closure.' }));
        }
      }
      if (chair) {
        const objections = model.objections?.get(a.id) ?? [];
        const button = h('button', {
          id: `close-action-${a.id}`, type: 'button',
          on: { click: () => rowSend(a.id, 'action.close', {}, { control: `close-action-${a.id}`, done: `Action ${n} closed.` }) },
        }, `Close action ${n}`, h('span', { class: 'visually-hidden', text: ' (no objection)' }));
        setAvailable(button, !busy.has(a.id));
        out.push(h('div', { class: 'button-row' }, button));
        if (objections.length === 0) out.push(h('p', { class: 'hint muted', text: 'No objection so far.' }));
      }
    } else if (chair && FOLLOWED_UP.includes(a.status)) {
      const boxId = `completion-${a.id}`;
      const button = h('button', {
        id: `propose-close-${a.id}`, type: 'button', class: 'button-secondary',
        on: {
          click: () => {
            if (!doc.getElementById(boxId).checked) return rowProblem(a.id, boxId, 'Tick "Completion confirmed" first: an action closes only once it is done.'); // R8
            return rowSend(a.id, 'action.proposeClose', { completionConfirmed: true }, { control: boxId, done: `Closure of action ${n} put to the partners present.` });
          },
        },
      }, 'Put closure to the partners', h('span', { class: 'visually-hidden', text: ` (action ${n})` }));
      setAvailable(button, !busy.has(a.id));
      out.push(h('div', { class: 'inline-form closure-form' },
        h('div', { class: 'field-check' },
          field('input', { id: boxId, type: 'checkbox', 'aria-describedby': errFor(boxId) }),
          h('label', { for: boxId }, 'Completion confirmed', h('span', { class: 'visually-hidden', text: ` for action ${n}` }))),
        button));
      out.push(errorNear(a.id, boxId));
    }
    return out;
  }

  function objectionsNode(a) {
    const list_ = model.objections?.get(a.id) ?? [];
    if (list_.length === 0) return null;
    return h('div', { class: 'objections' },
      h('p', { class: 'objections-title', text: `${plural(list_.length, 'objection')} to closing in this meeting:` }),
      h('ul', {}, list_.map((o) => h('li', {},
        h('strong', { text: o.name }), o.agency ? ` (${o.agency})` : '', `: ${o.reason}`))));
  }

  function actionCard(a) {
    placed.delete(a.id);
    const controls = closureControls(a);
    const mine = a.proposedBy === member?.id;
    const live = model.meeting?.status === 'live';
    // Its proposer revises it; the chair corrects it as they confirm it (the form on the chair's card).
    const canRevise = live && ['proposed', 'returned'].includes(a.status) && mine;
    return h('li', {
      id: `action-${a.id}`, tabindex: '-1',
      class: ['action-card', `action-status-${a.status}`, a.closureProposed && 'is-closure-proposed'],
      data: { status: a.status, number: a.number ?? '', closureProposed: String(Boolean(a.closureProposed)) },
    },
    head(a, [mine ? h('span', { class: 'muted', text: '(you proposed it)' }) : null]),
    h('p', { class: 'action-desc', text: a.description }),
    facts(a),
    a.status === 'returned' && a.returnedReason
      ? h('p', { class: 'returned-reason' }, h('strong', { text: 'Returned by the chair: ' }), a.returnedReason) : null,
    a.status === 'dropped' && a.dropReason ? h('p', { class: 'muted', text: `Dropped: ${a.dropReason}` }) : null,
    objectionsNode(a),
    ...controls,
    canRevise ? h('div', { class: 'button-row' }, h('button', {
      id: `action-revise-${a.id}`, type: 'button', class: 'button-secondary button-small', on: { click: () => startRevise(a) },
    }, 'Revise', h('span', { class: 'visually-hidden', text: ` action ${a.number ?? ''}` }))) : null,
    placed.has(a.id) ? null : rowError(a.id));
  }

  function pendingCard(entry) {
    const v = entry.fields || {};
    const agency = reference.agencies().find((a) => a.id === v.ownerAgencyId)?.name ?? '';
    return h('li', { id: `pending-${entry.key}`, class: ['action-card', 'is-pending'], data: { status: 'pending' } },
      h('div', { class: 'action-head' },
        h('span', { class: 'action-number', text: 'Your new action' }),
        h('span', { class: 'flag flag-pending' }, connection().phase === 'live' ? 'Sending' : 'Waiting to send')),
      h('p', { class: 'action-desc', text: v.description ?? '' }),
      h('dl', { class: 'action-facts' },
        h('div', {}, h('dt', { text: 'Owner' }), h('dd', { text: agency || '–' })),
        h('div', {}, h('dt', { text: 'Due' }), h('dd', { text: v.dueDate ? shortDate(v.dueDate) : '–' }))));
  }

  function chairCard(a) {
    const n = a.number ?? '';
    const late = a.dueDate && a.dueDate > latestDue();
    const lateId = `late-reason-${a.id}`;
    const returnId = `return-reason-${a.id}`;
    const e = rowErrors.get(a.id);
    const errFor = (control) => (e?.control === control ? `pending-error-${a.id}` : null);
    // The refusal shows next to the field it is about (one element, wherever that is).
    const errorHere = (control) => (e && e.control === control
      ? h('p', { id: `pending-error-${a.id}`, class: 'field-error', text: e.text }) : null);
    const proposer = a.proposedBy ? memberInfo(model, a.proposedBy, presence) : null;
    const confirm = h('button', {
      id: `confirm-action-${a.id}`, type: 'button',
      on: {
        click: () => {
          const reason = late ? doc.getElementById(lateId).value.trim() : '';
          if (late && !reason) return pendingProblem(a.id, lateId, `Say why action ${n} may be due after ${shortDate(latestDue())}.`); // R7
          return pendingSend(a.id, 'action.confirm', { ...(late ? { lateDueReason: reason } : {}), ...corrections(a) },
            lateId, `Action ${n} confirmed.`);
        },
      },
    }, `Confirm action ${n}`);
    const giveBack = h('button', {
      id: `return-action-${a.id}`, type: 'button', class: 'button-secondary',
      on: {
        click: () => {
          const reason = doc.getElementById(returnId).value.trim();
          if (!reason) return pendingProblem(a.id, returnId, 'Say what needs changing, so the proposer can revise it.');
          return pendingSend(a.id, 'action.return', { reason }, returnId, `Action ${n} returned to the proposer.`);
        },
      },
    }, 'Return to proposer', h('span', { class: 'visually-hidden', text: ` (action ${n})` }));
    setAvailable(confirm, !busy.has(a.id));
    setAvailable(giveBack, !busy.has(a.id));
    return h('li', { id: `pending-action-${a.id}`, class: ['action-card', 'action-status-proposed'], data: { status: a.status, number: n } },
      head(a, [proposer ? h('span', { class: 'muted', text: `proposed by ${proposer.name}` }) : null]),
      h('p', { class: 'action-desc', text: a.description }),
      facts(a),
      late ? h('div', { class: 'field' },
        h('label', { for: lateId }, `Why it is due after ${shortDate(latestDue())} (needed)`), // R7
        field('input', { id: lateId, type: 'text', maxlength: MAX_REASON, 'aria-describedby': errFor(lateId), 'aria-invalid': errFor(lateId) ? 'true' : null }),
        errorHere(lateId)) : null,
      correctionForm(a),
      h('div', { class: 'button-row' }, confirm),
      h('div', { class: 'inline-form' },
        h('div', { class: 'field' },
          h('label', { for: returnId }, 'What needs changing', h('span', { class: 'visually-hidden', text: ` (action ${n})` })),
          field('input', { id: returnId, type: 'text', maxlength: MAX_REASON, 'aria-describedby': errFor(returnId), 'aria-invalid': errFor(returnId) ? 'true' : null })),
        giveBack),
      errorHere(returnId),
      e && e.control !== lateId && e.control !== returnId ? errorHere(e.control) : null);
  }

  /**
   * The chair corrects the wording, owner and due date before confirming (sent with action.confirm:
   * only the fields changed). Kept open, with what was typed, across re-renders.
   */
  function correctionForm(a) {
    const ids = { description: `correct-description-${a.id}`, agency: `correct-agency-${a.id}`, due: `correct-due-${a.id}` };
    const details = h('details', { id: `correct-${a.id}`, class: 'correct-action', open: corrected.has(a.id) },
      h('summary', {}, 'Correct it before confirming', h('span', { class: 'visually-hidden', text: ` (action ${a.number ?? ''})` })),
      h('div', { class: 'field' }, h('label', { for: ids.description, text: 'Wording' }),
        field('textarea', { id: ids.description, rows: '3', maxlength: '4000', 'data-initial': a.description }, a.description)),
      h('div', { class: 'field' }, h('label', { for: ids.agency, text: 'Owning agency' }),
        h('select', { id: ids.agency, 'data-initial': a.ownerAgencyId },
          reference.agencies().map((g) => h('option', { value: g.id, text: g.name, selected: g.id === a.ownerAgencyId })))),
      h('div', { class: 'field' }, h('label', { for: ids.due, text: 'Due date' }),
        field('input', { id: ids.due, type: 'date', 'data-initial': a.dueDate, value: a.dueDate })));
    details.addEventListener('toggle', () => (details.open ? corrected.add(a.id) : corrected.delete(a.id)));
    return details;
  }

  /** The fields the chair changed in the correction form, as action.confirm takes them. */
  function corrections(a) {
    const out = {};
    const value = (id) => doc.getElementById(id)?.value;
    const description = value(`correct-description-${a.id}`)?.trim();
    const agency = value(`correct-agency-${a.id}`);
    const due = value(`correct-due-${a.id}`);
    if (description && description !== a.description) out.description = description;
    if (agency && agency !== a.ownerAgencyId) Object.assign(out, { ownerAgencyId: agency, ownerMemberId: null });
    if (due && due !== a.dueDate) out.dueDate = due;
    return out;
  }

  function pendingProblem(actionId, control, text) {
    rowErrors.set(actionId, { control, text });
    render(model, presence, outbox);
    doc.getElementById(control)?.focus();
  }

  function pendingSend(actionId, type, fields, control, done) {
    rowSend(actionId, type, fields, { control, done });
  }

  // ---------- drawing ----------

  function render(next, people = presence, entries = outbox) {
    model = next;
    presence = people;
    outbox = entries;
    if (!model) return;
    renderForm();

    const own = meetingActions(model);
    const waiting = outbox.filter((e) => e.type === 'action.propose');
    const confirmed = own.filter((a) => !['proposed', 'returned'].includes(a.status)).length;
    setText(listSummary, own.length === 0 && waiting.length === 0 ? 'No actions yet.'
      : `${plural(own.length, 'action')}: ${confirmed} confirmed, ${own.length - confirmed} waiting or returned${waiting.length ? `; ${waiting.length} of yours waiting to send` : ''}.`);
    const common = [model.meeting?.status, isPresent(model, member?.id), [...rowErrors.entries()], [...busy],
      [...(model.objections ?? new Map()).entries()], connection().phase, reference.agencies().length];
    const logPicture = JSON.stringify([own, waiting.map((e) => [e.key, e.fields]), common]);
    if (logPicture !== drawn.log) {
      drawn.log = logPicture;
      replaceKeepingFocus(list, [...own.map(actionCard), ...waiting.map(pendingCard)], { fallback: actionsSection });
    }

    const follow = followUpActions(model);
    const focusRef = focusSummary(model)?.familyRef ?? null;
    follow.sort((a, b) => Number(b.familyRef === focusRef && focusRef !== null) - Number(a.familyRef === focusRef && focusRef !== null));
    setText(followSummary, follow.length === 0 ? 'No open actions from earlier meetings.'
      : `${plural(follow.length, 'open action')} from earlier meetings${focusRef && follow.some((a) => a.familyRef === focusRef) ? `; those for family ${focusRef} first` : ''}.`);
    const followPicture = JSON.stringify([follow, common]);
    if (followPicture !== drawn.follow) {
      drawn.follow = followPicture;
      replaceKeepingFocus(followList, follow.map(actionCard), { fallback: actionsSection });
    }

    pendingSection.hidden = !chair || (model.meeting?.status === 'closed' && ![...model.actions.values()].some((a) => a.status === 'proposed'));
    if (chair) {
      const proposed = [...model.actions.values()].filter((a) => a.status === 'proposed')
        .sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
      setText(pendingCount, String(proposed.length));
      pendingCount.dataset.count = String(proposed.length);
      pendingNone.hidden = proposed.length > 0;
      const names = proposed.map((a) => (a.proposedBy ? memberInfo(model, a.proposedBy, presence).name : ''));
      const pendingPicture = JSON.stringify([proposed, names, meetingDate(), [...rowErrors.entries()], [...busy]]);
      if (pendingPicture !== drawn.pending) {
        drawn.pending = pendingPicture;
        replaceKeepingFocus(pendingList, proposed.map(chairCard), { fallback: pendingSection });
      }
    }
  }

  // ---------- announcements ----------

  function announceEvent(event) {
    const a = event.payload?.action;
    if (!a) return;
    const n = a.number ?? '';
    const mine = a.proposedBy === member?.id;
    const byMe = event.actor?.memberId === member?.id;
    switch (event.type) {
      case 'action.proposed':
        if (chair && !byMe) {
          announcer.batch('actions-waiting', () => {
            const count = [...model.actions.values()].filter((x) => x.status === 'proposed').length;
            return count ? `${plural(count, 'action')} waiting for you to confirm.` : null;
          }, 20_000);
        }
        break;
      case 'action.confirmed':
        if (mine && !byMe) announcer.change(`Your action ${n} was confirmed.`);
        break;
      case 'action.returned':
        if (mine && !byMe) announcer.change(`The chair returned your action ${n}: ${a.returnedReason ?? ''}. You can revise it.`);
        break;
      case 'action.closureProposed':
        if (!byMe && participant && isPresent(model, member?.id)) {
          announcer.change(`The chair asks whether action ${n} can be closed. Object if it is not complete.`);
        }
        break;
      case 'action.objected':
        if (chair && !byMe) announcer.change(`${event.actor?.name ?? 'A partner'} objected to closing action ${n}: ${event.payload.reason ?? ''}`);
        break;
      case 'action.closed':
        if (!byMe) announcer.batch('actions-closed', `Action ${n} closed with the agreement of the partners present.`, 10_000);
        break;
      default:
    }
  }

  return { render, announceEvent, adoptFailure };
}

function fieldWords(name) {
  return {
    description: 'What will be done:',
    ownerAgencyId: 'Owner agency:',
    ownerMemberId: 'Person:',
    dueDate: 'Due date:',
    successMeasure: 'How we will know it is done:',
    caseId: 'Family:',
  }[name] ?? `${name}:`;
}
