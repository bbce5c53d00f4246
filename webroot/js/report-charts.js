// A&I Live – the reports page's pictures, drawn as SVG from the report's own figures (no library):
// planned against used time (per meeting, and per item of a meeting) and attendance per agency in
// each month of the period. Each SVG is one image to assistive technology (role="img") named by
// its <title> and described by a <desc> that says in words what the picture shows; the full figures
// are in the table that follows it on the page.

import { h } from './dom.js';
import { hoursAndMinutes } from './ui.js';

const SVG = 'http://www.w3.org/2000/svg';
let charts = 0;

function s(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  Object.entries(attrs).forEach(([k, v]) => { if (v !== null && v !== undefined) node.setAttribute(k, String(v)); });
  children.flat(Infinity).forEach((c) => { if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c)); });
  return node;
}

/** The figure: the SVG image (named, described), a legend in text, and a pointer to the table. */
function figure({ id, title, desc, width, height, body, legend, tableId }) {
  charts += 1;
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const svg = s('svg', {
    id: `${id}-svg`, class: 'chart-svg', role: 'img', 'aria-labelledby': `${titleId} ${descId}`,
    viewBox: `0 0 ${width} ${height}`, width: '100%', preserveAspectRatio: 'xMinYMin meet', focusable: 'false',
  }, s('title', { id: titleId }, title), s('desc', { id: descId }, desc), body);
  return h('figure', { id, class: 'chart' },
    svg,
    h('figcaption', { class: 'chart-caption' },
      legend ? h('span', { class: 'chart-legend', 'aria-hidden': 'true' }, legend) : null,
      h('span', { class: 'chart-summary', text: desc }),
      tableId ? h('span', {}, ' ', h('a', { href: `#${tableId}`, text: 'The figures are in the table below.' })) : null));
}

const legendKey = (cls, text) => h('span', { class: 'legend-item' }, h('span', { class: ['legend-swatch', cls] }), text);

/**
 * Planned against used time, one pair of bars a row: `rows` `[{label, planned, used}]` in seconds.
 * The used bar is marked (and patterned) where it runs over the plan.
 */
export function plannedUsedChart({ id, title, rows, tableId, width = 640, noun = ['item', 'items'] }) {
  const label = Math.min(220, Math.round(width * 0.35));
  const barArea = width - label - 90;
  const rowHeight = 44;
  const top = 8;
  const max = Math.max(60, ...rows.flatMap((r) => [r.planned || 0, r.used || 0]));
  const scale = (v) => Math.max(0, Math.round((v / max) * barArea));
  const body = rows.map((r, i) => {
    const y = top + i * rowHeight;
    const over = (r.used || 0) > (r.planned || 0);
    return s('g', { class: 'chart-row' },
      s('text', { x: 0, y: y + 14, class: 'chart-label' }, r.label.length > 28 ? `${r.label.slice(0, 27)}…` : r.label),
      s('rect', { x: label, y: y + 2, width: scale(r.planned), height: 14, class: 'bar-planned' }),
      s('text', { x: label + scale(r.planned) + 6, y: y + 14, class: 'chart-value' }, hoursAndMinutes(r.planned || 0)),
      s('rect', { x: label, y: y + 20, width: scale(r.used), height: 14, class: over ? 'bar-used is-over' : 'bar-used' }),
      s('text', { x: label + scale(r.used) + 6, y: y + 32, class: 'chart-value' },
        `${hoursAndMinutes(r.used || 0)}${over ? ' (over)' : ''}`));
  });
  const overs = rows.filter((r) => (r.used || 0) > (r.planned || 0));
  const planned = rows.reduce((n, r) => n + (r.planned || 0), 0);
  const used = rows.reduce((n, r) => n + (r.used || 0), 0);
  const most = overs.sort((a, b) => (b.used - b.planned) - (a.used - a.planned))[0];
  const desc = `${hoursAndMinutes(planned)} planned and ${hoursAndMinutes(used)} used over ${rows.length} `
    + `${rows.length === 1 ? noun[0] : noun[1]}. ${overs.length ? `${overs.length} ran over the plan`
      + `${most ? `, most of all ${most.label} (${hoursAndMinutes(most.used - most.planned)} over)` : ''}.` : 'None ran over the plan.'}`;
  return figure({
    id, title, desc, width, height: top + rows.length * rowHeight, body, tableId,
    legend: [legendKey('bar-planned', 'Planned'), legendKey('bar-used', 'Used'), legendKey('bar-used is-over', 'Used, over the plan')],
  });
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];

/** "2026-11" → "Nov 2026" (short) or "November 2026". */
export function monthName(month, long = false) {
  const [y, m] = month.split('-').map(Number);
  return `${(long ? LONG_MONTHS : MONTHS)[m - 1]} ${y}`;
}

/**
 * Attendance per agency over the months: a row of small columns per agency, one per month, as tall
 * as the share of that month's meetings it attended; a month with no meeting shows a dash.
 */
export function attendanceMonthsChart({ id, agencies, months, tableId, width = 640 }) {
  const label = Math.min(200, Math.round(width * 0.32));
  const cell = Math.max(14, Math.floor((width - label) / Math.max(1, months.length)));
  const rowHeight = 30;
  const top = 22;
  const head = months.map((m, j) => s('text', {
    x: label + j * cell + cell / 2, y: 14, class: 'chart-month', 'text-anchor': 'middle',
  }, MONTHS[Number(m.month.slice(5)) - 1].slice(0, cell < 26 ? 1 : 3)));
  const body = agencies.map((a, i) => {
    const y = top + i * rowHeight;
    return s('g', { class: 'chart-row' },
      s('text', { x: 0, y: y + 18, class: 'chart-label' }, a.agency.length > 24 ? `${a.agency.slice(0, 23)}…` : a.agency),
      months.map((m, j) => {
        const x = label + j * cell + 2;
        const entry = (m.agencies || []).find((e) => e.agencyId === a.agencyId);
        if (!m.meetings) return s('text', { x: x + (cell - 4) / 2, y: y + 18, class: 'chart-none', 'text-anchor': 'middle' }, '–');
        const share = (entry?.percent ?? 0) / 100;
        const full = rowHeight - 6;
        return s('g', {},
          s('rect', { x, y: y + 2, width: cell - 4, height: full, class: 'cell-track' }),
          s('rect', { x, y: y + 2 + Math.round(full * (1 - share)), width: cell - 4, height: Math.round(full * share), class: share < 0.5 ? 'cell-fill is-low' : 'cell-fill' }));
      }));
  });
  const held = months.filter((m) => m.meetings);
  const yearly = agencies.map((a) => {
    const meetings = held.reduce((n, m) => n + m.meetings, 0);
    const came = held.reduce((n, m) => n + ((m.agencies || []).find((e) => e.agencyId === a.agencyId)?.attended || 0), 0);
    return { agency: a.agency, share: meetings ? came / meetings : 0, missed: held.filter((m) => !((m.agencies || []).find((e) => e.agencyId === a.agencyId)?.attended)).length };
  });
  const always = yearly.filter((y) => y.missed === 0).length;
  const lowest = [...yearly].sort((a, b) => a.share - b.share)[0];
  const desc = months.length
    ? `${agencies.length} agencies over ${months.length} month${months.length === 1 ? '' : 's'}, from ${monthName(months[0].month, true)} to `
      + `${monthName(months[months.length - 1].month, true)}; meetings were held in ${held.length} of them. ${always} `
      + `${always === 1 ? 'agency was' : 'agencies were'} at every meeting held`
      + `${lowest && lowest.missed ? `; ${lowest.agency} attended least (${Math.round(lowest.share * 100)}% of the meetings)` : ''}.`
    : 'No months in this period.';
  return figure({
    id, title: 'Attendance per agency, month by month', desc, width, height: top + agencies.length * rowHeight, tableId,
    body: [head, body],
    legend: [legendKey('cell-fill', 'Share of the month’s meetings attended'), legendKey('cell-fill is-low', 'Under half'), ' – no meeting that month.'],
  });
}

/** The width to draw at: the container's, so text in the SVG stays at its intended size. */
export function chartWidth(container) {
  return Math.max(300, Math.min(900, Math.round(container?.clientWidth || 640)));
}
