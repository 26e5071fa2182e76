// How dates and times read on screen: always Europe/London wall-clock time, GOV.UK style ("3 March 2026 at 2:05pm").
const dateFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', minute: '2-digit', hour12: true });

export function formatLondonDate(at: Date): string {
  return dateFormat.format(at);
}

export function formatLondonDateTime(at: Date): string {
  const time = timeFormat.format(at).replace(/\s/g, '').toLowerCase();
  return `${dateFormat.format(at)} at ${time}`;
}
