/**
 * The countdown to a statutory deadline measured in hours (the DVPN/DAPN hearing), as the order page and the
 * court-application task show it, and as the browser keeps it up to date (countdown.client.ts uses the same function):
 * - before the deadline, the whole hours and minutes left, rounded down so it never promises more time than there is:
 *   "47 hours 59 minutes left", "1 hour 0 minutes left", "0 hours 0 minutes left" in its last minute;
 * - from the deadline on, how late it is, rounded down to the minute: "Overdue by 0 hours 0 minutes" in the first
 *   minute after it passes;
 * - under 6 hours left it is "urgent" (shown red); overdue is shown red with the words "Overdue by".
 * Hours are not carried into days: the law counts this clock in hours.
 */
export interface Countdown {
  overdue: boolean;
  urgent: boolean;
  /** Whole minutes left (negative or zero when overdue). */
  minutes: number;
  text: string;
}

export const URGENT_MINUTES = 6 * 60;

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function hoursAndMinutes(totalMinutes: number): string {
  return `${plural(Math.floor(totalMinutes / 60), 'hour')} ${plural(totalMinutes % 60, 'minute')}`;
}

export function countdown(dueAt: Date, now: Date): Countdown {
  const ms = dueAt.getTime() - now.getTime();
  if (ms <= 0) {
    const late = Math.floor(-ms / 60_000);
    return { overdue: true, urgent: true, minutes: -late, text: `Overdue by ${hoursAndMinutes(late)}` };
  }
  const left = Math.floor(ms / 60_000);
  return { overdue: false, urgent: left < URGENT_MINUTES, minutes: left, text: `${hoursAndMinutes(left)} left` };
}
