// A&I Live – the room display (display.html?meeting=<id>) for a projector or a big screen: the
// current item and its countdown, very large, and the agenda with time planned and used (R3). Read
// only: no controls, no case narrative, no contributions (the room may hold people who are not on
// the panel). Signed in as any member of the panel; the connection (live.js) reconnects and
// catches up on its own, so the screen can be left running all meeting.

import { apiFetch, currentMember, signInHref, token } from './api.js';
import { h, setText } from './dom.js';
import { countdown, londonTime, minutesSeconds, plannedMinutes, plural } from './format.js';
import { connectRoom } from './live.js';
import './demo-banner.js';
import { connectionText } from './room/header.js';
import {
  agendaGroups, applyEvent, fromSnapshot, handQueue, itemName, memberInfo, projectedEnd, timerFigures, usedSeconds,
} from './room-state.js';

const TICK_MS = 250;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STATUS = { planned: 'Planned', open: 'Open for joining', live: 'Live', closed: 'Ended' };

const $ = (id) => document.getElementById(id);
const alertBox = $('display-alert');

function stop(...content) {
  $('display-current').hidden = true;
  $('display-agenda-section').hidden = true;
  $('display-hands').hidden = true;
  alertBox.replaceChildren(...content);
}

const meetingId = (new URLSearchParams(window.location.search).get('meeting') || '').toLowerCase();

if (!UUID.test(meetingId)) {
  stop('No meeting was chosen. ', h('a', { href: 'index.html', text: 'Choose a meeting' }), ', then open its room display.');
} else if (!currentMember() || !token()) {
  stop('Sign in on this screen first (any member of the panel), then open the display again. ',
    h('a', { href: signInHref('required'), text: 'Sign in' }), '.');
} else {
  start();
}

function start() {
  let model = null;
  let room = null;
  let renderQueued = false;
  let agendaKey = '';
  let liveUsed = new Map(); // itemId → the "used" node that moves with the clock
  let presence = [];        // who is connected: names of substitutes from outside the panel
  let handsKey = '';

  // Keep a projector from dimming (where the browser allows it).
  async function keepAwake() {
    try {
      if (document.visibilityState === 'visible' && navigator.wakeLock) await navigator.wakeLock.request('screen');
    } catch {
      // not allowed: the screen's own settings apply
    }
  }
  keepAwake();
  document.addEventListener('visibilitychange', keepAwake);

  function drawAgenda(now) {
    const current = model.timer?.itemId;
    // Redrawn only when something other than the clock changed.
    const key = JSON.stringify([current, model.agenda.map((i) => [i.id, i.allottedSeconds, i.usedSeconds, i.done])]);
    if (key === agendaKey) return;
    agendaKey = key;
    liveUsed = new Map();
    const root = $('display-agenda');
    if (model.agenda.length === 0) {
      root.replaceChildren(h('p', { text: 'The agenda is empty.' }));
      return;
    }
    root.replaceChildren(...agendaGroups(model.agenda).map((g, gi) => h('section', { class: 'display-group', 'aria-labelledby': `display-group-${gi}` },
      h('h3', { id: `display-group-${gi}`, text: g.label }),
      h('ol', { class: 'display-items' }, g.items.map((item) => {
        const isNow = item.id === current;
        const used = h('span', { class: 'display-used', text: minutesSeconds(usedSeconds(model, item, now)) });
        if (isNow) liveUsed.set(item.id, used);
        return h('li', {
          id: `display-item-${item.id}`, value: item.position,
          class: ['display-agenda-item', isNow && 'is-now', item.done && !isNow && 'is-done'],
          'aria-current': isNow ? 'true' : null,
          data: { current: String(isNow), done: String(Boolean(item.done)) },
        },
        h('span', { class: 'display-item-name', text: itemName(item) }),
        isNow ? h('span', { class: 'display-flag' }, h('span', { 'aria-hidden': 'true', text: '▶ ' }), 'Now') : null,
        item.done && !isNow ? h('span', { class: 'display-flag is-done' }, h('span', { 'aria-hidden': 'true', text: '✓ ' }), 'Done') : null,
        h('span', { class: 'display-times' }, plannedMinutes(item.allottedSeconds), ' · used ', used));
      })))));
  }

  /** The queue of raised hands on the current item, first come first, as the room lists it. */
  function drawHands() {
    const live = model.meeting?.status === 'live';
    const q = live ? handQueue(model, model.timer?.itemId) : [];
    const people = q.map((id) => memberInfo(model, id, presence));
    const key = JSON.stringify([q, people]);
    if (key === handsKey) return;
    handsKey = key;
    const count = $('display-queue-count');
    setText(count, q.length === 0 ? 'No hands are raised.' : `${plural(q.length, 'hand')} raised, first come first.`);
    count.dataset.count = String(q.length);
    $('display-queue').replaceChildren(...people.map((who, i) => h('li', {
      id: `display-queue-${q[i]}`, class: ['display-queue-entry', i === 0 && 'is-next'],
    },
    h('span', { class: 'display-person', text: who.name }),
    who.agency ? h('span', { class: 'display-agency', text: who.agency }) : null,
    i === 0 ? h('span', { class: 'display-flag' }, 'Next') : null)));
  }

  function tick() {
    setText($('display-clock'), londonTime(room ? room.serverNow() : Date.now()));
    if (!model) return;
    const now = room.serverNow();
    const f = timerFigures(model, now);
    const box = $('display-countdown-box');
    const closed = model.meeting?.status === 'closed';
    // Once the meeting has ended there is no countdown, only the words.
    box.hidden = !f || closed;
    if (f && !closed) {
      const c = countdown(f.remainingMs);
      setText($('display-countdown-label'), c.overrun ? 'Over time' : 'Time left');
      setText($('display-countdown'), c.text);
      $('display-countdown').dataset.remainingSeconds = String(c.overrun ? -c.seconds : c.seconds);
      $('display-countdown').dataset.overrun = String(c.overrun);
      box.classList.toggle('is-overrun', c.overrun);
      box.classList.toggle('is-paused', !f.running);
      setText($('display-timer-state'), `${f.running ? 'Running' : 'Paused'} · ${plannedMinutes(f.allottedMs / 1000)} planned`);
    }
    liveUsed.forEach((node, itemId) => {
      const item = model.agenda.find((i) => i.id === itemId);
      if (item) setText(node, minutesSeconds(usedSeconds(model, item, now)));
    });
    const end = projectedEnd(model, now);
    const scheduled = model.meeting?.scheduledEnd;
    if (Number.isFinite(end)) {
      const late = Number.isFinite(scheduled) ? Math.round((end - scheduled) / 60_000) : 0;
      setText($('display-projected-end'), `Projected end ${londonTime(end)}`
        + (Number.isFinite(scheduled) && Math.abs(late) < 24 * 60
          ? ` (scheduled ${londonTime(scheduled)}${late > 0 ? `, ${plural(late, 'minute')} late` : late < 0 ? `, ${plural(-late, 'minute')} early` : ''})` : ''));
    } else {
      setText($('display-projected-end'), model.meeting?.status === 'closed' ? 'The meeting has ended.' : '');
    }
  }

  function render() {
    renderQueued = false;
    if (!model) return;
    const m = model.meeting || {};
    setText($('display-title'), m.panelName || 'A&I meeting');
    document.title = `${m.panelName || 'A&I meeting'} – room display – A&I Live`;
    setText($('display-status'), STATUS[m.status] ?? m.status ?? '');
    $('display-status').dataset.status = m.status ?? '';
    const f = m.status === 'closed' ? null : timerFigures(model, room.serverNow());
    const item = f?.item ?? null;
    setText($('display-item'), item ? itemName(item)
      : m.status === 'closed' ? 'The meeting has ended.'
        : m.status === 'live' ? 'The meeting has started.' : 'The meeting has not started yet.');
    const where = item ? item.districtName || (item.section === 'aob' ? 'All districts' : '') : '';
    setText($('display-district'), where);
    drawAgenda(room.serverNow());
    drawHands();
    tick();
  }

  const scheduleRender = () => {
    if (!renderQueued) {
      renderQueued = true;
      setTimeout(render, 0);
    }
  };

  function renderConnection(status) {
    const el = $('display-connection');
    // "Live" is the meeting's status at the top; the connection says "Connected".
    setText(el, status.phase === 'live' && status.storage !== 'delayed' ? 'Connected' : connectionText(status));
    el.dataset.phase = status.phase === 'live' ? 'live' : !status.online ? 'offline' : status.phase;
    el.className = `display-connection is-${el.dataset.phase}`;
  }

  async function onRejected({ expired, joined }) {
    if (expired || !token()) {
      room.close();
      stop('The sign-in on this screen has ended. ', h('a', { href: signInHref('expired'), text: 'Sign in again' }), '.');
      return;
    }
    try {
      await apiFetch(`/api/meetings/${meetingId}`);
      if (!joined) setTimeout(() => room.reconnect(), 3_000);
    } catch (err) {
      if (err.status === 401) {
        room.close();
        stop('The sign-in on this screen has ended. ', h('a', { href: signInHref('expired'), text: 'Sign in again' }), '.');
      } else if (err.status === 403 || err.status === 404) {
        room.close();
        stop('This meeting was not found, or the person signed in here is not on its panel.');
      } else if (!joined) {
        setTimeout(() => room.reconnect(), 5_000);
      }
    }
  }

  room = connectRoom(meetingId, token, {
    onSnapshot(state) {
      model = fromSnapshot(state);
      if (Array.isArray(state.presence)) presence = state.presence;
      agendaKey = '';
      scheduleRender();
    },
    onEvent(event) {
      if (!model) return;
      applyEvent(model, event);
      scheduleRender();
    },
    onPresence(members) {
      presence = Array.isArray(members) ? members : [];
      if (model) scheduleRender();
    },
    onStatus: renderConnection,
    onRejected,
  });

  setInterval(tick, TICK_MS);
  tick();
}
