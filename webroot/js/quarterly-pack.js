// A&I Live – reports.html: the R11 quarterly pack for the Local Implementation Groups, as a PDF or an
// XLSX workbook (one sheet per section) for a quarter and the panel chosen in the report form.

import { downloadButton } from './ui.js';

const el = (id) => document.getElementById(id);
const LABELS = ['Jan–Mar', 'Apr–Jun', 'Jul–Sep', 'Oct–Dec'];

/** The current quarter and the seven before it, newest first; the one that last ended is chosen. */
function quarters(today = new Date()) {
  const out = [];
  let index = today.getFullYear() * 4 + Math.floor(today.getMonth() / 3);
  for (let i = 0; i < 8; i += 1, index -= 1) {
    const year = Math.floor(index / 4);
    const q = (index % 4) + 1;
    out.push({ value: `${year}-Q${q}`, text: `${year} Q${q} (${LABELS[q - 1]})${i === 0 ? ', so far' : ''}` });
  }
  return out;
}

function path(extension) {
  const q = new URLSearchParams({ quarter: el('quarterly-quarter').value });
  const panelId = el('report-panel')?.value;
  if (panelId) q.set('panelId', panelId);
  return `/api/reports/quarterly.${extension}?${q}`;
}

const select = el('quarterly-quarter');
if (select) {
  select.replaceChildren(...quarters().map((o) => new Option(o.text, o.value)));
  select.selectedIndex = 1;
  el('quarterly-downloads').replaceChildren(
    downloadButton({ id: 'report-quarterly-pdf', text: 'PDF', hiddenText: ' of the quarterly pack', path: () => path('pdf'), fallbackName: 'quarterly-pack.pdf' }),
    downloadButton({ id: 'report-quarterly-xlsx', text: 'XLSX', hiddenText: ' of the quarterly pack', path: () => path('xlsx'), fallbackName: 'quarterly-pack.xlsx' }),
  );
}
