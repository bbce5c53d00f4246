// A&I Live – dates and durations as the preparation and follow-up pages show them (London time).

/** Today's date in London as YYYY-MM-DD. */
export function londonToday(now = Date.now()) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(new Date(now));
  const get = (t) => parts.find((p) => p.type === t)?.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** An instant as "2 December 2026, 14:05" in London time. */
export function dateTime(ms) {
  if (!Number.isFinite(ms)) return '';
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit',
  }).format(new Date(ms));
}

/** "1 h 50 min" / "45 min" from seconds. */
export function hoursAndMinutes(seconds) {
  const total = Math.round(Math.max(0, seconds) / 60);
  const hours = Math.floor(total / 60);
  const mins = total % 60;
  if (!hours) return `${mins} min`;
  return mins ? `${hours} h ${mins} min` : `${hours} h`;
}
