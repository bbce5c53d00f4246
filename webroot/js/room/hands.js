// A&I Live – raised hands on the item being discussed: a participant raises or lowers their own
// hand and sees their place ("you are 2nd in the queue"); everyone sees the queue in order; the
// chair takes the next speaker, lowers a hand or clears the queue. Queue changes are announced
// calmly (the latest picture, at most every few seconds); whom the chair calls is said at once.
// The cockpit bar holds the participant's button, who is next and "Take next"; the card below
// it, the whole queue with "Lower" and "Clear the queue".

import { h, isAvailable, replaceKeepingFocus, setAvailable, setText } from '../dom.js';
import { ordinal, plural } from '../format.js';
import { hasRole } from '../roles.js';
import { handQueue, isParticipant, itemName, memberInfo, timerFigures } from '../room-state.js';

export function createHandsView({ member, act, announcer }, doc = document) {
  const $ = (id) => doc.getElementById(id);
  const selfBox = $('hand-self');
  const raise = $('hand-raise');
  const raiseLabel = raise.querySelector('span:last-child');
  const position = $('queue-position');
  const count = $('queue-count');
  const nextLine = $('queue-next');
  const cockpitHands = $('cockpit-hands');   // the cockpit's one line: who is next, how many wait
  const list = $('queue-list');
  const chairBox = $('hand-chair');          // "Take next", in the cockpit bar
  const chairMore = $('hand-chair-more');     // "Clear the queue", under the list
  const next = $('hand-next');
  const clear = $('hand-clear');
  const heading = $('hands-heading');

  const chair = hasRole(member, 'chair');
  const participant = isParticipant(member);
  let model = null;
  let lastPlace = null;     // my place last time we looked (0-based), or -1
  let lastItem = null;
  let lastQueue = '';       // the queue last time, to speak only of changes
  let drawn = '';           // what the list showed last

  const live = () => model?.meeting?.status === 'live' && Boolean(model?.timer?.itemId);
  // Once the meeting has ended nobody waits to speak, whatever the last queue was.
  const queue = () => (model && model.meeting?.status !== 'closed' ? handQueue(model, model.timer?.itemId) : []);

  raise.addEventListener('click', () => {
    if (!isAvailable(raise)) {
      act.fail(model?.meeting?.status === 'live'
        ? 'Hands can be raised once the chair starts an agenda item.'
        : 'Hands can be raised while the meeting is live.');
      return;
    }
    if (raise.dataset.raised === 'true') act('hand.lower', {});
    else act('hand.raise', {});
  });
  next.addEventListener('click', () => {
    if (!isAvailable(next)) {
      act.fail('No hands are raised.');
      return;
    }
    act('hand.next', {});
  });
  clear.addEventListener('click', () => {
    if (!isAvailable(clear)) {
      act.fail('No hands are raised.');
      return;
    }
    if (window.confirm(`Lower all ${plural(queue().length, 'raised hand')}?`)) act('hand.clear', {});
  });

  function render(next_, presence = []) {
    model = next_;
    const q = queue();
    const mine = q.indexOf(member?.id);
    const f = timerFigures(model, 0);
    const itemLabel = f ? itemName(f.item) : '';

    setText(heading, itemLabel ? `Hands raised on ${itemLabel}` : 'Hands raised');
    selfBox.hidden = !participant || model.meeting?.status === 'closed';
    setAvailable(raise, live());
    raise.dataset.raised = String(mine >= 0);
    raise.classList.toggle('is-raised', mine >= 0);
    setText(raiseLabel, mine >= 0 ? 'Lower your hand' : 'Raise your hand');
    setText(position, !live() ? 'Hands can be raised while an item is being discussed.'
      : mine < 0 ? 'Your hand is down.'
        : mine === 0 ? 'Your hand is up: you are next in the queue (1st).'
          : `Your hand is up: you are ${ordinal(mine + 1)} in the queue.`);
    position.dataset.place = String(mine + 1);

    setText(count, q.length === 0 ? 'No hands are raised.' : `${plural(q.length, 'hand')} raised, first come first.`);
    count.dataset.count = String(q.length);
    const picture = JSON.stringify([q, q.map((id) => memberInfo(model, id, presence)), chair && live()]);
    if (picture !== drawn) {
      drawn = picture;
      replaceKeepingFocus(list, q.map((memberId, i) => {
      const who = memberInfo(model, memberId, presence);
      return h('li', { id: `queue-${memberId}`, class: ['queue-entry', memberId === member?.id && 'is-me'] },
        h('span', { class: 'queue-place', 'aria-hidden': 'true', text: `${i + 1}.` }),
        h('span', { class: 'person-name', text: who.name }),
        memberId === member?.id ? h('span', { class: 'muted', text: ' (you)' }) : null,
        who.agency ? h('span', { class: 'person-agency', text: who.agency }) : null,
        chair && live() ? h('button', {
          id: `hand-lower-${memberId}`, type: 'button', class: 'button-secondary button-small',
          on: { click: () => act('hand.lower', { memberId }) },
        }, 'Lower', h('span', { class: 'visually-hidden', text: ` the hand of ${who.name}` })) : null);
      }), { fallback: chair ? next : null });
    }

    chairBox.hidden = !chair || model.meeting?.status === 'closed';
    chairMore.hidden = chairBox.hidden;
    setAvailable(next, live() && q.length > 0);
    setAvailable(clear, live() && q.length > 0);
    const first = q.length ? memberInfo(model, q[0], presence) : null;
    next.title = first ? `Take ${first.name} (T)` : 'Take next (T)';
    setText(nextLine, !first ? 'No hands are raised.'
      : `Next: ${first.name}${first.agency ? ` (${first.agency})` : ''}${q.length > 1 ? ` · ${q.length - 1} more waiting` : ''}`);
    nextLine.dataset.count = String(q.length);
    cockpitHands.hidden = model.meeting?.status === 'closed';

    announceQueue(q, mine, presence);
  }

  /** Calm announcements: my place when it changes; for the chair, the size of the queue. */
  function announceQueue(q, mine, presence) {
    const item = model.timer?.itemId ?? null;
    const picture = q.join(',');
    if (item !== lastItem) {
      lastItem = item;
      lastPlace = mine;
      lastQueue = picture;
      return;
    }
    if (picture === lastQueue) return;
    lastQueue = picture;
    if (participant && mine !== lastPlace) {
      if (mine >= 0 && lastPlace >= 0 && mine < lastPlace) {
        announcer.batch('queue-self', mine === 0 ? 'You are next in the queue.' : `You are now ${ordinal(mine + 1)} in the queue.`, 8_000);
      } else if (mine >= 0 && lastPlace < 0) {
        announcer.batch('queue-self', `Hand raised: you are ${ordinal(mine + 1)} in the queue.`, 2_000);
      }
    }
    lastPlace = mine;
    if (chair) {
      const first = q.length ? memberInfo(model, q[0], presence) : null;
      announcer.batch('queue', q.length === 0 ? 'No hands are raised.'
        : `${plural(q.length, 'hand')} raised. Next: ${first.name}${first.agency ? `, ${first.agency}` : ''}.`, 15_000);
    }
  }

  /** Whom the chair called: said to everyone at once. */
  function announceTaken(event) {
    const m = event.payload?.member;
    if (!m) return;
    announcer.cancel('queue-self');
    announcer.change(m.memberId === member?.id ? 'The chair has called you to speak.'
      : `The chair calls ${m.name || 'the next speaker'}${m.agency ? `, ${m.agency}` : ''}.`);
  }

  return { render, announceTaken };
}
