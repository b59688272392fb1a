import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryConfigStore } from '../../../src/config/store.js';
import { colorWanted } from '../../../src/io/io.js';
import { inprocSandbox, runInproc } from '../../helpers/run-inproc.js';

let env: Awaited<ReturnType<typeof inprocSandbox>>;
beforeAll(async () => {
  env = await inprocSandbox();
});
afterAll(() => env.stop());

describe('one consistent CLI', () => {
  it('fc help <group> <verb> shows the verb; an unknown topic exits 2; group help has examples', async () => {
    const verb = await runInproc(['help', 'accounts', 'balance']);
    expect(verb.code).toBe(0);
    expect(verb.stdout).toMatch(/^Usage: fc accounts balance/);
    for (const topic of [['nonexistent'], ['accounts', 'nope']]) {
      const r = await runInproc(['help', ...topic]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`no command "fc ${topic.join(' ')}"`);
    }
    const group = await runInproc(['accounts', '--help']);
    expect(group.stdout).toMatch(/Examples:\n  \$ fc accounts list --customer cus_123\n[\s\S]*\$ fc accounts disconnect fca_123/);
  });

  it("every command's --help lists each flag once: a command's own --timeout hides the global one", async () => {
    const { COMMANDS } = await import('../../../src/commands/index.js');
    const { loadSpec } = await import('../../../src/commands/define.js');
    const paths: string[][] = [];
    for (const name of COMMANDS.names) {
      const spec = await loadSpec(COMMANDS, `${name}/${name}`);
      if (spec.kind === 'command') paths.push([name]);
      else paths.push(...spec.verbs.map((v) => [name, v]));
    }
    expect(paths).toContainEqual(['pay']);
    for (const path of paths) {
      const help = (await runInproc([...path, '--help'], { env: { COLUMNS: '200' } })).stdout;
      const flags = [...help.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]);
      const twice = flags.filter((f, i) => flags.indexOf(f) !== i);
      expect(twice, `fc ${path.join(' ')} --help`).toEqual([]);
    }
  });

  it('a missing input reads the same everywhere: Missing, what, and why fc cannot ask', async () => {
    const cases = [
      ['customers', 'get'],
      ['customers', 'create'],
      ['config', 'login'],
      ['accounts', 'list'],
      ['accounts', 'balance'],
      ['events', 'get'],
      ['sandbox', 'advance'],
      ['pay'],
      ['accounts', 'refresh', 'fca_123'],
      ['doctor'],
      ['link'],
      ['sessions', 'get'],
      ['payments', 'cancel'],
    ];
    for (const args of cases) {
      const r = await env.fc(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^Error: Missing \S.*\(stdin is not a terminal, so fc cannot ask\)/m);
    }
    const flag = await env.fc(['sessions', 'create', '--customer', 'cus_123']);
    expect(flag.stderr).toMatch(/^Error: Missing --permissions: one or more of/m);
  });

  it('every --help says what a --timeout that runs out exits with, as the README exit codes do: 4, or 5 for a wait', async () => {
    const help = (await runInproc(['--help'], { env: { COLUMNS: '200' } })).stdout;
    const timeout = (/--timeout <seconds>([\s\S]*?)\n\s*-h, --help/.exec(help)?.[1] ?? '').replace(/\s+/g, ' ');
    expect(timeout).toMatch(/exit 4/);
    expect(timeout).toMatch(/still pending.*exit 5/);
  });

  it('fc config logout forgets the profile after asking, or with --yes in scripts', async () => {
    const config = new MemoryConfigStore({ profiles: { default: { apiKey: 'sk_test_abc1234' }, staging: { apiKey: 'sk_test_xyz9876' } }, currentProfile: 'default' });
    const refused = await runInproc(['config', 'logout'], { config });
    expect(refused.code).toBe(2);
    expect(config.profile('default')).toBeDefined();
    const done = await runInproc(['config', 'logout', '--profile', 'staging', '--yes'], { config });
    expect(done.code, done.stderr).toBe(0);
    expect(done.stderr).toContain("profile 'staging'");
    expect(Object.keys(config.profiles())).toEqual(['default']);
    const none = await runInproc(['config', 'logout', '--profile', 'staging', '--yes'], { config });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('saved profiles: default');
  });

  it('FORCE_COLOR=0 and NO_COLOR turn colour off even on a terminal', () => {
    expect(colorWanted({}, true)).toBe(true);
    expect(colorWanted({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(colorWanted({ NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);
    expect(colorWanted({ FORCE_COLOR: '1' }, false)).toBe(true);
  });

  it('a list cut short says so on stderr in every format; a complete one says nothing', async () => {
    for (const e of ['a', 'b']) await env.fc(['customers', 'create', '--email', `${e}@example.com`]);
    for (const format of [[], ['--json'], ['--format', 'csv']]) {
      const cut = await env.fc(['customers', 'list', '--limit', '1', ...format]);
      expect(cut.stderr).toMatch(/More customers exist than the 1 shown: add --all/);
      const whole = await env.fc(['customers', 'list', '--limit', '100', ...format]);
      expect(whole.stderr).not.toMatch(/More customers/);
    }
    const events = await env.fc(['events', 'list', '--limit', '1']);
    expect(events.stderr).toMatch(/More events exist/);
  });
});
