import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inprocSandbox } from '../../helpers/run-inproc.js';

/**
 * Advice that works: each hint fc prints that names a command is run here as
 * printed, and it succeeds or moves the user forward.
 */
let env: Awaited<ReturnType<typeof inprocSandbox>>;
let cus = '';
beforeAll(async () => {
  env = await inprocSandbox();
  cus = (await env.json<{ id: string }>(['customers', 'create', '--email', 'jenny@example.com', '--name', 'Jenny Rosen'])).id;
});
afterAll(() => env.stop());

async function linked(permissions: string, accounts = 'checking'): Promise<string> {
  const sess = (await env.json<{ id: string }>(['sessions', 'create', '--customer', cus, '--permissions', permissions])).id;
  await env.fc(['sandbox', 'complete', sess, '--accounts', accounts]);
  return (await env.json<{ id: string }[]>(['accounts', 'list', '--session', sess]))[0]!.id;
}

/** The first `fc …` command in the text (backquoted, or to the end of the line / a closing parenthesis). */
function hintedCommand(text: string): string[] {
  const m = /`(fc [^`]+)`/.exec(text) ?? /(fc (?:link|accounts|payments|pay) [^)\n]+?)(?:\)|,? then|\.?\n|$)/.exec(text);
  if (!m) throw new Error(`no command in: ${text}`);
  return m[1]!.trim().replace(/\.$/, '').split(/\s+/).slice(1);
}

describe('hints run as printed', () => {
  it('no transactions yet → the refresh it names works, then the list does', async () => {
    const fca = await linked('transactions,payment_method');
    const first = await env.fc(['accounts', 'transactions', fca]);
    expect(first.code).toBe(1);
    const hint = hintedCommand(first.stderr);
    expect(hint.slice(0, 2)).toEqual(['accounts', 'refresh']);
    expect((await env.fc(hint)).code).toBe(0);
    const again = await env.fc(['accounts', 'transactions', fca, '--format', 'csv']);
    expect(again.code, again.stderr).toBe(0);
    // More than 10 rows exist: said on stderr, with the way to get them.
    expect(again.stderr).toMatch(/More transactions exist than the 10 shown: add --all for every one, or --starting-after fctxn_\w+ for the next 10/);
    const next = /--starting-after (fctxn_\w+)/.exec(again.stderr)![1]!;
    const page2 = await env.fc(['accounts', 'transactions', fca, '--format', 'csv', '--starting-after', next]);
    expect(page2.code, page2.stderr).toBe(0);
    expect(page2.stdout).not.toContain(next);
  });

  it('no balance yet → the --refresh it names shows one', async () => {
    const fca = await linked('balances,payment_method');
    const first = await env.fc(['accounts', 'balance', fca]);
    expect(first.code).toBe(1);
    const r = await env.fc(hintedCommand(first.stderr));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\$/);
  });

  it('missing permission → the fc link it names starts the link that adds it', async () => {
    const fca = await linked('balances,payment_method');
    const refused = await env.fc(['accounts', 'transactions', fca]);
    expect(refused.code).toBe(3);
    const hint = hintedCommand(refused.stderr);
    expect(hint).toEqual(['link', '--customer', cus, '--permissions', 'balances,payment_method,transactions']);
    // No browser here: the flow is finished by the sandbox, as a person would in the page.
    const started = await env.fc([...hint, '--no-open', '--timeout', '1']);
    expect(started.code).toBe(5);
    const sess = /(fcsess_\w+)/.exec(started.stderr)![1]!;
    expect((await env.fc(['sandbox', 'complete', sess, '--accounts', 'checking'])).code).toBe(0);
    const fresh = (await env.json<{ id: string; permissions: string[] }[]>(['accounts', 'list', '--session', sess]))[0]!;
    expect(fresh.permissions).toContain('transactions');
    expect((await env.fc(['accounts', 'refresh', fresh.id, '--features', 'transactions'])).code).toBe(0);
    expect((await env.fc(['accounts', 'transactions', fresh.id])).code).toBe(0);
  });

  it('a payment still processing → the command it names follows it', async () => {
    const fca = await linked('payment_method', 'processing');
    const paid = await env.fc(['pay', '--account', fca, '--amount', '100', '--mandate-ip', '71.183.194.54', '--yes', '--timeout', '1']);
    expect(paid.code).toBe(5);
    const follow = /(fc payments get pi_\w+)/.exec(paid.stderr)![1]!.split(' ').slice(1);
    expect((await env.fc(follow)).code).toBe(0);
  });
});
