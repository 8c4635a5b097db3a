/**
 * Whether a cache (or tmpfs) mount of a RUN holds a directory, so that what is written there
 * never reaches the image. The mounts themselves are read once, in mounts.ts (`run.mounts`).
 */
import type { Instruction } from './dockerfile.js';
import { homeRelative, normalizePath } from './mounts.js';

/**
 * True when a `type=cache` or `type=tmpfs` mount of the RUN holds `dir`: the
 * directory itself or one of its parents. A `dir` written `~/.cache/pip` is that
 * path under any home directory: `/root/.cache/pip`, `$HOME/.cache` and
 * `~/.cache` all hold it.
 */
export function hasCacheMountOn(run: Instruction, ...dirs: string[]): boolean {
  const targets = run.mounts.filter((m) => (m.type === 'cache' || m.type === 'tmpfs') && m.target !== undefined).map((m) => m.target!);
  return dirs.some((dir) => targets.some((target) => covers(target, dir)));
}

/** True when the folder `target` (a mount's target, a deleted path) is `dir` or one of its parents. */
export function covers(folder: string, dir: string): boolean {
  const target = normalizePath(folder);
  const home = homeRelative(dir);
  if (home === undefined) {
    const wanted = normalizePath(dir);
    return target !== '/' && (wanted === target || wanted.startsWith(`${target}/`));
  }
  const targetHome = homeRelative(target);
  if (targetHome !== undefined) return targetHome === '' || home === targetHome || home.startsWith(`${targetHome}/`);
  // An absolute target holds `~/a/b` when it ends with `/a` or `/a/b` under some home (`/root/.cache`,
  // `/home/app/.cache/pip`); `/.cache` is not under a home (root's is /root).
  const parts = home.split('/');
  for (let n = 1; n <= parts.length; n++) {
    const suffix = `/${parts.slice(0, n).join('/')}`;
    if (target.endsWith(suffix) && target.length > suffix.length) return true;
  }
  return false;
}
