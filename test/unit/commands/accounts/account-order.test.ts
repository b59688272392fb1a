import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFcInProcess, tempHome } from '../../../helpers/cli.js';
import { startSandbox, type RunningSandbox } from '../../../../src/sandbox/index.js';

/**
 * The API answers a session's accounts in link order and `accounts list` newest
 * first; people see one table in one order wherever accounts are shown.
 */
describe('the account table', () => {
  let sandbox: RunningSandbox;
  const home = tempHome();
  const fc = (args: string[]) => runFcInProcess(home.path, args, { env: { FC_API_BASE: sandbox.url, COLUMNS: '160' } });
  let session = '';
  let customer = '';

  beforeAll(async () => {
    sandbox = await startSandbox({ dbPath: ':memory:' });
    customer = JSON.parse((await fc(['customers', 'create', '--email', 'order@example.com', '--json'])).stdout).id;
    session = JSON.parse((await fc(['sessions', 'create', '--customer', customer, '--permissions', 'balances,payment_method', '--json'])).stdout).id;
    await fc(['sandbox', 'complete', session, '--accounts', 'savings,checking', '--json']);
  });
  afterAll(async () => {
    await sandbox.close();
    home.cleanup();
  });

  const rows = (table: string) => table.split('\n').filter((l) => /fca_/.test(l));
  const kinds = (table: string) => rows(table).map((l) => (/checking/i.test(l) ? 'checking' : /savings/i.test(l) ? 'savings' : 'other'));

  it('lists checking before savings in sessions get, accounts list --session and accounts list --customer', async () => {
    const tables = await Promise.all([
      fc(['sessions', 'get', session]),
      fc(['accounts', 'list', '--session', session]),
      fc(['accounts', 'list', '--customer', customer]),
    ]);
    for (const t of tables) {
      expect(t.code).toBe(0);
      expect(kinds(t.stdout)).toEqual(['checking', 'savings']);
    }
    const ids = tables.map((t) => rows(t.stdout).map((l) => /fca_[A-Za-z0-9]+/.exec(l)![0]));
    expect(ids[1]).toEqual(ids[0]);
    expect(ids[2]).toEqual(ids[0]);
  });

  it('leaves --json in the order the API answered', async () => {
    const fromApi = JSON.parse((await fc(['accounts', 'list', '--session', session, '--json'])).stdout) as { created: number; id: string }[];
    expect(fromApi).toHaveLength(2);
    const viaRaw = JSON.parse((await fc(['api', 'get', '/v1/financial_connections/accounts', '-d', `session=${session}`])).stdout) as { data: { id: string }[] };
    expect(fromApi.map((a) => a.id)).toEqual(viaRaw.data.map((a) => a.id));
  });
});
