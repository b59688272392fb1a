import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, tempHome } from '../helpers/cli.js';

/**
 * `fc` is a builtin in bash and zsh, so a program named fc on PATH is never
 * run. These tests type into real interactive shells (tmux) as a user would:
 * the second name works as it is, and after the one-line set-up `fc` and its
 * tab completion reach this tool while `builtin fc` is still the history editor.
 */
const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const runnable = has('tmux') && has('bash') && has('zsh');

describe.skipIf(!runnable && !process.env.CI)('fc in interactive bash and zsh (tmux)', { timeout: 60_000 }, () => {
  const home = tempHome();
  const socket = `fc-shell-${process.pid}`;
  const bin = join(home.path, 'bin');
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args]).toString();
  let sessions = 0;

  beforeAll(() => {
    // What `npm i -g` or `npm link` leaves: both names on PATH, pointing at the same script.
    mkdirSync(bin);
    symlinkSync(BIN, join(bin, 'fc'));
    symlinkSync(BIN, join(bin, 'fincon'));
  });
  afterAll(async () => {
    // Shells write their history as they exit: let them finish before their HOME goes.
    for (let i = 1; i <= sessions; i++) spawnSync('tmux', ['-L', socket, 'send-keys', '-t', `sh${i}`, 'C-u', 'exit', 'Enter']);
    for (let i = 0; i < 50 && spawnSync('tmux', ['-L', socket, 'list-sessions']).status === 0; i++) await new Promise((r) => setTimeout(r, 100));
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    rmSync(home.path, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  function shell(command: string) {
    const name = `sh${++sessions}`;
    const env = {
      PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin`,
      HOME: home.path,
      FC_HOME: join(home.path, `fc-home-${name}`),
      NO_COLOR: '1',
      STRIPE_SUPPRESS_NOTICES: 'true',
      FC_NO_KEYRING: '1',
      PS1: '$ ',
      PROMPT: '$ ',
      TERM: 'xterm',
    };
    const vars = Object.entries(env).map(([k, v]) => `${k}='${v}'`).join(' ');
    tmux('new-session', '-d', '-s', name, '-x', '150', '-y', '40', `env -i ${vars} ${command}`);
    const screen = () => tmux('capture-pane', '-p', '-t', name);
    return {
      screen,
      line(text: string) {
        tmux('send-keys', '-t', name, '-l', text);
        tmux('send-keys', '-t', name, 'Enter');
      },
      keys(text: string, ...keys: string[]) {
        tmux('send-keys', '-t', name, '-l', text);
        if (keys.length) tmux('send-keys', '-t', name, ...keys);
      },
      async waitFor(test: (s: string) => boolean, what: string): Promise<string> {
        for (let i = 0; i < 150; i++) {
          const s = screen();
          if (test(s)) return s;
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error(`never saw ${what} on the screen:\n${screen()}`);
      },
    };
  }

  const version = JSON.parse(readFileSync(join(dirname(BIN), '..', 'package.json'), 'utf8')).version as string;

  for (const [name, command] of [
    ['bash', 'bash --norc --noprofile -i'],
    ['zsh', 'zsh -f -i'],
  ] as const) {
    it(`${name}: the second name works with no set-up; after it, fc --version, fc customers list and fc acc<TAB> reach fc`, async () => {
      const sh = shell(command);
      const out = join(home.path, `${name}.out`);
      await sh.waitFor((s) => s.includes('$'), 'a prompt');

      // Without the set-up the builtin answers to fc, and fincon is this tool.
      sh.line(`fincon --version > ${out}.before; echo fincon-done`);
      await sh.waitFor((s) => /^fincon-done$/m.test(s), 'fincon to finish');
      expect(readFileSync(`${out}.before`, 'utf8').trim()).toBe(version);

      sh.line(`eval "$(fincon shell-init ${name})"; echo init-done`);
      await sh.waitFor((s) => /^init-done$/m.test(s), 'the set-up to finish');
      sh.line(`fc --version > ${out}.version; fc customers list --json > ${out}.list; echo fc-done`);
      await sh.waitFor((s) => /^fc-done$/m.test(s), 'fc to finish');
      expect(readFileSync(`${out}.version`, 'utf8').trim()).toBe(version);
      expect(JSON.parse(readFileSync(`${out}.list`, 'utf8'))).toEqual([]);

      // The history editor is still there for whoever wants it.
      sh.line(`builtin fc -l -1 > ${out}.history 2>&1; echo history-done`);
      await sh.waitFor((s) => /^history-done$/m.test(s), 'builtin fc to finish');
      expect(readFileSync(`${out}.history`, 'utf8')).toContain('fc --version');

      sh.keys('fc acc', 'Tab');
      await sh.waitFor((s) => /\$ fc accounts ?$/m.test(s), 'fc acc<TAB> completed to fc accounts');
      sh.keys('', 'C-u');
      sh.keys('fincon sand', 'Tab');
      await sh.waitFor((s) => /\$ fincon sandbox ?$/m.test(s), 'fincon sand<TAB> completed to fincon sandbox');
    });
  }
});

/** The machine's own Node (20 here) is the one fc must refuse with one line, not a crash. */
const oldNode = ['/usr/bin/node', '/usr/local/bin/node'].find(
  (p) => existsSync(p) && Number(execFileSync(p, ['-p', 'process.versions.node']).toString().split('.')[0]) < 22,
);

describe.skipIf(!oldNode)('on a Node older than 22', () => {
  it.each([['--version'], ['customers', 'list'], ['demo']])('fc %s says in one line that Node 22 or newer is needed, exit 2', (...args) => {
    const r = spawnSync(oldNode!, [BIN, ...args], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/needs Node\.js 22 or newer/);
  });
});
