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
import { plural } from './format.js';
import { connectRoom } from './live.js';
import './demo-banner.js';
import { hasRole, roleLabel } from './roles.js';
import { applyEvent, focusOutOfDate, fromSnapshot, isObserverOnly } from './room-state.js';
import { createActionsView } from './room/actions.js';
import { createAgendaView } from './room/agenda.js';
import { clearAlert, showAlert, showNotice, stopWith } from './room/alerts.js';
import { createAnnounceSettings } from './room/announce-settings.js';
import { createAttendanceView } from './room/attendance.js';
import { createCallLinkView } from './room/call-link.js';
import { createWhereAmIView } from './room/where-am-i.js';
import { createCockpitView } from './room/cockpit.js';
import { doing } from './room/command-words.js';
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
import { createTimeAnnouncements } from './room/time-announcements.js';
import { createTimeUseView } from './room/time-use.js';

const TICK_MS = 250;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const $ = (id) => document.getElementById(id);

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
        if (err.code !== 'discarded') showAlert(`Could not ${doing(type)}: ${err.message}`);
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
    timeNews.announceTime(model, now);
  }

  // ---------- announcements ----------

  const timeNews = createTimeAnnouncements({ member, announcer });

  function announceEvent(event) {
    const now = room.serverNow();
    timeNews.announceEvent(model, event, now);
    if (event.type === 'hand.taken') hands.announceTaken(event);
    summary.announceEvent(event, model);
    discussion.announceEvent(event);
    actions.announceEvent(event);
    timeNews.settle(model, event, now);
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
      timeNews.forget();
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
      } else if (body.type === 'outdated') {
        showAlert('This page is out of date: reload it to rejoin the meeting. Anything waiting to be sent is kept and sent once you do.');
      }
    },
    onCommandError(err, entry) {
      // A change made on an earlier page (or before a reload) was refused: the view it came from
      // takes it back, so nothing written is lost; anything else is said in the alert region.
      const adopted = (entry.type === 'case.edit' && summary.adoptFailure(err, entry))
        || (entry.type === 'contribution.add' && discussion.adoptFailure(err, entry))
        || (entry.type === 'action.propose' && actions.adoptFailure(err, entry));
      if (!adopted) showAlert(`A change made earlier could not be applied (${doing(entry.type)}): ${err.message}`);
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
