// A&I Live – the reports page's impact audit section (R12): for the period and panel chosen, each case
// discussed (by its family reference only), its agreed actions against their due dates, whether its
// need was met at review, its outcome and the time it got against the plan; also as PDF and XLSX.

import { apiFetch } from './api.js';
import { h } from './dom.js';
import { shortDate } from './format.js';
import { downloadButton, hoursAndMinutes, table } from './ui.js';

const el = (id) => document.getElementById(id);

const NEED = { met: 'Met', not_met: 'Not met', not_reviewed: 'Not yet reviewed' };
const OUTCOME = {
  assessment: 'To Assessment', ifst: 'To IFST', tys: 'To TYS', other: 'Other', none: 'None', not_recorded: 'Not recorded',
};
const TIMELINESS = {
  on_time: 'Closed on time', late: 'Closed late', open: 'Open, not yet due', overdue: 'Open, past its due date', dropped: 'Dropped',
};

const signed = (n) => `${n < 0 ? '−' : '+'}${hoursAndMinutes(Math.abs(n))}`;
const pct = (n) => (n === null || n === undefined ? '–' : `${n}%`);

function summary(data) {
  const t = data.totals;
  const a = t.actions;
  return h('p', {
    id: 'impact-summary',
    text: `${t.cases} case${t.cases === 1 ? '' : 's'} discussed between ${shortDate(data.from)} and ${shortDate(data.to)}, `
      + `with ${a.total} agreed action${a.total === 1 ? '' : 's'}: ${a.onTime} closed on time, ${a.late} closed late `
      + `(${pct(a.onTimePercent)} of those closed on time), ${a.open + a.overdue} still open (${a.overdue} past the due date), `
      + `${a.dropped} dropped. Need met at review: ${t.need.met}; not met: ${t.need.notMet}; not yet reviewed: ${t.need.notReviewed}. `
      + `Time: ${hoursAndMinutes(t.plannedSeconds)} planned, ${hoursAndMinutes(t.usedSeconds)} got.`,
  });
}

function render(data) {
  const cases = (data.panels || []).flatMap((p) => (p.cases || []).map((c) => ({ panel: p.code, ...c })));
  if (!cases.length) return [h('p', { id: 'impact-empty', text: `No case was discussed between ${shortDate(data.from)} and ${shortDate(data.to)}.` })];
  return [
    summary(data),
    table({
      id: 'impact-cases-table',
      caption: 'Cases discussed in the period',
      head: ['Family reference', 'Panel', 'Discussed on', 'Actions', 'On time', 'Late', 'Open', 'Past due', 'Need met at review', 'Outcome', 'Time planned', 'Time got', 'Difference'],
      rows: cases.map((c) => [c.familyRef, c.panel, c.discussedOn.map(shortDate).join(', '), String(c.actions.total),
        String(c.actions.onTime), String(c.actions.late), String(c.actions.open + c.actions.overdue), String(c.actions.overdue),
        NEED[c.need] || c.need, OUTCOME[c.outcome] || c.outcome, hoursAndMinutes(c.plannedSeconds), hoursAndMinutes(c.usedSeconds),
        signed(c.differenceSeconds)]),
    }),
    table({
      id: 'impact-actions-table',
      caption: 'Their agreed actions against their due dates',
      head: ['Action', 'Family reference', 'Owner agency', 'Due', 'Closed on', 'Against its due date'],
      rows: cases.flatMap((c) => c.actionList.map((a) => [`#${a.number}`, c.familyRef, a.ownerAgency, shortDate(a.dueDate),
        a.closedOn ? shortDate(a.closedOn) : '', TIMELINESS[a.timeliness] || a.timeliness])),
    }),
  ];
}

/** Fills the section for the page's filters (without dates the audit covers the two months to today). */
export async function loadImpactAudit(q) {
  const suffix = q.toString() ? `?${q}` : '';
  el('impact-downloads').replaceChildren(
    downloadButton({ id: 'report-impact-pdf', text: 'PDF', hiddenText: ' of the impact audit', path: `/api/reports/impact-audit.pdf${suffix}`, fallbackName: 'impact-audit.pdf' }),
    downloadButton({ id: 'report-impact-xlsx', text: 'XLSX', hiddenText: ' of the impact audit', path: `/api/reports/impact-audit.xlsx${suffix}`, fallbackName: 'impact-audit.xlsx' }),
  );
  try {
    el('impact-body').replaceChildren(...render(await apiFetch(`/api/reports/impact-audit${suffix}`)));
  } catch (err) {
    el('impact-body').replaceChildren(h('p', { class: 'error', text: err.message }));
  }
}
