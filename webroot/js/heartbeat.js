// A&I Live – tells a stalled connection from a quiet meeting. A socket can stay "open" for minutes
// while nothing flows (a dead Wi-Fi, a phone between masts, a proxy that stopped forwarding): the
// browser notices only when TCP gives up. The server's SockJS transport sends a heartbeat frame
// every second (docs/PROTOCOL.md, "The live channel"), so hearing nothing at all for STALL_MS
// means the connection is stalled, and for DROP_MS that it is gone: live.js then says
// "Reconnecting…" and, at DROP_MS, opens a new socket.
//
// Only arrivals are timed (the `message` and `heartbeat` events of the SockJS object), never our
// own timers' regularity: a background tab whose timers are slowed still hears the heartbeats, so
// it is not taken for stalled.

/** Silence after which the connection is said to be stalled (heartbeats come every second). */
export const STALL_MS = 3_000;
/** Silence after which the socket is given up and a new one opened. */
export const DROP_MS = 10_000;
const CHECK_MS = 250;

/**
 * @param {object} handlers
 * @param {() => void} handlers.onStall  nothing has arrived for STALL_MS
 * @param {() => void} handlers.onFlow   something arrived again after a stall
 * @param {() => void} handlers.onDrop   nothing has arrived for DROP_MS (the watch stops itself)
 */
export function createHeartbeatWatch({ onStall, onFlow, onDrop }, now = () => Date.now()) {
  let socket = null;
  let lastHeardAt = 0;
  let stalled = false;
  let timer = null;

  function heard() {
    lastHeardAt = now();
    if (stalled) {
      stalled = false;
      onFlow();
    }
  }

  function check() {
    if (!socket) return;
    const quiet = now() - lastHeardAt;
    if (quiet >= DROP_MS) {
      stop();
      onDrop();
    } else if (!stalled && quiet >= STALL_MS) {
      stalled = true;
      onStall();
    }
  }

  function stop() {
    clearInterval(timer);
    timer = null;
    if (socket) {
      socket.removeEventListener('message', heard);
      socket.removeEventListener('heartbeat', heard);
    }
    socket = null;
    stalled = false;
  }

  return {
    /** Starts timing a SockJS object that has just opened (the old one, if any, is let go). */
    watch(sockJs) {
      stop();
      if (!sockJs || typeof sockJs.addEventListener !== 'function') return;
      socket = sockJs;
      lastHeardAt = now();
      socket.addEventListener('message', heard);
      socket.addEventListener('heartbeat', heard);
      timer = setInterval(check, CHECK_MS);
    },
    stop,
    /** True while nothing has been heard for STALL_MS on an open socket. */
    stalled: () => stalled,
    /** Looks now rather than at the next check (e.g. when the browser says it is back online). */
    check,
  };
}
