import type Stripe from 'stripe';

type Account = Pick<Stripe.FinancialConnections.Account, 'account_holder' | 'permissions'>;

/**
 * The command that links a bank account again with `needed` added to what it has:
 * permissions are fixed when an account is linked, so a missing one takes a new
 * link by its holder, never a refresh.
 */
export function relinkCommand(account: Account, needed: string[] = []): string {
  const holder = account.account_holder;
  const idOf = (v: string | { id: string } | null | undefined) => (typeof v === 'string' ? v : v?.id);
  const customer = idOf(holder?.customer);
  const customerAccount = holder?.customer_account ?? undefined;
  const who = customer ? `--customer ${customer}` : customerAccount ? `--customer-account ${customerAccount}` : '--customer <cus_…>';
  const permissions = [...new Set([...(account.permissions ?? []), ...needed])];
  return `fc link ${who} --permissions ${permissions.join(',')}`;
}
