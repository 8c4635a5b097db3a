/** What a caller of the engine chooses (src/engine/lint.ts); apart so that parallel.ts can name it without importing the engine. */
import type { Config, RuleSetting } from '../config/config.js';
import type { LintedKind, Rule } from './rule.js';
import type { ShellcheckOptions } from './external-tools/shellcheck-runner.js';

import type { PresetName } from '../config/config.js';

export interface LintOptions {
  /** Paths are reported relative to this directory (default: process.cwd()). */
  readonly cwd?: string;
  /** A config file to use; `false` for none; a loaded Config; undefined to search upward from the first path. */
  readonly config?: string | false | Config;
  /** The preset the settings start from (`--preset`); default: the config's `extends`, else `recommended`. */
  readonly preset?: PresetName;
  /** Settings that win over the config file's (`--rule ID=SEVERITY`). */
  readonly ruleSettings?: Readonly<Record<string, RuleSetting>>;
  /** The kind of explicitly named files whose name says nothing (`--kind`). */
  readonly kind?: LintedKind;
  /**
   * The build context directory of the Dockerfiles named (not walked), relative to `cwd` (`--context`): for a
   * Dockerfile built from elsewhere, as `docker build -f docker/Dockerfile .` does. Walked Dockerfiles keep the
   * config's `context` mapping or their own directory.
   */
  readonly context?: string;
  /** The rules to run instead of the built-in rules (and the config's plugins when `allowPlugins`). */
  readonly rules?: readonly Rule[];
  /**
   * Load the config's `plugins` (`--allow-plugins`). Off by default: the config comes from the
   * linted repository, and importing a plugin runs its code.
   */
  readonly allowPlugins?: boolean;
  /**
   * Texts that stand for files during this run, by absolute path: an editor's unsaved buffers, or the files a `--fix`
   * pass changed. Every read of such a file (a linted file, a requirements file a Dockerfile installs, a head a rule
   * looks at) gets the text instead of the disk's content. Files are still found on disk: a buffer for a file that
   * does not exist there is read only when something names it.
   */
  readonly buffers?: ReadonlyMap<string, string>;
  /** The ShellCheck executable and time limit; a config file cannot set them, as they choose a program to run. */
  readonly shellcheck?: ShellcheckOptions;
}
