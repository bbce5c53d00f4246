// A&I Live – what the room says about the meeting and its timer: the meeting opened, started or
// ended, the timer started, paused, moved…, with the time left; and, as time passes, 5 minutes
// left, 1 minute left, time up, then each 5 minutes over.

import { plural, spokenMinutes } from '../format.js';
import { isObserverOnly, itemName, timerFigures } from '../room-state.js';

export function createTimeAnnouncements({ member, announcer }) {
  let lastStage = null;

  /** Where the running timer stands: more than 5 min left, ≤ 5, ≤ 1, then each 5 minutes over. */
  function timeStage(model, now) {
    const f = model && model.meeting?.status === 'live' ? timerFigures(model, now) : null;
    if (!f || !f.running) return null;
    const r = f.remainingMs;
    const stage = r < 0 ? `over${Math.floor(-r / 300_000)}` : r <= 60_000 ? 'one' : r <= 300_000 ? 'five' : 'plenty';
    return { key: `${model.timer.itemId}:${stage}`, itemId: model.timer.itemId, stage, name: itemName(f.item) };
  }

  /** Each tick: says so when the running timer passes into the next stage. */
  function announceTime(model, now) {
    const stage = timeStage(model, now);
    const previous = lastStage;
    lastStage = stage;
    if (!stage || !previous || previous.key === stage.key || previous.itemId !== stage.itemId) return;
    const over = /^over(\d+)$/.exec(stage.stage);
    const text = stage.stage === 'five' ? `5 minutes left for ${stage.name}.`
      : stage.stage === 'one' ? `1 minute left for ${stage.name}.`
        : over && over[1] === '0' ? `Time is up for ${stage.name}.`
          : over ? `${stage.name} is ${Number(over[1]) * 5} minutes over time.` : null;
    if (text) announcer.time(text);
  }

  /** Says what a meeting or timer event changed (the views say the rest). */
  function announceEvent(model, event, now) {
    const f = timerFigures(model, now);
    const name = f ? itemName(f.item) : '';
    const left = f ? (f.remainingMs >= 0 ? `${spokenMinutes(f.remainingMs / 1000)} left`
      : `${spokenMinutes(-f.remainingMs / 1000)} over time`) : '';
    const p = event.payload || {};
    const text = {
      'meeting.opened': 'The meeting is open for joining.',
      'meeting.started': 'The meeting has started.',
      'meeting.ended': 'The meeting has ended.',
      'meeting.observerAccessChanged': isObserverOnly(member)
        ? (p.meeting?.observersSeeCases ? 'The chair has allowed observers to see case details.' : 'Case details are now withheld from observers.')
        : null,
      'timer.started': f && `Timer started: ${name}, ${left}.`,
      'timer.paused': f && `Timer paused: ${name}, ${left}.`,
      'timer.resumed': f && `Timer resumed: ${name}, ${left}.`,
      'timer.extended': f && `${plural(p.minutes, 'minute')} added to ${name}: ${left}.`,
      'timer.moved': f && `${p.direction === 'back' ? 'Back to' : 'Next item:'} ${name}, ${left}.`,
      'agenda.shared': 'The remaining time has been shared evenly across the cases still to come.',
    }[event.type];
    if (text) announcer.change(text);
  }

  /**
   * After an event: a change to the timer or the agenda says where the time stands, so it is not
   * followed at once by a "time passing" message. Anything else (a contribution, a hand) leaves the
   * stage alone: arriving just as 1 minute is left, it must not swallow the "1 minute left" warning.
   */
  function settle(model, event, now) {
    if (/^(timer|agenda|meeting)\./.test(event.type)) lastStage = timeStage(model, now);
  }

  /** A fresh copy of the state: the next stage is not announced as a change. */
  function forget() {
    lastStage = null;
  }

  return { announceTime, announceEvent, settle, forget };
}
