// A&I Live – the chair console (and the officer's few controls): the case timer (in the cockpit bar
// at the top of the room), sharing the remaining time (R3), the meeting's life cycle and whether
// observers see case details (R12). Ending the meeting first says what is still open.
// What a role can never do is hidden; what it cannot do *now* is marked aria-disabled, which keeps
// focus where it is when the state changes under it. Outcomes are announced from the events
// (room.js), the same for everyone, not confirmed here.

import { isAvailable, setAvailable, setText } from '../dom.js';
import { hasRole } from '../roles.js';
import { itemName, meetingActions, timerFigures } from '../room-state.js';
import { plural } from '../format.js';
import { canEditAgenda } from './agenda.js';

export function createControlsView({ member, act }, doc = document) {
  const $ = (id) => doc.getElementById(id);
  const section = $('chair-console');
  const heading = $('controls-heading');
  const navLink = doc.querySelector('#room-nav [data-for="chair-console"]');
  const groups = { timer: $('timer-controls'), agenda: $('agenda-controls'), meeting: $('meeting-controls') };
  const b = {
    start: $('chair-start'),
    pause: $('chair-pause'),
    resume: $('chair-resume'),
    extend1: $('chair-extend-1'),
    extend5: $('chair-extend-5'),
    back: $('chair-back'),
    next: $('chair-next'),
    share: $('chair-share'),
    open: $('meeting-open'),
    startMeeting: $('meeting-start'),
    end: $('meeting-end'),
  };
  const shortcuts = $('shortcuts-help');
  const observerBox = $('observer-access-box');
  const observerAccess = $('observer-access');

  const chair = hasRole(member, 'chair');
  const officer = hasRole(member, 'officer');
  let model = null;

  /** Wires a button to a command; a click on an unavailable button only says why. */
  function on(button, why, command) {
    button.addEventListener('click', () => {
      if (!isAvailable(button)) {
        act.fail(why());
        return;
      }
      command();
    });
  }

  const current = () => (model ? timerFigures(model, 0)?.item ?? null : null);
  const status = () => model?.meeting?.status;
  const notLive = () => (status() === 'live' ? 'No item is being timed.' : 'The meeting has not started, or has ended.');

  on(b.start, () => (status() === 'live' ? 'An item is already current: use Resume or Next.' : notLive()),
    () => act('timer.start', {}));
  on(b.pause, () => (current() ? 'The timer is already paused.' : notLive()),
    () => act('timer.pause', {}));
  on(b.resume, () => (current() ? 'The timer is already running.' : notLive()),
    () => act('timer.resume', {}));
  on(b.extend1, notLive, () => act('timer.extend', { minutes: 1 }));
  on(b.extend5, notLive, () => act('timer.extend', { minutes: 5 }));
  on(b.back, () => (current() ? 'This is the first agenda item.' : notLive()), () => act('timer.back', {}));
  on(b.next, () => (current() ? 'This is the last agenda item: end the meeting instead.' : notLive()),
    () => act('timer.next', {}));
  on(b.share, () => 'There are no cases left to share time across.',
    () => act('agenda.shareRemaining', {}));
  on(b.open, () => 'Only a planned meeting can be opened.',
    () => act('meeting.open', {}));
  on(b.startMeeting, () => 'The meeting has already started or has ended.',
    () => act('meeting.start', {}));
  on(b.end, () => 'Only a live meeting can be ended.', () => {
    // A native confirm: keyboard and screen-reader friendly, and ending cannot be undone.
    if (window.confirm(endQuestion(model))) {
      act('meeting.end', {});
    }
  });

  let observerSending = 0; // while a change is on its way, the switch shows what was asked for
  observerAccess.addEventListener('change', () => {
    const allowed = observerAccess.checked;
    observerSending++;
    act('meeting.observerAccess', { allowed }, {
      done: allowed ? 'Observers can now see case details.' : 'Case details are now withheld from observers.',
    }).then(() => {
      observerSending--;
      // Refused or done: show the switch as it really is.
      if (model && observerSending === 0) observerAccess.checked = Boolean(model.meeting?.observersSeeCases);
    });
  });

    /** Cases after the current item that are not done: what "share evenly" spreads time over. */
  function remainingCases() {
    if (!model) return 0;
    const index = model.agenda.findIndex((i) => i.id === model.timer?.itemId);
    return model.agenda.slice(index + 1).filter((i) => i.kind === 'case' && !i.done).length;
  }

  function render(next) {
    model = next;
    const s = status();
    const f = timerFigures(model, 0);
    const index = f ? model.agenda.findIndex((i) => i.id === model.timer.itemId) : -1;
    const live = s === 'live';

    // Once closed there is nothing left to time (the meeting group stays, so focus on "End" is kept).
    groups.timer.hidden = !chair || s === 'closed';
    shortcuts.hidden = groups.timer.hidden;
    setAvailable(b.start, live && !f && model.agenda.some((i) => !i.done));
    setAvailable(b.pause, live && Boolean(f) && f.running);
    setAvailable(b.resume, live && Boolean(f) && !f.running);
    setAvailable(b.extend1, live && Boolean(f));
    setAvailable(b.extend5, live && Boolean(f));
    setAvailable(b.back, live && index > 0);
    setAvailable(b.next, live && index >= 0 && index < model.agenda.length - 1);
    // Name the item in the buttons' descriptions, so "Next" says where it goes.
    const after = index >= 0 ? model.agenda[index + 1] : null;
    const before = index > 0 ? model.agenda[index - 1] : null;
    b.next.title = after ? `Next: ${itemName(after)} (N)` : 'Next (N)';
    b.back.title = before ? `Back to ${itemName(before)} (B)` : 'Back (B)';

    groups.agenda.hidden = !canEditAgenda(member, model.meeting);
    setAvailable(b.share, remainingCases() > 0);

    b.open.hidden = !(chair || officer);
    b.startMeeting.hidden = !chair;
    b.end.hidden = !chair;
    // The officer's only life-cycle step is opening a planned meeting.
    groups.meeting.hidden = !(chair || (officer && s === 'planned'));
    setAvailable(b.open, s === 'planned');
    setAvailable(b.startMeeting, s === 'planned' || s === 'open');
    setAvailable(b.end, live);

    observerBox.hidden = !chair || s === 'closed';
    if (observerSending === 0) observerAccess.checked = Boolean(model.meeting?.observersSeeCases);

    // The timer sits in the cockpit bar; the console card holds the rest.
    section.hidden = groups.agenda.hidden && groups.meeting.hidden && shortcuts.hidden;
    if (navLink) navLink.hidden = section.hidden;
    setText(heading, chair ? 'Chair console' : 'Officer controls');
  }

  /** For the keyboard shortcuts: presses a button as a click would (an unavailable one says why). */
  const press = (name) => b[name].click();

  /** Space: whichever of start, pause and resume applies now. */
  function toggleTimer() {
    if (isAvailable(b.start)) b.start.click();
    else if (isAvailable(b.pause)) b.pause.click();
    else b.resume.click();
  }

  return { render, press, toggleTimer, timerShown: () => !groups.timer.hidden };
}

/**
 * What is still open when the chair ends the meeting, from the client's state: actions volunteered
 * here and neither confirmed nor returned, actions returned and not volunteered again, and cases on
 * the agenda that were never reached.
 */
export function stillOpen(model) {
  const actions = model ? meetingActions(model) : [];
  const proposed = actions.filter((a) => a.status === 'proposed').length;
  const returned = actions.filter((a) => a.status === 'returned').length;
  const notReached = (model?.agenda ?? []).filter((i) => i.kind === 'case' && !i.done
    && i.id !== model.timer?.itemId && !(i.usedSeconds > 0));
  return { proposed, returned, notReached };
}

export function endQuestion(model) {
  const open = stillOpen(model);
  const lines = [];
  if (open.proposed) lines.push(`- ${plural(open.proposed, 'volunteered action')} not yet confirmed or returned`);
  if (open.returned) lines.push(`- ${plural(open.returned, 'returned action')} not yet volunteered again`);
  if (open.notReached.length) {
    lines.push(`- ${plural(open.notReached.length, 'case')} not reached: ${open.notReached.map(itemName).join(', ')}`);
  }
  return `End the meeting now? The timer stops and live changes end.\n\n${lines.length
    ? `Still open:\n${lines.join('\n')}` : 'Nothing is left open: no action waits for confirmation and every case was reached.'}`;
}
