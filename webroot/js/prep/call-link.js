// A&I Live – the meeting's video-call link on the Prepare page (R13): the officer or the chair sets,
// changes or removes it until the meeting closes (PUT /api/meetings/{id}/call-link). A link that is
// not https, or not on one of the allowed call services, is refused at the field with the reason.

import { apiFetch } from '../api.js';
import { clearFieldErrors, showFormError, showStatus, withBusy } from '../ui.js';

export function createCallLinkForm(ctx, doc = document) {
  const form = doc.getElementById('call-link-form');
  const input = doc.getElementById('call-url');
  const save = doc.getElementById('call-link-save');
  const clear = doc.getElementById('call-link-clear');

  function show() {
    const m = ctx.meeting || {};
    form.hidden = m.status === 'closed';
    if (doc.activeElement !== input) input.value = m.callUrl || '';
    clear.hidden = !m.callUrl;
  }

  async function put(callUrl, button, busy, done) {
    clearFieldErrors(form);
    await withBusy(button, busy, async () => {
      try {
        const meeting = await apiFetch(`/api/meetings/${encodeURIComponent(ctx.meetingId)}/call-link`,
          { method: 'PUT', body: { callUrl } });
        ctx.meeting = { ...ctx.meeting, callUrl: meeting.callUrl };
        input.value = meeting.callUrl || '';
        show();
        showStatus(done);
      } catch (err) {
        showFormError(err, { form });
      }
    });
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = input.value.trim();
    put(value || null, save, 'Saving…', value
      ? 'Call link saved: remote members see "Join the call".' : 'Call link removed.');
  });
  clear.addEventListener('click', () => put(null, clear, 'Removing…', 'Call link removed.').then(() => input.focus()));

  show();
  return { renderRoom: show };
}
