/** How a path is shown to people: relative to the working directory, `/` separators. */
import { basename, isAbsolute, relative, sep } from 'node:path';

export function displayPath(cwd: string, absolutePath: string): string {
  const rel = relative(cwd, absolutePath);
  const path = rel === '' ? basename(absolutePath) : rel.startsWith('..') && isAbsolute(absolutePath) && rel.split(sep).length > 6 ? absolutePath : rel;
  return path.split(sep).join('/');
}
