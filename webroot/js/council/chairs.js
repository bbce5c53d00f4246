// A&I Live – each panel's chair (`PUT /api/admin/panels/{id}/chair`), on the set-up wizard and the
// settings page: choose an active member, or invite someone new by name and e-mail (they get the
// chair role on the panel). Until the service sends mail, the invitation link is shown to copy.

import { h } from '../dom.js';
import { listAgencies, listMembers, listPanels, setChair } from '../admin-api.js';
import { dateTime, linkBox, showProblems, showStatus, withBusy } from '../ui.js';
import { redraw, selectField, showSaveFailure, startSave, textField } from './common.js';

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** `{load, save}` for the panels' chairs in `container`; `onChange` hears of every change. */
export function chairsEditor(container, { onChange = () => {} } = {}) {
  let panels = [];
  let members = [];
  let agencies = [];
  /** Invitation links shown so far, by panel id (shown only on this page, only now). */
  const invitations = new Map();
  const list = h('ul', { id: 'chair-list', class: 'card-list' });
  const empty = h('p', { id: 'chair-empty', class: 'muted', text: 'Add a panel first: each panel has its chair.', hidden: true });
  container.replaceChildren(empty, list);

  async function change(panel, body, form, focusId, said) {
    try {
      // The panel as this page read it: another officer's change since is a conflict, not overwritten.
      const answer = await setChair(panel.id, { ...body, version: panel.version });
      if (answer && answer.invitation) invitations.set(panel.id, { ...answer.invitation, name: body.fullName, email: body.email });
      await load({ keep: !answer?.invitation });
      showStatus(said(answer));
      const link = document.getElementById(`chair-${panel.id}-link`);
      if (answer && answer.invitation && link) {
        link.focus();
        link.select();
      } else {
        document.getElementById(focusId)?.focus();
      }
      onChange();
    } catch (err) {
      showSaveFailure(err, form);
    }
  }

  function chairCard(p) {
    const id = p.id;
    const active = members.filter((m) => m.active !== false);
    const chosen = selectField({
      id: `chair-${id}-member`, label: 'Choose an existing member', hiddenLabel: `to chair ${p.code}`, field: 'memberId',
      options: [{ value: '', text: 'Choose a member…' }, ...active.map((m) => ({ value: m.id, text: `${m.fullName}${m.agency ? `, ${m.agency}` : ''}` }))],
      value: p.chair?.memberId || '',
    });
    const choose = h('button', { id: `chair-${id}-choose`, type: 'submit' }, 'Make chair', h('span', { class: 'visually-hidden', text: ` of ${p.code}` }));
    const chooseForm = h('form', { id: `chair-${id}-choose-form`, class: 'inline-form', method: 'post', action: '#', novalidate: true },
      chosen.wrap, choose);
    chooseForm.addEventListener('submit', (event) => {
      event.preventDefault();
      withBusy(choose, 'Saving…', async () => {
        startSave(chooseForm);
        if (showProblems(chosen.select.value ? [] : [[chosen.select, 'Choose the member who chairs this panel.']])) return;
        await change(p, { memberId: chosen.select.value }, chooseForm, `chair-${id}-choose`,
          (answer) => `${answer?.chair?.fullName || 'The member'} now chairs ${p.name}.`);
      });
    });

    const remove = p.chair
      ? h('button', { id: `chair-${id}-remove`, type: 'button', class: 'button-secondary' }, 'Remove the chair', h('span', { class: 'visually-hidden', text: ` of ${p.code}` }))
      : null;
    remove?.addEventListener('click', () => withBusy(remove, 'Removing…', async () => {
      startSave(chooseForm);
      await change(p, { memberId: null }, chooseForm, `chair-${id}-member`, () => `${p.name} has no chair now.`);
    }));

    const name = textField({ id: `chair-${id}-invite-name`, label: 'Full name', hiddenLabel: `of the new chair of ${p.code}`, field: 'fullName', maxlength: 200 });
    const email = textField({ id: `chair-${id}-invite-email`, label: 'E-mail address', hiddenLabel: `of the new chair of ${p.code}`, field: 'email', maxlength: 254 });
    email.input.type = 'email';
    email.input.spellcheck = false;
    email.input.setAttribute('autocapitalize', 'none');
    const agency = selectField({
      id: `chair-${id}-invite-agency`, label: 'Agency', hiddenLabel: `of the new chair of ${p.code}`, field: 'agencyId',
      options: [{ value: '', text: 'None or not yet known' }, ...agencies.filter((a) => !a.retired).map((a) => ({ value: a.id, text: a.name }))],
    });
    const invite = h('button', { id: `chair-${id}-invite`, type: 'submit', class: 'button-secondary' }, 'Invite as chair', h('span', { class: 'visually-hidden', text: ` of ${p.code}` }));
    const inviteForm = h('form', { id: `chair-${id}-invite-form`, class: 'stack', method: 'post', action: '#', novalidate: true },
      h('fieldset', {},
        h('legend', { text: 'Or invite someone new to chair it' }),
        h('div', { class: 'form-grid' }, name.wrap, email.wrap, agency.wrap)),
      h('div', { class: 'button-row' }, invite));
    inviteForm.addEventListener('submit', (event) => {
      event.preventDefault();
      withBusy(invite, 'Inviting…', async () => {
        startSave(inviteForm);
        const problems = [];
        const fullName = name.input.value.trim();
        const mail = email.input.value.trim();
        if (!fullName) problems.push([name.input, 'Enter the new chair’s full name.']);
        if (!EMAIL.test(mail)) problems.push([email.input, 'Enter an e-mail address in the right form, like name@example.org.']);
        if (showProblems(problems)) return;
        await change(p, { fullName, email: mail, agencyId: agency.select.value || null }, inviteForm, `chair-${id}-invite`,
          () => `${fullName} is invited to chair ${p.name}. Copy the invitation link below and send it to them.`);
      });
    });

    const sent = invitations.get(id);
    const box = sent ? linkBox({
      id: `chair-${id}-link`,
      label: `Invitation link for ${sent.name}`,
      url: sent.url,
      hint: `Shown only now: copy it and send it to ${sent.email}. It works once${sent.expiresAt ? `, until ${dateTime(sent.expiresAt)}` : ''}.`,
    }).wrap : null;

    return h('li', { id: `chair-${id}`, class: 'item-card' },
      h('h4', { text: `${p.name} (${p.code})` }),
      h('p', { id: `chair-${id}-current`, class: 'item-meta', text: p.chair ? `Chair: ${p.chair.fullName}` : 'No chair yet.' }),
      h('div', { class: 'stack' }, chooseForm, remove ? h('div', { class: 'button-row' }, remove) : null, inviteForm, box));
  }

  async function load({ keep = true } = {}) {
    const [p, m, a] = await Promise.all([listPanels(), listMembers(), listAgencies()]);
    panels = p || [];
    members = (m || []).sort((x, y) => x.fullName.localeCompare(y.fullName));
    agencies = (a || []).sort((x, y) => x.name.localeCompare(y.name));
    empty.hidden = panels.length > 0;
    redraw(list, panels.map(chairCard), { keep });
    return panels;
  }

  return { load, save: async () => true };
}
