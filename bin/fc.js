#!/usr/bin/env node
// Thin shim: the compile cache makes repeated start-ups cheaper, then the bundled CLI runs.
import module from 'node:module';

if (typeof module.enableCompileCache === 'function') {
  try {
    module.enableCompileCache();
  } catch {
    // A read-only cache dir must never stop the CLI.
  }
}

const { main } = await import('../dist/cli.js');
process.exitCode = await main(process.argv.slice(2));
