#!/usr/bin/env node
// Thin shim: `fc --version` is answered here, then the compile cache is enabled
// where Node has it (22.1+; Node 20 has no module.enableCompileCache), then the
// bundled CLI runs.
import module from 'node:module';

const argv = process.argv.slice(2);

// Scripts call `fc --version` to check what is installed: it needs neither
// commander nor the bundle (BENCHMARKS.md). The version is package.json's, the
// same one the build writes into dist/ as VERSION.
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  const { readFileSync } = await import('node:fs');
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  if (typeof module.enableCompileCache === 'function') {
    try {
      module.enableCompileCache();
    } catch {
      // A read-only cache dir must never stop the CLI.
    }
  }
  const { main } = await import('../dist/cli.js');
  process.exitCode = await main(argv);
}
