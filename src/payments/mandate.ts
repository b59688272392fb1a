import { formatMoney } from '../io/format.js';

/**
 * The authorization the customer accepts before an ACH debit. Nacha rules want
 * the debit's terms in front of the customer — who is debited, by whom, how much,
 * from which account, when, and how to revoke — so the text names each of them.
 */

export interface MandateAccount {
  display_name?: string | null;
  subcategory?: string | null;
  last4?: string | null;
  institution_name?: string | null;
}

export interface MandateTermsInput {
  business: string;
  amount: number;
  currency: string;
  account: MandateAccount;
  /** Unix seconds: the day of the authorization. */
  date: number;
  holderName?: string;
  description?: string;
  timeZone?: string;
}

function capitalize(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}

/** `Checking ••6789`: what the customer recognises their account by. */
export function accountLabel(a: MandateAccount): string {
  const name = a.display_name?.trim() || capitalize((a.subcategory ?? 'bank account').replace(/_/g, ' '));
  return a.last4 ? `${name} ••${a.last4}` : name;
}

/** `$1.00 from Checking ••6789`. */
export function paymentLabel(amount: number, currency: string, account: MandateAccount): string {
  return `${formatMoney(amount, currency)} from ${accountLabel(account)}`;
}

export function formatLongDate(unixSeconds: number, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(unixSeconds * 1000));
}

export function wrap(text: string, width = 76): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** The mandate as lines of text, ready to print. */
export function mandateTerms(input: MandateTermsInput): string[] {
  const amount = formatMoney(input.amount, input.currency);
  const bank = input.account.institution_name ? ` at ${input.account.institution_name}` : '';
  const who = input.holderName ? `you, ${input.holderName},` : 'you';
  const purpose = input.description ? ` for "${input.description}"` : '';
  const paragraphs = [
    `By accepting, ${who} authorize ${input.business} to debit ${amount} from your account ${accountLabel(input.account)}${bank} by ACH, once, on or after ${formatLongDate(input.date, input.timeZone)}${purpose}.`,
    `You confirm that you may authorize debits on this account. This authorization follows the Nacha Operating Rules for ACH debits; you may revoke it by contacting ${input.business} in time for them to act on it before the debit is made.`,
  ];
  return paragraphs.flatMap((p, i) => (i === 0 ? wrap(p) : ['', ...wrap(p)]));
}
