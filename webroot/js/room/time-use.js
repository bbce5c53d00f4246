// A&I Live – "Time per case": planned against used time for each agenda item so far (R3), as a
// strip of bars the chair takes in at a glance, with the same figures in words (the summary, the
// text alternative) and in a table behind a disclosure. Built from the agenda in the room's state;
// the current item's bar moves with the clock. The bars are hidden from screen readers: the
// summary and the table say everything they show.

import { h, setText } from '../dom.js';
import { londonTime, minutesSeconds, plannedMinutes, plural } from '../format.js';
import { itemName, projectedEnd, usedSeconds } from '../room-state.js';

const wholeMinutes = (seconds) => Math.round(seconds / 60);

/** The figures for one item at `now`: planned and used seconds, and whether it has been reached. */
function figures(model, item, now) {
  const used = usedSeconds(model, item, now);
  const current = model.timer?.itemId === item.id;
  return { item, planned: item.allottedSeconds ?? 0, used, current, reached: current || item.done || used > 0 };
}

function difference(f) {
  if (!f.reached) return 'Not reached';
  const d = f.used - f.planned;
  if (d > 0) return `${minutesSeconds(d)} over`;
  return f.current ? `${minutesSeconds(-d)} left` : `${minutesSeconds(-d)} under`;
}

/** The text alternative: how far the meeting has got and whether the cases still to come will be rushed. */
export function timeSummary(model, now) {
  const all = model.agenda.map((i) => figures(model, i, now));
  if (all.length === 0) return 'The agenda is empty.';
  const sofar = all.filter((f) => f.reached);
  const later = all.filter((f) => !f.reached);
  const plannedLater = later.reduce((n, f) => n + f.planned, 0);
  if (sofar.length === 0) {
    return `Nothing has been timed yet: ${plural(all.length, 'item')}, ${plural(wholeMinutes(plannedLater), 'minute')} planned.`;
  }
  const used = sofar.reduce((n, f) => n + f.used, 0);
  const planned = sofar.reduce((n, f) => n + f.planned, 0);
  const over = wholeMinutes(used - planned);
  const parts = [`So far ${plural(sofar.length, 'item')}: ${plural(wholeMinutes(used), 'minute')} used of ${wholeMinutes(planned)} planned`
    + (over > 0 ? ` (${plural(over, 'minute')} over).` : '.')];
  if (model.meeting?.status === 'closed') {
    if (later.length > 0) parts.push(`Not reached: ${plural(later.length, 'item')}, ${plural(wholeMinutes(plannedLater), 'minute')} planned.`);
    return parts.join(' ');
  }
  if (later.length > 0) parts.push(`Still to come: ${plural(later.length, 'item')}, ${plural(wholeMinutes(plannedLater), 'minute')} planned.`);
  const end = projectedEnd(model, now);
  const scheduled = model.meeting?.scheduledEnd;
  const late = Number.isFinite(end) && Number.isFinite(scheduled) ? Math.round((end - scheduled) / 60_000) : NaN;
  // Compared only on the meeting's day (a meeting run for practice on another day has no real end).
  if (Math.abs(late) < 24 * 60) {
    if (late > 0 && later.length > 0) {
      parts.push(`At the planned times the meeting ends at ${londonTime(end)}, ${plural(late, 'minute')} after the scheduled end: the cases still to come will be rushed unless time is found.`);
    } else if (late > 0) {
      parts.push(`The meeting will end at ${londonTime(end)} at the earliest, ${plural(late, 'minute')} after the scheduled end.`);
    } else if (later.length > 0) {
      parts.push(`There is time for what is left: at the planned times the meeting ends at ${londonTime(end)}${late < 0 ? `, ${plural(-late, 'minute')} before the scheduled end` : ', as scheduled'}.`);
    }
  }
  return parts.join(' ');
}

export function createTimeUseView(doc = document) {
  const $ = (id) => doc.getElementById(id);
  const summary = $('time-use-summary');
  const bars = $('time-use-bars');
  const rows = $('time-use-rows');
  let key = '';
  let live = null; // the current item's nodes, moved by the clock: {itemId, bar, used, over, usedCell, diffCell}
  let scale = 1;

  function widths(f) {
    const pct = (s) => `${Math.min(100, (s / scale) * 100).toFixed(2)}%`;
    return { planned: pct(f.planned), used: pct(Math.min(f.used, f.planned)), over: pct(Math.max(0, f.used - f.planned)) };
  }

  function barRow(f) {
    const w = widths(f);
    // Widths are set through the style object: the page's CSP refuses style attributes.
    const usedFill = h('span', { class: 'bar-used' });
    const overFill = h('span', { class: 'bar-over' });
    const planned = h('span', { class: 'bar-planned' }, usedFill);
    usedFill.style.width = w.used;
    overFill.style.width = w.over;
    planned.style.width = w.planned;
    const row = h('div', {
      class: ['time-bar', f.current && 'is-current', f.item.done && !f.current && 'is-done', f.used > f.planned && 'is-over', !f.reached && 'is-later'],
      data: { itemId: f.item.id, planned: String(f.planned), used: String(f.used) },
    },
    h('span', { class: 'bar-name', text: itemName(f.item) }),
    h('span', { class: 'bar-track' },
      planned, overFill),
    h('span', { class: 'bar-figures', text: f.reached ? `${minutesSeconds(f.used)} / ${wholeMinutes(f.planned)}` : `${wholeMinutes(f.planned)} min` }));
    return { row, usedFill, overFill };
  }

  function render(model, now) {
    if (!model) return;
    const all = model.agenda.map((i) => figures(model, i, now));
    const current = model.timer?.itemId ?? null;
    // The whole strip is rebuilt only when the agenda changes; the clock moves the current bar.
    const next = JSON.stringify([current, model.agenda.map((i) => [i.id, i.allottedSeconds, i.usedSeconds, i.done, itemName(i)])]);
    if (next !== key) {
      key = next;
      live = null;
      scale = Math.max(60, ...all.map((f) => Math.max(f.planned, f.used)));
      bars.replaceChildren(...all.map((f) => {
        const b = barRow(f);
        if (f.current) live = { itemId: f.item.id, ...b };
        return b.row;
      }));
      rows.replaceChildren(...all.map((f) => {
        const usedCell = h('td', { text: f.reached ? minutesSeconds(f.used) : '–' });
        const diffCell = h('td', { text: difference(f) });
        if (f.current && live) Object.assign(live, { usedCell, diffCell });
        return h('tr', { id: `time-row-${f.item.id}`, class: [f.current && 'is-current'] },
          h('th', { scope: 'row', text: itemName(f.item) }), h('td', { text: plannedMinutes(f.planned) }), usedCell, diffCell);
      }));
    }
    tick(model, now);
  }

  function tick(model, now) {
    if (!model) return;
    if (live) {
      const item = model.agenda.find((i) => i.id === live.itemId);
      if (item) {
        const f = figures(model, item, now);
        if (f.used > scale) {
          key = ''; // the current item outgrew the scale: redraw every bar against the new one
          render(model, now);
          return;
        }
        // Written only when changed (once a second at most), so the page is otherwise still.
        const w = widths(f);
        if (live.usedWidth !== w.used) live.usedFill.style.width = w.used;
        if (live.overWidth !== w.over) live.overFill.style.width = w.over;
        live.usedWidth = w.used;
        live.overWidth = w.over;
        live.row.classList.toggle('is-over', f.used > f.planned);
        if (live.row.dataset.used !== String(f.used)) live.row.dataset.used = String(f.used);
        setText(live.row.querySelector('.bar-figures'), `${minutesSeconds(f.used)} / ${wholeMinutes(f.planned)}`);
        if (live.usedCell) setText(live.usedCell, minutesSeconds(f.used));
        if (live.diffCell) setText(live.diffCell, difference(f));
      }
    }
    setText(summary, timeSummary(model, now));
  }

  return { render, tick };
}
