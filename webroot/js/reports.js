// A&I Live – reports.html: the R11 reports for the Local Implementation Groups (attendance per agency
// as a bar chart with its data table, presenting needs, outcomes) and R3 timing; each also as CSV/XLSX.

import { apiFetch } from './api.js';
import { h } from './dom.js';
import { longDate, shortDate } from './format.js';
import {
  clearError, clearFieldErrors, downloadButton, fillSelect, hoursAndMinutes, showFormError, showProblems, startPage, table, tag,
} from './ui.js';
import { attendanceMonthsChart, chartWidth, monthName, plannedUsedChart } from './report-charts.js';
import { loadImpactAudit } from './impact-audit.js';

const el = (id) => document.getElementById(id);
const member = startPage({ key: 'reports', roles: ['officer', 'chair'] });
const form = el('report-form');
const KEYS = ['from', 'to', 'panelId'];

function query() {
  const q = new URLSearchParams(window.location.search);
  const out = new URLSearchParams();
  KEYS.forEach((k) => { if (q.get(k)) out.set(k, q.get(k)); });
  return out;
}

const pct = (n) => (n === null || n === undefined ? '–' : `${n}%`);

/**
 * A horizontal bar chart for sighted readers; the same figures are in the table that follows it, so
 * the chart itself is hidden from screen readers. Widths are set through the CSSOM (no inline styles).
 */
function barChart({ id, caption, rows }) {
  const list = h('ul', { class: 'bar-chart', 'aria-hidden': 'true' }, rows.map((r) => {
    const fill = h('span', { class: ['bar-fill', r.low ? 'is-low' : null] });
    fill.style.width = `${Math.max(0, Math.min(100, r.value || 0))}%`;
    return h('li', { class: 'bar-row' },
      h('span', { class: 'bar-label', text: r.label }),
      h('span', { class: 'bar-track' }, fill, h('span', { class: 'bar-value', text: r.text })));
  }));
  return h('figure', { id, class: 'chart' },
    h('figcaption', { class: 'hint', text: `${caption} The figures are in the table below.` }),
    list);
}

function attendance(data) {
  const part = data.county || {};
  const agencies = [...(part.agencies || [])].sort((a, b) => (b.percent ?? -1) - (a.percent ?? -1) || a.agency.localeCompare(b.agency));
  if (!part.meetings) return [h('p', { id: 'attendance-empty', text: 'No meeting went ahead in this period.' })];
  return [
    h('p', { text: `${part.meetings} meeting${part.meetings === 1 ? '' : 's'} went ahead between ${shortDate(data.from)} and ${shortDate(data.to)}. An agency attended when one of its people was in the room, remote or a substitute.` }),
    barChart({
      id: 'attendance-chart',
      caption: 'Percentage of meetings each agency attended.',
      rows: agencies.map((a) => ({ label: a.agency, value: a.percent ?? 0, text: pct(a.percent), low: (a.percent ?? 0) < 50 })),
    }),
    table({
      id: 'attendance-table',
      caption: 'Attendance figures per agency',
      head: ['Agency', 'Expected', 'Meetings', 'Attended', '%', 'In the room', 'Remote', 'Substitute', 'Apologies with update', 'Apologies', 'Absent'],
      rows: agencies.map((a) => [a.agency, a.expected === 'every_meeting' ? 'Every meeting' : 'When relevant', a.meetings, a.attended,
        pct(a.percent), a.inRoom, a.remote, a.substitute, a.apologiesWithUpdate, a.apologies, a.absent].map((v) => (typeof v === 'number' ? String(v) : v))),
    }),
    ...attendanceByMonth(part, agencies),
  ];
}

/** Attendance per agency over the months of the period: the picture, then its table. */
function attendanceByMonth(part, agencies) {
  const months = part.months || [];
  if (!months.length || !agencies.length) return [];
  const cell = (m, a) => {
    if (!m.meetings) return 'No meeting';
    const e = (m.agencies || []).find((x) => x.agencyId === a.agencyId);
    return `${e?.attended ?? 0} of ${m.meetings} (${pct(e?.percent ?? 0)})`;
  };
  return [
    h('h3', { id: 'attendance-months-heading', text: 'Month by month' }),
    attendanceMonthsChart({ id: 'attendance-months-chart', agencies, months, tableId: 'attendance-months-table', width: chartWidth(el('attendance-body')) }),
    table({
      id: 'attendance-months-table',
      caption: 'Meetings each agency attended, month by month',
      head: ['Agency', ...months.map((m) => monthName(m.month))],
      rows: agencies.map((a) => [a.agency, ...months.map((m) => cell(m, a))]),
    }),
  ];
}

function needs(data) {
  const part = data.county || {};
  if (!part.cases) return [h('p', { id: 'needs-empty', text: 'No cases were brought in this period.' })];
  return [
    h('p', { text: `${part.cases} case${part.cases === 1 ? '' : 's'} brought in the period; a case may have several needs.` }),
    barChart({
      id: 'needs-chart',
      caption: 'Percentage of cases with each presenting need.',
      rows: (part.needs || []).map((n) => ({ label: n.label, value: n.percent, text: `${n.cases} (${pct(n.percent)})` })),
    }),
    table({
      id: 'needs-table',
      caption: 'Presenting needs figures',
      head: ['Need', 'Cases', '% of cases'],
      rows: (part.needs || []).map((n) => [n.label, String(n.cases), pct(n.percent)]),
    }),
  ];
}

const OUTCOME_LABELS = {
  assessment: 'Step-up to Assessment', ifst: 'IFST', tys: 'TYS', other: 'Other', none: 'None', not_recorded: 'Not recorded',
};

function outcomes(data) {
  const quarters = data.county?.quarters || [];
  if (!quarters.length) return [h('p', { id: 'outcomes-empty', text: 'No cases with outcomes in this period.' })];
  const keys = data.outcomes || Object.keys(OUTCOME_LABELS);
  return [table({
    id: 'outcomes-table',
    caption: 'Outcome figures per quarter',
    head: ['Quarter', 'Cases', ...keys.map((k) => OUTCOME_LABELS[k] || k)],
    rows: quarters.map((q) => [q.label || q.quarter, String(q.cases), ...keys.map((k) => String(q.outcomes?.[k] ?? 0))]),
  })];
}

function timing(data) {
  const meetings = data.meetings || [];
  if (!meetings.length) return [h('p', { id: 'timing-empty', text: 'No meetings with recorded times in this period.' })];
  const width = chartWidth(el('timing-body'));
  const name = (m, i) => `${m.panelCode || m.code || ''} ${m.meetingDate ? longDate(m.meetingDate) : `Meeting ${i + 1}`}`.trim();
  const signed = (n) => `${n < 0 ? '−' : '+'}${hoursAndMinutes(Math.abs(n))}`;
  const overall = [
    plannedUsedChart({
      id: 'timing-meetings-chart', title: 'Time planned and used per meeting', tableId: 'timing-meetings-table', width,
      noun: ['meeting', 'meetings'],
      rows: meetings.map((m, i) => ({ label: name(m, i), planned: m.plannedSeconds || 0, used: m.usedSeconds || 0 })),
    }),
    table({
      id: 'timing-meetings-table',
      caption: 'Time planned and used per meeting',
      head: ['Meeting', 'Planned', 'Used', 'Difference', 'Cases discussed'],
      rows: meetings.map((m, i) => [name(m, i), hoursAndMinutes(m.plannedSeconds || 0), hoursAndMinutes(m.usedSeconds || 0),
        signed((m.usedSeconds || 0) - (m.plannedSeconds || 0)), String(m.casesDiscussed ?? 0)]),
    }),
  ];
  return [...overall, ...meetings.map((m, i) => {
    const title = `${m.panelCode || m.code || ''} ${m.meetingDate ? longDate(m.meetingDate) : `Meeting ${i + 1}`}`.trim();
    const ratio = (r) => (r === null || r === undefined ? '–' : `${Math.round(r * 100)}%`);
    return h('section', { class: 'stack', 'aria-label': title },
      h('h3', {}, title, ' ', m.rushed === true ? tag('Last cases rushed', 'bad') : m.rushed === false ? tag('Time evenly used', 'ok') : null),
      h('p', { text: `${hoursAndMinutes(m.plannedSeconds || 0)} planned, ${hoursAndMinutes(m.usedSeconds || 0)} used; ${m.casesDiscussed ?? 0} cases discussed. `
        + `First two thirds: ${ratio(m.firstTwoThirds?.ratio)} of plan used; last third: ${ratio(m.lastThird?.ratio)}.` }),
      plannedUsedChart({
        id: `timing-chart-${i + 1}`, title: `Time planned and used per item, ${title}`, tableId: `timing-table-${i + 1}`, width,
        rows: (m.items || []).map((it) => ({ label: `${it.position}. ${it.title}`, planned: it.plannedSeconds || 0, used: it.usedSeconds || 0 })),
      }),
      table({
        id: `timing-table-${i + 1}`,
        caption: `Items of ${title}`,
        head: ['Item', 'District', 'Planned', 'Used', 'Difference', 'Used of plan'],
        rows: (m.items || []).map((it) => [`${it.position}. ${it.title}`, it.district || '', hoursAndMinutes(it.plannedSeconds || 0),
          hoursAndMinutes(it.usedSeconds || 0), `${(it.differenceSeconds || 0) < 0 ? '−' : '+'}${hoursAndMinutes(Math.abs(it.differenceSeconds || 0))}`,
          ratio(it.ratio)]),
      }));
  })];
}

const REPORTS = [
  { key: 'attendance', render: attendance },
  { key: 'needs', render: needs },
  { key: 'outcomes', render: outcomes },
  { key: 'timing', render: timing },
];

async function load() {
  const q = query();
  KEYS.forEach((k) => { if (q.get(k) && k !== 'panelId') el(`report-${k}`).value = q.get(k); });
  try {
    const panels = await apiFetch('/api/panels') || [];
    fillSelect(el('report-panel'), panels.map((p) => ({ value: p.id, text: `${p.name} (${p.code})` })), { placeholder: 'Every panel (county)' });
    el('report-panel').value = q.get('panelId') || '';
  } catch (err) {
    showFormError(err, { form });
  }
  const meetingId = new URLSearchParams(window.location.search).get('meetingId');
  const impactAudit = loadImpactAudit(q);
  await Promise.all(REPORTS.map(async ({ key, render }) => {
    // `?meetingId=` (from the minutes page) narrows the timing report to that one meeting.
    const kq = new URLSearchParams(q);
    if (key === 'timing' && meetingId) kq.set('meetingId', meetingId);
    const suffix = kq.toString() ? `?${kq}` : '';
    el(`${key}-downloads`).replaceChildren(
      downloadButton({ id: `report-${key}-csv`, text: 'CSV', hiddenText: ` of the ${key} report`, path: `/api/reports/${key}.csv${suffix}`, fallbackName: `${key}.csv` }),
      downloadButton({ id: `report-${key}-xlsx`, text: 'XLSX', hiddenText: ` of the ${key} report`, path: `/api/reports/${key}.xlsx${suffix}`, fallbackName: `${key}.xlsx` }),
    );
    try {
      const data = await apiFetch(`/api/reports/${key}${suffix}`);
      el(`${key}-body`).replaceChildren(...render(data));
    } catch (err) {
      el(`${key}-body`).replaceChildren(h('p', { class: 'error', text: err.message }));
      if (err.status === 400) showFormError(err, { form });
    }
  }));
  await impactAudit;
}

if (member) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    clearError();
    const from = el('report-from');
    const to = el('report-to');
    const problems = [];
    if (from.validity.badInput) problems.push([from, 'Enter the From date as a real date, or leave it empty.']);
    if (to.validity.badInput) problems.push([to, 'Enter the To date as a real date, or leave it empty.']);
    if (!problems.length && from.value && to.value && from.value > to.value) problems.push([from, 'The From date must not be after the To date.']);
    if (showProblems(problems)) return;
    const q = new URLSearchParams();
    new FormData(form).forEach((v, k) => { if (v) q.set(k, v); });
    window.location.assign(`reports.html${q.toString() ? `?${q}` : ''}`);
  });
  load();
}
