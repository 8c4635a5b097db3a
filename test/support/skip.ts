/**
 * A test group that cannot run here (no corpus, no pre-commit, no ShellCheck) is skipped out loud: its title says
 * what is missing, and a note is printed, so that a green run without the corpus is not read as the corpus passing.
 */
import { existsSync } from 'node:fs';

export function titleUnlessMissing(title: string, missing: string | undefined): string {
  if (missing === undefined) return title;
  console.warn(`SKIPPED ${title}: ${missing}`);
  return `${title} (SKIPPED: ${missing})`;
}

/** Why a test needing the folder `path` cannot run, or undefined when the folder is there. */
export function missingFolder(path: string, hint = 'set DOCKERLINT_CORPUS to the shared corpus'): string | undefined {
  return existsSync(path) ? undefined : `${path} is not there (${hint})`;
}
