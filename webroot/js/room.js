// A&I Live – the live meeting room page (room.html?meeting=<id>): connects with live.js, keeps
// the room's state with room-state.js and draws it with the views in js/room/. The countdown is
// worked out here every 250 ms from the server clock: the server sends no ticks.
//
// The page is role-aware: what a member may do shows only if their role may do it (chair console,
// confirming actions and the key agencies for the chair; composer, hand and action form for every
// participant; an observer only watches, with case details withheld unless the chair allows it).

import { apiFetch, currentMember, signInHref, signOut, token } from './api.js';
import { createAnnouncer } from './announcer.js';
import { h, setText } from './dom.js';
import { plural, spokenMinutes } from './format.js';
import { connectRoom } from './live.js';
import './demo-banner.js';
import { hasRole, roleLabel } from './roles.js';
import {
  applyEvent, focusOutOfDate, fromSnapshot, isObserverOnly, itemName, timerFigures,
} from './room-state.js';
import { createActionsView } from './room/actions.js';
import { createAgendaView } from './room/agenda.js';
import { createAnnounceSettings } from './room/announce-settings.js';
import { createAttendanceView } from './room/attendance.js';
import { createCallLinkView } from './room/call-link.js';
import { createWhereAmIView } from './room/where-am-i.js';
import { createCockpitView } from './room/cockpit.js';
import { createControlsView } from './room/controls.js';
import { createCurrentView } from './room/current.js';
import { createDiscussionView } from './room/discussion.js';
import { createHandsView } from './room/hands.js';
import { createHeaderView } from './room/header.js';
import { createItemOutcomeView } from './room/item-outcome.js';
import { createKeyAgenciesView } from './room/key-agencies.js';
import { createPresenceView } from './room/presence.js';
import { loadReference } from './room/reference.js';
import { installShortcuts } from './room/shortcuts.js';
import { createSummaryView } from './room/summary.js';
import { createTimeUseView } from './room/time-use.js';

const TICK_MS = 250;
const NOTICE_MS = 8_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What each command does, for error messages: "Could not pause the timer: …". */
const DOING = {
  'meeting.open': 'open the meeting',
  'meeting.start': 'start the meeting',
  'meeting.end': 'end the meeting',
  'meeting.observerAccess': 'change what observers see',
  'timer.start': 'start the timer',
  'timer.pause': 'pause the timer',
  'timer.resume': 'resume the timer',
  'timer.extend': 'add time',
  'timer.next': 'move to the next item',
  'item.defer': 'defer the item',
  'item.withdraw': 'withdraw the item',
  'item.standIn': 'change who presents the case',
  'timer.back': 'go back to the previous item',
  'agenda.setMinutes': 'change the minutes',
  'agenda.shareRemaining': 'share the remaining time',
  'attendance.mark': 'record attendance',
  'attendance.markConnected': 'mark everyone connected as remote',
  'attendance.markRestAbsent': 'mark everyone else absent',
  'attendance.confirm': 'confirm the register',
  'hand.raise': 'raise your hand',
  'hand.lower': 'lower the hand',
  'hand.next': 'take the next hand',
  'hand.clear': 'clear the queue',
  'contribution.add': 'add the contribution',
  'contribution.edit': 'edit the contribution',
  'contribution.withdraw': 'withdraw the contribution',
  'contribution.hide': 'hide the contribution',
  'case.highlight': 'point to that section',
  'case.edit': 'save the case summary',
  'action.propose': 'volunteer the action',
  'action.revise': 'revise the action',
  'action.confirm': 'confirm the action',
  'action.return': 'return the action',
  'action.proposeClose': 'put the closure to the partners',
  'action.object': 'object to the closure',
  'action.close': 'close the action',
};

const $ = (id) => document.getElementById(id);
const alertBox = $('room-alert');
const noticeBox = $('room-notice');
const layout = document.querySelector('.room-layout');
const nav = $('room-nav');

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
  layout.hidden = true;
  nav.hidden = true;
  // The bar keeps only the connection state.
  document.querySelectorAll('#cockpit > .cockpit-cell:not(.cockpit-status)').forEach((cell) => { cell.hidden = true; });
  showAlert(...content);
}

const signInAgain = (why) => {
  signOut();
  stopWith(`${why} `, h('a', { href: signInHref('expired'), text: 'Please sign in again' }), '.');
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
  // Each person chooses what is announced (remembered in this browser); the announcer asks it.
  let announcer = null;
  const announceSettings = createAnnounceSettings($('announce-settings'), {
    onChange: () => announcer?.preferencesChanged(),
  });
  announcer = createAnnouncer($('announcer'), { wants: announceSettings.wants });
  let model = null;
  let presence = [];
  let meetingInfo = null;
  let room = null;
  let ended = false;

  const roles = Array.isArray(member.roles) ? member.roles : [];
  roles.forEach((r) => document.body.classList.add(`role-${r}`));
  setText($('you-are'), `Signed in as ${member.fullName}${member.agency ? ` (${member.agency})` : ''} · ${roles.map(roleLabel).join(', ')}`);
  const displayLink = $('open-display');
  displayLink.href = `display.html?meeting=${meetingId}`;
  displayLink.hidden = !hasRole(member, 'chair', 'officer');

  /** Sends a command; refusals appear in the alert region. `done`: a confirmation to show. */
  function act(type, fields = {}, { done } = {}) {
    clearAlert();
    return room.send(type, fields).then(
      (reply) => {
        if (done) showNotice(done);
        return reply;
      },
      (err) => {
        if (err.code !== 'discarded') showAlert(`Could not ${DOING[type] ?? type}: ${err.message}`);
        return null;
      });
  }
  act.fail = (message) => showAlert(message);

  /** Sends a command whose refusal the view shows itself (next to the field it names). */
  const send = (type, fields = {}) => {
    clearAlert();
    return room.send(type, fields);
  };

  const sessionEnded = () => {
    room?.close();
    ended = true;
    signInAgain('Your session has ended.');
    return true;
  };

  const reference = loadReference(() => scheduleRender(), sessionEnded);
  const context = {
    member, act, send, announcer, reference, notice: showNotice,
    connection: () => room?.status() ?? { phase: 'connecting', pending: 0, online: true, storage: 'ok' },
    onAuthError: sessionEnded,
  };
  const header = createHeaderView({
    member,
    onDiscard() {
      const n = room.pending().length;
      if (n > 0 && window.confirm(`Discard ${plural(n, 'change')} that could not be sent yet?`)) {
        room.discardPending();
        showNotice('Waiting changes discarded.');
      }
    },
  });
  const current = createCurrentView({ member, meetingId });
  const agenda = createAgendaView(context);
  const controls = createControlsView(context);
  const presenceView = createPresenceView(context);
  const attendance = createAttendanceView(context);
  const whereAmI = createWhereAmIView(context, meetingId);
  const callLink = createCallLinkView(context);
  // Each view announces under its topic, so a person can turn that topic off.
  const hands = createHandsView({ ...context, announcer: announcer.about('hands') });
  const summary = createSummaryView({ ...context, announcer: announcer.about('contributions') });
  const discussion = createDiscussionView({ ...context, announcer: announcer.about('contributions') });
  const actions = createActionsView({ ...context, announcer: announcer.about('actions') });
  const keyAgencies = createKeyAgenciesView(context);
  const itemOutcome = createItemOutcomeView(context);
  const timeUse = createTimeUseView();
  const cockpit = createCockpitView(context);

  const chair = hasRole(member, 'chair');
  installShortcuts({
    toggle: $('shortcuts-enabled'),
    active: () => chair && Boolean(model) && model.meeting?.status === 'live' && controls.timerShown(),
    run(command) {
      if (command === 'toggle') controls.toggleTimer();
      else if (command === 'takeHand') $('hand-next').click();
      else controls.press(command);
    },
  });

  // ---------- drawing ----------

  let renderQueued = false;
  function render() {
    renderQueued = false;
    if (!model) return;
    const now = room.serverNow();
    const pending = room.pending();
    const views = [
      () => header.renderMeeting(meetingInfo, model.meeting),
      () => callLink.render(meetingInfo, model),
      () => current.render(model, now),
      () => controls.render(model),
      () => itemOutcome.render(model, now),
      () => keyAgencies.render(model),
      () => summary.render(model, presence),
      () => hands.render(model, presence),
      () => discussion.render(model, pending),
      () => actions.render(model, presence, pending),
      () => agenda.render(model, now),
      () => attendance.render(model, presence),
      () => whereAmI.render(model),
      () => presenceView.render(presence),
      () => timeUse.render(model, now),
      () => cockpit.render(model), // last: it reads what the composer and the waiting actions show
    ];
    // One view failing must not blank the others.
    views.forEach((draw) => {
      try {
        draw();
      } catch (err) {
        console.error('room view failed', err);
      }
    });
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
    timeUse.tick(model, now);
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
      'meeting.observerAccessChanged': isObserverOnly(member)
        ? (p.meeting?.observersSeeCases ? 'The chair has allowed observers to see case details.' : 'Case details are now withheld from observers.')
        : null,
      'timer.started': f && `Timer started: ${name}, ${left}.`,
      'timer.paused': f && `Timer paused: ${name}, ${left}.`,
      'timer.resumed': f && `Timer resumed: ${name}, ${left}.`,
      'timer.extended': f && `${plural(p.minutes, 'minute')} added to ${name}: ${left}.`,
      'timer.moved': f && `${p.direction === 'back' ? 'Back to' : 'Next item:'} ${name}, ${left}.`,
      'agenda.shared': 'The remaining time has been shared evenly across the cases still to come.',
    }[event.type];
    if (text) announcer.change(text);
    if (event.type === 'hand.taken') hands.announceTaken(event);
    summary.announceEvent(event, model);
    discussion.announceEvent(event);
    actions.announceEvent(event);
    // A change to the timer or the agenda says where the time stands, so it is not followed at once
    // by a "time passing" message. Anything else (a contribution, a hand) leaves the stage alone:
    // arriving just as 1 minute is left, it must not swallow the "1 minute left" warning.
    if (/^(timer|agenda|meeting)\./.test(event.type)) lastStage = timeStage(now);
  }

  // ---------- the connection ----------

  let checkingRejection = false;
  async function onRejected({ expired, joined }) {
    if (expired || !token()) {
      sessionEnded();
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
        sessionEnded();
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

  let lastPending = 0;
  // api.js's token() gives the current token (or null once expired), read at every frame.
  room = connectRoom(meetingId, token, {
    onSnapshot(state) {
      const previous = model;
      model = fromSnapshot(state);
      focusOutOfDate(model);
      // What only events tell (objections, who was called) outlives a fresh copy of the state.
      if (previous) {
        model.objections = previous.objections;
        model.speaker = previous.speaker;
      }
      if (Array.isArray(state.presence)) presence = state.presence;
      lastStage = null;
      scheduleRender();
    },
    onEvent(event, { live }) {
      if (!model) return;
      applyEvent(model, event);
      scheduleRender();
      if (event.type === 'attendance.marked') keyAgencies.attendanceChanged();
      // What this member may see has changed: ask for the state again (withheld parts come, or go).
      if (event.type === 'meeting.observerAccessChanged' && isObserverOnly(member)) room.refresh();
      // The timer moved to another case: timer events carry no `focus`, so fetch its summary.
      else if (focusOutOfDate(model)) room.refresh();
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
    onStatus(status) {
      header.renderConnection(status);
      // Back online with a case summary still to fetch (the timer moved while we were away).
      if (status.phase === 'live' && model?.focus?.caseId && !model.focus.summary) room.refresh();
      // Changes waiting in the outbox are listed where they will land (contributions, actions).
      if (status.pending !== lastPending || status.phase === 'live') {
        lastPending = status.pending;
        scheduleRender();
      }
    },
    onNotice(body) {
      if (body.type === 'reconnect') {
        showNotice('The server is restarting. Reconnecting in a moment: everything it acknowledged is saved, and anything waiting is sent once back.');
      }
    },
    onCommandError(err, entry) {
      // A change made on an earlier page (or before a reload) was refused: the view it came from
      // takes it back, so nothing written is lost; anything else is said in the alert region.
      const adopted = (entry.type === 'case.edit' && summary.adoptFailure(err, entry))
        || (entry.type === 'contribution.add' && discussion.adoptFailure(err, entry))
        || (entry.type === 'action.propose' && actions.adoptFailure(err, entry));
      if (!adopted) showAlert(`A change made earlier could not be applied (${DOING[entry.type] ?? entry.type}): ${err.message}`);
    },
    onRejected,
  });

  setInterval(tick, TICK_MS);

  // The panel's name and the location are not part of the live state.
  apiFetch(`/api/meetings/${meetingId}`).then((info) => {
    meetingInfo = info;
    header.renderMeeting(meetingInfo, model?.meeting);
    scheduleRender();
  }, (err) => {
    if (ended) return;
    if (err.status === 401) {
      sessionEnded();
    } else if (err.status === 403 || err.status === 404) {
      room.close();
      stopWith('This meeting was not found, or you are not a member of its panel. ',
        h('a', { href: 'index.html', text: 'Back to your meetings' }), '.');
    }
    // Otherwise (offline, server restarting) the live connection keeps trying on its own.
  });
}
