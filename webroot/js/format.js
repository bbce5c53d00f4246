// A&I Live – how times and durations are written on screen and read out by screen readers.
// Pure functions: no DOM, no clock.

const LONDON = 'Europe/London';

const pad2 = (n) => String(n).padStart(2, '0');

/** 754 → "12:34"; minutes are never wrapped into hours (a 240-minute item shows "240:00"). */
export function minutesSeconds(totalSeconds, { padMinutes = false } = {}) {
  const s = Math.max(0, Math.floor(totalSeconds));
  const m = Math.floor(s / 60);
  return `${padMinutes ? pad2(m) : m}:${pad2(s % 60)}`;
}

/**
 * The countdown for a remaining time in milliseconds (negative = overrun). It counts whole
 * seconds the way a kitchen timer does: 15:00 at the start, 00:00 at the end, then +0:01.
 */
export function countdown(remainingMs) {
  const seconds = Math.ceil(remainingMs / 1000);
  if (seconds >= 0) {
    return { overrun: false, seconds, text: minutesSeconds(seconds, { padMinutes: true }) };
  }
  return { overrun: true, seconds: -seconds, text: `+${minutesSeconds(-seconds)}` };
}

/**
 * A planned length in words, so "Planned 10 minutes" never reads like a clock time ("10 min"
 * did): 900 → "15 minutes", 60 → "1 minute", 90 → "1 minute 30 seconds".
 */
export function plannedMinutes(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  const rest = s % 60;
  const mins = `${m} minute${m === 1 ? '' : 's'}`;
  return rest === 0 ? mins : `${mins} ${rest} second${rest === 1 ? '' : 's'}`;
}

/** For screen readers: 754 → "12 minutes 34 seconds", 60 → "1 minute". */
export function spokenDuration(totalSeconds) {
  const s = Math.max(0, Math.round(totalSeconds));
  const m = Math.floor(s / 60);
  const rest = s % 60;
  const parts = [];
  if (m > 0) parts.push(`${m} minute${m === 1 ? '' : 's'}`);
  if (rest > 0 || m === 0) parts.push(`${rest} second${rest === 1 ? '' : 's'}`);
  return parts.join(' ');
}

/** Whole minutes, spoken: 754 → "13 minutes" (rounded up, as people say "about 13 minutes left"). */
export function spokenMinutes(totalSeconds) {
  const m = Math.max(0, Math.ceil(totalSeconds / 60));
  return `${m} minute${m === 1 ? '' : 's'}`;
}

const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: LONDON });

/** An instant (ms since the epoch) as London wall-clock time, "12:41": meetings are in the UK. */
export function londonTime(ms) {
  return Number.isFinite(ms) ? timeFormat.format(new Date(ms)) : '';
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: LONDON });

/** An instant as its London calendar day, "2 December". */
export function londonDate(ms) {
  return Number.isFinite(ms) ? dateFormat.format(new Date(ms)) : '';
}

/** "2026-12-02" → "Wednesday 2 December 2026" (a calendar date: no time zone involved). */
export function longDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso || ''));
  if (!m) return String(iso || '');
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC',
  }).format(date);
}

/** "09:30:00" or "09:30" → "09:30". */
export function hoursMinutes(t) {
  const m = /^(\d{1,2}:\d{2})/.exec(String(t || ''));
  return m ? m[1] : String(t || '');
}

export function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

/** 1 → "1st", 2 → "2nd", 11 → "11th", 23 → "23rd". */
export function ordinal(n) {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2026-12-02" is a real calendar date (not "2026-02-30"). */
export function isIsoDate(value) {
  const m = ISO_DATE.exec(String(value || ''));
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/**
 * A calendar date some months later, as the server's LocalDate.plusMonths does it: the day is
 * kept, or the last day of the month when that month is shorter ("2026-12-31" + 2 → "2027-02-28").
 */
export function addMonths(iso, months) {
  const m = ISO_DATE.exec(String(iso || ''));
  if (!m) return '';
  const total = Number(m[1]) * 12 + (Number(m[2]) - 1) + months;
  const year = Math.floor(total / 12);
  const month = total % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(Number(m[3]), last);
  return `${String(year).padStart(4, '0')}-${pad2(month + 1)}-${pad2(day)}`;
}

/** "2027-02-02" → "2 February 2027" (a calendar date). The one copy: the pages and the room write dates alike. */
export function shortDate(iso) {
  const m = ISO_DATE.exec(String(iso || ''));
  if (!m) return String(iso || '');
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
}
