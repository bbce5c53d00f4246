// A&I Live – members.html: panels, agencies and members. The officer invites members (one-time link
// to copy), changes their roles and agency, their panels, and deactivates or reactivates them; the
// chair sees the lists.

import { apiFetch } from './api.js';
import { h, setText } from './dom.js';
import { ALL_ROLES, hasRole, roleLabel } from './roles.js';
import { recoveryControls, recoveryTags, sentBy } from './member-recovery.js';
import {
  clearError, clearFieldErrors, dateTime, fillSelect, linkBox, showError, showFormError, showProblems,
  showStatus, startPage, table, tag, withBusy,
} from './ui.js';

const el = (id) => document.getElementById(id);
const member = startPage({ key: 'members', roles: ['officer', 'chair'] });
const isOfficer = hasRole(member, 'officer');

let members = [];
let panels = [];
let agencies = [];
const openEditors = new Set();

const panelName = (id) => panels.find((p) => p.id === id)?.code || 'Unknown panel';

function checkbox(id, value, label, checked) {
  return h('div', { class: 'field-check' },
    h('input', { id, type: 'checkbox', value, checked: checked ? true : null }),
    h('label', { for: id, text: label }));
}

function checkedValues(container) {
  return [...container.querySelectorAll('input[type="checkbox"]:checked')].map((i) => i.value);
}

// ---------- invite ----------

function renderInviteForm() {
  el('invite-section').hidden = false;
  el('invite-nav-item').hidden = false;
  fillSelect(el('invite-agency'), agencies.map((a) => ({ value: a.id, text: a.name })), { placeholder: 'Choose the agency…' });
  const roles = el('invite-roles-choices');
  if (!roles.childElementCount) {
    roles.replaceChildren(...ALL_ROLES.map((r) => checkbox(`invite-role-${r}`, r, roleLabel(r), r === 'partner')));
  }
  const checkedPanels = new Set(checkedValues(el('invite-panels-choices')));
  el('invite-panels-choices').replaceChildren(...panels.map((p) => checkbox(`invite-panel-${p.id}`, p.id, `${p.name} (${p.code})`,
    checkedPanels.has(p.id) || panels.length === 1)));
}

el('invite-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  clearFieldErrors(form);
  clearError();
  const name = el('invite-name');
  const email = el('invite-email');
  const agency = el('invite-agency');
  const roles = checkedValues(el('invite-roles'));
  const panelIds = checkedValues(el('invite-panels'));
  const problems = [];
  if (!name.value.trim()) problems.push([name, 'Enter the member’s full name.']);
  if (!/^[^\s@]+@[^\s@]+$/.test(email.value.trim())) problems.push([email, 'Enter an e-mail address in the right form, like name@example.org.']);
  if (!agency.value) problems.push([agency, 'Choose the member’s agency.']);
  if (!roles.length) problems.push([el('invite-roles'), 'Choose at least one role.']);
  if (showProblems(problems)) return;
  await withBusy(el('invite-submit'), 'Inviting…', async () => {
    try {
      const result = await apiFetch('/api/members/invitations', {
        method: 'POST',
        body: { fullName: name.value.trim(), email: email.value.trim(), agencyId: agency.value, roles, panelIds },
      });
      const box = linkBox({
        id: 'invite-url',
        label: `Invitation link for ${name.value.trim()}`,
        url: result.invitationUrl,
        hint: `${sentBy(result, email.value.trim(), `send it to ${email.value.trim()}`)} It works once, until ${dateTime(result.expiresAt)}.`,
      });
      el('invite-result').replaceChildren(box.wrap);
      box.input.focus();
      box.input.select();
      name.value = '';
      email.value = '';
      await load();
    } catch (err) {
      if (err && err.code === 'email_taken') {
        showFormError({ status: 400, message: err.message, body: { field: 'email' } }, { form });
      } else {
        showFormError(err, { form });
      }
    }
  });
});

// ---------- members ----------

function statusTags(m) {
  const tags = [];
  if (!m.active) tags.push(tag('Deactivated', 'bad'));
  else tags.push(tag('Active', 'ok'));
  return tags.concat(recoveryTags(m));
}

function editor(m) {
  const id = m.id;
  const details = h('details', { id: `member-${id}-edit` },
    h('summary', {}, 'Change ', h('span', { class: 'visually-hidden', text: `${m.fullName}’s ` }), 'roles, agency, panels or access'));
  if (openEditors.has(id)) details.open = true;
  details.addEventListener('toggle', () => {
    if (details.open) openEditors.add(id); else openEditors.delete(id);
  });

  // Roles and agency: a change of access ends the member's sessions.
  const roleSet = h('fieldset', { id: `member-${id}-roles`, 'data-field': 'roles' },
    h('legend', { text: 'Roles' }),
    h('div', { class: 'choices-inline' }, ALL_ROLES.map((r) => checkbox(`member-${id}-role-${r}`, r, roleLabel(r), m.roles.includes(r)))));
  const agency = h('select', { id: `member-${id}-agency`, 'data-field': 'agencyId' },
    agencies.map((a) => h('option', { value: a.id, text: a.name })));
  agency.value = m.agencyId;
  const save = h('button', { id: `member-${id}-save`, type: 'submit', text: 'Save roles and agency' });
  const accessForm = h('form', { class: 'stack', method: 'post', action: '#', novalidate: true },
    roleSet,
    h('div', { class: 'field' }, h('label', { for: agency.id, text: 'Agency' }), agency),
    h('p', { class: 'hint', text: 'Saving a change of roles or agency signs the member out everywhere.' }),
    save);
  accessForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(accessForm);
    clearError();
    const roles = checkedValues(roleSet);
    if (showProblems(roles.length ? [] : [[roleSet, 'Choose at least one role.']])) return;
    await withBusy(save, 'Saving…', async () => {
      try {
        await apiFetch(`/api/members/${encodeURIComponent(id)}`, { method: 'PATCH', body: { roles, agencyId: agency.value } });
        showStatus(`${m.fullName}: roles and agency saved.`);
        await load();
        el(`member-${id}-save`)?.focus();
      } catch (err) {
        showFormError(err, { form: accessForm });
      }
    });
  });

  // Panels: each box adds or removes at once.
  const panelSet = h('fieldset', { id: `member-${id}-panels` },
    h('legend', { text: 'Panels' }),
    h('p', { class: 'hint', text: 'Ticking or unticking saves at once.' }),
    h('div', { class: 'choices-inline' }, panels.map((p) => {
      const box = checkbox(`member-${id}-panel-${p.id}`, p.id, `${p.name} (${p.code})`, (m.panels || []).includes(p.id));
      const input = box.querySelector('input');
      input.addEventListener('change', async () => {
        clearError();
        const on = input.checked;
        try {
          if (on) {
            await apiFetch(`/api/panels/${encodeURIComponent(p.id)}/members`, { method: 'POST', body: { memberId: id } });
          } else {
            await apiFetch(`/api/panels/${encodeURIComponent(p.id)}/members/${encodeURIComponent(id)}`, { method: 'DELETE' });
          }
          showStatus(`${m.fullName} ${on ? 'added to' : 'removed from'} ${p.code}.`);
          await load();
          el(input.id)?.focus();
        } catch (err) {
          input.checked = !on;
          showError(err, undefined, `${m.fullName}’s panels could not be changed.`);
        }
      });
      return box;
    })));

  const activeButton = h('button', {
    id: `member-${id}-active`, type: 'button', class: m.active ? 'button-danger' : 'button-secondary',
  }, m.active ? 'Deactivate' : 'Reactivate', h('span', { class: 'visually-hidden', text: ` ${m.fullName}` }));
  activeButton.addEventListener('click', () => withBusy(activeButton, m.active ? 'Deactivating…' : 'Reactivating…', async () => {
    const question = m.active
      ? `Deactivate ${m.fullName}? They are signed out everywhere, cannot sign in, and their invitation, password reset and join links stop working.`
      : `Reactivate ${m.fullName}? They can sign in again with their password; old sessions and links stay ended.`;
    // eslint-disable-next-line no-alert
    if (!window.confirm(question)) return;
    clearError();
    try {
      await apiFetch(`/api/members/${encodeURIComponent(id)}`, { method: 'PATCH', body: { active: !m.active } });
      showStatus(`${m.fullName} ${m.active ? 'deactivated' : 'reactivated'}.`);
      await load();
      el(`member-${id}-active`)?.focus();
    } catch (err) {
      showError(err, undefined, `${m.fullName} could not be changed.`);
    }
  }));

  // Two-factor sign-in (issue 18): another officer resets a lost device; never one's own.
  const resetButton = m.id === member.id ? null : h('button', {
    id: `member-${id}-reset-two-factor`, type: 'button', class: 'button-secondary',
  }, 'Reset two-factor', h('span', { class: 'visually-hidden', text: ` for ${m.fullName}` }));
  resetButton?.addEventListener('click', () => withBusy(resetButton, 'Resetting…', async () => {
    // eslint-disable-next-line no-alert
    if (!window.confirm(`Reset two-factor sign-in for ${m.fullName}? They are signed out everywhere and set it up again when they next sign in.`)) return;
    clearError();
    try {
      await apiFetch(`/api/members/${encodeURIComponent(id)}/two-factor/reset`, { method: 'POST' });
      showStatus(`Two-factor sign-in reset for ${m.fullName}.`);
    } catch (err) {
      showError(err, undefined, `Two-factor sign-in for ${m.fullName} could not be reset.`);
    }
  }));

  details.append(h('div', { class: 'stack' }, accessForm, panelSet,
    h('div', { class: 'button-row' }, activeButton, resetButton)));
  return details;
}

function memberCard(m) {
  return h('li', { id: `member-${m.id}`, class: 'item-card', data: { search: `${m.fullName} ${m.email} ${m.agency}`.toLowerCase() } },
    h('h3', { text: m.fullName }),
    h('p', { class: 'item-meta' }, `${m.email} · ${m.agency}`),
    h('p', {}, ...(m.roles || []).map((r) => tag(roleLabel(r))), ...statusTags(m),
      h('span', { class: 'muted', text: (m.panels || []).length ? ` Panels: ${(m.panels || []).map(panelName).join(', ')}` : ' No panel' })),
    isOfficer ? recoveryControls(m, load) : null,
    isOfficer ? editor(m) : null);
}

function applyFilter() {
  const q = el('member-filter').value.trim().toLowerCase();
  let shown = 0;
  el('member-list').querySelectorAll(':scope > li').forEach((li) => {
    li.hidden = Boolean(q) && !li.dataset.search.includes(q);
    if (!li.hidden) shown += 1;
  });
  setText(el('members-count'), q ? `${shown} of ${members.length} members match.` : `${members.length} members.`);
}

function renderMembers() {
  const focused = document.activeElement?.id;
  el('member-list').replaceChildren(...members.map(memberCard));
  applyFilter();
  if (focused && el(focused)) el(focused).focus();
}

function renderPanels() {
  el('panels-body').replaceChildren(table({
    id: 'panel-table',
    caption: 'Panel list with districts',
    captionHidden: true,
    head: ['Panel', 'Code', 'Districts', 'Members'],
    rows: panels.map((p) => [p.name, p.code, (p.districts || []).map((d) => d.name).join(' and '),
      String(members.filter((m) => (m.panels || []).includes(p.id) && m.active).length)]),
  }));
}

function renderAgencies() {
  el('agencies-body').replaceChildren(table({
    id: 'agency-table',
    caption: 'Agency list',
    captionHidden: true,
    head: ['Agency', 'Expected', 'Active members'],
    rows: agencies.map((a) => [a.name, a.attendance === 'county_wide' ? 'At every meeting' : 'When relevant to a case',
      String(members.filter((m) => m.agencyId === a.id && m.active).length)]),
  }));
}

async function load() {
  try {
    const [m, p, a] = await Promise.all([apiFetch('/api/members'), apiFetch('/api/panels'), apiFetch('/api/agencies')]);
    members = (m || []).sort((x, y) => x.fullName.localeCompare(y.fullName));
    panels = p || [];
    agencies = (a || []).sort((x, y) => x.name.localeCompare(y.name));
    if (isOfficer) renderInviteForm();
    renderMembers();
    renderPanels();
    renderAgencies();
  } catch (err) {
    showError(err, undefined, 'The members could not be loaded.');
  }
}

if (member) {
  el('member-filter').addEventListener('input', applyFilter);
  load();
}
