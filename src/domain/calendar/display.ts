// How dates and times read on screen: always Europe/London wall-clock time, GOV.UK style ("3 March 2026 at 2:05pm").
const dateFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });
const shortDateFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'short', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', minute: '2-digit', hourCycle: 'h12' });

export function formatLondonDate(at: Date): string {
  return dateFormat.format(at);
}

export function formatLondonDateTime(at: Date): string {
  return `${dateFormat.format(at)} at ${formatLondonTime(at)}`;
}

/** For dense tables: "3 Mar 2026" (GOV.UK allows the short month where space is tight). */
export function formatLondonShortDate(at: Date): string {
  return shortDateFormat.format(at).replace('Sept', 'Sep');
}

/** "2:05pm", London time. */
export function formatLondonTime(at: Date): string {
  return timeFormat.format(at).replace(/\s/g, '').toLowerCase();
}

const dayAndDateFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** "Monday 9 March 2026" (GOV.UK style: no comma), for a deadline someone must act by. */
export function formatLondonDayAndDate(at: Date): string {
  return dayAndDateFormat.format(at).replace(',', '');
}
