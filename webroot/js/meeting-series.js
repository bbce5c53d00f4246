// A&I Live – meetings.html, "Create a series" (issue 20): the officer describes the series (the nth
// weekday of each month, from a date, for a number of meetings or until a date), previews it (a dry
// run: the dates, any moved off a bank holiday, and the district going first at each, R2), then
// creates exactly what was previewed. Changing the form after a preview asks for a new preview.

import { apiFetch } from './api.js';
import { h, setText } from './dom.js';
import { longDate, plural } from './format.js';
import { clearError, clearFieldErrors, showError, showFormError, showProblems, table } from './ui.js';

const el = (id) => document.getElementById(id);

/** Sets up the form; `onCreated` reloads the page's list after a series is made. */
export function setUpSeries(panels, onCreated) {
  const form = el('series-form');
  const panelSelect = el('series-panel');
  const plan = el('series-plan');
  const createButton = el('series-create');
  const created = el('series-created');
  let previewed = null;

  const keep = panelSelect.value;
  panelSelect.replaceChildren(...panels.map((p) => h('option', { value: p.id, text: `${p.name} (${p.code})` })));
  if (keep) panelSelect.value = keep;
  el('series-section').hidden = false;
  if (form.dataset.ready) return;
  form.dataset.ready = 'true';

  function request() {
    const until = el('series-until').value;
    const count = el('series-count').value;
    return {
      panelId: panelSelect.value,
      body: {
        week: el('series-week').value,
        weekday: el('series-weekday').value,
        fromDate: el('series-from').value,
        count: until ? undefined : (count === '' ? undefined : Number(count)),
        untilDate: until || undefined,
        startsAt: el('series-starts').value || undefined,
        endsAt: el('series-ends').value || undefined,
        location: el('series-location').value.trim() || undefined,
      },
    };
  }

  function forget() {
    previewed = null;
    plan.hidden = true;
  }

  function note(d) {
    return d.shifted ? `Moved from ${longDate(d.plannedDate)}${d.holiday ? ` (${d.holiday})` : ''} to the next working day` : '';
  }

  function showPlan(out) {
    setText(el('series-plan-summary'), `${plural(out.dates.length, 'meeting')} on ${out.rule}, ${out.startsAt}–${out.endsAt}`
      + `${out.location ? `, ${out.location}` : ''}. Nothing is created until you choose "Create these meetings".`);
    el('series-plan-table').replaceChildren(table({
      id: 'series-plan-list',
      caption: 'Dates of the series and the district going first',
      head: ['Date', 'District going first', 'Note'],
      rows: out.dates.map((d) => [longDate(d.meetingDate), d.firstDistrict, note(d)]),
    }));
    createButton.textContent = `Create these ${plural(out.dates.length, 'meeting')}`;
    plan.hidden = false;
    el('series-plan-heading').focus();
  }

  function failed(err) {
    if (err && err.code === 'series_dates_taken') {
      showError(err);
    } else {
      showFormError(err, { form });
    }
  }

  async function preview() {
    clearFieldErrors(form);
    clearError();
    setText(created, '');
    forget();
    if (showProblems([
      !panelSelect.value && [panelSelect, 'Choose the panel.'],
      !el('series-from').value && [el('series-from'), 'Enter the date the series starts from.'],
    ].filter(Boolean))) return;
    const asked = request();
    try {
      const out = await apiFetch(`/api/panels/${encodeURIComponent(asked.panelId)}/meeting-series?dryRun=true`,
        { method: 'POST', body: asked.body });
      previewed = asked;
      showPlan(out);
    } catch (err) {
      failed(err);
    }
  }

  async function create() {
    if (!previewed || createButton.getAttribute('aria-disabled') === 'true') return;
    clearError();
    createButton.setAttribute('aria-disabled', 'true');
    try {
      const out = await apiFetch(`/api/panels/${encodeURIComponent(previewed.panelId)}/meeting-series`,
        { method: 'POST', body: previewed.body });
      forget();
      created.replaceChildren(`Created ${plural(out.meetings.length, 'meeting')} on ${out.rule}, from `
        + `${longDate(out.meetings[0].meetingDate)}. ${plural(out.notified, 'member')} told by one email each.`);
      await onCreated();
    } catch (err) {
      failed(err);
    } finally {
      createButton.removeAttribute('aria-disabled');
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    preview();
  });
  form.addEventListener('input', forget);
  form.addEventListener('change', forget);
  createButton.addEventListener('click', create);
}
