// A&I Live – meeting preparation: the agenda editor. Build from accepted cases (agenda.build, asking
// whether new minutes apply to the items already built), minutes per item (agenda.setMinutes),
// reorder by drag and drop or by the move buttons (agenda.reorder; the new position is announced
// in a live region and focus stays on the moved item's button), add an item (agenda.add), share the
// time evenly (agenda.shareRemaining), and the projected end (R1 order, R3 timing).

import { field, h, replaceKeepingFocus, setText } from '../dom.js';
import { londonTime } from '../format.js';
import {
  clearError, clearFieldErrors, fillSelect, hoursAndMinutes, showFormError, showProblems, showStatus, withBusy,
} from '../ui.js';
import { expectedStarts, plannedTotal } from '../schedule.js';

const el = (id) => document.getElementById(id);

const SECTION_LABELS = {
  first_district: 'First district',
  aob: 'AOB and partner updates',
  second_district: 'Second district',
  other: 'Other item',
};

/** "15 minutes" / "1 minute": a length of time, never a clock time. */
export const minutesText = (n) => `${n} minute${n === 1 ? '' : 's'}`;

/**
 * Whole minutes from a number box, or null with the message to show: an empty box is never 0.
 * (A number input holds '' when what was typed is not a number.)
 */
export function readMinutes(input, min, max, what) {
  const raw = input.value.trim();
  const message = `Enter ${what} as a whole number from ${min} to ${max}`;
  if (raw === '' || !/^-?\d+$/.test(raw)) return { error: raw === '' && !input.validity?.badInput ? `${message}: the box is empty.` : `${message}.` };
  const n = Number(raw);
  if (n < min || n > max) return { error: `${message}.` };
  return { value: n };
}

const MOVES = [
  { key: 'start', text: 'Move to start', to: () => 0, edge: (i) => i === 0 },
  { key: 'up', text: 'Move up', to: (i) => i - 1, edge: (i) => i === 0 },
  { key: 'down', text: 'Move down', to: (i) => i + 1, edge: (i, n) => i === n - 1 },
  { key: 'end', text: 'Move to end', to: (i, n) => n - 1, edge: (i, n) => i === n - 1 },
];

export function createAgendaBuilder(ctx) {
  const list = el('agenda-list');
  const buildForm = el('build-form');
  const addForm = el('add-item-form');
  const live = el('agenda-live');
  const apply = el('build-apply');

  const agenda = () => [...(ctx.room?.state?.agenda || [])].sort((a, b) => a.position - b.position);
  const editable = () => ctx.meeting && ctx.meeting.status !== 'closed' && (ctx.isChair || ctx.meeting.status !== 'live');
  const serverNow = () => Date.now() + (ctx.room?.offset || 0);
  const itemMinutes = (item) => Math.round((item.allottedSeconds || 0) / 60);

  function itemName(item) {
    return item.kind === 'case' ? `${item.title}${item.districtName ? ` (${item.districtName})` : ''}` : item.title;
  }

  /** Says something in the agenda's own live region (cleared first, so a repeat is spoken again). */
  function announce(text) {
    live.textContent = '';
    window.setTimeout(() => setText(live, text), 30);
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
    const nodes = [`${items.length} item${items.length === 1 ? '' : 's'}, ${hoursAndMinutes(plannedTotal(items))} planned in all. `];
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

  /** Sends the new order; says where the item went. Focus stays on the control that moved it. */
  async function reorder(item, ids) {
    clearError();
    const to = ids.indexOf(item.id);
    try {
      await ctx.command('agenda.reorder', { itemIds: ids });
      announce(`${itemName(item)} moved to position ${to + 1} of ${ids.length}.`);
    } catch {
      // shown in the page's alert
    }
  }

  function moveButtons(item, index, items) {
    return h('div', { class: 'agenda-moves', role: 'group', 'aria-label': `Move ${itemName(item)}` },
      MOVES.map((move) => {
        const edge = move.edge(index, items.length);
        const button = h('button', {
          id: `item-${move.key}-${item.id}`, type: 'button', class: 'button-small button-secondary',
          'aria-disabled': edge ? 'true' : null,
        }, move.text, h('span', { class: 'visually-hidden', text: `: ${itemName(item)}` }));
        button.addEventListener('click', () => {
          if (button.getAttribute('aria-disabled') === 'true') {
            announce(`${itemName(item)} is already at position ${index + 1} of ${items.length}.`);
            return;
          }
          const ids = items.map((i) => i.id).filter((id) => id !== item.id);
          ids.splice(move.to(index, items.length), 0, item.id);
          reorder(item, ids);
        });
        return button;
      }));
  }

  function minutesField(item) {
    const minutesId = `item-minutes-${item.id}`;
    const input = field('input', {
      id: minutesId, type: 'number', min: '0', max: '240', inputmode: 'numeric', class: 'input-short',
      value: String(itemMinutes(item)), 'aria-describedby': `item-info-${item.id}`, data: { field: 'minutes' },
    });
    const set = h('button', { id: `item-set-${item.id}`, type: 'button', class: 'button-small' }, 'Set',
      h('span', { class: 'visually-hidden', text: ` minutes for ${itemName(item)}` }));
    const wrap = h('div', { class: 'field' },
      h('label', { for: minutesId }, 'Minutes', h('span', { class: 'visually-hidden', text: ` for ${itemName(item)}` })),
      input);
    const save = async () => {
      clearFieldErrors(wrap);
      clearError();
      const { value: minutes, error } = readMinutes(input, 0, 240, `the minutes for ${itemName(item)}`);
      if (error) {
        showProblems([[input, error]]);
        return;
      }
      await withBusy(set, null, async () => {
        try {
          await ctx.command('agenda.setMinutes', { itemId: item.id, minutes }, { region: null });
          announce(`${itemName(item)}: ${minutesText(minutes)} planned.`);
        } catch (err) {
          showFormError(err, { fields: { minutes: el(minutesId) } });
        }
      });
    };
    set.addEventListener('click', save);
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        save();
      }
    });
    return [wrap, set];
  }

  // ---------- drag and drop (a pointer alternative to the move buttons) ----------

  let dragged = null;

  function dropTarget(row, item, items) {
    row.addEventListener('dragstart', (e) => {
      dragged = item;
      e.dataTransfer.effectAllowed = 'move';
      e.dataTransfer.setData('text/plain', item.id);
      row.classList.add('is-dragged');
    });
    row.addEventListener('dragend', () => {
      dragged = null;
      row.classList.remove('is-dragged');
      list.querySelectorAll('.drop-before, .drop-after').forEach((n) => n.classList.remove('drop-before', 'drop-after'));
    });
    row.addEventListener('dragover', (e) => {
      if (!dragged || dragged.id === item.id) return;
      e.preventDefault();
      const box = row.getBoundingClientRect();
      const after = e.clientY > box.top + box.height / 2;
      row.classList.toggle('drop-after', after);
      row.classList.toggle('drop-before', !after);
    });
    row.addEventListener('dragleave', () => row.classList.remove('drop-before', 'drop-after'));
    row.addEventListener('drop', (e) => {
      e.preventDefault();
      if (!dragged || dragged.id === item.id) return;
      const after = row.classList.contains('drop-after');
      row.classList.remove('drop-before', 'drop-after');
      const moving = dragged;
      const ids = items.map((i) => i.id).filter((id) => id !== moving.id);
      ids.splice(ids.indexOf(item.id) + (after ? 1 : 0), 0, moving.id);
      reorder(moving, ids);
    });
  }

  function itemRow(item, index, items, starts) {
    const start = starts.get(item.id);
    const info = [SECTION_LABELS[item.section] || item.section];
    if (item.done) info.push('done');
    else if (Number.isFinite(start)) info.push(`expected to start at ${londonTime(start)}`);
    info.push(`${minutesText(itemMinutes(item))} planned`);
    if (item.usedSeconds) info.push(`${hoursAndMinutes(item.usedSeconds)} used`);
    const canEdit = editable();
    const controls = canEdit
      ? h('div', { class: 'agenda-controls' }, ...minutesField(item), moveButtons(item, index, items))
      : null;
    const row = h('li', {
      id: `agenda-item-${item.id}`, class: 'agenda-row', data: { kind: item.kind }, draggable: canEdit ? 'true' : null,
    },
    h('span', { class: 'agenda-pos', 'aria-hidden': 'true' },
      canEdit ? h('span', { class: 'agenda-grip', title: 'Drag to move', text: '⠿' }) : null, String(index + 1)),
    h('div', {},
      h('p', { class: 'agenda-title', text: itemName(item) }),
      h('p', { id: `item-info-${item.id}`, class: 'agenda-info', text: `${info.join(' · ')}.` })),
    controls);
    if (canEdit) dropTarget(row, item, items);
    return row;
  }

  // ---------- "Build agenda" again: do the new minutes apply to the items already built? ----------

  /** The items a rebuild with these minutes would change, if the officer says so. */
  function itemsToRetime(caseMinutes, aobMinutes) {
    return agenda().filter((i) => !i.done && ((i.kind === 'case' && Number.isInteger(caseMinutes) && itemMinutes(i) !== caseMinutes)
      || (i.kind === 'aob' && Number.isInteger(aobMinutes) && itemMinutes(i) !== aobMinutes)));
  }

  function renderApplyQuestion() {
    const caseMinutes = readMinutes(el('build-case-minutes'), 1, 120, '').value;
    const aobMinutes = readMinutes(el('build-aob-minutes'), 0, 120, '').value;
    const differ = itemsToRetime(caseMinutes, aobMinutes);
    const wasHidden = apply.hidden;
    apply.hidden = differ.length === 0;
    if (apply.hidden) return;
    setText(el('build-apply-hint'), `${differ.length} item${differ.length === 1 ? '' : 's'} already on the agenda `
      + `${differ.length === 1 ? 'has' : 'have'} other minutes than these (${differ.map((i) => `${itemName(i)}: ${minutesText(itemMinutes(i))}`).join('; ')}).`);
    if (wasHidden) apply.querySelectorAll('input[type="radio"]').forEach((r) => { r.checked = false; });
  }

  function renderRoom() {
    const items = agenda();
    const state = ctx.room?.state;
    const { starts } = expectedStarts(state, serverNow());
    replaceKeepingFocus(list, items.map((item, i) => itemRow(item, i, items, starts)));
    renderSummary(items);
    fillSelect(el('add-item-after'), items.map((i) => ({ value: i.id, text: `${i.position}. ${itemName(i)}` })),
      { placeholder: 'At the end' });
    const canEdit = editable();
    const canBuild = ctx.meeting && (ctx.meeting.status === 'planned' || ctx.meeting.status === 'open');
    buildForm.hidden = !canBuild;
    addForm.hidden = !canEdit;
    el('agenda-how').hidden = !canEdit || items.length < 2;
    el('share-remaining').parentElement.hidden = !canEdit || !items.some((i) => i.kind === 'case' && !i.done);
    renderApplyQuestion();
  }

  ['build-case-minutes', 'build-aob-minutes'].forEach((id) => el(id).addEventListener('input', renderApplyQuestion));

  buildForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(buildForm);
    clearError();
    const cases = readMinutes(el('build-case-minutes'), 1, 120, 'the minutes per case');
    const aob = readMinutes(el('build-aob-minutes'), 0, 120, 'the minutes for AOB');
    const problems = [];
    if (cases.error) problems.push([el('build-case-minutes'), cases.error]);
    if (aob.error) problems.push([el('build-aob-minutes'), aob.error]);
    const asked = !apply.hidden;
    const choice = apply.querySelector('input[type="radio"]:checked')?.value;
    if (!cases.error && !aob.error && asked && !choice) {
      problems.push([apply, 'Choose whether the items already on the agenda keep their minutes or get the new ones.']);
    }
    if (showProblems(problems)) return;
    const applyToExisting = asked && choice === 'change';
    const caseMinutes = cases.value;
    const aobMinutes = aob.value;
    await withBusy(el('build-agenda'), 'Building…', async () => {
      try {
        await ctx.command('agenda.build', { caseMinutes, aobMinutes, applyToExisting }, { region: null });
        const n = agenda().length;
        const said = !asked ? '' : applyToExisting
          ? ` The items already on the agenda now have ${minutesText(caseMinutes)} a case and ${minutesText(aobMinutes)} for AOB.`
          : ' The items already on the agenda kept their minutes.';
        showStatus(`Agenda built: ${n} item${n === 1 ? '' : 's'}.${said}`);
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
    const minutes = readMinutes(el('add-item-minutes'), 0, 240, 'the minutes for the item');
    const problems = [];
    if (!title) problems.push([el('add-item-title'), 'Enter a title for the item.']);
    if (minutes.error) problems.push([el('add-item-minutes'), minutes.error]);
    if (showProblems(problems)) return;
    const after = el('add-item-after').value || undefined;
    await withBusy(el('add-item-button'), 'Adding…', async () => {
      try {
        await ctx.command('agenda.add', { title, minutes: minutes.value, afterItemId: after },
          { region: null, success: `${title} added to the agenda.` });
        el('add-item-title').value = '';
      } catch (err) {
        showFormError(err, { form: addForm });
      }
    });
  });

  return { renderRoom };
}
