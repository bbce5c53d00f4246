// A&I Live – the live meeting room page (room.html?meeting=<id>): connects with live.js, keeps
// the room's state with room-state.js and draws it with the views in js/room/. The countdown is
// worked out here every 250 ms from the server clock: the server sends no ticks.

import { apiFetch, currentMember, signOut, token } from './api.js';
import { createAnnouncer } from './announcer.js';
import { h, setText } from './dom.js';
import { plural, spokenMinutes } from './format.js';
import { connectRoom } from './live.js';
import { applyEvent, fromSnapshot, itemName, timerFigures } from './room-state.js';
import { createAgendaView } from './room/agenda.js';
import { createAttendanceView } from './room/attendance.js';
import { createControlsView } from './room/controls.js';
import { createCurrentView } from './room/current.js';
import { createHeaderView } from './room/header.js';
import { createPresenceView } from './room/presence.js';

const TICK_MS = 250;
const NOTICE_MS = 8_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What each command does, for error messages: "Could not pause the timer: …". */
const DOING = {
  'meeting.open': 'open the meeting',
  'meeting.start': 'start the meeting',
  'meeting.end': 'end the meeting',
  'timer.start': 'start the timer',
  'timer.pause': 'pause the timer',
  'timer.resume': 'resume the timer',
  'timer.extend': 'add time',
  'timer.next': 'move to the next item',
  'timer.back': 'go back to the previous item',
  'agenda.setMinutes': 'change the minutes',
  'agenda.shareRemaining': 'share the remaining time',
  'attendance.mark': 'record attendance',
};

const $ = (id) => document.getElementById(id);
const alertBox = $('room-alert');
const noticeBox = $('room-notice');
const grid = document.querySelector('.room-grid');

// ---------- messages ----------

function showAlert(...content) {
  alertBox.replaceChildren();
  // Set after emptying, so the same message twice is announced twice.
  setTimeout(() => alertBox.replaceChildren(...content), 50);
}

const clearAlert = () => alertBox.replaceChildren();

let noticeTimer = null;
function showNotice(text) {
  setText(noticeBox, text);
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => setText(noticeBox, ''), NOTICE_MS);
}

function stopWith(...content) {
  grid.hidden = true;
  showAlert(...content);
}

const signInAgain = (why) => {
  signOut();
  stopWith(`${why} `, h('a', { href: 'index.html', text: 'Please sign in again' }), '.');
};

// ---------- start ----------

const meetingId = (new URLSearchParams(window.location.search).get('meeting') || '').toLowerCase();
const member = currentMember();
const bearer = token();

if (!UUID.test(meetingId)) {
  stopWith('No meeting was chosen. ', h('a', { href: 'index.html', text: 'Choose a meeting' }), '.');
} else if (!member || !bearer) {
  signInAgain('You are not signed in, or your session has ended.');
} else {
  enterRoom();
}

function enterRoom() {
  const announcer = createAnnouncer($('announcer'));
  let model = null;
  let presence = [];
  let meetingInfo = null;
  let room = null;

  /** Sends a command; refusals appear in the alert region. `done`: a confirmation to show. */
  function act(type, fields = {}, { done } = {}) {
    clearAlert();
    return room.send(type, fields).then(
      (reply) => {
        if (done) showNotice(done);
        return reply;
      },
      (err) => {
        showAlert(`Could not ${DOING[type] ?? type}: ${err.message}`);
        return null;
      });
  }
  act.fail = (message) => showAlert(message);

  const context = { member, act };
  const header = createHeaderView({
    onDiscard() {
      const n = room.pending().length;
      if (n > 0 && window.confirm(`Discard ${plural(n, 'change')} that could not be sent yet?`)) {
        room.discardPending();
        showNotice('Waiting changes discarded.');
      }
    },
  });
  const current = createCurrentView();
  const agenda = createAgendaView(context);
  const controls = createControlsView(context);
  const presenceView = createPresenceView(context);
  const attendance = createAttendanceView(context);

  // ---------- drawing ----------

  let renderQueued = false;
  function render() {
    renderQueued = false;
    if (!model) return;
    const now = room.serverNow();
    header.renderMeeting(meetingInfo, model.meeting);
    current.render(model, now);
    controls.render(model);
    agenda.render(model, now);
    attendance.render(model, presence);
    presenceView.render(presence);
  }
  /** Many events in a row (a catch-up) are drawn once. */
  function scheduleRender() {
    if (!renderQueued) {
      renderQueued = true;
      setTimeout(render, 0);
    }
  }

  function tick() {
    if (!model) return;
    const now = room.serverNow();
    current.tick(model, now);
    agenda.tick(model, now);
    announceTime(now);
  }

  // ---------- announcements ----------

  /** Where the running timer stands: more than 5 min left, ≤ 5, ≤ 1, then each 5 minutes over. */
  function timeStage(now) {
    const f = model && model.meeting?.status === 'live' ? timerFigures(model, now) : null;
    if (!f || !f.running) return null;
    const r = f.remainingMs;
    const stage = r < 0 ? `over${Math.floor(-r / 300_000)}` : r <= 60_000 ? 'one' : r <= 300_000 ? 'five' : 'plenty';
    return { key: `${model.timer.itemId}:${stage}`, itemId: model.timer.itemId, stage, name: itemName(f.item) };
  }

  let lastStage = null;
  function announceTime(now) {
    const stage = timeStage(now);
    const previous = lastStage;
    lastStage = stage;
    if (!stage || !previous || previous.key === stage.key || previous.itemId !== stage.itemId) return;
    const over = /^over(\d+)$/.exec(stage.stage);
    const text = stage.stage === 'five' ? `5 minutes left for ${stage.name}.`
      : stage.stage === 'one' ? `1 minute left for ${stage.name}.`
        : over && over[1] === '0' ? `Time is up for ${stage.name}.`
          : over ? `${stage.name} is ${Number(over[1]) * 5} minutes over time.` : null;
    if (text) announcer.time(text);
  }

  function announceEvent(event) {
    const now = room.serverNow();
    const f = timerFigures(model, now);
    const name = f ? itemName(f.item) : '';
    const left = f ? (f.remainingMs >= 0 ? `${spokenMinutes(f.remainingMs / 1000)} left`
      : `${spokenMinutes(-f.remainingMs / 1000)} over time`) : '';
    const p = event.payload || {};
    const text = {
      'meeting.opened': 'The meeting is open for joining.',
      'meeting.started': 'The meeting has started.',
      'meeting.ended': 'The meeting has ended.',
      'timer.started': f && `Timer started: ${name}, ${left}.`,
      'timer.paused': f && `Timer paused: ${name}, ${left}.`,
      'timer.resumed': f && `Timer resumed: ${name}, ${left}.`,
      'timer.extended': f && `${plural(p.minutes, 'minute')} added to ${name}: ${left}.`,
      'timer.moved': f && `${p.direction === 'back' ? 'Back to' : 'Next item:'} ${name}, ${left}.`,
      'agenda.shared': 'The remaining time has been shared evenly across the cases still to come.',
    }[event.type];
    if (text) announcer.change(text);
    lastStage = timeStage(now); // a change is not followed at once by a "time passing" message
  }

  // ---------- the connection ----------

  let checkingRejection = false;
  async function onRejected({ expired, joined }) {
    if (expired || !token()) {
      room.close();
      signInAgain('Your session has ended.');
      return;
    }
    if (checkingRejection) return;
    checkingRejection = true;
    try {
      // The bridge says only "rejected": ask the API why.
      await apiFetch(`/api/meetings/${meetingId}`);
      // Access is fine, so the refusal was passing (the room could not be reached): try again.
      if (!joined) setTimeout(() => room.reconnect(), 3_000);
    } catch (err) {
      if (err.status === 401) {
        room.close();
        signInAgain('Your session has ended.');
      } else if (err.status === 403 || err.status === 404) {
        room.close();
        stopWith('This meeting was not found, or you are not a member of its panel. ',
          h('a', { href: 'index.html', text: 'Back to your meetings' }), '.');
      } else if (!joined) {
        setTimeout(() => room.reconnect(), 5_000);
      }
    } finally {
      checkingRejection = false;
    }
  }

  // api.js's token() gives the current token (or null once expired), read at every frame.
  room = connectRoom(meetingId, token, {
    onSnapshot(state) {
      model = fromSnapshot(state);
      if (Array.isArray(state.presence)) presence = state.presence;
      lastStage = null;
      scheduleRender();
    },
    onEvent(event, { live }) {
      if (!model) return;
      applyEvent(model, event);
      scheduleRender();
      if (live) announceEvent(event);
    },
    onPresence(members) {
      presence = members;
      presenceView.render(presence);
      // Names of substitutes from outside the panel come from presence.
      if (model && [...model.attendance.keys()].some((id) => !model.members.some((m) => m.memberId === id))) {
        scheduleRender();
      }
    },
    onStatus: (status) => header.renderConnection(status),
    onCommandError(err, entry) {
      showAlert(`A change made earlier could not be applied (${DOING[entry.type] ?? entry.type}): ${err.message}`);
    },
    onRejected,
  });

  setInterval(tick, TICK_MS);

  // The panel's name and the location are not part of the live state.
  apiFetch(`/api/meetings/${meetingId}`).then((info) => {
    meetingInfo = info;
    header.renderMeeting(meetingInfo, model?.meeting);
  }, (err) => {
    if (err.status === 401) {
      room.close();
      signInAgain('Your session has ended.');
    } else if (err.status === 403 || err.status === 404) {
      room.close();
      stopWith('This meeting was not found, or you are not a member of its panel. ',
        h('a', { href: 'index.html', text: 'Back to your meetings' }), '.');
    }
    // Otherwise (offline, server restarting) the live connection keeps trying on its own.
  });
}
