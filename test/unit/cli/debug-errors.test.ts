import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inprocSandbox, runInproc } from '../../helpers/run-inproc.js';

// --debug is for finding out why: a stack where it says something about fc, not under
// an answer the API gave or a flag that was wrong (that line is the whole story).
let env: Awaited<ReturnType<typeof inprocSandbox>>;
beforeAll(async () => {
  env = await inprocSandbox();
});
afterAll(async () => {
  await env.stop();
});

const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$/m;

describe('--debug and errors', () => {
  it('an API error is its one line and the request log, with no stack', async () => {
    const r = await env.fc(['--debug', 'customers', 'get', 'cus_missing1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("No such customer: 'cus_missing1'");
    expect(r.stderr).toContain('← 404 GET /v1/customers/cus_missing1');
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('a bad flag is its one line, with no stack', async () => {
    const r = await env.fc(['--debug', 'customers', 'list', '--limit', 'lots']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--limit');
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('a network failure keeps the stack of the error underneath', async () => {
    const r = await runInproc(['--debug', 'customers', 'list'], { env: { FC_API_BASE: 'http://127.0.0.1:1' } });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/connection refused/);
    expect(r.stderr).toMatch(STACK_LINE);
  });
});
