import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitWidths, wrapText } from '../../../src/io/fit.js';
import { inprocSandbox } from '../../helpers/run-inproc.js';

let env: Awaited<ReturnType<typeof inprocSandbox>>;
beforeAll(async () => {
  env = await inprocSandbox();
});
afterAll(() => env.stop());

const widest = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));

describe('output fits the terminal', () => {
  it('wraps on words and breaks only words longer than the width', () => {
    expect(wrapText('balances, ownership, payment_method', 16)).toEqual(['balances,', 'ownership,', 'payment_method']);
    expect(wrapText('fca_VTzZjvUqtCoeZRch0NqCqseV', 10)).toEqual(['fca_VTzZjv', 'UqtCoeZRch', '0NqCqseV']);
    expect(fitWidths([28, 40, 12], 200, 10, [4, 4, 4])).toEqual([28, 40, 12]);
    const w = fitWidths([28, 40, 12], 60, 10, [8, 8, 8], [true, false, false]);
    expect(w[0]).toBe(28);
    expect(w.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(50);
  });

  it('at 80 columns, payments get, accounts list and doctor print no line longer than 80', async () => {
    const cus = (await env.json<{ id: string }>(['customers', 'create', '--email', 'jenny@example.com', '--name', 'Jenny Rosen'])).id;
    const sess = (await env.json<{ id: string }>(['sessions', 'create', '--customer', cus, '--permissions', 'balances,ownership,payment_method,transactions'])).id;
    await env.fc(['sandbox', 'complete', sess]);
    const fca = (await env.json<{ id: string }[]>(['accounts', 'list', '--customer', cus]))[0]!.id;
    const pay = await env.json<{ id: string }>(['pay', '--account', fca, '--amount', '1250', '--mandate-ip', '71.183.194.54', '--description', 'A long description of what this payment is for, to wrap', '--yes']);
    for (const args of [['payments', 'get', pay.id], ['accounts', 'list', '--customer', cus], ['doctor', cus], ['payments', 'list'], ['sessions', 'get', sess]]) {
      const wide = await env.fc(args, { env: { COLUMNS: '200' } });
      const r = await env.fc(args, { env: { COLUMNS: '80' } });
      expect(r.code, r.stderr).toBe(0);
      expect(widest(r.stdout), `${args.join(' ')}\n${r.stdout}`).toBeLessThanOrEqual(80);
      // The same rows are there, only folded (the ids stay whole).
      for (const id of [fca, pay.id].filter((i) => wide.stdout.includes(i))) expect(r.stdout).toContain(id);
    }
    expect(widest((await env.fc(['payments', 'get', pay.id], { env: { COLUMNS: '200' } })).stdout)).toBeGreaterThan(80);
    // What fc pay shows before asking (the debit, the mandate terms) fits too.
    const shown = await env.fc(['pay', '--account', fca, '--amount', '1250', '--mandate-ip', '71.183.194.54', '--description', 'fits', '--yes'], { env: { COLUMNS: '80' } });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stderr).toMatch(/mandate accepted from 71\.183\.194\.54/);
    expect(widest(shown.stderr), shown.stderr).toBeLessThanOrEqual(80);
  });

  it('at 80 and 60 columns an amount or a date in a transactions table is never cut inside a word', async () => {
    const cus = (await env.json<{ id: string }>(['customers', 'create', '--email', 'sam@example.com'])).id;
    const sess = (await env.json<{ id: string }>(['sessions', 'create', '--customer', cus, '--permissions', 'transactions'])).id;
    await env.fc(['sandbox', 'complete', sess, '--accounts', 'savings']);
    const fca = (await env.json<{ id: string }[]>(['accounts', 'list', '--session', sess]))[0]!.id;
    await env.fc(['accounts', 'refresh', fca, '--features', 'transactions']);
    const txns = await env.json<{ amount: number; transacted_at: number }[]>(['accounts', 'transactions', fca, '--limit', '5']);
    expect(txns).toHaveLength(5); // the loops below check each row, so an empty table would pass them
    const amounts = txns.map((t) => `${t.amount < 0 ? '-' : ''}$${(Math.abs(t.amount) / 100).toFixed(2)}`);
    for (const columns of ['80', '60']) {
      const r = await env.fc(['accounts', 'transactions', fca, '--limit', '5'], { env: { COLUMNS: columns, TZ: 'UTC' } });
      expect(r.code, r.stderr).toBe(0);
      expect(widest(r.stdout)).toBeLessThanOrEqual(Number(columns));
      // Each amount whole on one line, as a person must read it (not "-$785.8" over "1").
      for (const a of amounts) expect(r.stdout, `${columns} columns:\n${r.stdout}`).toMatch(new RegExp(`│ +${a.replace(/[$.]/g, '\\$&')} │`));
      // At 80 the ids fit whole; at 60 they drop out rather than break.
      const ids = await env.json<{ id: string }[]>(['accounts', 'transactions', fca, '--limit', '5']);
      for (const t of ids) expect(r.stdout.includes(t.id), r.stdout).toBe(columns === '80');
      for (const line of r.stdout.split('\n').slice(2, -1)) expect(line, r.stdout).not.toMatch(/│ \d{4}-\d\d?-?\d? /);
    }
  });

  it('a table that would have to cut words at 60 columns shows each row as a block of heading and value lines instead', async () => {
    const wide = await env.fc(['sandbox', 'institutions'], { env: { COLUMNS: '200' } });
    expect(wide.stdout).toMatch(/^┌/); // a table where it fits
    const narrow = await env.fc(['sandbox', 'institutions'], { env: { COLUMNS: '60' } });
    expect(narrow.code, narrow.stderr).toBe(0);
    expect(widest(narrow.stdout), narrow.stdout).toBeLessThanOrEqual(60);
    expect(narrow.stdout).not.toContain('┌');
    // Every row is there, its words whole: one block per row, each starting with the first heading.
    const rows = wide.stdout.split('\n').filter((l) => l.startsWith('│ ')).slice(1); // after the headings
    const blocks = narrow.stdout.trim().split('\n\n');
    expect(blocks).toHaveLength(rows.length);
    for (const block of blocks) expect(block).toMatch(/^Institution +\S/);
    expect(narrow.stdout).toMatch(/^ACH debit outcome +insufficient_funds$/m);
    expect(narrow.stdout).toMatch(/^Institution +Test Institution$/m);
  });
});
