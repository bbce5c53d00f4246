// A&I Live – the join prompt (R13, issue 17): on arriving in the open or live room, a member is
// asked once, in one tap, "In the room" or "Joining remotely"; nobody is recorded remote because
// they opened a screen. The answer is remembered for this meeting on this device (localStorage),
// so coming back (a reload, a dropped connection) does not ask again, and it can be changed here.
// A join link (a session for this one meeting) means joining remotely unless the member says otherwise.

import { h, setText } from '../dom.js';
import { isObserverOnly } from '../room-state.js';

const ANSWERS = {
  in_room: { button: 'In the room', recorded: 'You are recorded as in the room.', other: 'remote', change: 'I am joining remotely instead' },
  remote: { button: 'Joining remotely', recorded: 'You are recorded as joining remotely.', other: 'in_room', change: 'I am in the room instead' },
};

const storageKey = (meetingId) => `ailive.whereAmI.${meetingId}`;

function remembered(meetingId) {
  try {
    const value = window.localStorage.getItem(storageKey(meetingId));
    return ANSWERS[value] ? value : null;
  } catch {
    return null;
  }
}

function remember(meetingId, answer) {
  try {
    window.localStorage.setItem(storageKey(meetingId), answer);
  } catch {
    // Private browsing without storage: the room asks again next time, nothing worse.
  }
}

export function createWhereAmIView({ member, act }, meetingId, doc = document) {
  const box = doc.getElementById('where-am-i');
  let sent = null; // the answer sent automatically on this page, so it is sent once

  const heading = h('h2', { id: 'where-am-i-heading', text: 'Where are you joining from?' });
  const hint = h('p', { class: 'hint muted', text: 'This records your attendance. You can change it later.' });
  const choose = (answer) => {
    remember(meetingId, answer);
    return act('attendance.mark', { status: answer }, { done: ANSWERS[answer].recorded });
  };
  const inRoom = h('button', { type: 'button', id: 'where-in-room', class: 'where-choice', on: { click: () => choose('in_room') } },
    ANSWERS.in_room.button);
  const remote = h('button', { type: 'button', id: 'where-remote', class: 'where-choice', on: { click: () => choose('remote') } },
    ANSWERS.remote.button);
  const ask = h('div', { class: 'where-ask' }, heading, hint, h('div', { class: 'button-row' }, inRoom, remote));
  const answeredText = h('span', { id: 'where-answered' });
  const change = h('button', { type: 'button', id: 'where-change', class: 'button-secondary button-small' });
  const answered = h('p', { class: 'where-answered' }, answeredText, ' ', change);
  change.addEventListener('click', () => choose(change.dataset.answer));
  if (box) {
    box.classList.add('where-am-i');
    box.setAttribute('role', 'region');
    box.setAttribute('aria-label', 'Your attendance');
    box.replaceChildren(ask, answered);
    box.hidden = true;
  }

  function render(model) {
    if (!box) return;
    const status = model.meeting?.status;
    const mine = model.attendance.get(member?.id);
    const known = model.members.some((m) => m.memberId === member?.id);
    const askable = ['open', 'live'].includes(status) && known && !isObserverOnly(member);
    // Marked otherwise by someone (apologies, absent, substitute): not ours to second-guess.
    if (!askable || (mine?.status && !ANSWERS[mine.status])) {
      box.hidden = true;
      return;
    }
    box.hidden = false;
    if (ANSWERS[mine?.status]) {
      remember(meetingId, mine.status);
      ask.hidden = true;
      answered.hidden = false;
      setText(answeredText, ANSWERS[mine.status].recorded);
      change.dataset.answer = ANSWERS[mine.status].other;
      setText(change, ANSWERS[mine.status].change);
      return;
    }
    ask.hidden = false;
    answered.hidden = true;
    const answer = remembered(meetingId) ?? (member?.meetingScope ? 'remote' : null);
    if (answer && sent !== answer) {
      sent = answer;
      choose(answer);
    }
  }

  return { render };
}
