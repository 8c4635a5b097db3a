/** Writes the documentation generated from rule metadata (`npm run docs`). */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generatedDocs } from '../src/docs/rule-docs.js';
import { fixedExamples } from '../src/docs/fixed-examples.js';
import { packageInfo } from '../src/io/package-info.js';
import { rules } from '../rules/index.js';

const root = packageInfo.root;
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const files = generatedDocs(readme, rules, await fixedExamples(rules));
let written = 0;
for (const [path, content] of files) {
  const target = join(root, path);
  if (existsSync(target) && readFileSync(target, 'utf8') === content) continue;
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
  written++;
}
// A rule that was removed or renamed leaves its page behind: remove it.
for (const name of readdirSync(join(root, 'docs/rules'))) {
  if (!files.has(`docs/rules/${name}`)) {
    rmSync(join(root, 'docs/rules', name));
    written++;
  }
}
console.log(`docs: ${written} file(s) updated, ${files.size} checked`);
