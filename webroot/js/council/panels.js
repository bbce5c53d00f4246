// A&I Live – panels and their districts (`/api/admin/panels`), on the set-up wizard and the settings
// page. A panel is one double district: exactly two districts, and the one that goes first at the
// panel's first meeting (meetings take turns after; R1, R2). Adding keeps the form for the next
// panel; each panel's name and its districts' names can be changed later (the districts themselves
// stay, since cases and meetings point at them).

import { h, setText } from '../dom.js';
import { createPanel, listPanels, updatePanel } from '../admin-api.js';
import { showProblems, showStatus, withBusy } from '../ui.js';
import { clearConflict, count, redraw, selectField, showSaveFailure, startSave, textField } from './common.js';

const CODE = /^[A-Z0-9]{2,8}$/;

function districtProblems(name, code, districts, inputs) {
  const problems = [];
  if (name !== null && !name) problems.push([inputs.name, 'Enter the panel’s name.']);
  if (code !== null && !CODE.test(code)) problems.push([inputs.code, 'Enter a short code of 2 to 8 capital letters or digits, like NHST.']);
  if (!districts[0]) problems.push([inputs.districts[0], 'Enter the first district’s name.']);
  if (!districts[1]) problems.push([inputs.districts[1], 'Enter the second district’s name.']);
  if (districts[0] && districts[1] && districts[0].toLowerCase() === districts[1].toLowerCase()) {
    problems.push([inputs.districts[1], 'The two districts need different names.']);
  }
  return problems;
}

/** `{load, save}` for the panels in `container`; `onChange` hears of every saved change. */
export function panelsEditor(container, { onChange = () => {} } = {}) {
  let panels = [];

  // ---------- adding ----------
  const add = {
    name: textField({ id: 'panel-add-name', label: 'Panel name', field: 'name', hint: 'For example North Hartley & South Tey.' }),
    code: textField({
      id: 'panel-add-code', label: 'Short code', field: 'code', maxlength: 8, className: 'input-short',
      hint: '2 to 8 capital letters or digits, used in lists, e.g. NHST.',
    }),
    d1: textField({ id: 'panel-add-district-1', label: 'First district', field: 'districts' }),
    d2: textField({ id: 'panel-add-district-2', label: 'Second district', field: 'districts' }),
  };
  const first = selectField({
    id: 'panel-add-first', label: 'Which district goes first at the panel’s first meeting?', field: 'firstDistrict',
    options: [{ value: '0', text: 'The first district' }, { value: '1', text: 'The second district' }],
  });
  const addButton = h('button', { id: 'panel-add-submit', type: 'submit', text: 'Add panel' });
  const addForm = h('form', { id: 'panel-add-form', class: 'stack', method: 'post', action: '#', novalidate: true },
    h('div', { class: 'form-grid' }, add.name.wrap, add.code.wrap),
    h('fieldset', { id: 'panel-add-districts' },
      h('legend', { text: 'Its two districts' }),
      h('div', { class: 'form-grid' }, add.d1.wrap, add.d2.wrap)),
    first.wrap,
    h('p', { class: 'hint', text: 'After the first meeting the two districts take turns to go first.' }),
    h('div', { class: 'button-row' }, addButton));
  const firstLabels = () => {
    const [a, b] = [add.d1.input.value.trim(), add.d2.input.value.trim()];
    first.select.options[0].text = a || 'The first district';
    first.select.options[1].text = b || 'The second district';
  };
  add.d1.input.addEventListener('input', firstLabels);
  add.d2.input.addEventListener('input', firstLabels);
  add.code.input.addEventListener('input', () => {
    const upper = add.code.input.value.toUpperCase();
    if (upper !== add.code.input.value) add.code.input.value = upper;
  });

  const addTyped = () => [add.name, add.code, add.d1, add.d2].some((f) => f.input.value.trim());

  async function addPanel() {
    startSave(addForm);
    const name = add.name.input.value.trim();
    const code = add.code.input.value.trim().toUpperCase();
    const districts = [add.d1.input.value.trim(), add.d2.input.value.trim()];
    const inputs = { name: add.name.input, code: add.code.input, districts: [add.d1.input, add.d2.input] };
    if (showProblems(districtProblems(name, code, districts, inputs))) return false;
    try {
      const panel = await createPanel({ name, code, districts, firstDistrict: districts[Number(first.select.value)] });
      [add.name, add.code, add.d1, add.d2].forEach((f) => { f.input.value = ''; });
      first.select.value = '0';
      firstLabels();
      showStatus(`Panel ${panel.name} added. You can add another.`);
      await load();
      add.name.input.focus();
      onChange();
      return true;
    } catch (err) {
      showSaveFailure(err, addForm, {
        fields: { districts: add.d1.input, firstDistrict: first.select, name: add.name.input, code: add.code.input },
      });
      return false;
    }
  }
  addForm.addEventListener('submit', (event) => {
    event.preventDefault();
    withBusy(addButton, 'Adding…', addPanel);
  });

  // ---------- the list ----------
  const listStatus = h('p', { id: 'panel-count', class: 'status-message' });
  const list = h('ul', { id: 'panel-list', class: 'card-list' });

  function panelCard(p) {
    const id = p.id;
    const [a, b] = p.districts || [];
    const name = textField({ id: `panel-${id}-name`, label: 'Panel name', hiddenLabel: `of ${p.code}`, field: 'name', value: p.name });
    const d1 = textField({ id: `panel-${id}-district-1`, label: 'First district', hiddenLabel: `of ${p.code}`, field: 'districts', value: a?.name || '' });
    const d2 = textField({ id: `panel-${id}-district-2`, label: 'Second district', hiddenLabel: `of ${p.code}`, field: 'districts', value: b?.name || '' });
    const firstOf = selectField({
      id: `panel-${id}-first`, label: 'Goes first at the panel’s first meeting', hiddenLabel: `(${p.code})`, field: 'firstDistrictId',
      options: [a, b].filter(Boolean).map((d) => ({ value: d.id, text: d.name })), value: p.firstDistrictId,
    });
    const save = h('button', { id: `panel-${id}-save`, type: 'submit' }, 'Save', h('span', { class: 'visually-hidden', text: ` panel ${p.code}` }));
    const form = h('form', { id: `panel-${id}-form`, class: 'stack', method: 'post', action: '#', novalidate: true },
      h('div', { class: 'form-grid' }, name.wrap, d1.wrap, d2.wrap, firstOf.wrap),
      h('div', { class: 'button-row' }, save));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      withBusy(save, 'Saving…', async () => {
        startSave(form);
        const names = [d1.input.value.trim(), d2.input.value.trim()];
        const inputs = { name: name.input, districts: [d1.input, d2.input] };
        if (showProblems(districtProblems(name.input.value.trim(), null, names, inputs))) return;
        try {
          const saved = await updatePanel(id, {
            name: name.input.value.trim(),
            districts: [{ id: a.id, name: names[0] }, { id: b.id, name: names[1] }],
            firstDistrictId: form.querySelector(`#panel-${CSS.escape(id)}-first`).value,
            version: p.version,
          });
          clearConflict(form);
          showStatus(`Panel ${saved.name} saved.`);
          await load({ keep: false });
          document.getElementById(`panel-${id}-save`)?.focus();
          onChange();
        } catch (err) {
          showSaveFailure(err, form, { reload: () => load({ keep: true }), fields: { districts: d1.input } });
        }
      });
    });
    const chair = p.chair ? `Chair: ${p.chair.fullName}` : 'No chair yet';
    const meetings = p.meetings ? count(p.meetings, 'meeting') : 'No meetings yet';
    return h('li', { id: `panel-${id}`, class: 'item-card' },
      h('h4', { text: `${p.name} (${p.code})` }),
      h('p', { class: 'item-meta', text: `${(p.districts || []).map((d) => d.name).join(' and ')} · ${meetings} · ${chair}` }),
      form);
  }

  async function load({ keep = true } = {}) {
    panels = (await listPanels()) || [];
    redraw(list, panels.map(panelCard), { keep });
    setText(listStatus, panels.length ? `${count(panels.length, 'panel')} so far.` : 'No panels yet.');
    return panels;
  }

  container.replaceChildren(
    h('h3', { text: 'Add a panel' }), addForm,
    h('h3', { text: 'Panels' }), listStatus, list);

  /** Before leaving the step: a panel typed but not added is added (or its problems shown). */
  const save = async () => (addTyped() ? addPanel() : true);

  return { load, save, get panels() { return panels; } };
}
