import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { createContext } from '../../../src/context.js';
import { createIO } from '../../../src/io/io.js';
import { buildProgram } from '../../../src/program.js';
import { bashScript, completionScript, fishScript, treeOf, zshScript, type CompletionNode } from '../../../src/commands/shared/completion-script.js';

const io = createIO({ stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: {} });
const whole: Command = await buildProgram(createContext(io, { FC_HOME: '/nonexistent' }));
function program(): Command {
  return whole;
}

function walk(n: CompletionNode): CompletionNode[] {
  return [n, ...n.children.flatMap(walk)];
}

const has = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'fc-completion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('completion model', () => {
  const tree = treeOf(program());

  it('has every command and flag of the real program, so scripts cannot drift', () => {
    const paths = walk(tree).map((n) => n.path);
    for (const p of ['fc customers create', 'fc accounts insights', 'fc accounts verify-owner', 'fc doctor', 'fc events follow', 'fc events list', 'fc completion', 'fc sandbox advance']) {
      expect(paths).toContain(p);
    }
    const insights = walk(tree).find((n) => n.path === 'fc accounts insights')!;
    expect(insights.options.map((o) => o.long)).toEqual(expect.arrayContaining(['--months', '--refresh', '--help']));
    expect(tree.options.map((o) => o.long)).toEqual(expect.arrayContaining(['--api-key', '--json', '--format', '--no-color', '--version']));
    expect(tree.options.find((o) => o.long === '--format')!.values).toEqual(['table', 'json', 'csv']);
    expect(walk(tree).find((n) => n.path === 'fc completion')!.argChoices).toEqual(['bash', 'zsh', 'fish']);
  });

  it('each script names every command path', () => {
    const scripts = [bashScript(tree), zshScript(tree), fishScript(tree)];
    for (const n of walk(tree)) for (const s of scripts) expect(s).toContain(n.path);
    expect(completionScript(program(), 'bash')).toBe(bashScript(tree));
  });
});

describe('bash', () => {
  const script = file('fc.bash', completionScript(program(), 'bash'));
  const complete = (...words: string[]) =>
    execFileSync('bash', ['-c', `source ${script}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _fincon; printf '%s\\n' "\${COMPREPLY[@]}"`])
      .toString()
      .split('\n')
      .filter(Boolean);

  it('the bash script parses', () => {
    expect(spawnSync('bash', ['-n', script]).status).toBe(0);
  });

  it('completes commands, subcommands, flags, flag values and arguments', () => {
    expect(complete('fc', 'acc')).toEqual(['accounts']);
    expect(complete('fincon', 'accounts', 'ver')).toEqual(['verify-owner']);
    expect(complete('fc', 'accounts', 'ver')).toEqual(['verify-owner']);
    expect(complete('fc', 'accounts', 'insights', '--mo')).toEqual(['--months']);
    expect(complete('fc', 'accounts', 'insights', '--js')).toEqual(['--json']);
    expect(complete('fc', '--format', '')).toEqual(['table', 'json', 'csv']);
    expect(complete('fc', 'completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(complete('fc', 'events', 'list', '--type', 'payment_')).toEqual(['payment_intent.*']);
    // A flag's value is not mistaken for a command.
    expect(complete('fc', 'accounts', 'list', '--customer', 'cus_1', '--l')).toEqual(['--limit']);
  });

  it('completes the deeper words: event types, API methods, comma-separated lists', () => {
    expect(complete('fc', 'trigger', 'financial_connections.account.refreshed_b')).toEqual(['financial_connections.account.refreshed_balance']);
    expect(complete('fincon', 'trigger', 'payment_intent.s')).toEqual(['payment_intent.succeeded']);
    expect(complete('fc', 'api', 'p')).toEqual(['post']);
    expect(complete('fc', 'sessions', 'create', '--permissions', 'bal')).toEqual(['balances']);
    expect(complete('fc', 'sessions', 'create', '--permissions', 'balances,own')).toEqual(['balances,ownership']);
    expect(complete('fc', 'sessions', 'create', '--account-subcategories', 'checking,sa')).toEqual(['checking,savings']);
    expect(complete('fc', 'listen', '--events', 'customer.created,payment_intent.*')).toEqual(['customer.created,payment_intent.*']);
  });
});

describe.skipIf(!has('zsh') && !process.env.CI)('zsh', () => {
  const script = file("_fincon", completionScript(program(), "zsh"));
  // Completion builtins exist only inside a completion widget: stand-ins print what would be offered.
  const complete = (...words: string[]) =>
    execFileSync('zsh', [
      '-c',
      `compdef() { :; }
_describe() { local arr=\${@[-1]}; print -l -- "\${(@P)arr}"; }
compadd() { shift; local n=$1; print -l -- "\${(@P)n}"; }
_files() { print FILES; }
_message() { print MESSAGE; }
compset() { [[ $1 == -P && \${words[CURRENT]} == *,* ]] && print -- "PREFIX:\${words[CURRENT]%,*},"; return 0; }
source ${script}
words=(${words.map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length}; _fincon`,
    ])
      .toString()
      .split('\n')
      .filter(Boolean);

  it('the zsh script parses', () => {
    expect(spawnSync('zsh', ['-n', script]).status).toBe(0);
  });

  it('completes with descriptions', () => {
    expect(complete('fc', '')).toContain('doctor:one view of a customer\'s bank connections: what is wrong, and what to do next');
    expect(complete('fc', 'accounts', 'insights', '--')).toEqual(expect.arrayContaining(['--months:calendar months to cover, the current one included (1-24)', '--api-key:Stripe secret or restricted key (env: STRIPE_API_KEY)']));
    expect(complete('fc', '--format', '')).toEqual(['table', 'json', 'csv']);
    expect(complete('fc', 'completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(complete('fc', 'accounts', 'list', '--customer', '')).toEqual(['MESSAGE']);
    expect(complete('fc', 'trigger', '')).toContain('financial_connections.account.refreshed_transactions');
    expect(complete('fc', 'api', '')).toEqual(['get', 'post', 'delete']);
    // After a comma, zsh is told to keep what comes before it and complete the next word.
    expect(complete('fc', 'sessions', 'create', '--permissions', 'balances,')).toEqual(['PREFIX:balances,', 'balances', 'ownership', 'payment_method', 'transactions']);
  });
});

describe.skipIf(!has('fish') && !process.env.CI)('fish', () => {
  const script = file('fc.fish', completionScript(program(), 'fish'));
  const complete = (line: string) =>
    execFileSync('fish', ['-c', `source ${script}; complete -C ${JSON.stringify(line)}`])
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t')[0]);

  it('the fish script parses', () => {
    expect(spawnSync('fish', ['-n', script]).status).toBe(0);
  });

  it('completes commands, flags and values', () => {
    expect(complete('fc acc')).toEqual(['accounts']);
    expect(complete('fincon accounts insights --mo')).toEqual(['--months']);
    expect(complete('fc accounts ver')).toEqual(['verify-owner']);
    expect(complete('fc accounts insights --mo')).toEqual(['--months']);
    expect(complete('fc completion ')).toEqual(['bash', 'fish', 'zsh']);
    expect(complete('fc events follow --type payment')).toEqual(['payment_intent.*']);
  });
});
