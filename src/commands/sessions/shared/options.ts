import { ACCOUNT_SUBCATEGORIES, PERMISSIONS, PREFETCH, type NewSession, type SessionHolder } from '../../../api/sessions.js';
import { UsageError } from '../../../errors.js';
import { parseCommaList, parseCountry, parseId, parseUrl } from '../../shared/validate.js';

/** The flags that describe a new session; `sessions create` and `link` share them. */
export interface SessionFlags {
  customer?: string;
  customerAccount?: string;
  permissions?: string;
  prefetch?: string;
  country?: string;
  accountSubcategories?: string;
  returnUrl?: string;
}

export function parseHolder(flags: Pick<SessionFlags, 'customer' | 'customerAccount'>): SessionHolder {
  if (flags.customer !== undefined && flags.customerAccount !== undefined) {
    throw new UsageError('Give either --customer or --customer-account, not both.');
  }
  if (flags.customer !== undefined) return { customer: parseId(flags.customer, ['cus'], '--customer', 'customer') };
  if (flags.customerAccount !== undefined) {
    return { customerAccount: parseId(flags.customerAccount, ['acct'], '--customer-account', 'customer Account') };
  }
  throw new UsageError(
    'Say whose accounts to link: --customer <cus_…> or --customer-account <acct_…>.',
    'Create one with: fc customers create --email jenny@example.com',
  );
}

/** Every check that can be made without the API; a bad flag stops here with nothing sent. */
export function parseSessionFlags(flags: SessionFlags): NewSession {
  const holder = parseHolder(flags);
  if (flags.permissions === undefined) {
    throw new UsageError(`Missing --permissions: one or more of ${PERMISSIONS.join(', ')} (comma-separated).`);
  }
  return {
    holder,
    permissions: parseCommaList(flags.permissions, PERMISSIONS, '--permissions'),
    prefetch: flags.prefetch !== undefined ? parseCommaList(flags.prefetch, PREFETCH, '--prefetch') : undefined,
    country: flags.country !== undefined ? parseCountry(flags.country, '--country') : undefined,
    accountSubcategories:
      flags.accountSubcategories !== undefined
        ? parseCommaList(flags.accountSubcategories, ACCOUNT_SUBCATEGORIES, '--account-subcategories')
        : undefined,
    returnUrl: flags.returnUrl !== undefined ? parseUrl(flags.returnUrl, '--return-url') : undefined,
  };
}
