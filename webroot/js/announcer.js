// A&I Live – what screen readers hear without moving focus: one polite live region, fed from a
// queue so that nothing is talked over and nothing is lost.
//
// - Priority: time warnings ("5 minutes left", "1 minute left", "Time is up") first, then changes
//   people made (timer paused, you were called, your action confirmed), then the gathered
//   pictures of busy streams (new contributions, the queue of hands). A message stays in the
//   region long enough to be read out before the next one replaces it.
// - Never dropped: a time warning is said however busy the meeting is (it used to be skipped when
//   anything had been said in the last minute). When the gathered pictures pile up they become one
//   summary ("3 new updates") instead of one announcement each.
// - Each person chooses the topics they hear (time, hands, contributions, actions); the choice is
//   js/room/announce-settings.js's, remembered in this browser. A topic turned off is not said.

/** The topics one can turn off, in the order the settings list them. */
export const TOPICS = ['time', 'hands', 'contributions', 'actions'];

const PRIORITY = { time: 0, change: 1, picture: 2 };
const BATCH_GAP_MS = 10_000;
const BATCH_SETTLE_MS = 1_500;
/** How long a message is left in the region: about the time a screen reader takes to say it. */
const HOLD_MIN_MS = 1_500;
const HOLD_PER_CHAR_MS = 60;
const HOLD_MAX_MS = 6_000;
/** Emptied first, then filled after this, so the same words twice still count as a change. */
const REFILL_MS = 100;
/** Gathered pictures waiting at once that become one summary. */
const SUMMARY_FROM = 3;
/** Messages waiting at once beyond which everything but time warnings becomes one summary. */
const MAX_WAITING = 6;

const holdFor = (text) => Math.min(HOLD_MAX_MS, Math.max(HOLD_MIN_MS, text.length * HOLD_PER_CHAR_MS));

/**
 * @param {HTMLElement} region  the aria-live region
 * @param {object} [options]
 * @param {(topic: string) => boolean} [options.wants]  whether this person wants a topic said
 * @param {() => number} [options.now]
 */
export function createAnnouncer(region, { wants = () => true, now = () => Date.now() } = {}) {
  const queue = [];            // {text: string|function, topic, priority, channel, order}
  const channels = new Map();  // name → {text, topic, timer, lastAt}
  let order = 0;
  let freeAt = -Infinity;      // when what the region shows has had time to be said
  let pumpTimer = null;
  let fillTimer = null;

  function put(text) {
    region.textContent = '';
    clearTimeout(fillTimer);
    fillTimer = setTimeout(() => {
      region.textContent = text;
    }, REFILL_MS);
    freeAt = now() + REFILL_MS + holdFor(text);
  }

  /** Folds waiting entries into one "N new updates", kept where the oldest of them stood. */
  function summarise(entries) {
    if (entries.length === 0) return;
    const count = entries.reduce((n, e) => n + (e.count || 1), 0);
    entries.forEach((e) => queue.splice(queue.indexOf(e), 1));
    queue.push({ text: `${count} new updates.`, topic: null, priority: PRIORITY.picture, channel: null,
      order: Math.min(...entries.map((e) => e.order)), count });
  }

  function tidy() {
    const pictures = queue.filter((e) => e.priority === PRIORITY.picture);
    if (pictures.length >= SUMMARY_FROM) summarise(pictures);
    if (queue.length > MAX_WAITING) summarise(queue.filter((e) => e.priority !== PRIORITY.time));
  }

  function pump() {
    clearTimeout(pumpTimer);
    pumpTimer = null;
    while (queue.length > 0) {
      const wait = freeAt - now();
      if (wait > 0) {
        pumpTimer = setTimeout(pump, wait);
        return;
      }
      queue.sort((a, b) => a.priority - b.priority || a.order - b.order);
      const next = queue.shift();
      // A picture may be a function: it is asked at the last moment (e.g. how many came meanwhile).
      const text = typeof next.text === 'function' ? next.text() : next.text;
      if (text) put(String(text));
    }
  }

  function enqueue(entry) {
    if (!entry.text || (entry.topic && !wants(entry.topic))) return false;
    queue.push({ ...entry, order: order++ });
    tidy();
    pump();
    return true;
  }

  /** A channel's latest picture goes in the queue, or replaces its picture still waiting there. */
  function flushChannel(name) {
    const c = channels.get(name);
    if (!c || !c.text) return;
    c.timer = null;
    c.lastAt = now();
    const waiting = queue.find((e) => e.channel === name);
    if (waiting) waiting.text = c.text;
    else enqueue({ text: c.text, topic: c.topic, priority: PRIORITY.picture, channel: name });
    c.text = null;
  }

  function batch(topic, name, text, gapMs = BATCH_GAP_MS) {
    let c = channels.get(name);
    if (!c) {
      c = { text: null, topic, timer: null, lastAt: -Infinity };
      channels.set(name, c);
    }
    c.topic = topic;
    c.text = text;
    if (c.timer) return;
    const wait = Math.max(BATCH_SETTLE_MS, c.lastAt + gapMs - now());
    c.timer = setTimeout(() => flushChannel(name), wait);
  }

  function cancel(name) {
    const c = channels.get(name);
    if (c) {
      clearTimeout(c.timer);
      c.timer = null;
      c.text = null;
    }
    for (let i = queue.length - 1; i >= 0; i--) {
      if (queue[i].channel === name) queue.splice(i, 1);
    }
  }

  /** The calls a view makes, all about one topic. */
  function about(topic) {
    return {
      /** A change someone made (timer started, you were called…): said next, after any time warning. */
      change: (text) => enqueue({ text, topic, priority: PRIORITY.change, channel: null }),
      /** Time passing (5 minutes left, time is up…): said first, never skipped. */
      time: (text) => enqueue({ text, topic, priority: PRIORITY.time, channel: null }),
      /**
       * A picture that changes often (e.g. "3 hands raised"): only the latest text of a channel is
       * said, once things settle for a moment, and at most once every `gapMs` per channel. `text`
       * may be a function, called when it is said (e.g. to count what came meanwhile).
       */
      batch: (name, text, gapMs) => batch(topic, name, text, gapMs),
      /** Forgets what a channel had waiting (e.g. the picture it describes has gone). */
      cancel,
    };
  }

  const time = about('time');
  return {
    // Without a topic: the meeting and its timer (room.js), heard with "time".
    change: time.change,
    time: time.time,
    batch: time.batch,
    cancel,
    /** The same calls for one topic ('hands', 'contributions', 'actions'), for the views of that topic. */
    about,
    /** The person changed what they want to hear: what waits of a topic now turned off is not said. */
    preferencesChanged() {
      for (let i = queue.length - 1; i >= 0; i--) {
        if (queue[i].topic && !wants(queue[i].topic)) queue.splice(i, 1);
      }
    },
  };
}
