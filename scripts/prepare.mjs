// npm runs this on `npm install` from a checkout or a git URL. It builds when
// the TypeScript compiler is installed; npm's install from git may run it
// without devDependencies (npm/cli#8440), and then bin/ uses the committed
// bundle in dist/ instead of failing the install.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

try {
  createRequire(import.meta.url).resolve('typescript');
} catch {
  console.log('dockerlint: TypeScript is not installed here; using the prebuilt bundle in dist/.');
  process.exit(0);
}
const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(result.status ?? 1);
