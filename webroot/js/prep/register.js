// A&I Live – meeting preparation: the attendance register before (and after) the meeting: apologies
// with the written update (R10), substitutes, any status for anyone (attendance.mark, officer and chair).

import { h, setText } from '../dom.js';
import {
  ATTENDANCE_LABELS, clearError, clearFieldErrors, dateTime, fillSelect, showFieldError, showFormError,
  showProblems, withBusy,
} from '../ui.js';

const el = (id) => document.getElementById(id);

// A substitute is recorded with the form below (it needs whom they stand in for).
const ROW_STATUSES = ['in_room', 'remote', 'apologies_with_update', 'apologies', 'absent'];

export function createRegisterView(ctx) {
  const list = el('register-list');
  const subForm = el('substitute-form');

  const state = () => ctx.room?.state || {};
  const canMark = () => ctx.meeting && (ctx.meeting.status !== 'closed' || ctx.isOfficer);

  function nameOf(memberId) {
    const m = (state().members || []).find((x) => x.memberId === memberId)
      || (ctx.members || []).find((x) => x.id === memberId);
    return m ? m.fullName : 'Unknown member';
  }

  function markText(mark) {
    if (!mark) return 'Not marked';
    let text = ATTENDANCE_LABELS[mark.status] || mark.status;
    if (mark.status === 'substitute' && mark.substituteForMemberId) text += ` for ${nameOf(mark.substituteForMemberId)}`;
    return text;
  }

  function row(person, mark) {
    const id = person.memberId;
    const select = h('select', { id: `mark-status-${id}`, 'data-field': 'status' },
      h('option', { value: '', text: 'Choose…' }),
      ROW_STATUSES.map((s) => h('option', { value: s, text: ATTENDANCE_LABELS[s] })));
    if (mark && ROW_STATUSES.includes(mark.status)) select.value = mark.status;
    const update = h('textarea', { id: `mark-update-${id}`, 'data-field': 'writtenUpdate', maxlength: '10000', rows: '3' });
    if (mark?.writtenUpdate) update.value = mark.writtenUpdate;
    const updateField = h('div', { class: 'field field-wide' },
      h('label', { for: update.id }, 'Written update', h('span', { class: 'visually-hidden', text: ` from ${person.fullName}` })),
      update);
    const showUpdate = () => { updateField.hidden = select.value !== 'apologies_with_update'; };
    select.addEventListener('change', showUpdate);
    showUpdate();
    const save = h('button', { id: `mark-save-${id}`, type: 'submit', class: 'button-small' }, 'Save',
      h('span', { class: 'visually-hidden', text: ` attendance for ${person.fullName}` }));
    const form = h('form', { class: 'inline-form', method: 'post', action: '#', novalidate: true },
      h('div', { class: 'field' },
        h('label', { for: select.id }, 'Attendance', h('span', { class: 'visually-hidden', text: ` for ${person.fullName}` })),
        select),
      h('div', { class: 'field' }, save),
      updateField);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      clearError();
      const problems = [];
      if (!select.value) problems.push([select, `Choose how ${person.fullName} attends.`]);
      if (select.value === 'apologies_with_update' && !update.value.trim()) {
        problems.push([update, 'Enter the written update that comes with the apologies.']); // R10
      }
      if (showProblems(problems)) return;
      const fields = { memberId: id, status: select.value };
      if (select.value === 'apologies_with_update') fields.writtenUpdate = update.value.trim();
      await withBusy(save, 'Saving…', async () => {
        try {
          await ctx.command('attendance.mark', fields, { region: null, success: `${person.fullName}: ${ATTENDANCE_LABELS[select.value]}.` });
          el(`mark-save-${id}`)?.focus();
        } catch (err) {
          showFormError(err, { form });
        }
      });
    });
    const when = mark?.markedAt ? ` (recorded ${dateTime(mark.markedAt)})` : '';
    return h('li', { id: `register-${id}`, class: 'item-card register-row' },
      h('div', {},
        h('h3', { text: person.fullName }),
        h('p', { class: 'item-meta' }, `${person.agency || ''} · `,
          h('span', { id: `mark-current-${id}`, text: markText(mark) }), when),
        mark?.status === 'apologies_with_update' && mark.writtenUpdate
          ? h('p', { class: 'prose', text: `Update: ${mark.writtenUpdate}` }) : null),
      canMark() ? form : null);
  }

  function renderRoom() {
    const s = state();
    const members = [...(s.members || [])].sort((a, b) => a.fullName.localeCompare(b.fullName));
    const marks = new Map((s.attendance || []).map((a) => [a.memberId, a]));
    const onPanel = new Set(members.map((m) => m.memberId));
    const panel = members.filter((m) => m.onPanel !== false);
    const extra = (s.attendance || []).filter((a) => !onPanel.has(a.memberId))
      .map((a) => ({ memberId: a.memberId, fullName: nameOf(a.memberId), agency: (ctx.members.find((m) => m.id === a.memberId) || {}).agency }));
    const people = [...members, ...extra];
    list.replaceChildren(...people.map((p) => row(p, marks.get(p.memberId))));

    const counts = {};
    people.forEach((p) => {
      const status = marks.get(p.memberId)?.status || 'none';
      counts[status] = (counts[status] || 0) + 1;
    });
    const parts = Object.entries(ATTENDANCE_LABELS).filter(([k]) => counts[k]).map(([k, label]) => `${label}: ${counts[k]}`);
    if (counts.none) parts.push(`Not marked: ${counts.none}`);
    setText(el('register-summary'), `${people.length} people. ${parts.join('; ')}.`);

    subForm.hidden = !canMark();
    const active = (ctx.members || []).filter((m) => m.active !== false);
    fillSelect(el('sub-member'), active.map((m) => ({ value: m.id, text: `${m.fullName}, ${m.agency}` })), { placeholder: 'Choose the substitute…' });
    fillSelect(el('sub-for'), panel.map((m) => ({ value: m.memberId, text: `${m.fullName}, ${m.agency}` })), { placeholder: 'Choose the member…' });
    renderGuests(s, active);
  }

  /** Who is admitted besides the panel (issue 15: the register is a record, never a key). */
  function renderGuests(s, active) {
    const guestForm = el('guest-form');
    guestForm.hidden = !canMark() || ctx.meeting.status === 'closed';
    const panelIds = new Set((s.members || []).filter((m) => m.onPanel !== false).map((m) => m.memberId));
    const guests = s.guests || [];
    const admitted = new Set(guests.map((g) => g.memberId));
    fillSelect(el('guest-member'), active.filter((m) => !panelIds.has(m.id) && !admitted.has(m.id))
      .map((m) => ({ value: m.id, text: `${m.fullName}, ${m.agency}` })), { placeholder: 'Choose the guest…' });
    el('guest-list').replaceChildren(...guests.map((g) => {
      const withdraw = h('button', { type: 'button', class: 'button-small button-secondary', id: `guest-withdraw-${g.memberId}` },
        'Withdraw', h('span', { class: 'visually-hidden', text: ` ${nameOf(g.memberId)}'s admission` }));
      withdraw.addEventListener('click', () => withBusy(withdraw, 'Withdrawing…', async () => {
        try {
          await ctx.command('guest.withdraw', { memberId: g.memberId }, { region: null, success: `${nameOf(g.memberId)} can no longer open this meeting.` });
        } catch (err) {
          showFormError(err, { form: guestForm });
        }
      }));
      const kind = g.kind === 'substitute' ? `Substitute for ${nameOf(g.forMemberId)}` : 'Guest';
      return h('li', { class: 'item-card', id: `guest-${g.memberId}` },
        h('p', {}, h('strong', { text: nameOf(g.memberId) }), ` · ${kind} · admitted ${dateTime(g.admittedAt)} `), withdraw);
    }));
  }

  el('guest-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(el('guest-form'));
    clearError();
    const who = el('guest-member');
    if (showProblems(who.value ? [] : [[who, 'Choose who to admit.']])) return;
    await withBusy(el('guest-save'), 'Admitting…', async () => {
      try {
        await ctx.command('guest.admit', { memberId: who.value, kind: 'guest' },
          { region: null, success: `${nameOf(who.value)} can open this meeting's live room.` });
      } catch (err) {
        if (!showFormError(err, { form: el('guest-form') }) && err?.status === 400) showFieldError(who, err.message);
      }
    });
  });

  subForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(subForm);
    clearError();
    const who = el('sub-member');
    const forWhom = el('sub-for');
    const problems = [];
    if (!who.value) problems.push([who, 'Choose who is substituting.']);
    if (!forWhom.value) problems.push([forWhom, 'Choose the member they stand in for.']);
    if (who.value && who.value === forWhom.value) problems.push([forWhom, 'A member cannot substitute for themselves.']);
    if (showProblems(problems)) return;
    await withBusy(el('sub-save'), 'Saving…', async () => {
      try {
        await ctx.command('attendance.mark', { memberId: who.value, status: 'substitute', substituteForMemberId: forWhom.value },
          { region: null, success: `${nameOf(who.value)} recorded as substitute for ${nameOf(forWhom.value)}.` });
        const panelIds = new Set((state().members || []).filter((m) => m.onPanel !== false).map((m) => m.memberId));
        if (el('sub-admit').checked && !panelIds.has(who.value) && !(state().guests || []).some((g) => g.memberId === who.value)) {
          await ctx.command('guest.admit', { memberId: who.value, kind: 'substitute', forMemberId: forWhom.value },
            { region: null, success: `${nameOf(who.value)} can open this meeting's live room as substitute for ${nameOf(forWhom.value)}.` });
        }
      } catch (err) {
        if (!showFormError(err, { form: subForm }) && err?.status === 400) showFieldError(who, err.message);
      }
    });
  });

  return { renderRoom };
}
