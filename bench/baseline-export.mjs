// The baseline fc's export is compared with: a plain stripe-node script that
// auto-pages through an account's transactions and writes the same CSV columns to
// stdout with csv-stringify, the way anyone would write it without fc.
//
//   STRIPE_API_KEY=sk_test_x FC_API_BASE=http://127.0.0.1:12111 node bench/baseline-export.mjs fca_123
import { once } from 'node:events';
import Stripe from 'stripe';
import { stringify } from 'csv-stringify';

const account = process.argv[2];
if (!account) {
  process.stderr.write('usage: node bench/baseline-export.mjs <fca_…>\n');
  process.exit(2);
}
const base = new URL(process.env.FC_API_BASE ?? 'http://127.0.0.1:12111');
const stripe = new Stripe(process.env.STRIPE_API_KEY ?? 'sk_test_bench', {
  host: base.hostname,
  port: Number(base.port || 80),
  protocol: 'http',
  telemetry: false,
});

// The same text fc writes, so the two outputs can be compared byte for byte.
const iso = (s) => new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const formatters = new Map();
const money = (minor, currency) => {
  let f = formatters.get(currency);
  if (!f) formatters.set(currency, (f = new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() })));
  return f.format(minor / 10 ** (f.resolvedOptions().maximumFractionDigits ?? 2));
};

const csv = stringify({ header: true, columns: ['id', 'transacted_at', 'description', 'amount', 'amount_formatted', 'currency', 'status'] });
csv.pipe(process.stdout);
await stripe.financialConnections.transactions.list({ account, limit: 100 }).autoPagingEach(async (t) => {
  if (!csv.write([t.id, iso(t.transacted_at), t.description, t.amount, money(t.amount, t.currency), t.currency, t.status])) {
    await once(csv, 'drain');
  }
});
csv.end();
await once(csv, 'end');
