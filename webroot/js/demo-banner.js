// A&I Live – every page says "Demo data" while this copy of the service holds the demo county's
// accounts (GET /api/instance, no sign-in needed), so no one mistakes it for a real one and types
// in real families. Imported for its effect by ui.js, room.js and display.js: every page.

import { apiFetch } from './api.js';
import { h } from './dom.js';

async function showDemoBanner() {
  let instance;
  try {
    instance = await apiFetch('/api/instance', { auth: false });
  } catch {
    return; // unreachable server: each page says so in its own way
  }
  if (!instance || instance.demo !== true || document.getElementById('demo-banner')) return;
  const banner = h('div', { id: 'demo-banner', class: 'demo-banner', role: 'status' },
    h('strong', { text: 'Demo data.' }),
    ' Everyone and every family here is made up, for trying A&I Live out. Do not enter real information.');
  // At the top, after the skip link so that stays the first thing a keyboard reaches.
  const skip = document.querySelector('.skip-link');
  if (skip) skip.after(banner);
  else document.body.prepend(banner);
}

showDemoBanner();
