// A&I Live – when each agenda item is expected to start, from the room state (R3).
// Pure functions: the caller passes the server's "now" (Date.now() + clock offset).

/** What is left of the current item, in ms (0 when overrun or nothing is timed). */
export function currentRemainingMs(timer, serverNow) {
  if (!timer || !timer.itemId) return 0;
  const used = (timer.usedBeforeMs || 0) + (timer.running && timer.startedAt ? serverNow - timer.startedAt : 0);
  return Math.max(0, (timer.allottedSeconds || 0) * 1000 - used);
}

/**
 * Expected start of every agenda item not yet done, as `Map(itemId → ms)`:
 * - before the meeting is live: from the scheduled start (or now, if that has passed), adding
 *   the minutes planned for each earlier item not done;
 * - live: the current item is under way; the next starts when what is left of it has run out,
 *   and so on down the agenda. Items done (or skipped, before the current one) get no time.
 * Also `end`: the projected end.
 */
export function expectedStarts(state, serverNow) {
  const starts = new Map();
  const agenda = Array.isArray(state?.agenda) ? [...state.agenda].sort((a, b) => a.position - b.position) : [];
  const meeting = state?.meeting || {};
  const timer = state?.timer || {};
  if (meeting.status === 'closed') return { starts, end: null, currentId: null };

  const live = meeting.status === 'live';
  const currentId = live && timer.itemId ? timer.itemId : null;
  let t;
  let from = 0;
  if (currentId) {
    const index = agenda.findIndex((i) => i.id === currentId);
    from = index < 0 ? 0 : index + 1;
    t = serverNow + currentRemainingMs(timer, serverNow);
  } else {
    const scheduled = Number.isFinite(meeting.scheduledStart) ? meeting.scheduledStart : serverNow;
    t = Math.max(scheduled, serverNow);
  }
  for (let i = from; i < agenda.length; i += 1) {
    const item = agenda[i];
    if (item.done) continue;
    starts.set(item.id, t);
    t += (item.allottedSeconds || 0) * 1000;
  }
  return { starts, end: agenda.length ? t : null, currentId };
}

/** Total planned seconds of the agenda. */
export function plannedTotal(agenda) {
  return (agenda || []).reduce((sum, i) => sum + (i.allottedSeconds || 0), 0);
}
