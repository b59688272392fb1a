import { apiNow } from '../../api/clock.js';
import { gather, subjectOf, type Gathered } from '../../doctor/gather.js';
import { diagnose, type Finding, type RuleContext } from '../../doctor/rules.js';
import { formatMoney, formatTimestamp } from '../../io/format.js';
import type { IO } from '../../io/io.js';
import { printJson } from '../../io/render.js';
import { pickCustomer } from '../shared/pick.js';
import { parseId } from '../shared/validate.js';
import { forDisplay } from '../../io/sanitize.js';
import { argument, defineCommand } from '../define.js';
import { wrapProse } from '../../io/fit.js';

export interface DoctorReport {
  object: 'fc.doctor_report';
  subject: string;
  holder: string | null;
  /** Unix seconds on the API's clock. */
  checked_at: number;
  payments_since: number;
  counts: { accounts: number; payment_methods: number; payments: number; mandates: number };
  summary: { errors: number; warnings: number; ok: number };
  findings: Finding[];
}

export function report(subject: string, g: Gathered, findings: Finding[], now: number): DoctorReport {
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  return {
    object: 'fc.doctor_report',
    subject,
    holder: g.holder,
    checked_at: now,
    payments_since: g.paymentsSince,
    counts: { accounts: g.accounts.length, payment_methods: g.paymentMethods.length, payments: g.payments.length, mandates: g.mandates.length },
    summary: { errors: count('error'), warnings: count('warning'), ok: count('ok') },
    findings,
  };
}

export function printReport(io: IO, r: DoctorReport, g: Gathered, timeZone?: string): void {
  r = forDisplay(r);
  g = forDisplay(g);
  const c = io.color;
  const who = g.customer && !g.customer.deleted ? [g.customer.name, g.customer.email].filter(Boolean).join(', ') : '';
  const lines: string[] = [];
  lines.push(
    c.bold(`fc doctor ${r.subject}`) +
      (who ? ` (${who})` : '') +
      c.dim(` · ${r.counts.accounts} linked account(s), ${r.counts.payments} payment(s) since ${formatTimestamp(r.payments_since, { timeZone }).slice(0, 10)}`),
  );
  lines.push('');
  const mark = { error: c.red('✖'), warning: c.yellow('!'), ok: c.green('✔') } as const;
  for (const f of r.findings) {
    lines.push(`${mark[f.severity]} ${c.bold(f.object)}  ${f.title}`);
    if (f.next_step) lines.push(`  ${c.cyan('→ Next:')} ${f.next_step}`);
  }
  if (r.findings.length === 0) lines.push(c.dim('Nothing to check.'));
  lines.push('');
  const problems = r.summary.errors + r.summary.warnings;
  lines.push(
    problems === 0
      ? c.green(`No problems found (${r.summary.ok} ok).`)
      : `${problems} problem(s): ${r.summary.errors} error(s), ${r.summary.warnings} warning(s); ${r.summary.ok} ok.`,
  );
  // Findings are sentences: wrapped on words at the terminal's width, the next step indented under its mark.
  io.out(wrapProse(lines.join('\n'), io.columns()));
}

export default defineCommand({
  description: "one view of a customer's bank connections: what is wrong, and what to do next",
  args: [
    argument('[id]', 'a customer (cus_…), customer Account (acct_…), linked account (fca_…) or payment (pi_…)'),
  ],
  examples: ['fc doctor cus_123', 'fc doctor fca_123', 'fc doctor pi_123 --json'],
  help: `
Checks linked accounts (status, permissions against how they are used, refresh failures,
account numbers), payment methods and mandates, and the payments of the last 90 days.
Every problem comes with a next step; accounts with none show as ok. Exits 0 when the
check ran, whatever it found (--json gives the findings to scripts).
`,
  run: async (ctx, idArg, opts) => {
    const id = idArg ?? (await pickCustomer(ctx, { missing: '<id>: a cus_…, acct_…, fca_… or pi_… id' }));
    parseId(id, ['cus', 'acct', 'fca', 'pi'], '<id>', 'customer, customer Account, linked account or payment');
    const stripe = await ctx.stripe();
    const now = await apiNow(ctx, stripe);
    // Only a person watching a terminal needs to know it is working; logs get the report alone.
    const spinner = opts.format === 'table' && ctx.io.stderrIsTTY ? ctx.io.spinner(`Checking ${id}…`) : undefined;
    let g: Gathered;
    try {
      g = await gather(stripe, subjectOf(id), now);
    } finally {
      spinner?.stop();
    }
    const timeZone = ctx.timeZone;
    const rules: RuleContext = {
      now,
      holder: g.holder,
      time: (t) => formatTimestamp(t, { timeZone }),
      money: (minor, currency) => formatMoney(minor, currency),
    };
    const findings = diagnose(g, rules);
    const r = report(id, g, findings, now);
    if (opts.format === 'json') printJson(ctx.io, r);
    else printReport(ctx.io, r, g, timeZone);
  },
});
