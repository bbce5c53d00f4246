// A&I Live – meeting preparation: join links (officer, issue 18). One table of the panel's members:
// whether each holds a live link, whether it was used; make links for the chosen or for everyone
// remote in one step, copy each new one, withdraw one or all of them (every session from a
// withdrawn link ends).

import { apiFetch } from '../api.js';
import { h } from '../dom.js';
import { londonTime, plural } from '../format.js';
import {
  ATTENDANCE_LABELS, clearError, copyText, dateTime, showError, showStatus, table, tag, withBusy,
} from '../ui.js';

const el = (id) => document.getElementById(id);

const REMOTE_WHY = {
  marked_remote: 'Remote (marked)',
  attended_remotely_last_time: 'Expected remote (came remotely last time)',
};

export function createLinksView(ctx) {
  const section = el('links-section');
  const body = el('links-body');
  const summary = el('links-summary');
  const replace = el('links-replace');
  const base = `/api/meetings/${encodeURIComponent(ctx.meetingId)}/join-links`;
  /** The links made on this page, by member: only the answer that made a link holds its address. */
  const urls = new Map();
  const chosen = new Set();
  let roster = null;

  section.hidden = false;

  function attending(m) {
    if (m.remoteBecause) return REMOTE_WHY[m.remoteBecause];
    return m.attendance ? ATTENDANCE_LABELS[m.attendance] || m.attendance : 'Not yet marked';
  }

  function linkState(m) {
    if (m.link) return tag(`Live, made ${londonTime(m.link.createdAt)}`, 'ok');
    if (m.state === 'withdrawn') return tag('Withdrawn', 'bad');
    if (m.state === 'expired') return tag('Expired');
    return 'No link';
  }

  function used(m) {
    const l = m.link || m.links[0];
    if (!l) return '';
    if (!l.used) return 'Not used yet';
    const first = londonTime(l.firstUsedAt);
    const last = londonTime(l.lastUsedAt);
    return l.uses > 1 && last !== first ? `Used at ${first}, last at ${last}` : `Used at ${first}`;
  }

  function copyCell(m) {
    const made = m.link && urls.get(m.memberId)?.id === m.link.id ? urls.get(m.memberId) : null;
    const url = made ? made.url : null;
    if (!url) return m.link ? h('span', { class: 'hint', text: 'Made earlier: make a new one to copy it' }) : '';
    const absolute = new URL(url, window.location.origin).href;
    const input = h('input', {
      id: `link-url-${m.memberId}`, type: 'text', readonly: true, value: absolute, spellcheck: 'false',
      class: 'link-input', hidden: true, 'aria-label': `Join link for ${m.fullName}`,
    });
    const said = h('span', { class: 'copy-status', role: 'status' });
    const button = h('button', { id: `link-copy-${m.memberId}`, type: 'button', class: 'button-small button-secondary' },
      'Copy', h('span', { class: 'visually-hidden', text: ` the link for ${m.fullName}` }));
    button.addEventListener('click', async () => {
      input.hidden = false;
      const ok = await copyText(absolute, input);
      if (ok) {
        input.hidden = true;
        said.textContent = 'Copied.';
      } else {
        input.focus();
        input.select();
        said.textContent = 'Select the link and copy it yourself (Ctrl+C).';
      }
    });
    const mailed = made.mailed ? h('span', { id: `link-mailed-${m.memberId}`, class: 'hint', text: 'Sent by e-mail. ' }) : null;
    return h('div', { class: 'link-copy' }, mailed, button, input, said);
  }

  function withdrawCell(m) {
    if (!m.link) return '';
    const button = h('button', { id: `link-revoke-${m.link.id}`, type: 'button', class: 'button-small button-danger' },
      'Withdraw', h('span', { class: 'visually-hidden', text: ` the link for ${m.fullName}` }));
    button.addEventListener('click', () => withBusy(button, 'Withdrawing…', async () => {
      // eslint-disable-next-line no-alert
      if (!window.confirm(`Withdraw ${m.fullName}'s join link? Anyone using it is signed out of the meeting.`)) return;
      clearError();
      try {
        await apiFetch(`${base}/${encodeURIComponent(m.link.id)}`, { method: 'DELETE' });
        showStatus(`${m.fullName}'s join link has been withdrawn.`);
        await load();
        el('links-make-chosen').focus();
      } catch (err) {
        showError(err, undefined, 'The link could not be withdrawn.');
      }
    }));
    return button;
  }

  function choose(m) {
    const box = h('input', {
      id: `link-choose-${m.memberId}`, type: 'checkbox', checked: chosen.has(m.memberId),
      'aria-label': `Choose ${m.fullName}`,
    });
    box.addEventListener('change', () => {
      if (box.checked) chosen.add(m.memberId); else chosen.delete(m.memberId);
    });
    return box;
  }

  function render() {
    const members = (roster?.members || []).filter((m) => m.onPanel || m.links.length);
    const live = members.filter((m) => m.link);
    const usedCount = live.filter((m) => m.link.used).length;
    summary.textContent = roster?.dayOver
      ? 'The meeting day is over: its links no longer work.'
      : `${plural(live.length, 'member')} of ${members.length} ${live.length === 1 ? 'holds' : 'hold'} a live link; `
        + `${usedCount} used. Links work until ${dateTime(roster?.expiresAt)}.`;
    el('links-withdraw-all').hidden = !live.length;
    if (!members.length) {
      body.replaceChildren(h('p', { id: 'join-links-empty', text: 'This panel has no members yet.' }));
      return;
    }
    body.replaceChildren(table({
      id: 'join-links',
      caption: 'Panel members and their join links',
      head: ['Member', 'Choose', 'Attending', 'Link', 'Used', 'Copy', 'Withdraw'],
      rows: members.map((m) => [
        h('span', {}, m.fullName, m.agency ? h('span', { class: 'hint', text: `, ${m.agency}` }) : null,
          m.observer ? h('span', { class: 'hint', text: ' (observer)' }) : null),
        choose(m),
        attending(m),
        linkState(m),
        used(m),
        copyCell(m),
        withdrawCell(m),
      ]),
    }));
  }

  async function load() {
    try {
      roster = await apiFetch(base);
      render();
    } catch (err) {
      showError(err, undefined, 'The join links could not be loaded.');
    }
  }

  /** What the officer is told of the links made: which went by e-mail, which to copy and send. */
  function madeSaid(out) {
    const made = plural(out.links.length, 'link');
    const mailed = out.mailed || 0;
    if (mailed === out.links.length) return `${made} made and sent by e-mail, each to its member.`;
    if (mailed) return `${made} made: ${mailed} sent by e-mail; copy the other ${out.links.length - mailed} and send each to its member securely.`;
    return `${made} made: copy each and send it to its member securely.`;
  }

  async function make(button, request, nobody) {
    clearError();
    await withBusy(button, 'Making links…', async () => {
      try {
        const out = await apiFetch(`${base}/batch`, { method: 'POST', body: { ...request, replace: replace.checked } });
        out.links.forEach((l) => urls.set(l.memberId, { id: l.id, url: l.url, mailed: l.mailed }));
        chosen.clear();
        await load();
        const said = [];
        said.push(out.links.length ? madeSaid(out) : nobody);
        if (out.alreadyLinked.length) {
          said.push(`${out.alreadyLinked.map((a) => a.fullName).join(', ')} already ${out.alreadyLinked.length === 1 ? 'has' : 'have'} a live link`
            + ' (tick "Replace" to make new ones).');
        }
        showStatus(said.join(' '));
        const first = out.links[0] && el(`link-copy-${out.links[0].memberId}`);
        (first || button).focus();
      } catch (err) {
        showError(err, undefined, 'The links could not be made.');
      }
    });
  }

  el('links-make-chosen').addEventListener('click', (event) => {
    if (!chosen.size) {
      showError('Choose the members to make links for: tick them in the table.');
      return;
    }
    make(event.currentTarget, { memberIds: [...chosen] }, 'Everyone chosen already has a live link.');
  });
  el('links-make-remote').addEventListener('click', (event) => {
    make(event.currentTarget, { remote: true }, 'Nobody is marked or expected remote, or everyone remote already has a live link.');
  });
  el('links-withdraw-all').addEventListener('click', (event) => withBusy(event.currentTarget, 'Withdrawing…', async () => {
    const live = (roster?.members || []).filter((m) => m.link).length;
    // eslint-disable-next-line no-alert
    if (!window.confirm(`Withdraw all ${plural(live, 'join link')} of this meeting? Everyone using one is signed out of the meeting.`)) return;
    clearError();
    try {
      const out = await apiFetch(base, { method: 'DELETE' });
      urls.clear();
      await load();
      showStatus(`${plural(out.withdrawn, 'join link')} withdrawn.`);
      el('links-make-chosen').focus();
    } catch (err) {
      showError(err, undefined, 'The links could not be withdrawn.');
    }
  }));

  // The register changes who is remote: read the links again when the room does.
  let pending = null;
  function renderRoom() {
    window.clearTimeout(pending);
    pending = window.setTimeout(load, 300);
  }

  return { load, renderRoom };
}
