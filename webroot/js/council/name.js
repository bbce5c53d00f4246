// A&I Live – the council's name (`PUT /api/admin/council`), on the set-up wizard's first step and
// the settings page. The name heads the minutes and the exports; 1 to 120 characters.

import { h } from '../dom.js';
import { getSetup, saveCouncilName } from '../admin-api.js';
import { showProblems, showStatus, withBusy } from '../ui.js';
import { clearConflict, redraw, showSaveFailure, startSave, textField } from './common.js';

/** Draws the council-name form into `container`: `{load, save}`; `save` resolves true when nothing is left unsaved. */
export function councilNameEditor(container, { onSaved = () => {} } = {}) {
  let setup = null;
  const form = h('form', { id: 'council-form', class: 'stack', method: 'post', action: '#', novalidate: true });
  const body = h('div', {});
  const button = h('button', { id: 'council-save', type: 'submit', text: 'Save the name' });
  form.append(body, h('div', { class: 'button-row' }, button));
  container.replaceChildren(form);

  const input = () => form.querySelector('#council-name');

  function draw({ keep = true } = {}) {
    const { wrap } = textField({
      id: 'council-name', label: 'The council’s name', field: 'name', value: setup.councilName || '',
      hint: 'As it should appear on minutes and reports, for example Northshire County Council.',
    });
    redraw(body, [wrap], { keep });
  }

  async function load({ keep = true } = {}) {
    setup = await getSetup();
    draw({ keep });
    return setup;
  }

  async function save({ quiet = false } = {}) {
    startSave(form);
    const name = input().value.trim();
    if (showProblems(name ? [] : [[input(), 'Enter the council’s name.']])) return false;
    if (name === (setup.councilName || '') && !quiet) {
      showStatus('The council’s name is saved.');
      return true;
    }
    if (name === (setup.councilName || '')) return true;
    try {
      const saved = await saveCouncilName(name, setup.version);
      setup = { ...setup, councilName: saved.councilName, version: saved.version };
      clearConflict(form);
      draw({ keep: false });
      showStatus(`Council name saved: ${saved.councilName}.`);
      onSaved(setup);
      return true;
    } catch (err) {
      showSaveFailure(err, form, { reload: () => load({ keep: true }) });
      return false;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    withBusy(button, 'Saving…', () => save());
  });

  return { load, save: () => save({ quiet: true }), get setup() { return setup; } };
}
