import type { Context } from '../../../context.js';
import { argument, option } from '../../define.js';
import { ACCOUNT_ID, idOrPick } from '../../shared/pick.js';
import { parseId } from '../../shared/validate.js';

export function parseAccountId(id: string | undefined): string {
  return parseId(id, ['fca'], '<fca_…>', 'Financial Connections account');
}

/** The `[fca_…]` argument of the account verbs: asked for on a terminal when left out. */
export const ACCOUNT_ARGUMENT = argument('[fca_…]', 'Financial Connections account id (asked for on a terminal when left out)');

/** `--refresh` and `--timeout` of the verbs that can refresh before they read. */
export function refreshOptions(what: string) {
  return [option('--refresh', `refresh ${what} first, and wait until it is done`), option('--timeout <s>', 'seconds to wait for the refresh', { default: '60' })] as const;
}

/** The account a verb works on: the one given (checked), or one picked on a terminal (`missing` without one). */
export function accountIdOrPick(ctx: Context, given: string | undefined, missing = '<fca_…>: give a Financial Connections account id'): Promise<string> {
  return idOrPick(ctx, given, ACCOUNT_ID, missing);
}
