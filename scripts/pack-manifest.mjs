// npm 12 lists a package's `prepare` script among the install scripts it blocked, on every
// `npm install fincon` ("1 package had install scripts blocked … fincon (prepare: …)"), although
// npm never runs `prepare` for a registry or tarball install. `prepare` is only for a clone
// (`npm ci` builds dist/), so the packed package.json goes without it: `prepack` builds and
// strips it, `postpack` puts the developer's package.json back.
// Usage: node scripts/pack-manifest.mjs strip|restore
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const manifest = fileURLToPath(new URL('../package.json', import.meta.url));
const saved = `${manifest}.prepack`;

if (existsSync(saved)) renameSync(saved, manifest); // a pack that failed half-way left it stripped
if (process.argv[2] === 'strip') {
  const text = readFileSync(manifest, 'utf8');
  writeFileSync(saved, text);
  const pkg = JSON.parse(text);
  delete pkg.scripts.prepare;
  writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
}
