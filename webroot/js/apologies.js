// A&I Live – apologies.html: apologies with a written update for a coming meeting (R10), sent as the
// live command attendance.mark with status apologies_with_update over REST.

import { apiFetch } from './api.js';
import { sendCommand } from './commands.js';
import { setText } from './dom.js';
import { longDate } from './format.js';
import {
  ATTENDANCE_LABELS, clearError, clearFieldErrors, dateTime, fillSelect, loadRoom, londonToday, param,
  showFormError, showProblems, showStatus, startPage, withBusy,
} from './ui.js';

const el = (id) => document.getElementById(id);
const member = startPage({ key: 'apologies', roles: ['partner', 'presenter', 'chair'] });
const form = el('apology-form');
const select = el('apology-meeting');
const update = el('apology-update');

async function showCurrent() {
  const current = el('apology-current');
  const id = select.value;
  el('apology-pack-link').hidden = !id;
  el('apology-pack-link').href = `pack.html?meeting=${encodeURIComponent(id)}`;
  setText(current, '');
  if (!id) return;
  try {
    const { state } = await loadRoom(id);
    const mark = (state.attendance || []).find((a) => a.memberId === member.id);
    if (!mark) {
      setText(current, 'You have not sent apologies for this meeting.');
    } else {
      setText(current, `Recorded now: ${ATTENDANCE_LABELS[mark.status] || mark.status} (${dateTime(mark.markedAt)}).`);
      if (mark.writtenUpdate && !update.value) update.value = mark.writtenUpdate;
    }
  } catch {
    setText(current, '');
  }
}

async function load() {
  try {
    const meetings = await apiFetch('/api/meetings') || [];
    const today = londonToday();
    const coming = meetings.filter((m) => (m.status === 'planned' || m.status === 'open') && m.meetingDate >= today)
      .sort((a, b) => a.meetingDate.localeCompare(b.meetingDate));
    fillSelect(select, coming.map((m) => ({ value: m.id, text: `${longDate(m.meetingDate)}, ${m.panelName}` })),
      { placeholder: coming.length ? 'Choose the meeting…' : 'No coming meetings' });
    const wanted = param('meeting');
    if (wanted && coming.some((m) => m.id === wanted)) select.value = wanted;
    else if (coming.length === 1) select.value = coming[0].id;
    await showCurrent();
  } catch (err) {
    showFormError(err, { form });
  }
}

if (member) {
  select.addEventListener('change', showCurrent);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    clearError();
    const problems = [];
    if (!select.value) problems.push([select, 'Choose the meeting you cannot attend.']);
    if (!update.value.trim()) problems.push([update, 'Write the update that goes with your apologies.']); // R10
    if (showProblems(problems)) return;
    await withBusy(el('apology-submit'), 'Sending…', async () => {
      try {
        await sendCommand(select.value, 'attendance.mark', { status: 'apologies_with_update', writtenUpdate: update.value.trim() });
        showStatus(`Apologies sent for ${select.options[select.selectedIndex].text}, with your written update.`);
        await showCurrent();
      } catch (err) {
        showFormError(err, { form, fields: { meetingId: select } });
      }
    });
  });
  load();
}
