import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/cli.js';

/**
 * The bad-input catalogue: every malformed input is refused locally with exit 2,
 * one line that names the flag, no stack trace — and not one request reaches the
 * sandbox (its request log stays empty).
 */
const CUS = 'cus_Valid1234567890';
const FCA = 'fca_Valid1234567890';
const SESS = 'fcsess_Valid1234567890';
const PI = 'pi_Valid1234567890';
const LONG = 'x'.repeat(5000);
const PAY = ['pay', '--account', FCA, '--customer', CUS, '--mandate-ip', '71.183.194.54', '--yes'];
const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);

const CATALOGUE: [string, string[], RegExp][] = [
  // customers
  ['email without @', ['customers', 'create', '--email', 'not-an-email'], /--email/],
  ['empty email', ['customers', 'create', '--email', ''], /--email/],
  ['email with spaces', ['customers', 'create', '--email', 'a b@example.com'], /--email/],
  ['injection-shaped email', ['customers', 'create', '--email', "a@b.co'; DROP TABLE customers;--"], /--email/],
  ['very long email', ['customers', 'create', '--email', `${LONG}@example.com`], /--email/],
  ['empty name', ['customers', 'create', '--email', 'a@b.co', '--name', ''], /--name/],
  ['very long name', ['customers', 'create', '--email', 'a@b.co', '--name', LONG], /--name/],
  ['control characters in name', ['customers', 'create', '--email', 'a@b.co', '--name', 'Jenny\u001b[2JRosen'], /--name/],
  ['metadata without =', ['customers', 'create', '--email', 'a@b.co', '--metadata', 'plan'], /--metadata/],
  ['customer id with a wrong prefix', ['customers', 'get', 'cust_123'], /<id>/],
  ['customer id with path characters', ['customers', 'get', 'cus_../../v1/charges'], /<id>/],
  ['unicode customer id', ['customers', 'get', 'cus_ñandú'], /<id>/],
  ['list limit 0', ['customers', 'list', '--limit', '0'], /--limit/],
  ['list limit 101', ['customers', 'list', '--limit', '101'], /--limit/],
  ['list limit not a number', ['customers', 'list', '--limit', 'ten'], /--limit/],
  ['list limit negative', ['customers', 'list', '--limit', '-5'], /--limit/],
  ['list email filter malformed', ['customers', 'list', '--email', 'jenny'], /--email/],
  // sessions
  ['unknown permission', ['sessions', 'create', '--customer', CUS, '--permissions', 'bogus'], /--permissions/],
  ['empty permissions', ['sessions', 'create', '--customer', CUS, '--permissions', ''], /--permissions/],
  ['singular balance as a permission', ['sessions', 'create', '--customer', CUS, '--permissions', 'balance'], /--permissions/],
  ['unknown prefetch', ['sessions', 'create', '--customer', CUS, '--permissions', 'balances', '--prefetch', 'payment_method'], /--prefetch/],
  ['session customer with wrong prefix', ['sessions', 'create', '--customer', 'acct_123', '--permissions', 'balances'], /--customer/],
  ['both customer and customer account', ['sessions', 'create', '--customer', CUS, '--customer-account', 'acct_123', '--permissions', 'balances'], /--customer/],
  ['no account holder', ['sessions', 'create', '--permissions', 'balances'], /--customer/],
  ['customer account with wrong prefix', ['sessions', 'create', '--customer-account', 'cus_123', '--permissions', 'balances'], /--customer-account/],
  ['bad country', ['sessions', 'create', '--customer', CUS, '--permissions', 'balances', '--country', 'USA'], /--country/],
  ['unknown subcategory', ['sessions', 'create', '--customer', CUS, '--permissions', 'balances', '--account-subcategories', 'brokerage'], /--account-subcategories/],
  ['return url not a url', ['sessions', 'create', '--customer', CUS, '--permissions', 'balances', '--return-url', 'not a url'], /--return-url/],
  ['javascript return url', ['sessions', 'create', '--customer', CUS, '--permissions', 'balances', '--return-url', 'javascript:alert(1)'], /--return-url/],
  ['session id with wrong prefix', ['sessions', 'get', 'fcs_123'], /fcsess_/],
  // accounts
  ['account id with wrong prefix', ['accounts', 'get', 'acct_123'], /fca_/],
  ['account id with spaces', ['accounts', 'balance', 'fca_12 3'], /fca_/],
  ['account id with SQL', ['accounts', 'ownership', "fca_1' OR '1'='1"], /fca_/],
  ['accounts list with neither filter', ['accounts', 'list'], /--customer|--session/],
  ['accounts list with both filters', ['accounts', 'list', '--customer', CUS, '--session', SESS], /--customer|--session/],
  ['accounts list session wrong prefix', ['accounts', 'list', '--session', 'sess_1'], /--session/],
  ['accounts list limit too big', ['accounts', 'list', '--customer', CUS, '--limit', '1000'], /--limit/],
  ['transactions since not a date', ['accounts', 'transactions', FCA, '--since', 'yesterday-ish'], /--since/],
  ['transactions until impossible date', ['accounts', 'transactions', FCA, '--until', '2026-02-30'], /--until/],
  ['transactions since after until', ['accounts', 'transactions', FCA, '--since', '2026-03-01', '--until', '2026-02-01'], /--since|--until/],
  ['transactions unknown status', ['accounts', 'transactions', FCA, '--status', 'settled'], /--status/],
  ['transactions limit zero', ['accounts', 'transactions', FCA, '--limit', '0'], /--limit/],
  ['transactions unknown format', ['accounts', 'transactions', FCA, '--format', 'xml'], /--format/],
  ['refresh without features', ['accounts', 'refresh', FCA], /--features/],
  ['refresh with only commas as features', ['accounts', 'refresh', FCA, '--features', ' , '], /--features/],
  ['refresh unknown feature', ['accounts', 'refresh', FCA, '--features', 'payment_method'], /--features/],
  ['refresh timeout not a number', ['accounts', 'refresh', FCA, '--features', 'balance', '--timeout', 'soon'], /--timeout/],
  ['disconnect bad id', ['accounts', 'disconnect', 'fca_', '--yes'], /fca_/],
  ['subscribe bad id', ['accounts', 'subscribe', 'pi_123'], /fca_/],
  // pay
  ['amount zero', [...PAY, '--amount', '0'], /--amount/],
  ['amount with decimals', [...PAY, '--amount', '1.5'], /--amount/],
  ['amount below the ACH minimum', [...PAY, '--amount', '49'], /--amount/],
  ['amount too large', [...PAY, '--amount', '100000000'], /--amount/],
  ['amount negative', [...PAY, '--amount', '-100'], /--amount/],
  ['amount with a currency sign', [...PAY, '--amount', '$1.00'], /--amount/],
  ['amount in exponent form', [...PAY, '--amount', '1e3'], /--amount/],
  ['unknown currency', [...PAY, '--amount', '100', '--currency', 'zzz'], /--currency/],
  ['non-usd currency for ACH', [...PAY, '--amount', '100', '--currency', 'eur'], /--currency/],
  ['ip out of range', ['pay', '--account', FCA, '--customer', CUS, '--amount', '100', '--mandate-ip', '999.1.1.1', '--yes'], /--mandate-ip/],
  ['ip that is a host name', ['pay', '--account', FCA, '--customer', CUS, '--amount', '100', '--mandate-ip', 'localhost', '--yes'], /--mandate-ip/],
  ['empty ip', ['pay', '--account', FCA, '--customer', CUS, '--amount', '100', '--mandate-ip', '', '--yes'], /--mandate-ip/],
  ['accepted-at tomorrow', [...PAY, '--amount', '100', '--accepted-at', tomorrow], /--accepted-at/],
  ['accepted-at garbage', [...PAY, '--amount', '100', '--accepted-at', 'last tuesday'], /--accepted-at/],
  ['pay account with wrong prefix', ['pay', '--account', 'ba_123', '--customer', CUS, '--amount', '100', '--mandate-ip', '71.183.194.54', '--yes'], /--account/],
  ['pay customer with wrong prefix', ['pay', '--account', FCA, '--customer', 'cs_123', '--amount', '100', '--mandate-ip', '71.183.194.54', '--yes'], /--customer/],
  ['pay without an account', ['pay', '--customer', CUS, '--amount', '100', '--mandate-ip', '71.183.194.54', '--yes'], /--account/],
  ['pay without confirmation off a TTY', ['pay', '--account', FCA, '--customer', CUS, '--amount', '100', '--mandate-ip', '71.183.194.54'], /--yes/],
  // payments
  ['payment id with wrong prefix', ['payments', 'get', 'ch_123'], /pi_/],
  ['payments list limit', ['payments', 'list', '--limit', '500'], /--limit/],
  ['payments wait timeout', ['payments', 'wait', PI, '--timeout', '-1'], /--timeout/],
  ['payments cancel reason', ['payments', 'cancel', PI, '--reason', 'because', '--yes'], /--reason/],
  // sandbox, config, global
  ['sandbox advance garbage', ['sandbox', 'advance', 'forever'], /<duration>|duration/],
  ['sandbox complete unknown session prefix', ['sandbox', 'complete', 'sess_123'], /fcsess_/],
  ['config login with a publishable key as secret', ['config', 'login', '--api-key', 'pk_test_123'], /--api-key/],
  ['config use of an unknown profile', ['config', 'use', 'nope'], /profile/],
  ['global format unknown', ['customers', 'list', '--format', 'yaml'], /--format/],
  ['unknown flag', ['customers', 'list', '--emial', 'a@b.co'], /--emial/],
];

describe('bad-input catalogue', () => {
  let env: Awaited<ReturnType<typeof useSandbox>>;
  beforeAll(async () => {
    env = await useSandbox();
  });
  afterAll(async () => env.stop());

  it.each(CATALOGUE)('%s: exit 2, one line naming the flag, nothing sent', async (_name, args, flag) => {
    const before = env.requestCount();
    const r = await env.fc(args);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(flag);
    expect(r.stderr).not.toMatch(/\n\s+at |Error: .*\n.*at /);
    expect(r.stdout).toBe('');
    expect(env.requestCount()).toBe(before);
  });
});
