// A&I Live – the "Volunteer an action" form of the meeting room (R7), also used by an action's
// proposer to revise it: what, owner agency and person, due date – by default two months after the
// meeting –, how the panel will know it is done. The form checks what the server checks and shows
// the server's refusals next to the field they name.

import { h, setAvailable, setText } from '../dom.js';
import { addMonths, isIsoDate, shortDate } from '../format.js';
import { focusSummary, isObserverOnly, isParticipant } from '../room-state.js';

const MAX_TEXT = 4000;
const R7_MONTHS = 2;

/** The latest due date an action may have without a reason (R7): two months after the meeting. */
export const latestDue = (model) => addMonths(model?.meeting?.meetingDate ?? '', R7_MONTHS);

/** Form controls by the field names the protocol (and its errors) use. */
const FORM_FIELDS = {
  description: 'action-description',
  ownerAgencyId: 'action-owner-agency',
  ownerMemberId: 'action-owner-member',
  dueDate: 'action-due-date',
  successMeasure: 'action-success-measure',
  caseId: 'action-case',
};

export function createActionForm({ member, send, reference, notice }, doc = document) {
  const $ = (id) => doc.getElementById(id);
  const form = $('action-form');
  const formHeading = $('action-form-heading');
  const formError = $('action-form-error');
  const closedNote = $('action-closed');
  const f = Object.fromEntries(Object.entries(FORM_FIELDS).map(([name, id]) => [name, $(id)]));
  const dueHint = $('action-due-hint');
  const submitButton = $('action-submit');
  const cancelButton = $('action-cancel');

  const participant = isParticipant(member);
  let model = null;
  let mode = { kind: 'propose' };
  let caseTouched = false;
  let dueTouched = false;
  let agencyTouched = false;

  const meetingDate = () => model?.meeting?.meetingDate ?? '';

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
    if (!dueTouched && mode.kind === 'propose' && f.dueDate.value !== latestDue(model)) f.dueDate.value = latestDue(model);
    const late = isIsoDate(f.dueDate.value) && f.dueDate.value > latestDue(model);
    dueHint.classList.toggle('warn-text', late);
    setText(dueHint, late
      ? `This is more than 2 months after the meeting: the chair will need to record why when confirming it.` // R7
      : `At the latest ${shortDate(latestDue(model))}, 2 months after the meeting.`); // R7
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

  /** Draws the form for the room's state `next`. */
  function render(next) {
    model = next;
    renderForm();
  }

  return { render, startRevise, adoptFailure };
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
