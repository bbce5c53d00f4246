// A&I Live – the live connection to one meeting room (docs/PROTOCOL.md, "The live channel").
//
// One module owns the socket so every view gets the same guarantees:
// - join: listen to `.presence` and `.events` (the token in each frame's headers), wait for
//   `joined`, then `sync` and apply the numbered events strictly in seq order (a gap: sync again);
// - clock: the offset from the server clock, measured with `time`, so countdowns agree everywhere;
// - truth: a socket that stays open while nothing arrives (no heartbeat for a few seconds, see
//   heartbeat.js) is "reconnecting", never "live"; after longer silence it is replaced;
// - commands: each gets an idempotency key and goes through a persistent outbox, sent in order;
//   what the retry rule of commands.js calls retryable (offline, no answer, 503, 429) waits, backing
//   off as that rule says, and is sent again with the same key, once connected.
//
// It knows nothing about what events mean: the page applies them (see room-state.js).
// Needs the globals `EventBus` (vendor/vertx-eventbus.js) and `SockJS` (vendor/sockjs.min.js).

import { createOutbox } from './outbox.js';
import { createClock } from './clock.js';
import { createHeartbeatWatch } from './heartbeat.js';
import { commandBody, isRetryable, newKey, retryDelay } from './commands.js';

const PING_INTERVAL_MS = 10_000;
const REQUEST_TIMEOUT_MS = 10_000;
const TIME_TIMEOUT_MS = 5_000;
const CLOCK_REMEASURE_MS = 5 * 60_000;
/**
 * The live protocol this client speaks, sent when it joins `.events` (docs/PROTOCOL.md, "Events"):
 * in 2 an event carries what changed, the whole `agenda` only when its order changed, else `items`.
 */
export const PROTOCOL = 2;

/** A catch-up (`sync`) that was not answered is asked again after this; commands follow commands.js. */
const SYNC_RETRY_MS = 2_000;
const ACK_GRACE_MS = 3_000;
/** Keeps a command well under the bridge's 16 KiB frame limit (the token rides along). */
const MAX_COMMAND_CHARS = 12_000;

/** A command or request that failed; whether it may be sent again is commands.js's isRetryable. */
export class CommandError extends Error {
  constructor(status, code, message, { details = null } = {}) {
    super(message);
    this.name = 'CommandError';
    this.status = status;
    this.code = code;
    /** The whole JSON error, with what a client needs to recover (e.g. `field`, `current`, `version` of an `edit_conflict`). */
    this.details = details;
  }

  /** The field a `400 invalid_field` names: its message starts with it in quotes ("'dueDate' must…"). */
  get field() {
    if (this.details && typeof this.details.field === 'string') return this.details.field;
    const m = /^'([A-Za-z]+)'/.exec(this.message || '');
    return m ? m[1] : null;
  }
}

const disconnected = () => new CommandError(0, 'disconnected', 'Not connected to the meeting.');

/** A failure reply from the bridge: `message` is the JSON error of the protocol, as a string. */
function toCommandError(failure) {
  let status = Number(failure?.failureCode);
  const type = String(failure?.failureType || '');
  let code = 'error';
  let message = 'The server could not do that.';
  let details = null;
  try {
    const parsed = JSON.parse(failure?.message);
    if (parsed && typeof parsed === 'object') details = parsed;
    if (parsed && typeof parsed.error === 'string') code = parsed.error;
    if (parsed && typeof parsed.message === 'string') message = parsed.message;
  } catch {
    if (typeof failure?.message === 'string' && failure.message) message = failure.message;
  }
  // TIMEOUT / NO_HANDLERS come from the bus itself (it did not answer in time, or no owner of the
  // room yet): named as the REST road names them (web/Failures.java), so one retry rule reads both.
  const own = { TIMEOUT: 'timeout', NO_HANDLERS: 'room_unavailable' }[type];
  if (own) {
    status = 503;
    code = own;
  }
  return new CommandError(Number.isFinite(status) ? status : 0, code, message, { details });
}

/** The claims of a JWT, unverified (the server verifies; we only read `sub` and `exp`). */
export function tokenClaims(token) {
  try {
    const part = String(token).split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(part.padEnd(Math.ceil(part.length / 4) * 4, '=')),
      (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''));
    const claims = JSON.parse(json);
    return claims && typeof claims === 'object' ? claims : {};
  } catch {
    return {};
  }
}

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
  let joinedLastSeq = 0;
  let lastApplied = null;      // null until the first state arrives
  const early = new Map();     // seq → event, received before it could be applied
  let syncing = false;
  let generation = 0;          // one per socket: work started on an old socket stops quietly
  let syncWanted = null;       // {state: boolean} when another sync is due
  let presenceAt = -Infinity;  // serverTime of the presence we show
  const inflight = new Set();
  const waiters = new Map();   // key → {resolve, reject}, for commands sent from this page
  let flushing = false;
  let retryTimer = null;
  let failedTries = 0;         // retryable failures in a row, for retryDelay (commands.js)
  let clockTimer = null;

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

  // ---------- requests over the bus ----------

  function request(body, timeoutMs = REQUEST_TIMEOUT_MS) {
    return new Promise((resolve, reject) => {
      if (!eb || eb.state !== EventBus.OPEN) {
        reject(disconnected());
        return;
      }
      let done = false;
      const rec = {};
      const settle = (fn) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        inflight.delete(rec);
        fn();
      };
      rec.fail = (err) => settle(() => reject(err));
      const timer = setTimeout(() => rec.fail(new CommandError(0, 'timeout',
        'The server did not answer in time.')), timeoutMs);
      inflight.add(rec);
      try {
        eb.send(address('cmd'), body, { token: currentToken() }, (err, msg) => settle(() => {
          if (err) reject(toCommandError(err));
          else resolve(msg?.body ?? {});
        }));
      } catch {
        rec.fail(disconnected());
      }
    });
  }

  // ---------- events, in seq order ----------

  function applyOne(event) {
    if (event.seq <= lastApplied) return;
    if (event.seq !== lastApplied + 1) {
      early.set(event.seq, event);
      return;
    }
    lastApplied = event.seq;
    call('onEvent', event, { live: Number.isFinite(event.serverTime) });
  }

  /** Applies whatever is now contiguous; a gap that remains means something was missed. */
  function drain() {
    if (lastApplied === null) return;
    for (const seq of [...early.keys()].sort((a, b) => a - b)) {
      const event = early.get(seq);
      if (seq <= lastApplied || seq === lastApplied + 1) {
        early.delete(seq);
        applyOne(event);
      }
    }
    if (early.size > 0) resync();
  }

  function receive(event) {
    if (!Number.isFinite(event?.seq)) return;
    if (lastApplied === null || syncing) {
      early.set(event.seq, event);
      return;
    }
    applyOne(event);
    drain();
  }

  function takePresence(members, serverTime) {
    // Presence is not numbered: keep whichever picture is newest by server time.
    if (!Array.isArray(members) || !(serverTime >= presenceAt)) return;
    presenceAt = serverTime;
    call('onPresence', members);
  }

  /**
   * Catches up. With `state`, the reply also holds the whole state: taken as it is on the first
   * join, or when more than one reply's worth of events was missed; otherwise the events are
   * applied in order and only the (unnumbered) presence is taken from it. Resolves to true when
   * caught up, false when not answered (the caller decides when to try again).
   */
  async function sync({ state = false, replace = false, presence = false } = {}) {
    if (syncing) {
      syncWanted = { state: state || Boolean(syncWanted?.state), replace: replace || Boolean(syncWanted?.replace),
        presence: presence || Boolean(syncWanted?.presence) };
      return true;
    }
    if (!joined) return false;
    const socket = generation;
    syncing = true;
    let want = { state, replace, presence };
    try {
      while (want) {
        syncWanted = null;
        // First join: the state covers the history, so ask only for what follows `joined`.
        const after = lastApplied ?? joinedLastSeq;
        const reply = await request({ type: 'sync', after, state: want.state, presence: Boolean(want.presence) });
        if (socket !== generation) return false;
        if (reply.storage) setStorage(reply.storage);
        const events = Array.isArray(reply.events) ? reply.events.slice().sort((a, b) => a.seq - b.seq) : [];
        // `replace`: the page asked for the whole state again (e.g. what it may see has changed).
        if (want.state && reply.state && (lastApplied === null || reply.more || want.replace)) {
          lastApplied = reply.state.lastSeq ?? reply.lastSeq ?? 0;
          call('onSnapshot', reply.state);
        } else {
          events.forEach(applyOne);
        }
        if (want.state && reply.state) takePresence(reply.state.presence, reply.serverTime);
        else if (reply.presence) takePresence(reply.presence, reply.serverTime);
        // More than one reply's worth missed: the whole state is quicker than page after page.
        want = syncWanted ?? (reply.more && lastApplied < reply.lastSeq ? { state: true, replace: false } : null);
      }
    } catch {
      return false;
    } finally {
      if (socket === generation) syncing = false;
    }
    drain();
    return true;
  }

  /** A catch-up nobody waits for (a gap, a missing event): keeps trying while connected. */
  function resync(options) {
    sync(options).then((ok) => {
      if (!ok && joined) setTimeout(() => resync(options), SYNC_RETRY_MS);
    });
  }

  // ---------- the outbox ----------

  function settleWaiter(key, fn) {
    const w = waiters.get(key);
    if (w) {
      waiters.delete(key);
      fn(w);
      return true;
    }
    return false;
  }

  /** Sends what waits, oldest first, one at a time, so the server sees the user's order. */
  async function flush() {
    if (flushing || !joined || !everSynced) return;
    flushing = true;
    clearTimeout(retryTimer);
    try {
      for (let entry = outbox.first(); entry && joined; entry = outbox.first()) {
        let reply;
        try {
          reply = await request(commandBody(entry.type, entry.key, entry.fields));
        } catch (err) {
          if (isRetryable(err)) {
            // Kept, key and all, and sent again later (or at once when the socket joins again).
            if (joined) retryTimer = setTimeout(flush, retryDelay(failedTries++));
            return;
          }
          outbox.remove(entry.key);
          if (!settleWaiter(entry.key, (w) => w.reject(err))) call('onCommandError', err, entry);
          continue;
        }
        failedTries = 0;
        outbox.remove(entry.key);
        settleWaiter(entry.key, (w) => w.resolve(reply));
        expectSeq(reply.seq);
      }
    } finally {
      flushing = false;
      status();
    }
  }

  /** The event of an acknowledged change is published before the reply: if it has not come, catch up. */
  function expectSeq(seq) {
    if (!Number.isFinite(seq)) return;
    setTimeout(() => {
      if (joined && lastApplied !== null && lastApplied < seq) resync();
    }, ACK_GRACE_MS);
  }

  // ---------- the socket ----------

  function onOpen() {
    generation++;
    joined = false;
    caughtUp = false;
    syncing = false;
    heartbeat.watch(eb.sockJSConn);
    setPhase(everSynced ? 'reconnecting' : 'connecting');
    // Presence first, so the broadcast our own join causes is more likely to reach us.
    eb.registerHandler(address('presence'), { token: currentToken() }, (err, msg) => {
      if (!err && msg?.body?.type === 'presence') takePresence(msg.body.members, msg.body.serverTime);
    });
    eb.registerHandler(address('events'), { token: currentToken(), protocol: PROTOCOL }, (err, msg) => {
      const body = msg?.body;
      // The server speaks a newer protocol than this page: the page must be reloaded.
      if (err && toCommandError(err).code === 'protocol_outdated') call('onNotice', { type: 'outdated' });
      if (err || !body) return;
      if (Number.isFinite(body.seq)) receive(body);
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
    joinedLastSeq = Number(body.lastSeq) || 0;
    clock.seed(body.serverTime);
    // Back after a drop: only what was missed, and who is here (the whole state only if far behind).
    const first = lastApplied === null ? { state: true } : { presence: true };
    while (!(await sync(first))) {
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
    syncing = false;
    heartbeat.stop();
    clearTimeout(retryTimer);
    inflight.forEach((rec) => rec.fail(disconnected()));
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
    clearTimeout(retryTimer);
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
    send(type, fields = {}) {
      const entry = { key: newKey(), type, fields, queuedAt: Date.now() };
      if (JSON.stringify(commandBody(type, entry.key, fields)).length > MAX_COMMAND_CHARS) {
        return Promise.reject(new CommandError(413, 'body_too_large', 'That is too long to send.'));
      }
      const done = new Promise((resolve, reject) => waiters.set(entry.key, { resolve, reject }));
      outbox.add(entry);
      return done;
    },

    /** A question that changes nothing (`sync`, `time`), answered now or rejected: never queued. */
    request: (type, fields = {}) => request({ ...fields, type }),

    status: () => ({ phase, pending: outbox.size(), online: navigator.onLine !== false, storage }),
    pending: () => outbox.list(),

    /** Forgets every waiting command (the user chose to drop them). */
    discardPending() {
      outbox.list().forEach((e) => settleWaiter(e.key, (w) => w.reject(
        new CommandError(0, 'discarded', 'The change was discarded before it reached the server.'))));
      outbox.clear();
    },

    /**
     * Asks for the whole state again and hands it to `onSnapshot` (e.g. the chair let observers see
     * case details: what was withheld from this member is now sent). Resolves to true once done.
     */
    refresh: () => sync({ state: true, replace: true }),

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
