// A&I Live – the live connection to one meeting room (docs/PROTOCOL.md, "The live channel").
//
// One module owns the socket so every view gets the same guarantees:
// - join: listen to `.presence` and `.events` (the token in each frame's headers), wait for
//   `joined`, then `sync` and apply the numbered events strictly in seq order (a gap: sync again;
//   catch-up.js);
// - clock: the offset from the server clock, measured with `time`, so countdowns agree everywhere
//   (clock.js);
// - truth: a socket that stays open while nothing arrives (no heartbeat for a few seconds, see
//   heartbeat.js) is "reconnecting", never "live"; after longer silence it is replaced;
// - commands: each gets an idempotency key and goes through a persistent outbox (outbox.js), sent
//   in order (live-sender.js); what the retry rule of commands.js calls retryable (offline, no
//   answer, 503, 429) waits, backing off as that rule says, and is sent again with the same key,
//   once connected. Requests over the bus: bus-request.js; their failures: live-errors.js.
//
// It knows nothing about what events mean: the page applies them (see room-state.js).
// Needs the globals `EventBus` (vendor/vertx-eventbus.js) and `SockJS` (vendor/sockjs.min.js).

import { createOutbox } from './outbox.js';
import { createClock } from './clock.js';
import { createHeartbeatWatch } from './heartbeat.js';
import { createBusRequests } from './bus-request.js';
import { createCatchUp, SYNC_RETRY_MS } from './catch-up.js';
import { createSender } from './live-sender.js';
import { toCommandError, tokenClaims } from './live-errors.js';

export { CommandError, tokenClaims } from './live-errors.js';

const PING_INTERVAL_MS = 10_000;
const TIME_TIMEOUT_MS = 5_000;
const CLOCK_REMEASURE_MS = 5 * 60_000;
/**
 * The live protocol this client speaks, sent when it joins `.events` (docs/PROTOCOL.md, "Events"):
 * in 2 an event carries what changed, the whole `agenda` only when its order changed, else `items`.
 */
export const PROTOCOL = 2;

/**
 * Connects to a meeting room and keeps the connection up.
 *
 * @param {string} meetingId
 * @param {string|(() => string)} token  the bearer token, or a function giving the current one
 *        (sent in the `token` header of every frame)
 * @param {object} [handlers]
 * @param {(state: object) => void} [handlers.onSnapshot]  the whole state (first join, or after a long absence)
 * @param {(event: object, info: {live: boolean}) => void} [handlers.onEvent]  each event once, in seq order
 * @param {(members: object[]) => void} [handlers.onPresence]  who is connected now
 * @param {(status: {phase: string, pending: number, online: boolean, storage: string}) => void} [handlers.onStatus]
 *        phase: 'connecting' | 'live' | 'reconnecting' | 'stopped' ('reconnecting' also while the socket
 *        is open but stalled); pending: commands in the outbox; online: `navigator.onLine`;
 *        storage: 'ok', or 'delayed' while the server cannot save
 * @param {(notice: object) => void} [handlers.onNotice]  any other message on `.events` without a seq
 * @param {(error: CommandError, entry: object) => void} [handlers.onCommandError]  a queued command
 *        from an earlier page (nobody awaits it) was refused
 * @param {(info: {reason: string, expired: boolean, joined: boolean}) => void} [handlers.onRejected]
 *        the bridge refused a frame (no valid token, no access, or the room could not be reached)
 */
export function connectRoom(meetingId, token, handlers = {}) {
  const EventBus = globalThis.EventBus;
  if (typeof EventBus !== 'function') throw new Error('vendor/vertx-eventbus.js is not loaded');

  const address = (suffix) => `ailive.meeting.${meetingId}.${suffix}`;
  // A function lets a refreshed token (POST /api/auth/refresh) be used from the next frame on.
  const currentToken = typeof token === 'function' ? token : () => token;
  const claims = tokenClaims(currentToken());
  const outbox = createOutbox(`ailive.outbox.${meetingId}.${claims.sub || 'anonymous'}`);
  const bus = createBusRequests({
    socket: () => eb, openState: EventBus.OPEN, address: address('cmd'), token: currentToken,
  });
  const request = bus.request;
  const clock = createClock(() => request({ type: 'time' }, TIME_TIMEOUT_MS).then((r) => r.serverTime));
  const call = (name, ...args) => {
    try {
      handlers[name]?.(...args);
    } catch (err) {
      console.error(`room handler ${name} failed`, err);
    }
  };

  let eb = null;
  let phase = 'connecting';
  let storage = 'ok';          // 'delayed' while the server cannot save (its `storage` notice)
  let joined = false;          // `joined` seen on this socket
  let everSynced = false;
  let caughtUp = false;        // joined on this socket and caught up (onJoined done)
  let stopped = false;
  let generation = 0;          // one per socket: work started on an old socket stops quietly
  let clockTimer = null;

  const catchUp = createCatchUp({
    request, call, setStorage: (value) => setStorage(value), joined: () => joined, generation: () => generation,
  });
  const sender = createSender({
    outbox, request, call, joined: () => joined, everSynced: () => everSynced,
    expectSeq: catchUp.expectSeq, status: () => status(),
  });
  const flush = sender.flush;

  // ---------- status ----------

  let lastStatus = '';
  function status() {
    const s = { phase, pending: outbox.size(), online: navigator.onLine !== false, storage };
    const text = JSON.stringify(s);
    if (text !== lastStatus) {
      lastStatus = text;
      call('onStatus', s);
    }
  }
  const setPhase = (p) => {
    phase = p;
    status();
  };
  /** Joined and caught up: live, unless nothing has been heard for a while (then it only seems so). */
  const setLive = () => setPhase(heartbeat.stalled() ? 'reconnecting' : 'live');

  // ---------- a stalled socket ----------

  const heartbeat = createHeartbeatWatch({
    onStall() {
      if (!stopped) setPhase(everSynced ? 'reconnecting' : 'connecting');
    },
    onFlow() {
      // The same socket came back (a short stall): whatever waited goes now, keys and all.
      if (joined && caughtUp) {
        setPhase('live');
        flush();
      }
    },
    onDrop() {
      // Silent for long: this socket is gone in all but name. A new one joins and catches up; a
      // command that was in flight is sent again with its key, so it still lands once.
      if (stopped) return;
      joined = false;
      teardown();
      setPhase(everSynced ? 'reconnecting' : 'connecting');
      open();
    },
  });
  outbox.onChange(() => {
    status();
    if (joined) flush();
  });

  // ---------- the socket ----------

  function onOpen() {
    generation++;
    joined = false;
    caughtUp = false;
    catchUp.socketChanged();
    heartbeat.watch(eb.sockJSConn);
    setPhase(everSynced ? 'reconnecting' : 'connecting');
    // Presence first, so the broadcast our own join causes is more likely to reach us.
    eb.registerHandler(address('presence'), { token: currentToken() }, (err, msg) => {
      if (!err && msg?.body?.type === 'presence') catchUp.takePresence(msg.body.members, msg.body.serverTime);
    });
    eb.registerHandler(address('events'), { token: currentToken(), protocol: PROTOCOL }, (err, msg) => {
      const body = msg?.body;
      // The server speaks a newer protocol than this page: the page must be reloaded.
      // It stops trying (every attempt would be refused the same); the outbox keeps what waits.
      if (err && toCommandError(err).code === 'protocol_outdated') {
        call('onNotice', { type: 'outdated' });
        stop();
        return;
      }
      if (err || !body) return;
      if (Number.isFinite(body.seq)) catchUp.receive(body);
      else notice(body);
    });
  }

  const setStorage = (value) => {
    storage = value === 'delayed' ? 'delayed' : 'ok';
    status();
  };

  /** Messages on `.events` without a seq: not part of the log, about the connection itself. */
  function notice(body) {
    switch (body.type) {
      case 'joined':
        onJoined(body);
        break;
      case 'storage':
        // The server cannot save for now: changes are answered 503 and wait in the outbox.
        setStorage(body.status);
        break;
      case 'reconnect': {
        // The node is about to stop: come back after the hint (spread out, so not everyone at once).
        const after = Math.max(0, Number(body.afterMs) || 0);
        joined = false;
        teardown();
        setPhase('reconnecting');
        setTimeout(() => {
          if (!stopped && !eb) open();
        }, after + Math.random() * Math.min(Math.max(after, 1_000), 5_000));
        // The page may say why it is reconnecting.
        call('onNotice', body);
        break;
      }
      default:
        call('onNotice', body);
    }
  }

  async function onJoined(body) {
    const socket = generation;
    joined = true;
    catchUp.joinedAt(Number(body.lastSeq) || 0);
    clock.seed(body.serverTime);
    // Back after a drop: only what was missed, and who is here (the whole state only if far behind).
    const first = catchUp.hasState() ? { presence: true } : { state: true };
    while (!(await catchUp.sync(first))) {
      if (socket !== generation || !joined) return;
      await new Promise((resolve) => setTimeout(resolve, SYNC_RETRY_MS));
      if (socket !== generation || !joined) return;
    }
    if (socket !== generation || !joined) return;
    everSynced = true;
    caughtUp = true;
    setLive();
    flush();
    measureClock();
  }

  function onClose() {
    generation++;
    joined = false;
    caughtUp = false;
    catchUp.socketChanged();
    heartbeat.stop();
    sender.cancelRetry();
    bus.failAll();
    if (!stopped) setPhase(everSynced ? 'reconnecting' : 'connecting');
  }

  function onBusError(frame) {
    const reason = String(frame?.body || frame?.message || 'error');
    if (reason !== 'rejected' && reason !== 'access_denied') {
      console.warn('event bus error', frame);
      return;
    }
    const exp = Number(tokenClaims(currentToken()).exp ?? claims.exp);
    const expired = Number.isFinite(exp) && exp * 1000 <= clock.serverNow();
    if (expired) stop();
    call('onRejected', { reason, expired, joined });
  }

  function open() {
    // WebSocket only: the server serves no HTTP fallback transports (docs/PROTOCOL.md).
    eb = new EventBus('/eventbus', { vertxbus_ping_interval: PING_INTERVAL_MS, transports: ['websocket'] });
    eb.enableReconnect(true);
    eb.onopen = onOpen;
    eb.onclose = onClose;
    eb.onerror = onBusError;
  }

  function teardown() {
    if (!eb) return;
    const old = eb;
    eb = null;
    old.onopen = null;
    old.onclose = null;
    old.onerror = null;
    try {
      old.close();
    } catch {
      // already closed
    }
    onClose();
  }

  function measureClock() {
    clearTimeout(clockTimer);
    clock.measure().finally(() => {
      if (!stopped) clockTimer = setTimeout(measureClock, CLOCK_REMEASURE_MS);
    });
  }

  function stop() {
    stopped = true;
    clearTimeout(clockTimer);
    sender.cancelRetry();
    teardown();
    setPhase('stopped');
  }

  const onOnline = () => {
    status();
    // Back online with a socket that went quiet meanwhile: do not wait for the heartbeat to give up.
    if (navigator.onLine !== false && heartbeat.stalled() && eb) {
      joined = false;
      teardown();
      setPhase('reconnecting');
      open();
    }
  };
  const onVisible = () => {
    // A laptop waking from sleep: its clock may have been adjusted meanwhile.
    if (document.visibilityState === 'visible' && joined) measureClock();
  };
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOnline);
  document.addEventListener('visibilitychange', onVisible);

  open();
  status();

  return {
    /** Server time now (ms since the epoch), from the measured clock offset. */
    serverNow: () => clock.serverNow(),

    /**
     * Sends a change. Resolves with the acknowledgement `{ok, seq, serverTime[, duplicate]}`, possibly
     * much later if it had to wait in the outbox; rejects with a CommandError for a refusal (4xx, 500).
     */
    send: (type, fields = {}) => sender.send(type, fields),

    /** A question that changes nothing (`sync`, `time`), answered now or rejected: never queued. */
    request: (type, fields = {}) => request({ ...fields, type }),

    status: () => ({ phase, pending: outbox.size(), online: navigator.onLine !== false, storage }),
    pending: () => outbox.list(),

    /** Forgets every waiting command (the user chose to drop them). */
    discardPending: () => sender.discardPending(),

    /**
     * Asks for the whole state again and hands it to `onSnapshot` (e.g. the chair let observers see
     * case details: what was withheld from this member is now sent). Resolves to true once done.
     */
    refresh: () => catchUp.sync({ state: true, replace: true }),

    /** Drops the socket and opens a new one (e.g. after a refusal that was only temporary). */
    reconnect() {
      if (stopped) return;
      teardown();
      open();
    },

    /** Leaves the meeting for good: no reconnecting. The outbox is kept for next time. */
    close() {
      stop();
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOnline);
      document.removeEventListener('visibilitychange', onVisible);
    },
  };
}
