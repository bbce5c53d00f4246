// A&I Live – members.html, "Import from a spreadsheet" (officer only): download the template, check a
// file (the dry run's table: row, e-mail, what will happen, problems), then import it when no row is
// refused, and copy the new members' invitation links.

import { apiFetch, currentMember } from './api.js';
import { h, setText } from './dom.js';
import { hasRole } from './roles.js';
import { clearError, downloadButton, linkBox, showError, showStatus, table, withBusy } from './ui.js';

const el = (id) => document.getElementById(id);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const OUTCOMES = { create: 'New member, invited', update: 'Updated', unchanged: 'No change', refuse: 'Refused' };

let checkedFile = null;

function contentType(file) {
  return /\.xlsx$/i.test(file.name) ? XLSX : 'text/csv';
}

async function send(route, file) {
  return apiFetch(`/api/admin/import/${route}`, { method: 'POST', body: file, headers: { 'Content-Type': contentType(file) } });
}

function words(list) {
  return (list || []).map((p) => `${p.field}: ${p.message}`).join('; ');
}

function report(data) {
  const t = data.totals;
  const rows = data.rows || [];
  el('import-report').replaceChildren(table({
    id: 'import-table',
    caption: `What importing the file would do: ${t.create} new, ${t.update} updated, ${t.unchanged} unchanged, ${t.refuse} refused`,
    head: ['Row', 'E-mail', 'What will happen', 'Problems'],
    rows: rows.map((r) => [String(r.row), r.email || '(not an e-mail address)',
      [OUTCOMES[r.outcome], words(r.changes)].filter(Boolean).join(': '), words(r.problems) || 'None']),
  }));
  const apply = el('import-apply');
  const count = t.create + t.update;
  apply.textContent = `Import ${count} member${count === 1 ? '' : 's'}`;
  apply.disabled = t.refuse > 0 || count === 0;
  setText(el('import-summary'), t.refuse > 0
    ? `${t.refuse} of ${t.rows} rows are refused: fix them in the file and check it again. Nothing has been imported.`
    : `All ${t.rows} rows can be imported${t.agenciesCreated ? ` (with ${t.agenciesCreated} new agencies)` : ''}. Nothing has been imported yet.`);
}

function result(data) {
  const links = (data.invitations || []).map((inv) => linkBox({
    id: `import-invite-${inv.row}`,
    label: `Invitation link for ${inv.fullName} (${inv.email})`,
    url: inv.invitationUrl,
  }).wrap);
  el('import-result').replaceChildren(
    h('h3', { id: 'import-links-heading', tabindex: '-1', text: `Invitation links (${links.length})` }),
    h('p', { class: 'hint', text: data.invitations?.[0]?.mailed
      ? 'Each has been sent by e-mail to its member. The links are also shown here only now, should anyone need one another way. Each works once, for 7 days.'
      : 'Shown only now: copy each link and send it to its member. Each works once, for 7 days.' }),
    ...links);
  el('import-links-heading').focus();
}

function start() {
  const member = currentMember();
  if (!member || !hasRole(member, 'officer')) return;
  el('import-section').hidden = false;
  el('import-nav-item').hidden = false;
  el('import-templates').replaceChildren(
    downloadButton({ id: 'import-template-csv', text: 'Download the template (CSV)', path: '/api/admin/import/template.csv', fallbackName: 'members-template.csv' }),
    downloadButton({ id: 'import-template-xlsx', text: 'Download the template (Excel)', path: '/api/admin/import/template.xlsx', fallbackName: 'members-template.xlsx' }));
  el('import-file').addEventListener('change', () => {
    checkedFile = null;
    el('import-apply').disabled = true;
    el('import-report').replaceChildren();
    setText(el('import-summary'), '');
  });
  el('import-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError();
    const file = el('import-file').files[0];
    if (!file) {
      showError({ message: 'Choose the members file first.' });
      el('import-file').focus();
      return;
    }
    await withBusy(el('import-check'), 'Checking…', async () => {
      try {
        report(await send('dry-run', file));
        checkedFile = file;
      } catch (err) {
        showError(err, undefined, 'The file could not be checked.');
      }
    });
  });
  el('import-apply').addEventListener('click', () => withBusy(el('import-apply'), 'Importing…', async () => {
    if (!checkedFile) return;
    clearError();
    try {
      const data = await send('apply', checkedFile);
      report(data);
      el('import-apply').disabled = true;
      showStatus(`Imported: ${data.totals.create} new members invited, ${data.totals.update} updated.`);
      result(data);
    } catch (err) {
      if (err && err.code === 'import_refused' && err.body) report(err.body);
      showError(err, undefined, 'Nothing was imported.');
    }
  }));
}

start();
