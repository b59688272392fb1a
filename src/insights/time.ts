/**
 * Calendar arithmetic in the user's time zone. Insights group money by the days
 * and months a person lives in, not by UTC: a paycheck at 05:00 UTC lands on the
 * evening before in California, and belongs to that day's month.
 */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

export function localDate(unixSeconds: number, timeZone: string): LocalDate {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(unixSeconds * 1000))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day! };
}

/** Days since 1970-01-01 of a calendar date: differences between two are whole days, DST or not. */
export function dayNumber(d: LocalDate): number {
  return Math.round(Date.UTC(d.year, d.month - 1, d.day) / 86_400_000);
}

export function fromDayNumber(n: number): LocalDate {
  const d = new Date(n * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function localDayNumber(unixSeconds: number, timeZone: string): number {
  return dayNumber(localDate(unixSeconds, timeZone));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-03-07` */
export function isoDate(d: LocalDate): string {
  return `${d.year}-${pad(d.month)}-${pad(d.day)}`;
}

/** `2026-03` */
export function monthKey(d: Pick<LocalDate, 'year' | 'month'>): string {
  return `${d.year}-${pad(d.month)}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The month `delta` months from (year, month), e.g. addMonths(2026, 1, -1) → 2025-12. */
export function addMonths(year: number, month: number, delta: number): { year: number; month: number } {
  const i = year * 12 + (month - 1) + delta;
  return { year: Math.floor(i / 12), month: (i % 12) + 1 };
}

/** Same day of the month `delta` months on, clamped to that month's length (Jan 31 → Feb 28). */
export function addMonthsToDate(d: LocalDate, delta: number, dayOfMonth = d.day): LocalDate {
  const m = addMonths(d.year, d.month, delta);
  return { ...m, day: Math.min(dayOfMonth, daysInMonth(m.year, m.month)) };
}
