// A&I Live – the presenter must attend (R5): who presents each case, whether they (or the colleague
// standing in for them) are here, and the presenter's control to name a stand-in. Whether someone
// is here is the server's answer (each case item's `presenterHere`, docs/PROTOCOL.md "The presenter
// must attend"); this module only puts it into words. Used by the agenda and the current item.

import { h } from '../dom.js';
import { itemName, isObserverOnly } from '../room-state.js';

/** While the meeting is open or live the flag means something: before, nobody's arrival is recorded. */
const FLAGGED = ['open', 'live'];

/** The flag of a case not yet done, in words and as a class; null when there is nothing to say. */
export function presenterFlag(item, meeting) {
  if (!item || item.kind !== 'case' || item.done || !item.presenter || !FLAGGED.includes(meeting?.status)) return null;
  return item.presenterHere
    ? { here: true, text: 'Presenter here', className: 'flag-presenter-here' }
    : { here: false, text: 'Presenter not here – consider deferring', className: 'flag-presenter-away' };
}

/** The flag as an element (text, not colour only), or null. */
export function presenterFlagNode(item, meeting, id) {
  const flag = presenterFlag(item, meeting);
  if (!flag) return null;
  return h('span', { id, class: ['flag', flag.className], data: { here: String(flag.here) } },
    h('span', { 'aria-hidden': 'true', text: flag.here ? '✓ ' : '! ' }), flag.text);
}

const nameOf = (person, member) => (person.memberId === member?.id ? 'you' : person.name || 'someone');

/** "Presented by Amira Haddad (Health Visiting); Ruth Adeyemi presents instead." Null for an item that is not a case. */
export function presenterText(item, member) {
  const p = item?.presenter;
  if (!p) return null;
  const agency = p.agency ? ` (${p.agency})` : '';
  const by = `Presented by ${nameOf(p, member)}${agency}`;
  const s = item.standIn;
  if (!s) return `${by}.`;
  const instead = nameOf(s, member);
  return `${by}; ${instead === 'you' ? 'you present' : `${instead} presents`} instead.`;
}

/**
 * The same answer as the flag, as a sentence (the key agencies' summary): who is here to present
 * the case, or that nobody is and the chair may defer it. Empty for an item that is not a case.
 */
export function presenterSentence(item) {
  const p = item?.presenter;
  if (!p) return '';
  const s = item.standIn;
  if (p.here) return `The presenter, ${p.name || 'someone'}, is here.`;
  if (s && s.here) return `${s.name || 'Someone'} is here, presenting instead of ${p.name || 'the presenter'}.`;
  if (s) return `Neither the presenter, ${p.name || 'someone'}, nor ${s.name || 'their stand-in'} is here: consider deferring the case.`;
  return `The presenter, ${p.name || 'someone'}, is not here: consider deferring the case.`;
}

/** May this member name who presents the item: its own presenter (the chair and officer may too, with the command). */
export function mayNameStandIn(member, item, meeting) {
  return Boolean(item?.presenter && !item.done && member?.id && item.presenter.memberId === member.id
    && meeting?.status !== 'closed');
}

/** The presenter's colleagues on the panel: the same agency, taking part, not the presenter. */
export function colleagues(model, item) {
  const agencyId = item?.presenter?.agencyId;
  if (!agencyId) return [];
  return model.members.filter((m) => m.onPanel && m.agencyId === agencyId && m.memberId !== item.presenter.memberId
    && !isObserverOnly(m)).sort((a, b) => a.fullName.localeCompare(b.fullName));
}

/** The presenter's form: choose a colleague to present instead, or present it yourself. */
export function standInForm(model, item, act) {
  const people = colleagues(model, item);
  const name = itemName(item);
  const selectId = `stand-in-${item.id}`;
  if (people.length === 0) {
    return h('p', { class: 'hint muted', id: `stand-in-none-${item.id}`,
      text: 'If you cannot come, no colleague of your agency sits on this panel to present instead: tell the chair.' });
  }
  const current = item.standIn?.memberId ?? '';
  const select = h('select', { id: selectId, class: 'stand-in-select', 'data-initial': current },
    h('option', { value: '', text: 'I present it myself' }),
    people.map((m) => h('option', { value: m.memberId, text: m.fullName })));
  select.value = current;
  return h('form', {
    class: 'stand-in-form',
    on: {
      submit(event) {
        event.preventDefault();
        const chosen = select.value;
        const who = people.find((m) => m.memberId === chosen);
        act('item.standIn', chosen ? { itemId: item.id, memberId: chosen } : { itemId: item.id },
          { done: who ? `${name}: ${who.fullName} presents instead of you.` : `${name}: you present it yourself.` });
      },
    },
  },
  h('label', { for: selectId }, 'Who presents', h('span', { class: 'visually-hidden', text: ` ${name}` })),
  select,
  h('button', { type: 'submit', class: 'button-secondary button-small', id: `stand-in-save-${item.id}` },
    'Save', h('span', { class: 'visually-hidden', text: ` who presents ${name}` })));
}
