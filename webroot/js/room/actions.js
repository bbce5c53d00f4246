// A&I Live – actions in the meeting (R7, R8). Any participant volunteers a SMART action (what, owner
// agency and person, due date – by default two months after the meeting –, how the panel will know
// it is done: room/action-form.js). The chair confirms or returns proposals (room/action-confirm.js),
// puts the closure of a completed action to the partners present, sees objections and closes
// (room/action-cards.js). This meeting's action log and the actions followed up from earlier
// meetings are live: this module draws the lists and says what happened.

import { replaceKeepingFocus, setText } from '../dom.js';
import { plural } from '../format.js';
import { hasRole } from '../roles.js';
import {
  focusSummary, followUpActions, isParticipant, isPresent, meetingActions, memberInfo,
} from '../room-state.js';
import { createActionCards, createCardCommands } from './action-cards.js';
import { createConfirmCards } from './action-confirm.js';
import { createActionForm } from './action-form.js';

export function createActionsView({ member, send, announcer, reference, notice, connection }, doc = document) {
  const $ = (id) => doc.getElementById(id);
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
  const drawn = { log: '', follow: '', pending: '' }; // redrawn only when what they show changes

  const form = createActionForm({ member, send, reference, notice }, doc);
  const commands = createCardCommands({ send, notice, redraw: () => render(model, presence, outbox) }, doc);
  const cards = createActionCards({
    member, reference, connection, room: () => model, commands, startRevise: form.startRevise,
  }, doc);
  const confirmCards = createConfirmCards({ reference, commands }, doc);
  const rowErrors = commands.errors;
  const { busy } = commands;
  const meetingDate = () => model?.meeting?.meetingDate ?? '';

  // ---------- drawing ----------

  function render(next, people = presence, entries = outbox) {
    model = next;
    presence = people;
    outbox = entries;
    if (!model) return;
    form.render(model);

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
      replaceKeepingFocus(list, [...own.map(cards.actionCard), ...waiting.map(cards.pendingCard)], { fallback: actionsSection });
    }

    const follow = followUpActions(model);
    const focusRef = focusSummary(model)?.familyRef ?? null;
    follow.sort((a, b) => Number(b.familyRef === focusRef && focusRef !== null) - Number(a.familyRef === focusRef && focusRef !== null));
    setText(followSummary, follow.length === 0 ? 'No open actions from earlier meetings.'
      : `${plural(follow.length, 'open action')} from earlier meetings${focusRef && follow.some((a) => a.familyRef === focusRef) ? `; those for family ${focusRef} first` : ''}.`);
    const followPicture = JSON.stringify([follow, common]);
    if (followPicture !== drawn.follow) {
      drawn.follow = followPicture;
      replaceKeepingFocus(followList, follow.map(cards.actionCard), { fallback: actionsSection });
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
        replaceKeepingFocus(pendingList, proposed.map((a) => confirmCards.chairCard(model, presence, a)), { fallback: pendingSection });
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

  return { render, announceEvent, adoptFailure: form.adoptFailure };
}
