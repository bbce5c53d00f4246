// A&I Live – the chair's cards of the actions waiting to be confirmed (R7): confirm (an action due
// more than two months after the meeting needs a reason), correct the wording, owner and due date
// before confirming, or return it to its proposer with what needs changing.

import { field, h, setAvailable } from '../dom.js';
import { shortDate } from '../format.js';
import { memberInfo } from '../room-state.js';
import { actionFacts, actionHead, MAX_REASON } from './action-cards.js';
import { latestDue } from './action-form.js';

/** `commands`: from createCardCommands (the refusals and commands on their way, by action). */
export function createConfirmCards({ reference, commands }, doc = document) {
  const corrected = new Set(); // actionIds whose "correct it before confirming" form is open

  /** The card of a proposed action, for the chair: confirm it (corrected, if need be) or return it. */
  function chairCard(model, presence, a) {
    const n = a.number ?? '';
    const late = a.dueDate && a.dueDate > latestDue(model);
    const lateId = `late-reason-${a.id}`;
    const returnId = `return-reason-${a.id}`;
    const e = commands.errors.get(a.id);
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
          if (late && !reason) return commands.problem(a.id, lateId, `Say why action ${n} may be due after ${shortDate(latestDue(model))}.`); // R7
          return commands.send(a.id, 'action.confirm', { ...(late ? { lateDueReason: reason } : {}), ...corrections(a) },
            { control: lateId, done: `Action ${n} confirmed.` });
        },
      },
    }, `Confirm action ${n}`);
    const giveBack = h('button', {
      id: `return-action-${a.id}`, type: 'button', class: 'button-secondary',
      on: {
        click: () => {
          const reason = doc.getElementById(returnId).value.trim();
          if (!reason) return commands.problem(a.id, returnId, 'Say what needs changing, so the proposer can revise it.');
          return commands.send(a.id, 'action.return', { reason }, { control: returnId, done: `Action ${n} returned to the proposer.` });
        },
      },
    }, 'Return to proposer', h('span', { class: 'visually-hidden', text: ` (action ${n})` }));
    setAvailable(confirm, !commands.busy.has(a.id));
    setAvailable(giveBack, !commands.busy.has(a.id));
    return h('li', { id: `pending-action-${a.id}`, class: ['action-card', 'action-status-proposed'], data: { status: a.status, number: n } },
      actionHead(a, [proposer ? h('span', { class: 'muted', text: `proposed by ${proposer.name}` }) : null]),
      h('p', { class: 'action-desc', text: a.description }),
      actionFacts(a),
      late ? h('div', { class: 'field' },
        h('label', { for: lateId }, `Why it is due after ${shortDate(latestDue(model))} (needed)`), // R7
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

  return { chairCard };
}
