import { UsageError } from '../../../errors.js';
import { resolveTimeZone } from '../../../io/format.js';
import { shown } from '../../shared/validate.js';

/**
 * `--since/--until` are calendar days in the user's time zone, both inclusive;
 * the API filters on instants, so they become `transacted_at[gte]` = the start of
 * `since` and `transacted_at[lt]` = the start of the day after `until`.
 */
export interface Day {
  year: number;
  month: number;
  day: number;
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseDay(value: string, flag: string): Day {
  const m = DAY_RE.exec(value.trim());
  if (!m) throw new UsageError(`${flag} must be a date like 2026-01-31 (YYYY-MM-DD), got ${shown(value)}.`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new UsageError(`${flag} is not a real date: ${shown(value)}.`);
  }
  return { year, month, day };
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** How far the wall clock in `timeZone` is ahead of UTC at `utcMs`, in ms. */
export function zoneOffsetMs(utcMs: number, timeZone: string): number {
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormatters.set(timeZone, f);
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - Math.floor(utcMs / 1000) * 1000;
}

/** Unix seconds of the first instant of `day` in `timeZone`. */
export function startOfDay(day: Day, timeZone: string): number {
  const wall = Date.UTC(day.year, day.month - 1, day.day);
  // Two passes settle the offset across a DST change near midnight.
  let utc = wall - zoneOffsetMs(wall, timeZone);
  utc = wall - zoneOffsetMs(utc, timeZone);
  return Math.floor(utc / 1000);
}

function nextDay(day: Day): Day {
  const d = new Date(Date.UTC(day.year, day.month - 1, day.day + 1));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export interface DateRange {
  /** Unix seconds, inclusive. */
  gte?: number;
  /** Unix seconds, exclusive. */
  lt?: number;
}

export function dateRange(since: string | undefined, until: string | undefined, timeZone: string): DateRange {
  const from = since !== undefined ? parseDay(since, '--since') : undefined;
  const to = until !== undefined ? parseDay(until, '--until') : undefined;
  const range: DateRange = {};
  if (from) range.gte = startOfDay(from, timeZone);
  if (to) range.lt = startOfDay(nextDay(to), timeZone);
  if (range.gte !== undefined && range.lt !== undefined && range.gte >= range.lt) {
    throw new UsageError(`--since (${since}) is after --until (${until}).`);
  }
  return range;
}

/** The time zone dates are read in: the context's (see resolveTimeZone). */
export function userTimeZone(env: NodeJS.ProcessEnv): string {
  return resolveTimeZone(env);
}
