// A&I Live – the "Current item" panel: which item is being discussed and its countdown. The
// countdown is computed from the timer state and the server clock; only text that changed is
// written, so the display changes at most once a second whatever the tick rate. Once the meeting
// has ended there is no countdown: the panel says so and links to what comes next (the minutes
// draft and the action log for those who may read them).

import { h, setText } from '../dom.js';
import { hasRole } from '../roles.js';
import { countdown, minutesSeconds, plannedMinutes } from '../format.js';
import { itemName, timerFigures } from '../room-state.js';
import { presenterFlagNode, presenterText } from './presenter.js';

/** Where to go once the meeting has ended: what this member may read (docs/UI.md, "Live room"). */
export function endedLinks(member, meetingId) {
  const id = encodeURIComponent(meetingId ?? '');
  if (hasRole(member, 'chair', 'officer')) {
    return [
      { id: 'ended-minutes', href: `minutes.html?meeting=${id}`, text: 'The minutes draft' },
      { id: 'ended-action-log', href: `actions.html?meetingId=${id}&status=all`, text: 'The action log of this meeting' },
    ];
  }
  const links = [{ id: 'ended-action-log', href: '#actions', text: "This meeting's action log (on this page)" }];
  if (hasRole(member, 'partner', 'presenter')) links.push({ id: 'ended-my-actions', href: 'my-actions.html', text: 'Your actions' });
  return links;
}

export function createCurrentView({ member = null, meetingId = '' } = {}, doc = document) {
  const $ = (id) => doc.getElementById(id);
  const none = $('current-none');
  const body = $('current-body');
  const title = $('current-title');
  const district = $('current-district');
  const box = $('countdown-box');
  const label = $('countdown-label');
  const clock = $('countdown');
  const allotted = $('current-allotted');
  const used = $('current-used');
  const running = $('current-running');
  const speaking = $('now-speaking');
  const presenter = $('current-presenter');
  let presenterDrawn = '';
  const ended = $('meeting-ended');
  const endedList = $('meeting-ended-links');
  endedList.replaceChildren(...endedLinks(member, meetingId).map((l) => h('li', {},
    h('a', { id: l.id, href: l.href, text: l.text }))));

  function noneText(model) {
    const status = model.meeting?.status;
    if (status === 'closed') return 'The meeting has ended.';
    if (status === 'live') return 'The meeting has started; no item is being timed yet.';
    if (status === 'open') return 'The meeting is open for joining; it has not started yet.';
    return 'The meeting has not started yet.';
  }

  const isClosed = (model) => model.meeting?.status === 'closed';

  function tick(model, now) {
    const f = timerFigures(model, now);
    if (!f || isClosed(model)) return;
    const c = countdown(f.remainingMs);
    setText(label, c.overrun ? 'Overrun' : 'Time left');
    setText(clock, c.text);
    // For tests and scripts: seconds left (negative when over), and whether it is over.
    const seconds = String(c.overrun ? -c.seconds : c.seconds);
    if (clock.dataset.remainingSeconds !== seconds) clock.dataset.remainingSeconds = seconds;
    clock.dataset.overrun = String(c.overrun);
    box.classList.toggle('is-overrun', c.overrun);
    setText(used, minutesSeconds(Math.floor(f.usedMs / 1000)));
    setText(allotted, plannedMinutes(f.allottedMs / 1000));
  }

  function render(model, now) {
    const closed = isClosed(model);
    const f = closed ? null : timerFigures(model, now);
    ended.hidden = !closed;
    none.hidden = Boolean(f) || closed;
    body.hidden = !f;
    doc.body.classList.toggle('meeting-closed', closed);
    if (!f) {
      setText(none, noneText(model));
      return;
    }
    setText(title, itemName(f.item));
    const where = f.item?.districtName || (f.item?.section === 'aob' ? 'All districts' : '');
    setText(district, where);
    district.hidden = !where;
    setText(running, f.running ? 'Running' : 'Paused');
    running.className = f.running ? 'is-running' : 'is-paused';
    box.classList.toggle('is-paused', !f.running);
    drawPresenter(f.item, model.meeting);
    const speaker = model.speaker && model.speaker.itemId === model.timer.itemId ? model.speaker : null;
    speaking.hidden = !speaker;
    setText(speaking, speaker ? `Speaking now: ${speaker.name || 'someone'}${speaker.agency ? ` (${speaker.agency})` : ''}` : '');
    tick(model, now);
  }

  /** Who presents the current case and whether they are here (R5): drawn only when it changes. */
  function drawPresenter(item, meeting) {
    const text = presenterText(item, member);
    const picture = JSON.stringify([text, item?.presenterHere, item?.id, meeting?.status]);
    if (picture === presenterDrawn) return;
    presenterDrawn = picture;
    presenter.hidden = !text;
    const flag = text ? presenterFlagNode(item, meeting, 'current-presenter-flag') : null;
    presenter.replaceChildren(...(text ? [text, flag ? ' ' : '', flag ?? ''] : []));
  }

  return { render, tick };
}
