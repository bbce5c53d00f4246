// A&I Live – what screen readers hear without moving focus: one polite live region. Changes
// people made are announced when they happen; the passing of time at most once a minute, so a
// running clock never talks over the meeting.

const MIN_GAP_MS = 60_000;

export function createAnnouncer(region, { now = () => Date.now() } = {}) {
  let lastSpokenAt = -Infinity;
  let pending = null;

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

  return {
    /** A change someone made (timer started, next item, meeting ended…): said now. */
    change: say,
    /** Time passing (5 minutes left, over time…): said only if nothing was said in the last minute. */
    time(text) {
      if (now() - lastSpokenAt < MIN_GAP_MS) return false;
      say(text);
      return true;
    },
  };
}
