// A&I Live – "Who is here": the members connected to the room now, with their agency and how
// many screens each has open. Presence is not the register: it says who is connected, not who
// attended (see attendance.js).

import { h, setText } from '../dom.js';
import { plural } from '../format.js';

export function createPresenceView({ member }, doc = document) {
  const list = doc.getElementById('presence-list');
  const summary = doc.getElementById('presence-summary');

  function render(presence) {
    const people = (Array.isArray(presence) ? presence : [])
      .slice()
      .sort((a, b) => String(a.name).localeCompare(String(b.name), 'en-GB'));
    const screens = people.reduce((n, p) => n + (p.connections || 0), 0);
    setText(summary, people.length === 0
      ? 'Nobody is connected yet.'
      : `${plural(people.length, 'person', 'people')} connected${screens > people.length ? ` on ${plural(screens, 'screen')}` : ''}.`);
    list.replaceChildren(...people.map((p) => h('li', { class: 'person' },
      h('span', { class: 'person-name', text: p.name || 'Unknown member' }),
      p.memberId === member?.id ? h('span', { class: 'muted', text: ' (you)' }) : null,
      p.agency ? h('span', { class: 'person-agency', text: p.agency }) : null,
      p.connections > 1 ? h('span', { class: 'person-connections', text: `${p.connections} connections` }) : null)));
  }

  return { render };
}
