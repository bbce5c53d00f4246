// A&I Live – the "Current item" panel: which item is being discussed and its countdown. The
// countdown is computed from the timer state and the server clock; only text that changed is
// written, so the display changes at most once a second whatever the tick rate.

import { setText } from '../dom.js';
import { countdown, minutesSeconds, plannedMinutes } from '../format.js';
import { itemName, timerFigures } from '../room-state.js';

export function createCurrentView(doc = document) {
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

  function noneText(model) {
    const status = model.meeting?.status;
    if (status === 'closed') return 'The meeting has ended.';
    if (status === 'live') return 'The meeting has started; no item is being timed yet.';
    if (status === 'open') return 'The meeting is open for joining; it has not started yet.';
    return 'The meeting has not started yet.';
  }

  function tick(model, now) {
    const f = timerFigures(model, now);
    if (!f) return;
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
    const f = timerFigures(model, now);
    none.hidden = Boolean(f);
    body.hidden = !f;
    if (!f) {
      setText(none, noneText(model));
      return;
    }
    setText(title, itemName(f.item));
    const where = f.item?.districtName || (f.item?.section === 'aob' ? 'All districts' : '');
    setText(district, where);
    district.hidden = !where;
    const closed = model.meeting?.status === 'closed';
    setText(running, closed ? 'Stopped: the meeting has ended' : f.running ? 'Running' : 'Paused');
    running.className = closed || !f.running ? 'is-paused' : 'is-running';
    box.classList.toggle('is-paused', !f.running);
    const speaker = model.speaker && model.speaker.itemId === model.timer.itemId ? model.speaker : null;
    speaking.hidden = !speaker;
    setText(speaking, speaker ? `Speaking now: ${speaker.name || 'someone'}${speaker.agency ? ` (${speaker.agency})` : ''}` : '');
    tick(model, now);
  }

  return { render, tick };
}
