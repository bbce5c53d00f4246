// A&I Live – the agenda: items in order, grouped by section (R1), planned against used time (R3),
// the current and done items marked in words, and the projected end of the meeting. Those who
// may edit the agenda (the chair until the end, the officer before the meeting) set each item's
// minutes here. Each case says who presents it and, while the meeting is open or live, whether they
// are here (R5, ./presenter.js); its presenter names a colleague to present instead, and the chair
// may defer a case whose presenter is not here.

import { field, h, replaceKeepingFocus, setText } from '../dom.js';
import { londonDate, londonTime, minutesSeconds, plannedMinutes, plural } from '../format.js';
import { hasRole } from '../roles.js';
import { agendaGroups, itemName, projectedEnd, usedSeconds } from '../room-state.js';
import { mayNameStandIn, presenterFlag, presenterFlagNode, presenterText, standInForm } from './presenter.js';

const MAX_MINUTES = 240;

/** Who may change minutes now (PROTOCOL.md: chair while not closed; officer before live). */
export function canEditAgenda(member, meeting) {
  const status = meeting?.status;
  if (hasRole(member, 'chair')) return ['planned', 'open', 'live'].includes(status);
  if (hasRole(member, 'officer')) return ['planned', 'open'].includes(status);
  return false;
}

export function createAgendaView({ member, act }, doc = document) {
  const groupsRoot = doc.getElementById('agenda-groups');
  const projection = doc.getElementById('projected-end');
  let liveUsed = null; // {itemId, node}: the one "used" figure that moves with the clock
  let drawn = '';      // what was drawn last: redrawn only when it changes (screen readers keep their place)

  function minutesForm(item) {
    const inputId = `minutes-${item.id}`;
    const name = itemName(item);
    const input = field('input', {
      id: inputId, type: 'number', inputmode: 'numeric', min: 0, max: MAX_MINUTES, step: 1,
      value: String(Math.round(item.allottedSeconds / 60)), required: true, class: 'minutes-input',
    });
    return h('form', {
      class: 'minutes-form',
      novalidate: true,
      on: {
        submit(event) {
          event.preventDefault();
          const minutes = Number(input.value);
          if (!Number.isInteger(minutes) || minutes < 0 || minutes > MAX_MINUTES) {
            input.setAttribute('aria-invalid', 'true');
            act.fail(`Minutes for ${name} must be a whole number from 0 to ${MAX_MINUTES}.`);
            input.focus();
            return;
          }
          input.removeAttribute('aria-invalid');
          act('agenda.setMinutes', { itemId: item.id, minutes }, { done: `${name}: ${plural(minutes, 'minute')} planned.` });
        },
      },
    },
    h('label', { for: inputId }, 'Minutes', h('span', { class: 'visually-hidden', text: ` for ${name}` })),
    input,
    h('button', { type: 'submit', class: 'button-secondary button-small' },
      'Set', h('span', { class: 'visually-hidden', text: ` minutes for ${name}` })));
  }

  function itemNode(model, item, now, editable) {
    const current = model.timer?.itemId === item.id;
    const used = usedSeconds(model, item, now);
    const usedNode = h('span', { class: 'item-used', text: minutesSeconds(used) });
    const over = used > item.allottedSeconds;
    const overNode = h('span', { class: 'item-over', text: over ? ' (over time)' : '' });
    if (current) liveUsed = { itemId: item.id, node: usedNode, overNode };

    const flags = [];
    if (current) flags.push(h('span', { class: 'flag flag-current' }, h('span', { 'aria-hidden': 'true', text: '▶ ' }), 'Now'));
    if (item.done && !current) flags.push(h('span', { class: 'flag flag-done' }, h('span', { 'aria-hidden': 'true', text: '✓ ' }), 'Done'));
    const presenterFlagged = presenterFlagNode(item, model.meeting, `presenter-flag-${item.id}`);
    if (presenterFlagged) flags.push(presenterFlagged);

    return h('li', {
      id: `agenda-item-${item.id}`,
      value: item.position,
      class: ['agenda-item', current && 'is-current', item.done && 'is-done', over && 'is-over'],
      'aria-current': current ? 'true' : null,
      data: { itemId: item.id, current: String(current), done: String(Boolean(item.done)) },
    },
    h('div', { class: 'item-head' },
      h('span', { class: 'item-name', text: itemName(item) }),
      item.kind === 'case' && item.title && item.title !== item.familyRef
        ? h('span', { class: 'item-title muted', text: item.title }) : null,
      ...flags),
    h('p', { class: 'item-times' },
      'Planned ', h('strong', { text: plannedMinutes(item.allottedSeconds) }),
      ' · used ', usedNode, overNode),
    presenterNodes(model, item),
    editable ? minutesForm(item) : null);
  }

  /** Who presents a case, the presenter's own control, and the chair's "Defer" when they are not here. */
  function presenterNodes(model, item) {
    const text = presenterText(item, member);
    if (!text) return null;
    const flag = presenterFlag(item, model.meeting);
    const name = itemName(item);
    const defer = flag && !flag.here && hasRole(member, 'chair')
      ? h('button', {
        type: 'button', id: `presenter-defer-${item.id}`, class: 'button-secondary button-small',
        on: { click: () => act('item.defer', { itemId: item.id }, { done: `${name} deferred to the next meeting.` }) },
      }, 'Defer', h('span', { class: 'visually-hidden', text: ` ${name} to the next meeting` }))
      : null;
    return [
      h('p', { class: 'item-presenter', id: `item-presenter-${item.id}` }, text, defer ? ' ' : null, defer),
      mayNameStandIn(member, item, model.meeting) ? standInForm(model, item, act) : null,
    ];
  }

  function projectionText(model, now) {
    const status = model.meeting?.status;
    if (status === 'closed') return 'The meeting has ended.';
    const end = projectedEnd(model, now);
    const scheduled = model.meeting?.scheduledEnd;
    if (!Number.isFinite(end)) return '';
    let text = `Projected end ${londonTime(end)}`;
    if (Number.isFinite(scheduled) && londonDate(end) === londonDate(scheduled)) {
      const late = Math.round((end - scheduled) / 60_000);
      const delta = late > 0 ? `${plural(late, 'minute')} late` : late < 0 ? `${plural(-late, 'minute')} early` : 'on time';
      text += ` (scheduled ${londonTime(scheduled)}, ${delta})`;
    } else if (Number.isFinite(scheduled)) {
      // Run on another day than planned (a rehearsal, a moved meeting): a difference in minutes means nothing.
      text += ` on ${londonDate(end)} (scheduled ${londonTime(scheduled)} on ${londonDate(scheduled)})`;
    }
    return `${text}.`;
  }

  function tick(model, now) {
    setText(projection, projectionText(model, now));
    if (liveUsed && model.timer?.itemId === liveUsed.itemId) {
      const item = model.agenda.find((i) => i.id === liveUsed.itemId);
      if (item) {
        const used = usedSeconds(model, item, now);
        const over = used > item.allottedSeconds;
        setText(liveUsed.node, minutesSeconds(used));
        setText(liveUsed.overNode, over ? ' (over time)' : '');
        liveUsed.node.closest('li')?.classList.toggle('is-over', over);
      }
    }
  }

  function render(model, now) {
    const editable = canEditAgenda(member, model.meeting);
    const picture = JSON.stringify([model.agenda, model.timer?.itemId, model.timer?.running, editable,
      model.meeting?.status, model.members.length]);
    if (picture === drawn) {
      tick(model, now);
      return;
    }
    drawn = picture;
    liveUsed = null;
    const groups = agendaGroups(model.agenda);
    const nodes = groups.length === 0
      ? [h('p', { class: 'muted', text: 'The agenda is empty.' })]
      : groups.map((g, i) => {
        const headingId = `agenda-group-${i}`;
        return h('section', { class: ['agenda-group', `section-${g.section}`], 'aria-labelledby': headingId },
          h('h3', { id: headingId, text: g.label }),
          h('ol', { class: 'agenda-items' }, g.items.map((item) => itemNode(model, item, now, editable))));
      });
    replaceKeepingFocus(groupsRoot, nodes);
    tick(model, now);
  }

  return { render, tick };
}
