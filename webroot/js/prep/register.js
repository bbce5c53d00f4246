// A&I Live – meeting preparation: the attendance register before (and after) the meeting, as ONE
// table (register-table.js): apologies with the written update (R10), substitutes, any status for
// anyone (attendance.mark, officer and chair), bulk marks, and after the meeting the officer's
// confirmation (attendance.confirm); admitting guests and substitutes from outside the panel.

import { h, setText } from '../dom.js';
import {
  ATTENDANCE_LABELS, clearError, clearFieldErrors, dateTime, fillSelect, showError, showFieldError, showFormError,
  showProblems, withBusy,
} from '../ui.js';
import { createRegisterTable, halvesOf } from '../register-table.js';

const el = (id) => document.getElementById(id);

export function createRegisterView(ctx) {
  const subForm = el('substitute-form');
  const table = createRegisterTable({
    container: el('register-list'),
    idPrefix: 'mark',
    send: (type, fields, success) => ctx.command(type, fields, { success }).catch(() => null),
    fail: (message) => showError(message),
  });

  const state = () => ctx.room?.state || {};
  const canMark = () => ctx.meeting && (ctx.meeting.status !== 'closed' || ctx.isOfficer);

  function nameOf(memberId) {
    const m = (state().members || []).find((x) => x.memberId === memberId)
      || (ctx.members || []).find((x) => x.id === memberId);
    return m ? m.fullName : 'Unknown member';
  }

  function renderRoom() {
    const s = state();
    const onlyObserver = (m) => (m.roles || []).length > 0 && m.roles.every((r) => r === 'observer');
    const members = [...(s.members || [])].sort((a, b) => a.fullName.localeCompare(b.fullName));
    const marks = new Map((s.attendance || []).map((a) => [a.memberId, a]));
    const known = new Set(members.map((m) => m.memberId));
    const panel = members.filter((m) => m.onPanel !== false && !onlyObserver(m));
    const extra = (s.attendance || []).filter((a) => !known.has(a.memberId))
      .map((a) => ({ memberId: a.memberId, fullName: nameOf(a.memberId), agency: (ctx.members.find((m) => m.id === a.memberId) || {}).agency }));
    const people = [...members.filter((m) => !onlyObserver(m)), ...extra];

    const counts = {};
    people.forEach((p) => {
      const status = marks.get(p.memberId)?.status || 'none';
      counts[status] = (counts[status] || 0) + 1;
    });
    const parts = Object.entries(ATTENDANCE_LABELS).filter(([k]) => counts[k]).map(([k, label]) => `${label}: ${counts[k]}`);
    if (counts.none) parts.push(`Not yet marked: ${counts.none}`);
    setText(el('register-summary'), `${people.length} people. ${parts.join('; ')}.`);

    table.render({
      people,
      panel,
      marks,
      manage: Boolean(canMark()),
      officer: ctx.isOfficer,
      status: ctx.meeting?.status,
      confirmed: s.meeting?.registerConfirmed ?? null,
      halves: halvesOf(s.agenda),
    });

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
