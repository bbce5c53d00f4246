// A&I Live – meeting preparation: member join links (officer): create one (shown once, to copy),
// list them, withdraw one (it and every session from it stop working).

import { apiFetch } from '../api.js';
import { h } from '../dom.js';
import {
  clearError, clearFieldErrors, dateTime, fillSelect, linkBox, showError, showFormError, showProblems, showStatus,
  table, tag, withBusy,
} from '../ui.js';

const el = (id) => document.getElementById(id);

export function createLinksView(ctx) {
  const section = el('links-section');
  const form = el('link-form');
  const select = el('link-member');
  const body = el('links-body');
  let links = [];

  section.hidden = false;
  const base = `/api/meetings/${encodeURIComponent(ctx.meetingId)}/join-links`;

  function render() {
    if (!links.length) {
      body.replaceChildren(h('p', { id: 'join-links-empty', text: 'No join links yet.' }));
      return;
    }
    body.replaceChildren(table({
      id: 'join-links',
      caption: 'Join links for this meeting',
      head: ['Member', 'Created', 'Works until', 'State', 'Withdraw'],
      rows: links.map((l) => {
        const expired = Number.isFinite(l.expiresAt) && l.expiresAt < Date.now();
        let revoke = '';
        if (!l.revoked && !expired) {
          revoke = h('button', { id: `link-revoke-${l.id}`, type: 'button', class: 'button-small button-danger' },
            'Withdraw', h('span', { class: 'visually-hidden', text: ` the link for ${l.memberName}` }));
          revoke.addEventListener('click', () => withBusy(revoke, 'Withdrawing…', async () => {
            // eslint-disable-next-line no-alert
            if (!window.confirm(`Withdraw ${l.memberName}'s join link? Anyone using it is signed out of the meeting.`)) return;
            clearError();
            try {
              await apiFetch(`${base}/${encodeURIComponent(l.id)}`, { method: 'DELETE' });
              showStatus(`${l.memberName}'s join link has been withdrawn.`);
              await load();
              select.focus();
            } catch (err) {
              showError(err, undefined, 'The link could not be withdrawn.');
            }
          }));
        }
        return [
          l.memberName || l.memberId,
          dateTime(l.createdAt),
          dateTime(l.expiresAt),
          l.revoked ? tag('Withdrawn', 'bad') : expired ? tag('Expired') : tag('Active', 'ok'),
          revoke,
        ];
      }),
    }));
  }

  function renderRoom() {
    const members = [...(ctx.room?.state?.members || [])].sort((a, b) => a.fullName.localeCompare(b.fullName));
    fillSelect(select, members.map((m) => ({ value: m.memberId, text: `${m.fullName}, ${m.agency}` })), { placeholder: 'Choose a member…' });
  }

  async function load() {
    try {
      links = await apiFetch(base) || [];
      render();
    } catch (err) {
      showError(err, undefined, 'The join links could not be loaded.');
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    clearError();
    if (showProblems(select.value ? [] : [[select, 'Choose the member the link is for.']])) return;
    const name = select.options[select.selectedIndex]?.text || '';
    await withBusy(el('link-create'), 'Creating…', async () => {
      try {
        const link = await apiFetch(base, { method: 'POST', body: { memberId: select.value } });
        const box = linkBox({
          id: 'link-url-new',
          label: `Join link for ${name}`,
          url: link.url,
          hint: `Shown only now: copy it and send it to them securely. It works until ${dateTime(link.expiresAt)}.`,
        });
        el('link-new').replaceChildren(box.wrap);
        box.input.focus();
        box.input.select();
        await load();
      } catch (err) {
        showFormError(err, { form });
      }
    });
  });

  return { load, renderRoom };
}
