// A&I Live – minutes.html?meeting=ID: minutes versions drafted from the meeting's record, their PDFs,
// and the chair's approval once the meeting has ended (an approved version is locked); the editor of
// each item's summary and decisions (minutes-editor.js); the chair publishes an approved version.

import { apiFetch } from './api.js';
import { h, setText } from './dom.js';
import { longDate } from './format.js';
import { renderEditor } from './minutes-editor.js';
import { hasRole } from './roles.js';
import {
  clearError, clearFieldErrors, dateTime, downloadButton, param, showError, showFormError, showStatus,
  startPage, table, tag, withBusy,
} from './ui.js';

const el = (id) => document.getElementById(id);
const member = startPage({ key: 'meetings', roles: ['officer', 'chair'] });
const meetingId = param('meeting');
const base = `/api/exports/meetings/${encodeURIComponent(meetingId || '')}/minutes`;
let meeting = null;
let versions = [];

function render() {
  const latest = versions[versions.length - 1];
  const approvedOnce = versions.some((v) => v.status === 'approved');
  el('minutes-note').previousElementSibling.textContent = approvedOnce
    ? 'Note: what this version corrects (required after an approval)' : 'Note (optional)';
  if (!versions.length) {
    el('minutes-versions').replaceChildren(h('p', { id: 'minutes-none', text: 'No minutes have been drafted yet.' }));
    return;
  }
  el('minutes-versions').replaceChildren(table({
    id: 'minutes-table',
    caption: 'Minutes versions, oldest first',
    captionHidden: true,
    head: ['Version', 'Status', 'Drafted', 'Note', 'Approved', 'PDF', 'Word', ...(hasRole(member, 'chair') ? ['Approve or publish'] : [])],
    rows: versions.map((v) => {
      const cells = [
        `Version ${v.version}`,
        v.status === 'approved' ? tag(v.published ? 'Approved, published' : 'Approved', 'ok') : tag('Draft'),
        `${dateTime(v.createdAt)} by ${v.createdByName}`,
        v.note || '',
        v.approvedAt ? `${dateTime(v.approvedAt)} by ${v.approvedByName}` : '',
        downloadButton({ id: `minutes-pdf-${v.version}`, text: `PDF of version ${v.version}`, path: v.pdf || `${base}/${v.version}/pdf`, fallbackName: `minutes-v${v.version}.pdf` }),
        downloadButton({ id: `minutes-docx-${v.version}`, text: `Word document of version ${v.version}`, path: v.docx || `${base}/${v.version}/docx`, fallbackName: `minutes-v${v.version}.docx` }),
      ];
      if (hasRole(member, 'chair')) {
        if (v === latest && v.status === 'draft' && meeting?.status === 'closed') {
          const approve = h('button', { id: `minutes-approve-${v.version}`, type: 'button', text: `Approve version ${v.version}` });
          approve.addEventListener('click', () => withBusy(approve, 'Approving…', async () => {
            // eslint-disable-next-line no-alert
            if (!window.confirm(`Approve version ${v.version}? It is then locked for good.`)) return;
            clearError();
            try {
              await apiFetch(`${base}/${v.version}/approve`, { method: 'POST' });
              showStatus(`Version ${v.version} approved and locked.`);
              await load();
              el(`minutes-pdf-${v.version}`)?.focus();
            } catch (err) {
              showError(err, undefined, 'The minutes could not be approved.');
            }
          }));
          cells.push(approve);
        } else if (v.status === 'approved' && !v.published) {
          cells.push(publishButton(v));
        } else {
          cells.push(v.status === 'draft' && meeting?.status !== 'closed' ? 'After the meeting ends' : '');
        }
      }
      return cells;
    }),
  }));
}

/** The chair publishes an approved version: the panel's partners and presenters then read it here. */
function publishButton(v) {
  const publish = h('button', { id: `minutes-publish-${v.version}`, type: 'button', text: `Publish version ${v.version} to the panel` });
  publish.addEventListener('click', () => withBusy(publish, 'Publishing…', async () => {
    clearError();
    try {
      await apiFetch(`${base}/${v.version}/publish`, { method: 'POST' });
      showStatus(`Version ${v.version} published: the panel's partners and presenters can read it in the app.`);
      await load();
      el('versions-heading')?.focus();
    } catch (err) {
      showError(err, undefined, 'The minutes could not be published.');
    }
  }));
  return publish;
}

async function load() {
  try {
    versions = await apiFetch(base) || [];
    render();
    await renderEditor(el('minutes-editor'), { base, latest: versions[versions.length - 1] });
  } catch (err) {
    showError(err, undefined, 'The minutes could not be loaded.');
  }
}

async function start() {
  if (!meetingId) {
    showError('No meeting was named. Open the minutes from the meetings page.');
    return;
  }
  try {
    meeting = await apiFetch(`/api/meetings/${encodeURIComponent(meetingId)}`);
    const title = `${meeting.panelName}, ${longDate(meeting.meetingDate)}`;
    setText(el('page-heading'), `Minutes: ${title}`);
    document.title = `A&I Live – minutes for ${title}`;
    el('minutes-meta').replaceChildren(meeting.status === 'closed'
      ? 'The meeting has ended: the chair can approve the latest draft. '
      : `The meeting is ${meeting.status}: drafts can be written now; the chair approves once it has ended. `,
    h('a', { id: 'minutes-timing-link', href: `reports.html?meetingId=${encodeURIComponent(meetingId)}#timing-section`, text: 'Time planned and used at this meeting' }));
  } catch (err) {
    showError(err, undefined, 'The meeting could not be loaded.');
    return;
  }
  await load();
}

if (member) {
  el('minutes-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    clearFieldErrors(form);
    clearError();
    const note = el('minutes-note').value.trim();
    await withBusy(el('minutes-draft'), 'Drafting…', async () => {
      try {
        const v = await apiFetch(base, { method: 'POST', body: note ? { note } : {} });
        el('minutes-note').value = '';
        showStatus(`Version ${v.version} drafted from the meeting’s record as it is now (${dateTime(v.createdAt || Date.now())}).`);
        await load();
      } catch (err) {
        showFormError(err, { form });
      }
    });
  });
  start();
}
