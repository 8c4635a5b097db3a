/** Name, version and homepage, read once from our own package.json (found upward from this module). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface PackageInfo {
  readonly name: string;
  readonly version: string;
  readonly homepage: string;
  readonly root: string;
}

function load(): PackageInfo {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const json = JSON.parse(readFileSync(file, 'utf8')) as { name: string; version: string; homepage?: string };
      if (json.name === 'dockerlint-cli') {
        return { name: json.name, version: json.version, homepage: (json.homepage ?? '').replace(/#readme$/, ''), root: dir };
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('dockerlint: its own package.json was not found');
    dir = parent;
  }
}

export const packageInfo: PackageInfo = load();
