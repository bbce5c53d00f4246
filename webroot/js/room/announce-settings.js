// A&I Live – what each person wants their screen reader to announce in the room: time, raised
// hands, contributions, actions (all on at first). Rendered into room.html's one container
// `<details id="announce-settings">`; the choice is remembered in this browser (localStorage
// `ailive.announce`), so it follows the person from meeting to meeting, not from device to device.

import { h } from '../dom.js';
import { TOPICS } from '../announcer.js';

const STORE_KEY = 'ailive.announce';

const LABELS = {
  time: 'Time: 5 minutes left, 1 minute left, time is up, and the timer and meeting starting, pausing or moving on',
  hands: 'Raised hands: the queue, and whom the chair calls to speak',
  contributions: 'New contributions and case updates (a summary when several come together)',
  actions: 'Actions: waiting for confirmation, confirmed, returned, put for closure, closed',
};

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null; // storage blocked: the choice lasts for this page
  }
}

/** The remembered choice: topic → wanted. Anything not remembered (or unreadable) is on. */
export function loadAnnouncePreferences(store = storage()) {
  let saved = {};
  try {
    const parsed = JSON.parse(store?.getItem(STORE_KEY) || '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) saved = parsed;
  } catch {
    // unreadable: all on
  }
  return Object.fromEntries(TOPICS.map((t) => [t, saved[t] !== false]));
}

/**
 * Draws the checkboxes into `container` (the `<details>`), and keeps the choice.
 * @param {HTMLElement|null} container
 * @param {{onChange?: (prefs: object) => void}} [options]
 * @returns {{wants: (topic: string) => boolean}}
 */
export function createAnnounceSettings(container, { onChange } = {}, store = storage()) {
  const prefs = loadAnnouncePreferences(store);
  const wants = (topic) => prefs[topic] !== false;
  if (!container) return { wants };

  const boxes = TOPICS.map((topic) => {
    const id = `announce-${topic}`;
    const box = h('input', { id, type: 'checkbox', data: { topic } });
    box.checked = prefs[topic];
    box.addEventListener('change', () => {
      prefs[topic] = box.checked;
      try {
        store?.setItem(STORE_KEY, JSON.stringify(prefs));
      } catch {
        // not remembered: the choice lasts for this page
      }
      onChange?.({ ...prefs });
    });
    return h('div', { class: 'field-check' }, box, h('label', { for: id, text: LABELS[topic] }));
  });

  container.classList.add('shortcuts', 'announce-settings');
  container.replaceChildren(
    h('summary', { text: 'What your screen reader announces' }),
    h('fieldset', { class: 'announce-topics', 'aria-describedby': 'announce-settings-hint' },
      h('legend', { class: 'visually-hidden', text: 'Announce' }), ...boxes),
    h('p', { id: 'announce-settings-hint', class: 'hint muted',
      text: 'Announcements are read out without moving your focus, one at a time, time warnings first. '
        + 'What you choose is remembered in this browser.' }));
  container.hidden = false;
  return { wants };
}
