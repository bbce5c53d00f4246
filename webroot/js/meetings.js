// A&I Live – meetings.html: every meeting (officer: all; chair: their panels) with links to prepare
// them, and for the officer the form to create one, showing which district goes first by rotation (R2),
// and asking to confirm a date in the past or on a bank holiday; and a series of them (meeting-series.js).
// A cancelled meeting is listed as "Cancelled".

import { apiFetch } from './api.js';
import { setUpSeries } from './meeting-series.js';
import { h, setText } from './dom.js';
import { hoursMinutes, longDate, shortDate } from './format.js';
import { hasRole } from './roles.js';
import {
  clearError, clearFieldErrors, showError, showFieldError, showFormError, showProblems, startPage,
  statusBadge, table,
} from './ui.js';

const el = (id) => document.getElementById(id);
const member = startPage({ key: 'meetings', roles: ['officer', 'chair'] });

let panels = [];
let meetings = [];

const form = el('create-meeting-form');
const panelSelect = el('meeting-panel');
const dateInput = el('meeting-date');
const choices = el('first-district-choices');
const rotationHint = el('rotation-hint');
const createButton = el('meeting-create');
const created = el('meeting-created');
const dateWarning = el('meeting-date-warning');

function panelById(id) {
  return panels.find((p) => p.id === id) || null;
}

/** The panel's districts in the server's stable order (by name). */
function districtsOf(panel) {
  return [...(panel?.districts || [])].sort((a, b) => a.name.localeCompare(b.name));
}

/** R2 as the server applies it: the other district from the panel's previous meeting before the date. */
function rotationFor(panel, date) {
  const districts = districtsOf(panel);
  if (!districts.length) return { district: null, previous: null };
  // A cancelled meeting had no turn.
  const earlier = meetings
    .filter((m) => m.panelId === panel.id && !m.cancelled && (!date || m.meetingDate < date))
    .sort((a, b) => b.meetingDate.localeCompare(a.meetingDate));
  const previous = earlier[0] || null;
  if (!previous) return { district: districts[0], previous: null };
  const index = districts.findIndex((d) => d.id === previous.firstDistrictId);
  return { district: districts[(index + 1) % districts.length] || districts[0], previous };
}

function renderDistrictChoices() {
  const panel = panelById(panelSelect.value);
  const chosen = choices.querySelector('input:checked')?.value ?? '';
  if (!panel) {
    choices.replaceChildren();
    setText(rotationHint, '');
    return;
  }
  const { district, previous } = rotationFor(panel, dateInput.value);
  setText(rotationHint, previous
    ? `By rotation ${district.name} goes first: ${previous.firstDistrict} went first on ${shortDate(previous.meetingDate)}.`
    : `By rotation ${district ? district.name : 'the first district'} goes first: this is the panel's first meeting.`);
  const radio = (id, value, label) => h('div', { class: 'field-check' },
    h('input', { id, type: 'radio', name: 'firstDistrictId', value, checked: value === chosen ? true : null }),
    h('label', { for: id, text: label }));
  choices.replaceChildren(
    radio('first-district-rotation', '', `By rotation (${district ? district.name : 'automatic'})`),
    ...districtsOf(panel).map((d) => radio(`first-district-${d.id}`, d.id, `${d.name} first`)),
  );
  if (!choices.querySelector('input:checked')) choices.querySelector('input').checked = true;
}

function meetingRow(m) {
  const id = encodeURIComponent(m.id);
  const context = `, ${shortDate(m.meetingDate)}`;
  const links = h('ul', { class: 'link-row-list' },
    h('li', {}, h('a', { id: `prep-link-${m.id}`, href: `meeting-prep.html?meeting=${id}` }, 'Prepare',
      h('span', { class: 'visually-hidden', text: context }))),
    m.status !== 'closed' && !m.cancelled ? h('li', {}, h('a', { id: `room-link-${m.id}`, href: `room.html?meeting=${id}` }, 'Room',
      h('span', { class: 'visually-hidden', text: context }))) : null,
    m.status === 'live' || m.status === 'closed'
      ? h('li', {}, h('a', { id: `minutes-link-${m.id}`, href: `minutes.html?meeting=${id}` }, 'Minutes',
        h('span', { class: 'visually-hidden', text: context }))) : null);
  const times = [hoursMinutes(m.startsAt), hoursMinutes(m.endsAt)].filter(Boolean).join('–');
  const status = m.cancelled ? h('span', { id: `cancelled-${m.id}`, class: ['status', 'status-cancelled'] },
    h('span', { class: 'visually-hidden', text: 'Status: ' }), 'Cancelled') : statusBadge(m.status);
  return [longDate(m.meetingDate), m.panelName, times, m.location || '', m.firstDistrict || '', status, links];
}

function renderList() {
  el('meetings-table').replaceChildren(table({
    id: 'meetings-list',
    caption: 'Meetings, newest first',
    captionHidden: true,
    head: ['Date', 'Panel', 'Times', 'Place', 'First district', 'Status', 'Pages'],
    rows: meetings.map(meetingRow),
  }));
  setText(el('list-status'), meetings.length ? `${meetings.length} meeting${meetings.length === 1 ? '' : 's'}.` : 'No meetings yet.');
}

async function load() {
  try {
    const [panelList, meetingList] = await Promise.all([apiFetch('/api/panels'), apiFetch('/api/meetings')]);
    panels = Array.isArray(panelList) ? panelList : [];
    meetings = Array.isArray(meetingList) ? meetingList : [];
    renderList();
    if (hasRole(member, 'officer')) {
      const keep = panelSelect.value;
      panelSelect.replaceChildren(...panels.map((p) => h('option', { value: p.id, text: `${p.name} (${p.code})` })));
      if (keep) panelSelect.value = keep;
      el('create-section').hidden = false;
      renderDistrictChoices();
      setUpSeries(panels, load);
    }
  } catch (err) {
    setText(el('list-status'), '');
    showError(err, undefined, 'The meetings could not be loaded.');
  }
}

if (member) {
  panelSelect.addEventListener('change', renderDistrictChoices);
  dateInput.addEventListener('change', renderDistrictChoices);

  /** A past date or a bank holiday: the server asks to confirm (409 confirm_date); say why and offer to. */
  function warnAboutDate(err) {
    setText(el('meeting-date-warning-text'), err.message);
    dateWarning.hidden = false;
    el('meeting-confirm-date').focus();
  }

  function clearDateWarning() {
    dateWarning.hidden = true;
    setText(el('meeting-date-warning-text'), '');
  }

  async function create(confirmed) {
    if (createButton.getAttribute('aria-disabled') === 'true') return;
    clearFieldErrors(form);
    clearError();
    setText(created, '');
    const problems = [];
    if (!panelSelect.value) problems.push([panelSelect, 'Choose the panel.']);
    if (!dateInput.value) problems.push([dateInput, 'Enter the date of the meeting.']);
    if (showProblems(problems)) return;

    const first = choices.querySelector('input:checked')?.value || null;
    const body = {
      panelId: panelSelect.value,
      meetingDate: dateInput.value,
      startsAt: el('meeting-starts').value || undefined,
      endsAt: el('meeting-ends').value || undefined,
      location: el('meeting-location').value.trim() || undefined,
      callUrl: el('meeting-call-url').value.trim() || undefined,
      firstDistrictId: first,
      confirmed: confirmed || undefined,
    };
    createButton.setAttribute('aria-disabled', 'true');
    createButton.textContent = 'Creating…';
    try {
      const meeting = await apiFetch('/api/meetings', { method: 'POST', body });
      clearDateWarning();
      created.replaceChildren(
        `Created: ${meeting.panelName}, ${longDate(meeting.meetingDate)}. ${meeting.firstDistrict} goes first. `,
        h('a', { id: 'meeting-created-prep', href: `meeting-prep.html?meeting=${encodeURIComponent(meeting.id)}`, text: 'Prepare this meeting' }),
      );
      dateInput.value = '';
      el('meeting-call-url').value = '';
      await load();
    } catch (err) {
      if (err && err.code === 'confirm_date') {
        warnAboutDate(err);
      } else if (err && err.code === 'meeting_exists') {
        // The date is what clashes: say so next to it.
        clearDateWarning();
        showError(err);
        showFieldError(dateInput, err.message);
        dateInput.focus();
      } else {
        showFormError(err, { form });
      }
    } finally {
      createButton.removeAttribute('aria-disabled');
      createButton.textContent = 'Create meeting';
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    create(false);
  });
  el('meeting-confirm-date').addEventListener('click', () => create(true));
  el('meeting-change-date').addEventListener('click', () => {
    clearDateWarning();
    dateInput.focus();
  });
  dateInput.addEventListener('input', clearDateWarning);

  load();
}
