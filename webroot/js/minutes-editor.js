// A&I Live – the minutes editor on minutes.html: for each agenda item of the latest draft, the
// summary and the decisions (what was agreed, who is doing what) the officer or chair writes, with
// a preview of how the item will read. Saved per item; the next version drafted carries them.
// Text is always set as text, never as HTML.

import { apiFetch } from './api.js';
import { h } from './dom.js';
import { clearError, clearFieldErrors, showFormError, showStatus, withBusy } from './ui.js';

const MAX = 4000;

function lines(text) {
  return text.split('\n').map((l) => l.trim()).filter(Boolean);
}

/** The item as the minutes will show it: the same words the document uses ("Summary", "Decisions"). */
function preview(node, summary, decisions) {
  const parts = [];
  if (summary.trim()) parts.push(h('p', {}, h('strong', { text: 'Summary: ' }), summary.trim()));
  const said = lines(decisions);
  if (said.length) {
    parts.push(h('p', {}, h('strong', { text: 'Decisions' })), h('ul', {}, said.map((l) => h('li', { text: l }))));
  }
  node.replaceChildren(...(parts.length ? parts : [h('p', { class: 'hint', text: 'Nothing written yet for this item.' })]));
}

function itemForm({ base, version, item, edit }) {
  const id = item.itemId;
  const title = `${item.position}. ${item.title}${item.district ? ` (${item.district})` : ''}`;
  const summary = h('textarea', {
    id: `edit-summary-${id}`, rows: 3, maxlength: MAX, 'data-field': 'summary', value: edit?.summary || '',
  });
  const decisions = h('textarea', {
    id: `edit-decisions-${id}`, rows: 4, maxlength: MAX, 'data-field': 'decisions',
    'aria-describedby': `edit-decisions-${id}-hint`, value: edit?.decisions || '',
  });
  const shown = h('div', { id: `edit-preview-${id}`, class: 'minutes-preview' });
  const update = () => preview(shown, summary.value, decisions.value);
  summary.addEventListener('input', update);
  decisions.addEventListener('input', update);
  update();
  const save = h('button', { id: `edit-save-${id}`, type: 'submit' }, 'Save',
    h('span', { class: 'visually-hidden', text: ` item ${title}` }));
  const form = h('form', { id: `edit-form-${id}`, class: 'stack minutes-edit', method: 'post', action: '#', novalidate: true },
    h('h3', { id: `edit-heading-${id}`, text: title }),
    h('div', { class: 'field' }, h('label', { for: summary.id, text: 'Summary' }), summary),
    h('div', { class: 'field' }, h('label', { for: decisions.id, text: 'Decisions' }),
      h('p', { id: `edit-decisions-${id}-hint`, class: 'hint', text: 'One per line: what was agreed, who is doing what.' }),
      decisions),
    h('section', { class: 'minutes-preview-wrap', 'aria-labelledby': `edit-preview-heading-${id}` },
      h('h4', { id: `edit-preview-heading-${id}`, text: 'Preview' }), shown),
    h('div', { class: 'button-row' }, save));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    clearError();
    withBusy(save, 'Saving…', async () => {
      try {
        await apiFetch(`${base}/${version}/items/${encodeURIComponent(id)}`, {
          method: 'PUT', body: { summary: summary.value, decisions: decisions.value },
        });
        showStatus(`Saved ${title}. Draft a new version to put it in the minutes documents.`);
      } catch (err) {
        showFormError(err, { form });
      }
    });
  });
  return form;
}

/**
 * Fills `container` with the editor for `latest` (a version's metadata): a form per item of its
 * content, or, when it is approved, how a correction is made.
 */
export async function renderEditor(container, { base, latest }) {
  if (!latest) {
    container.replaceChildren(h('p', { id: 'editor-none', text: 'Draft a version first: the editor lists the items it minutes.' }));
    return;
  }
  if (latest.status === 'approved') {
    container.replaceChildren(h('p', { id: 'editor-locked', text: `Version ${latest.version} is approved and locked. To correct it, draft a new version with a note saying what it corrects, then edit that draft.` }));
    return;
  }
  const [full, edits] = await Promise.all([
    apiFetch(`${base}/${latest.version}`),
    apiFetch(`${base}-edits`),
  ]);
  const byItem = new Map((edits?.items || []).map((e) => [e.itemId, e]));
  container.replaceChildren(
    h('p', { class: 'hint', text: `Editing the items of version ${latest.version}. What you save is kept for every version drafted later.` }),
    ...(full.content.items || []).map((item) => itemForm({ base, version: latest.version, item, edit: byItem.get(item.itemId) })));
}
