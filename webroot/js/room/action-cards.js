// A&I Live – an action's card in the meeting room's action log and follow-up list (R8): what was
// agreed, owner, due date, how the panel will know it is done, its status in words; the chair puts
// the closure of a completed action to the partners present, a partner present objects, the chair
// closes; the proposer revises a proposed or returned action. A command sent from a card is refused
// on that card, next to the control it is about.

import { actionStatusLabel, FOLLOWED_UP } from '../action-status.js';
import { field, h, setAvailable } from '../dom.js';
import { plural, shortDate } from '../format.js';
import { hasRole } from '../roles.js';
import { isParticipant, isPresent } from '../room-state.js';

export const MAX_REASON = 1000;

const ownerText = (a) => (a.ownerName ? `${a.ownerName}, ${a.ownerAgency}` : a.ownerAgency || 'No owner');

/** What was agreed about an action: owner, due date (and why later than two months), done when. */
export function actionFacts(a) {
  return h('dl', { class: 'action-facts' },
    h('div', {}, h('dt', { text: 'Owner' }), h('dd', { text: ownerText(a) })),
    h('div', {}, h('dt', { text: 'Due' }), h('dd', {},
      a.dueDate ? shortDate(a.dueDate) : '–',
      a.lateDueReason ? h('span', { class: 'muted', text: ` (later than 2 months: ${a.lateDueReason})` }) : null)),
    h('div', {}, h('dt', { text: 'Done when' }), h('dd', { text: a.successMeasure || '–' })));
}

/** The card's first line: number, family, status in words, and `extra`. */
export function actionHead(a, extra = []) {
  return h('div', { class: 'action-head' },
    h('span', { class: 'action-number', text: Number.isFinite(a.number) ? `Action ${a.number}` : 'New action' }),
    h('span', { class: 'action-family', text: a.familyRef ? `Family ${a.familyRef}` : 'AOB' }),
    h('span', { class: ['flag', 'status-flag', `action-${a.status}`], text: actionStatusLabel(a.status) }),
    ...extra);
}

/**
 * The commands sent from the cards, and what the cards show of them: `errors` (actionId →
 * {control, text}, the refusal drawn next to that control) and `busy` (actionIds with a command on
 * its way). `redraw` draws the cards again.
 */
export function createCardCommands({ send, notice, redraw }, doc = document) {
  const errors = new Map();
  const busy = new Set();

  /** Sends a chair or partner command for one action; its refusal shows on the card. */
  function sendFor(actionId, type, fields, { control, done } = {}) {
    errors.delete(actionId);
    busy.add(actionId);
    redraw();
    send(type, { actionId, ...fields }).then(() => {
      busy.delete(actionId);
      if (done) notice(done);
      redraw();
    }, (err) => {
      busy.delete(actionId);
      const named = err.field === 'lateDueReason' ? `late-reason-${actionId}`
        : err.field === 'reason' ? control : err.field === 'completionConfirmed' ? `completion-${actionId}` : null;
      errors.set(actionId, { control: named ?? control, text: err.message });
      redraw();
      const el = doc.getElementById(named ?? control ?? '');
      el?.focus();
    });
  }

  function problem(actionId, control, text) {
    errors.set(actionId, { control, text });
    redraw();
    doc.getElementById(control)?.focus();
  }

  return { errors, busy, send: sendFor, problem };
}

/**
 * The cards of the action log, the follow-up list and the outbox. `room()`: the room's state;
 * `commands`: from createCardCommands; `startRevise(a)`: opens the action in the form.
 */
export function createActionCards({ member, reference, connection, room, commands, startRevise }, doc = document) {
  const chair = hasRole(member, 'chair');
  const participant = isParticipant(member);
  const placed = new Set();    // actionIds whose error was drawn next to its control

  /** The card's error, if it is about this control: drawn here instead of at the card's end. */
  function errorNear(id, control) {
    const e = commands.errors.get(id);
    if (!e || e.control !== control) return null;
    placed.add(id);
    return rowError(id);
  }

  function rowError(id) {
    const e = commands.errors.get(id);
    return h('p', { id: `action-error-${id}`, class: 'field-error', text: e?.text ?? '' });
  }

  function closureControls(a) {
    const model = room();
    const live = model.meeting?.status === 'live';
    if (!live) return [];
    const out = [];
    const n = a.number ?? '';
    const errFor = (control) => (commands.errors.get(a.id)?.control === control ? `action-error-${a.id}` : null);
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
                  if (!reason) return commands.problem(a.id, reasonId, 'Say why the action should stay open.');
                  return commands.send(a.id, 'action.object', { reason }, { control: reasonId, done: `You objected to closing action ${n}.` });
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
          on: { click: () => commands.send(a.id, 'action.close', {}, { control: `close-action-${a.id}`, done: `Action ${n} closed.` }) },
        }, `Close action ${n}`, h('span', { class: 'visually-hidden', text: ' (no objection)' }));
        setAvailable(button, !commands.busy.has(a.id));
        out.push(h('div', { class: 'button-row' }, button));
        if (objections.length === 0) out.push(h('p', { class: 'hint muted', text: 'No objection so far.' }));
      }
    } else if (chair && FOLLOWED_UP.includes(a.status)) {
      const boxId = `completion-${a.id}`;
      const button = h('button', {
        id: `propose-close-${a.id}`, type: 'button', class: 'button-secondary',
        on: {
          click: () => {
            if (!doc.getElementById(boxId).checked) return commands.problem(a.id, boxId, 'Tick "Completion confirmed" first: an action closes only once it is done.'); // R8
            return commands.send(a.id, 'action.proposeClose', { completionConfirmed: true }, { control: boxId, done: `Closure of action ${n} put to the partners present.` });
          },
        },
      }, 'Put closure to the partners', h('span', { class: 'visually-hidden', text: ` (action ${n})` }));
      setAvailable(button, !commands.busy.has(a.id));
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
    const model = room();
    const list_ = model.objections?.get(a.id) ?? [];
    if (list_.length === 0) return null;
    return h('div', { class: 'objections' },
      h('p', { class: 'objections-title', text: `${plural(list_.length, 'objection')} to closing in this meeting:` }),
      h('ul', {}, list_.map((o) => h('li', {},
        h('strong', { text: o.name }), o.agency ? ` (${o.agency})` : '', `: ${o.reason}`))));
  }

  function actionCard(a) {
    const model = room();
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
    actionHead(a, [mine ? h('span', { class: 'muted', text: '(you proposed it)' }) : null]),
    h('p', { class: 'action-desc', text: a.description }),
    actionFacts(a),
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

  return { actionCard, pendingCard };
}
