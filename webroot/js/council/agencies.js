// A&I Live – the council's agencies (`/api/admin/agencies`), on the set-up wizard and the settings
// page. A row form adds one after another (Enter adds; the name box keeps focus, ready for the next
// one). Each agency's name and attendance can be changed; one never used is removed, one in use is
// retired (kept with its history, no longer offered for new members or actions) and can be
// reinstated.

import { h, setText } from '../dom.js';
import { ATTENDANCE_LABELS, createAgency, listAgencies, removeAgency, updateAgency } from '../admin-api.js';
import { showError, showProblems, showStatus, tag, withBusy } from '../ui.js';
import { clearConflict, count, redraw, selectField, showSaveFailure, startSave, textField } from './common.js';

const ATTENDANCE_OPTIONS = Object.entries(ATTENDANCE_LABELS).map(([value, text]) => ({ value, text }));

/** How much an agency is in use, in words. */
export function useText(a) {
  const parts = [];
  if (a.members) parts.push(count(a.members, 'member'));
  if (a.actions) parts.push(count(a.actions, 'action'));
  return parts.length ? `In use: ${parts.join(', ')}.` : 'Not in use yet.';
}

/** `{load, save}` for the agencies in `container`; `onChange` hears of every saved change. */
export function agenciesEditor(container, { onChange = () => {} } = {}) {
  let agencies = [];

  // ---------- adding, one after another ----------
  const name = textField({ id: 'agency-add-name', label: 'Agency name', field: 'name' });
  const attendance = selectField({ id: 'agency-add-attendance', label: 'Attendance', field: 'attendance', options: ATTENDANCE_OPTIONS });
  const addButton = h('button', { id: 'agency-add-submit', type: 'submit', text: 'Add agency' });
  const addForm = h('form', { id: 'agency-add-form', class: 'stack', method: 'post', action: '#', novalidate: true },
    h('p', { id: 'agency-add-hint', class: 'hint', text: 'Type a name and press Enter: the agency is added and the box is ready for the next one. The attendance stays as chosen.' }),
    h('div', { class: 'inline-form' }, name.wrap, attendance.wrap, addButton));
  name.input.setAttribute('aria-describedby', 'agency-add-hint');

  async function addAgency() {
    startSave(addForm);
    const typed = name.input.value.trim();
    if (showProblems(typed ? [] : [[name.input, 'Enter the agency’s name.']])) return false;
    try {
      const agency = await createAgency({ name: typed, attendance: attendance.select.value });
      name.input.value = '';
      await load();
      showStatus(`${agency.name} added (${count(agencies.filter((a) => !a.retired).length, 'agency', 'agencies')}).`);
      name.input.focus();
      onChange();
      return true;
    } catch (err) {
      showSaveFailure(err, addForm, { fields: { name: name.input, attendance: attendance.select } });
      return false;
    }
  }
  addForm.addEventListener('submit', (event) => {
    event.preventDefault();
    withBusy(addButton, 'Adding…', addAgency);
  });

  // ---------- the list ----------
  const listStatus = h('p', { id: 'agency-count', class: 'status-message' });
  const list = h('ul', { id: 'agency-list', class: 'card-list' });

  function agencyRow(a) {
    const id = a.id;
    const nameField = textField({ id: `agency-${id}-name`, label: 'Name', hiddenLabel: `of ${a.name}`, field: 'name', value: a.name });
    const attendanceField = selectField({
      id: `agency-${id}-attendance`, label: 'Attendance', hiddenLabel: `of ${a.name}`, field: 'attendance',
      options: ATTENDANCE_OPTIONS, value: a.attendance,
    });
    const save = h('button', { id: `agency-${id}-save`, type: 'submit' }, 'Save', h('span', { class: 'visually-hidden', text: ` ${a.name}` }));
    const inUse = a.members || a.actions;
    const retire = h('button', { id: `agency-${id}-retire`, type: 'button', class: a.retired ? 'button-secondary' : 'button-danger' },
      a.retired ? 'Reinstate' : (inUse ? 'Retire' : 'Remove'), h('span', { class: 'visually-hidden', text: ` ${a.name}` }));
    const form = h('form', { id: `agency-${id}-form`, class: 'stack', method: 'post', action: '#', novalidate: true },
      h('div', { class: 'inline-form' }, nameField.wrap, attendanceField.wrap, save, retire));

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      withBusy(save, 'Saving…', async () => {
        startSave(form);
        const typed = nameField.input.value.trim();
        if (showProblems(typed ? [] : [[nameField.input, 'Enter the agency’s name.']])) return;
        try {
          const saved = await updateAgency(id, { name: typed, attendance: attendanceField.select.value, retired: a.retired, version: a.version });
          clearConflict(form);
          showStatus(`${saved.name} saved.`);
          await load({ keep: false });
          document.getElementById(`agency-${id}-save`)?.focus();
          onChange();
        } catch (err) {
          showSaveFailure(err, form, { reload: () => load({ keep: true }) });
        }
      });
    });

    retire.addEventListener('click', () => withBusy(retire, a.retired ? 'Reinstating…' : 'Saving…', async () => {
      startSave(form);
      try {
        let said;
        if (a.retired) {
          await updateAgency(id, { name: a.name, attendance: a.attendance, retired: false, version: a.version });
          said = `${a.name} reinstated: offered again for new members and actions.`;
        } else {
          const answer = await removeAgency(id);
          said = answer && answer.retired
            ? `${a.name} retired: its history is kept, and it is no longer offered for new members or actions.`
            : `${a.name} removed.`;
        }
        await load({ keep: true });
        showStatus(said);
        (document.getElementById(`agency-${id}-retire`) || name.input).focus();
        onChange();
      } catch (err) {
        if (err && err.code === 'version_conflict') showSaveFailure(err, form, { reload: () => load({ keep: true }) });
        else showError(err, undefined, `${a.name} could not be changed.`);
      }
    }));

    return h('li', { id: `agency-${id}`, class: ['item-card', a.retired ? 'is-retired' : null] },
      h('h4', {}, a.name, ' ', a.retired ? tag('Retired', 'warn') : null),
      h('p', { id: `agency-${id}-use`, class: 'item-meta', text: useText(a) }),
      form);
  }

  async function load({ keep = true } = {}) {
    const all = (await listAgencies()) || [];
    agencies = all.sort((x, y) => Number(x.retired) - Number(y.retired) || x.name.localeCompare(y.name));
    redraw(list, agencies.map(agencyRow), { keep });
    const active = agencies.filter((a) => !a.retired).length;
    const retired = agencies.length - active;
    setText(listStatus, agencies.length
      ? `${count(active, 'agency', 'agencies')}${retired ? `, and ${retired} retired` : ''}.`
      : 'No agencies yet.');
    return agencies;
  }

  container.replaceChildren(
    h('h3', { text: 'Add agencies' }), addForm,
    h('h3', { text: 'Agencies' }), listStatus, list);

  /** Before leaving the step: a name typed but not added is added. */
  const save = async () => (name.input.value.trim() ? addAgency() : true);

  return { load, save, get agencies() { return agencies; } };
}
