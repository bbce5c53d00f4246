// A&I Live – the room's numbered events, applied once each and strictly in seq order (live.js):
// an event that arrives early waits; a gap that remains means something was missed, and a
// catch-up (`sync`) from the last seq applied fetches it. Presence is not numbered: the newest
// picture by server time wins. It knows nothing about what events mean (see room-state.js).

/** A catch-up (`sync`) that was not answered is asked again after this. */
export const SYNC_RETRY_MS = 2_000;
const ACK_GRACE_MS = 3_000;

/**
 * @param {object} link  the connection's side (live.js)
 * @param {(body: object) => Promise<object>} link.request  a question over the bus
 * @param {(name: string, ...args: any[]) => void} link.call  calls one of the page's handlers
 * @param {(value: string) => void} link.setStorage  the `storage` a reply reports
 * @param {() => boolean} link.joined  `joined` seen on this socket
 * @param {() => number} link.generation  one per socket: work started on an old socket stops quietly
 */
export function createCatchUp({ request, call, setStorage, joined, generation }) {
  let joinedLastSeq = 0;
  let lastApplied = null;      // null until the first state arrives
  const early = new Map();     // seq → event, received before it could be applied
  let syncing = false;
  let syncWanted = null;       // {state: boolean} when another sync is due
  let presenceAt = -Infinity;  // serverTime of the presence we show

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
    if (!joined()) return false;
    const socket = generation();
    syncing = true;
    let want = { state, replace, presence };
    try {
      while (want) {
        syncWanted = null;
        // First join: the state covers the history, so ask only for what follows `joined`.
        const after = lastApplied ?? joinedLastSeq;
        const reply = await request({ type: 'sync', after, state: want.state, presence: Boolean(want.presence) });
        if (socket !== generation()) return false;
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
      if (socket === generation()) syncing = false;
    }
    drain();
    return true;
  }

  /** A catch-up nobody waits for (a gap, a missing event): keeps trying while connected. */
  function resync(options) {
    sync(options).then((ok) => {
      if (!ok && joined()) setTimeout(() => resync(options), SYNC_RETRY_MS);
    });
  }

  /** The event of an acknowledged change is published before the reply: if it has not come, catch up. */
  function expectSeq(seq) {
    if (!Number.isFinite(seq)) return;
    setTimeout(() => {
      if (joined() && lastApplied !== null && lastApplied < seq) resync();
    }, ACK_GRACE_MS);
  }

  return {
    receive,
    takePresence,
    sync,
    expectSeq,
    /** `joined` arrived: the seq it names is where a first catch-up starts. */
    joinedAt(lastSeq) {
      joinedLastSeq = lastSeq;
    },
    /** True once a whole state has been taken (so a rejoin asks only for what was missed). */
    hasState: () => lastApplied !== null,
    /** A new socket, or none: a catch-up of the old one is over. */
    socketChanged() {
      syncing = false;
    },
  };
}
