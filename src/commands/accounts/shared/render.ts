import type { FcAccount, FcOwner, FcTransaction, FeatureResult, RefreshFeature } from '../../../api/accounts.js';
import { formatMoney, formatTimestamp } from '../../../io/format.js';
import type { IO } from '../../../io/io.js';
import { printDetails, printTable } from '../../../io/render.js';
import { forDisplay, safeText } from '../../../io/sanitize.js';
import { statusColor } from '../../../io/status.js';

/** `Sample Checking ••6789` */
export function accountLabel(a: Pick<FcAccount, 'display_name' | 'last4' | 'subcategory'>): string {
  const name = safeText(a.display_name ?? a.subcategory);
  return a.last4 ? `${name} ••${safeText(a.last4)}` : name;
}

function holderOf(a: FcAccount): string | null {
  const h = a.account_holder;
  if (!h) return null;
  const id = (x: string | { id: string } | undefined) => (typeof x === 'string' ? x : x?.id);
  return id(h.customer) ?? h.customer_account ?? id(h.account) ?? h.type;
}

function list(items: readonly string[] | null | undefined): string {
  return items && items.length ? items.join(', ') : '—';
}

/** `{usd: 1234}` → `$12.34` (several currencies joined). */
export function moneyMap(map: Record<string, number> | null | undefined): string | null {
  if (!map) return null;
  const entries = Object.entries(map);
  return entries.length ? entries.map(([ccy, v]) => formatMoney(v, ccy)).join(', ') : null;
}

function refreshCell(r: { status: string; last_attempted_at: number } | null): string {
  return r ? `${r.status} (${formatTimestamp(r.last_attempted_at)})` : 'never';
}

const SUBCATEGORY_ORDER = ['checking', 'savings', 'mortgage', 'line_of_credit', 'credit_card', 'other'];
const subcategoryRank = (a: FcAccount) => {
  const i = SUBCATEGORY_ORDER.indexOf(a.subcategory);
  return i < 0 ? SUBCATEGORY_ORDER.length : i;
};

/**
 * One order for people, whatever order the API answered in (a session lists
 * accounts as they were linked, `accounts list` newest first): by bank, then
 * checking before savings before credit, then name. `--json` keeps the API's order.
 */
export function displayOrder(accounts: FcAccount[]): FcAccount[] {
  return [...accounts].sort(
    (a, b) =>
      a.institution_name.localeCompare(b.institution_name) ||
      subcategoryRank(a) - subcategoryRank(b) ||
      (a.display_name ?? '').localeCompare(b.display_name ?? '') ||
      a.id.localeCompare(b.id),
  );
}

/** The one table of linked accounts: `accounts list`, `sessions get`, `link` and `sandbox complete`. */
export function printAccountTable(io: IO, accounts: FcAccount[]): void {
  accounts = forDisplay(displayOrder(accounts));
  printTable(
    io,
    ['ID', 'Account', 'Status', 'ACH', 'Permissions'],
    accounts.map((a) => [
      a.id,
      `${accountLabel(a)} · ${a.institution_name}`,
      statusColor(io.color, a.status),
      a.supported_payment_method_types.includes('us_bank_account') ? 'yes' : 'no',
      list(a.permissions),
    ]),
    'No linked accounts found.',
    { drop: ['ACH'] },
  );
}

export function printAccount(io: IO, a: FcAccount): void {
  a = forDisplay(a);
  printDetails(io, `Account ${a.id}`, [
    ['Institution', a.institution_name],
    ['Account', accountLabel(a)],
    ['Type', `${a.category}/${a.subcategory}`],
    ['Status', statusColor(io.color, a.status)],
    ['Holder', holderOf(a)],
    ['Permissions', list(a.permissions)],
    ['Subscriptions', list(a.subscriptions)],
    ['Payment methods', list(a.supported_payment_method_types)],
    ['Balance', a.balance ? `${moneyMap(a.balance.current)} as of ${formatTimestamp(a.balance.as_of)}` : null],
    ['Balance refresh', refreshCell(a.balance_refresh)],
    ['Ownership', typeof a.ownership === 'string' ? a.ownership : (a.ownership?.id ?? null)],
    ['Ownership refresh', refreshCell(a.ownership_refresh)],
    ['Transaction refresh', refreshCell(a.transaction_refresh)],
    ['Created', formatTimestamp(a.created)],
  ]);
}

export function printBalance(io: IO, a: FcAccount): void {
  a = forDisplay(a);
  const b = a.balance!;
  const fields: [string, string | null][] = [['Current', moneyMap(b.current)]];
  if (b.type === 'credit') fields.push(['Used', moneyMap(b.credit?.used)]);
  else fields.push(['Available', moneyMap(b.cash?.available)]);
  fields.push(['Type', b.type], ['As of', formatTimestamp(b.as_of)]);
  printDetails(io, `Balance of ${accountLabel(a)} (${a.id})`, fields);
}

export function printOwners(io: IO, owners: FcOwner[]): void {
  owners = forDisplay(owners);
  printTable(
    io,
    ['Name', 'Email', 'Phone', 'Address'],
    owners.map((o) => [o.name, o.email ?? '—', o.phone ?? '—', o.raw_address ?? '—']),
    'The institution reported no owners for this account.',
  );
}

export function printTransactions(io: IO, txns: FcTransaction[], empty: string): void {
  txns = forDisplay(txns);
  const amounts = txns.map((t) => formatMoney(t.amount, t.currency));
  // Right-aligned so amounts line up by their decimal point.
  const width = Math.max(0, ...amounts.map((s) => s.length));
  const status = (s: string) => (s === 'pending' ? io.color.yellow(s) : s === 'void' ? io.color.dim(s) : s);
  printTable(
    io,
    ['Date', 'Description', 'Amount', 'Status', 'ID'],
    txns.map((t, i) => [formatTimestamp(t.transacted_at), t.description, amounts[i]!.padStart(width), status(t.status), t.id]),
    empty,
    // On a narrow screen the ids go first (a broken id cannot be copied; --json has them).
    { drop: ['ID'] },
  );
}

/** Seconds matter for cooldowns: `2026-01-31 18:04:05` in the user's time zone. */
export function formatTime(unixSeconds: number): string {
  return formatTimestamp(unixSeconds, { seconds: true });
}

/** What a person should know about one feature's refresh beyond its status. */
export function refreshNote(r: FeatureResult, timeoutS?: number): string {
  const next = r.nextRefreshAvailableAt !== null ? formatTime(r.nextRefreshAvailableAt) : undefined;
  if (r.tooEarly) return `not started (too early): showing the last refresh${next ? `; next possible ${next}` : ''}`;
  if (r.status === 'pending') return r.start === 'running' ? 'already running' : timeoutS !== undefined ? `still pending after ${timeoutS}s` : 'started';
  if (r.status === 'none') return 'never refreshed';
  const was = r.start === 'running' ? 'was already running; ' : '';
  if (r.status === 'failed') return `${was}failed${next ? `; try again after ${next}` : ''}`;
  return was ? was.slice(0, -2) : '';
}

export function statusCell(io: IO, status: string): string {
  if (status === 'succeeded') return io.color.green(status);
  if (status === 'failed') return io.color.red(status);
  if (status === 'pending') return io.color.yellow(status);
  return status;
}

export function printRefreshResults(io: IO, results: FeatureResult[], opts: { timedOut?: boolean; timeoutS?: number } = {}): void {
  printTable(
    io,
    ['Feature', 'Status', 'Last attempted', 'Note'],
    results.map((r) => [r.feature, statusCell(io, r.status), formatTimestamp(r.lastAttemptedAt), refreshNote(r, opts.timedOut ? opts.timeoutS : undefined)]),
  );
}

export interface BulkRow {
  account: FcAccount;
  results?: FeatureResult[];
  note?: string;
}

export function printBulkRefresh(io: IO, rows: BulkRow[], features: readonly RefreshFeature[]): void {
  rows = forDisplay(rows);
  printTable(
    io,
    ['Account', 'Name', ...features.map((f) => f[0]!.toUpperCase() + f.slice(1)), 'Note'],
    rows.map((r) => [
      r.account.id,
      accountLabel(r.account),
      ...features.map((f) => {
        const res = r.results?.find((x) => x.feature === f);
        if (!res) return '—';
        return res.tooEarly ? `${statusCell(io, res.status)} (too early)` : statusCell(io, res.status);
      }),
      r.note ?? '',
    ]),
    'The customer has no linked accounts.',
  );
}
