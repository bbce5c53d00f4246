// A&I Live – meeting preparation: the agenda builder. Build from accepted cases (agenda.build),
// minutes per item (agenda.setMinutes), move items up and down (agenda.reorder), add an item
// (agenda.add), share the time evenly (agenda.shareRemaining), and the projected end (R3).

import { h, setText } from '../dom.js';
import { londonTime } from '../format.js';
import {
  clearError, clearFieldErrors, fillSelect, hoursAndMinutes, showFieldError, showFormError, showProblems,
  showStatus, withBusy,
} from '../ui.js';
import { expectedStarts, plannedTotal } from '../schedule.js';

const el = (id) => document.getElementById(id);

const SECTION_LABELS = {
  first_district: 'First district',
  aob: 'AOB and partner updates',
  second_district: 'Second district',
  other: 'Other item',
};

export function createAgendaBuilder(ctx) {
  const list = el('agenda-list');
  const buildForm = el('build-form');
  const addForm = el('add-item-form');

  const agenda = () => [...(ctx.room?.state?.agenda || [])].sort((a, b) => a.position - b.position);
  const editable = () => ctx.meeting && ctx.meeting.status !== 'closed' && (ctx.isChair || ctx.meeting.status !== 'live');
  const serverNow = () => Date.now() + (ctx.room?.offset || 0);

  function itemName(item) {
    return item.kind === 'case' ? `${item.title}${item.districtName ? ` (${item.districtName})` : ''}` : item.title;
  }

  /** Keeps focus on the control with the same id after the list is redrawn. */
  async function keepingFocus(fn) {
    const id = document.activeElement?.id;
    await fn();
    if (id && el(id)) el(id).focus();
  }

  function renderSummary(items) {
    const state = ctx.room?.state;
    const summary = el('agenda-summary');
    summary.classList.remove('is-over');
    if (!items.length) {
      setText(summary, 'The agenda is empty. Build it from the accepted cases.');
      return;
    }
    const { end } = expectedStarts(state, serverNow());
    const scheduledEnd = state?.meeting?.scheduledEnd;
    const nodes = [`${items.length} item${items.length === 1 ? '' : 's'}, ${hoursAndMinutes(plannedTotal(items))} planned. `];
    if (Number.isFinite(end)) {
      nodes.push('Projected end ', h('strong', { id: 'projected-end', text: londonTime(end) }));
      if (Number.isFinite(scheduledEnd)) {
        const diff = Math.round((end - scheduledEnd) / 60000);
        summary.classList.toggle('is-over', diff > 0);
        nodes.push(diff > 0
          ? `: ${hoursAndMinutes(diff * 60)} after the scheduled end (${londonTime(scheduledEnd)}).`
          : diff < 0
            ? `, ${hoursAndMinutes(-diff * 60)} before the scheduled end (${londonTime(scheduledEnd)}).`
            : ', exactly at the scheduled end.');
      } else {
        nodes.push('.');
      }
    }
    summary.replaceChildren(...nodes);
  }

  function moveButton(item, index, items, direction) {
    const up = direction === 'up';
    const edge = up ? index === 0 : index === items.length - 1;
    const button = h('button', {
      id: `item-${direction}-${item.id}`, type: 'button', class: 'button-small button-secondary',
      'aria-disabled': edge || !editable() ? 'true' : null,
    }, up ? 'Move up' : 'Move down', h('span', { class: 'visually-hidden', text: `: ${itemName(item)}` }));
    button.addEventListener('click', () => {
      if (button.getAttribute('aria-disabled') === 'true') return;
      const ids = items.map((i) => i.id);
      const to = up ? index - 1 : index + 1;
      [ids[index], ids[to]] = [ids[to], ids[index]];
      keepingFocus(async () => {
        clearError();
        try {
          await ctx.command('agenda.reorder', { itemIds: ids },
            { success: `${itemName(item)} moved ${direction} to position ${to + 1} of ${ids.length}.` });
        } catch {
          // shown in the page's alert
        }
      });
    });
    return button;
  }

  function itemRow(item, index, items, starts) {
    const minutesId = `item-minutes-${item.id}`;
    const input = h('input', {
      id: minutesId, type: 'number', min: '0', max: '240', inputmode: 'numeric', class: 'input-short',
      value: String(Math.round((item.allottedSeconds || 0) / 60)), 'aria-describedby': `item-info-${item.id}`,
    });
    const set = h('button', { id: `item-set-${item.id}`, type: 'button', class: 'button-small' }, 'Set',
      h('span', { class: 'visually-hidden', text: ` minutes for ${itemName(item)}` }));
    const save = async () => {
      const minutes = Number(input.value);
      if (!Number.isInteger(minutes) || minutes < 0 || minutes > 240) {
        showFieldError(input, 'Enter whole minutes from 0 to 240.');
        input.focus();
        return;
      }
      await withBusy(set, null, () => keepingFocus(async () => {
        clearError();
        try {
          await ctx.command('agenda.setMinutes', { itemId: item.id, minutes },
            { success: `${itemName(item)}: ${minutes} minutes.` });
        } catch {
          // shown
        }
      }));
    };
    set.addEventListener('click', save);
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        save();
      }
    });
    const start = starts.get(item.id);
    const info = [SECTION_LABELS[item.section] || item.section];
    if (item.done) info.push('done');
    else if (Number.isFinite(start)) info.push(`expected start ${londonTime(start)}`);
    if (item.usedSeconds) info.push(`${hoursAndMinutes(item.usedSeconds)} used`);
    const controls = editable()
      ? h('div', { class: 'agenda-controls' },
        h('div', { class: 'field' },
          h('label', { for: minutesId }, 'Minutes', h('span', { class: 'visually-hidden', text: ` for ${itemName(item)}` })),
          input),
        set, moveButton(item, index, items, 'up'), moveButton(item, index, items, 'down'))
      : null;
    return h('li', { id: `agenda-item-${item.id}`, class: 'agenda-row', data: { kind: item.kind } },
      h('span', { class: 'agenda-pos', 'aria-hidden': 'true', text: String(index + 1) }),
      h('div', {},
        h('p', { class: 'agenda-title', text: itemName(item) }),
        h('p', { id: `item-info-${item.id}`, class: 'agenda-info', text: `${info.join(' · ')}.` })),
      controls);
  }

  function renderRoom() {
    const items = agenda();
    const state = ctx.room?.state;
    const { starts } = expectedStarts(state, serverNow());
    list.replaceChildren(...items.map((item, i) => itemRow(item, i, items, starts)));
    renderSummary(items);
    fillSelect(el('add-item-after'), items.map((i) => ({ value: i.id, text: `${i.position}. ${itemName(i)}` })),
      { placeholder: 'At the end' });
    const canEdit = editable();
    const canBuild = ctx.meeting && (ctx.meeting.status === 'planned' || ctx.meeting.status === 'open');
    buildForm.hidden = !canBuild;
    addForm.hidden = !canEdit;
    el('share-remaining').parentElement.hidden = !canEdit || !items.some((i) => i.kind === 'case' && !i.done);
  }

  buildForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(buildForm);
    clearError();
    const caseMinutes = Number(el('build-case-minutes').value);
    const aobMinutes = Number(el('build-aob-minutes').value);
    const problems = [];
    if (!Number.isInteger(caseMinutes) || caseMinutes < 1 || caseMinutes > 120) problems.push([el('build-case-minutes'), 'Enter whole minutes per case from 1 to 120.']);
    if (!Number.isInteger(aobMinutes) || aobMinutes < 0 || aobMinutes > 120) problems.push([el('build-aob-minutes'), 'Enter whole minutes for AOB from 0 to 120.']);
    if (showProblems(problems)) return;
    const button = el('build-agenda');
    await withBusy(button, 'Building…', async () => {
      try {
        await ctx.command('agenda.build', { caseMinutes, aobMinutes }, { region: null });
        const n = agenda().length;
        showStatus(`Agenda built: ${n} item${n === 1 ? '' : 's'}.`);
        await ctx.refreshPack();
      } catch (err) {
        showFormError(err, { form: buildForm });
      }
    });
  });

  el('share-remaining').addEventListener('click', (event) => withBusy(event.currentTarget, 'Sharing…', async () => {
    clearError();
    try {
      await ctx.command('agenda.shareRemaining', {}, { success: 'The time to the scheduled end is shared evenly across the cases.' });
    } catch {
      // shown
    }
  }));

  addForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(addForm);
    clearError();
    const title = el('add-item-title').value.trim();
    const minutes = Number(el('add-item-minutes').value);
    const problems = [];
    if (!title) problems.push([el('add-item-title'), 'Enter a title for the item.']);
    if (!Number.isInteger(minutes) || minutes < 0 || minutes > 240) problems.push([el('add-item-minutes'), 'Enter whole minutes from 0 to 240.']);
    if (showProblems(problems)) return;
    const after = el('add-item-after').value || undefined;
    await withBusy(el('add-item-button'), 'Adding…', async () => {
      try {
        await ctx.command('agenda.add', { title, minutes, afterItemId: after }, { region: null, success: `${title} added to the agenda.` });
        el('add-item-title').value = '';
      } catch (err) {
        showFormError(err, { form: addForm });
      }
    });
  });

  return { renderRoom };
}
