import { describe, expect, it } from 'vitest';
import { dateRange, parseDay, startOfDay, userTimeZone, zoneOffsetMs } from '../../../../src/commands/accounts/shared/dates.js';
import { UsageError } from '../../../../src/errors.js';

const iso = (s: number) => new Date(s * 1000).toISOString();

describe('--since/--until date ranges', () => {
  it('reads YYYY-MM-DD and rejects anything else before sending', () => {
    expect(parseDay('2026-01-31', '--since')).toEqual({ year: 2026, month: 1, day: 31 });
    for (const bad of ['2026-1-31', '31/01/2026', '2026-02-30', '2026-13-01', 'yesterday', '']) {
      expect(() => parseDay(bad, '--since'), bad).toThrow(UsageError);
    }
    expect(() => parseDay('2026-02-30', '--until')).toThrow(/--until is not a real date/);
  });

  it('turns inclusive days into gte and lt instants in the given time zone', () => {
    const r = dateRange('2026-01-01', '2026-01-31', 'America/New_York');
    expect(iso(r.gte!)).toBe('2026-01-01T05:00:00.000Z');
    expect(iso(r.lt!)).toBe('2026-02-01T05:00:00.000Z');
    const tokyo = dateRange('2026-01-01', '2026-01-01', 'Asia/Tokyo');
    expect(iso(tokyo.gte!)).toBe('2025-12-31T15:00:00.000Z');
    expect(tokyo.lt! - tokyo.gte!).toBe(86_400);
    expect(dateRange(undefined, undefined, 'UTC')).toEqual({});
    expect(dateRange('2026-03-01', undefined, 'UTC')).toEqual({ gte: Date.UTC(2026, 2, 1) / 1000 });
    expect(dateRange(undefined, '2026-12-31', 'UTC')).toEqual({ lt: Date.UTC(2027, 0, 1) / 1000 });
  });

  it('handles days that are 23 or 25 hours long at DST changes', () => {
    // US DST starts 2026-03-08 and ends 2026-11-01.
    const spring = dateRange('2026-03-08', '2026-03-08', 'America/New_York');
    expect(spring.lt! - spring.gte!).toBe(23 * 3600);
    const fall = dateRange('2026-11-01', '2026-11-01', 'America/New_York');
    expect(fall.lt! - fall.gte!).toBe(25 * 3600);
    expect(iso(startOfDay({ year: 2026, month: 7, day: 4 }, 'America/Los_Angeles'))).toBe('2026-07-04T07:00:00.000Z');
    expect(zoneOffsetMs(Date.UTC(2026, 6, 4), 'Asia/Kolkata')).toBe(5.5 * 3600_000);
  });

  it('rejects --since after --until', () => {
    expect(() => dateRange('2026-02-01', '2026-01-31', 'UTC')).toThrow(/--since \(2026-02-01\) is after --until/);
  });

  it('reads the zone from TZ, falling back to the system zone for unknown names', () => {
    expect(userTimeZone({ TZ: 'Europe/Paris' })).toBe('Europe/Paris');
    expect(userTimeZone({ TZ: 'Not/AZone' })).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});
