// A&I Live – minutes-read.html?meeting=ID: the approved minutes the chair published to the panel,
// read in the app by its partners and presenters (each read is audited; observers never read them).

import { apiFetch } from './api.js';
import { h, setText } from './dom.js';
import { minutesNodes } from './minutes-doc.js';
import { dateTime, param, showError, startPage } from './ui.js';

const el = (id) => document.getElementById(id);
const member = startPage({ key: 'home', roles: ['partner', 'presenter', 'chair', 'officer'] });
const meetingId = param('meeting');

async function start() {
  if (!meetingId) {
    showError('No meeting was named. Open the minutes from your home page.');
    return;
  }
  try {
    const minutes = await apiFetch(`/api/meetings/${encodeURIComponent(meetingId)}/minutes`);
    setText(el('page-heading'), minutes.title);
    document.title = `A&I Live – ${minutes.title}`;
    el('published-meta').replaceChildren(`Version ${minutes.version}, approved and published by ${minutes.publishedByName} on ${dateTime(minutes.publishedAt)}.`,
      minutes.withheld ? ' What was said about families has been removed after the retention period.' : '');
    el('published-minutes').replaceChildren(...minutesNodes(minutes.blocks, { idPrefix: 'published' }));
  } catch (err) {
    if (err && err.status === 404) {
      el('published-minutes').replaceChildren(h('p', { id: 'published-none', text: 'The chair has not published the minutes of this meeting yet.' }));
      return;
    }
    showError(err, undefined, 'The minutes could not be loaded.');
  }
}

if (member) start();
