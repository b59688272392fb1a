import { getAccount } from '../../../api/accounts.js';
import type { Context } from '../../../context.js';
import { parseAmount, parseMandateIp, type PayFlags } from '../../../payments/validate.js';
import { requireOrAsk, validatorOf } from '../../shared/ask.js';
import { pickAccount } from '../../shared/pick.js';

/**
 * `fc pay` with flags left out: on a terminal it asks, in the order a person
 * thinks of it (account → amount → mandate IP; the terms and the confirmation
 * follow in run()); without one it names every missing flag at once. The customer
 * is the account's holder unless given.
 */
export async function completePayFlags(ctx: Context, flags: PayFlags): Promise<PayFlags> {
  const missing = [
    ...(flags.account === undefined ? ['--account <fca_…>'] : []),
    ...(flags.amount === undefined ? ['--amount <minor units>'] : []),
    ...(flags.mandateIp === undefined ? ['--mandate-ip <ip>'] : []),
  ];
  // Off a terminal the confirmation is a flag too: name it now, not on the next run.
  if (missing.length && !ctx.globals.yes) missing.push('--yes');
  requireOrAsk(ctx, missing);
  const out: PayFlags = { ...flags };
  if (out.account === undefined) {
    out.account = await pickAccount(ctx, out.customer ?? out.customerAccount, { missing: '--account <fca_…>' });
  }
  if (out.amount === undefined) {
    const currency = out.currency ?? 'usd';
    out.amount = (
      await ctx.prompter.input(`Amount in minor units of ${currency.toUpperCase()} (100 = 1.00)`, {
        missing: '--amount <minor units>',
        validate: validatorOf((v) => parseAmount(v.trim(), currency)),
      })
    ).trim();
  }
  if (out.mandateIp === undefined) {
    out.mandateIp = (
      await ctx.prompter.input('IP address the customer accepted the mandate from', {
        missing: '--mandate-ip <ip>',
        validate: validatorOf((v) => parseMandateIp(v)),
      })
    ).trim();
  }
  if (out.customer === undefined && out.customerAccount === undefined && /^fca_[A-Za-z0-9]+$/.test(out.account)) {
    // The holder of the account is the one who pays: asking would only invite a mismatch.
    const holder = (await getAccount(await ctx.stripe(), out.account)).account_holder;
    const customer = typeof holder?.customer === 'string' ? holder.customer : holder?.customer?.id;
    if (customer) out.customer = customer;
    else if (holder?.customer_account) out.customerAccount = holder.customer_account;
  }
  return out;
}
