// A&I Live – what screen readers hear without moving focus: one polite live region. Changes
// people made are announced when they happen; the passing of time at most once a minute, so a
// running clock never talks over the meeting; busy streams (the hand queue, new contributions)
// are gathered and only their latest picture is said, at most once per channel every few seconds.

const MIN_GAP_MS = 60_000;
const BATCH_GAP_MS = 10_000;
const BATCH_SETTLE_MS = 1_500;

export function createAnnouncer(region, { now = () => Date.now() } = {}) {
  let lastSpokenAt = -Infinity;
  let pending = null;
  const channels = new Map(); // name → {text, timer, lastAt}

  function say(text) {
    if (!text) return;
    lastSpokenAt = now();
    // Emptying first makes a repeated message count as a change.
    region.textContent = '';
    clearTimeout(pending);
    pending = setTimeout(() => {
      region.textContent = text;
    }, 100);
  }

  function flush(name) {
    const c = channels.get(name);
    if (!c || !c.text) return;
    c.timer = null;
    c.lastAt = now();
    const text = typeof c.text === 'function' ? c.text() : c.text;
    c.text = null;
    say(text);
  }

  return {
    /** A change someone made (timer started, next item, meeting ended…): said now. */
    change: say,
    /** Time passing (5 minutes left, over time…): said only if nothing was said in the last minute. */
    time(text) {
      if (now() - lastSpokenAt < MIN_GAP_MS) return false;
      say(text);
      return true;
    },
    /**
     * A picture that changes often (e.g. "3 hands raised"): only the latest text of a channel is
     * said, once things settle for a moment, and at most once every `gapMs` per channel. `text`
     * may be a function, called when it is said (e.g. to count what came meanwhile).
     */
    batch(name, text, gapMs = BATCH_GAP_MS) {
      let c = channels.get(name);
      if (!c) {
        c = { text: null, timer: null, lastAt: -Infinity };
        channels.set(name, c);
      }
      c.text = text;
      if (c.timer) return;
      const wait = Math.max(BATCH_SETTLE_MS, c.lastAt + gapMs - now());
      c.timer = setTimeout(() => flush(name), wait);
    },
    /** Forgets what a channel had waiting (e.g. the picture it describes has gone). */
    cancel(name) {
      const c = channels.get(name);
      if (c) {
        clearTimeout(c.timer);
        c.timer = null;
        c.text = null;
      }
    },
  };
}
