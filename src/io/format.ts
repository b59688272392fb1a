/**
 * Money, time and id formatting for people. Intl does the locale work; amounts
 * stay integers of minor units until the last moment.
 */
/** A currency's formatter and its exponent (resolvedOptions() builds a new object per call: 12% of a CSV export's CPU). */
const moneyFormatters = new Map<string, { format: Intl.NumberFormat; digits: number }>();

function moneyFormatter(currency: string): { format: Intl.NumberFormat; digits: number } {
  let f = moneyFormatters.get(currency);
  if (!f) {
    const format = new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() });
    f = { format, digits: format.resolvedOptions().maximumFractionDigits ?? 2 };
    moneyFormatters.set(currency, f);
  }
  return f;
}

/** Minor units → `$12.34`, `-$12.34`, `¥1,200` (the currency's own exponent). */
export function formatMoney(minor: number, currency: string): string {
  const f = moneyFormatter(currency);
  return f.format.format(minor / 10 ** f.digits);
}

/** `$1.00 (100 usd)`: the formatted amount next to the minor units the API takes. */
export function formatMoneyWithMinor(minor: number, currency: string): string {
  return `${formatMoney(minor, currency)} (${minor} ${currency.toLowerCase()})`;
}

/** The time zone of this run (the context's TZ), which every renderer and date filter uses. */
let displayTimeZone: () => string | undefined = () => undefined;

/** The time zone dates are read and shown in: TZ when it names a zone, else the system's. */
export function resolveTimeZone(env: NodeJS.ProcessEnv): string {
  const tz = env.TZ?.replace(/^:/, '');
  if (tz) {
    try {
      return new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
    } catch {
      // An unknown TZ falls back to what Node resolved.
    }
  }
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * Set once per run by createContext, from the context's environment (a test's TZ, not the machine's).
 * A function is called when a date is first shown: resolving a zone builds an Intl.DateTimeFormat,
 * which loads ICU's zone data (~12% of `fc customers get --json`, which shows no date).
 */
export function setDisplayTimeZone(timeZone: string | (() => string)): void {
  displayTimeZone = typeof timeZone === 'string' ? () => timeZone : timeZone;
}

/** A local date-time for tables; `seconds` where they matter (refresh cooldowns). */
export function formatTimestamp(unixSeconds: number | null | undefined, opts: { timeZone?: string; seconds?: boolean } = {}): string {
  if (unixSeconds === null || unixSeconds === undefined) return '—';
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: opts.timeZone ?? displayTimeZone(),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    ...(opts.seconds ? { second: '2-digit' as const } : {}),
    hour12: false,
  })
    .format(new Date(unixSeconds * 1000))
    .replace(',', '');
}

export function formatDate(unixSeconds: number, timeZone = displayTimeZone()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(unixSeconds * 1000),
  );
}

/** A secret key as people may see it: `sk_test_…abcd`. */
export function maskKey(key: string): string {
  const m = /^((?:sk|rk|pk)_(?:test|live)_)/.exec(key);
  const prefix = m ? m[1]! : key.slice(0, 3);
  return `${prefix}…${key.length > prefix.length + 4 ? key.slice(-4) : ''}`;
}
