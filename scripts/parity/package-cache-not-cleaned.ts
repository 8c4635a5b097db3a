/** Deliberate differences of `package-cache-not-cleaned` from hadolint; see that rule's docs. */
import { posix } from 'node:path';
import type { Stage } from '../../src/model/dockerfile.js';
import { covers } from '../../src/model/cache-mounts.js';
import { operands, type ShellCommand } from '../../src/model/shell.js';
import { finalImageStages } from '../../src/model/stages.js';
import type { Difference, Disagreement } from './difference.js';
import { unseenCommands } from './unseen-commands.js';

const RULE = 'package-cache-not-cleaned';
const CODES = ['DL3009', 'DL3019', 'DL3032', 'DL3040', 'DL3042', 'DL3060', 'DL3036'];

function commands(d: Disagreement): readonly ShellCommand[] {
  return d.instruction?.script?.commands ?? [];
}

/** The first operand (`update` in `apt-get -q update`). */
function subcommand(c: ShellCommand): string | undefined {
  return operands(c)[0]?.value;
}

/** The package commands a code is about, as hadolint names them. */
const TOOLS: Readonly<Record<string, (c: ShellCommand) => boolean>> = {
  DL3009: (c) => ['apt-get', 'apt', 'aptitude'].includes(c.name) && subcommand(c) === 'update',
  DL3019: (c) => c.name === 'apk' && c.args.some((w) => w.value === 'add'),
  DL3032: (c) => c.name === 'yum' && subcommand(c) !== undefined && subcommand(c) !== 'clean',
  DL3040: (c) => (c.name === 'dnf' || c.name === 'microdnf') && subcommand(c) !== undefined && subcommand(c) !== 'clean',
  DL3042: (c) => isPip(c) && c.args.some((w) => w.value === 'install'),
  DL3036: (c) => c.name === 'zypper' && subcommand(c) !== undefined && !['clean', 'cc'].includes(subcommand(c) ?? ''),
  DL3060: (c) => c.name === 'yarn' && subcommand(c) === 'install',
};

/** `pip`, `pip3`, `python -m pip`, also by a path with a variable (`$VENV/bin/pip`), whose name the model leaves empty. */
function isPip(c: ShellCommand): boolean {
  const name = c.name || c.nameWord.value.replace(/^.*\//, '');
  return /^pip[0-9.]*$/.test(name) || (/^python[0-9.]*$/.test(name) && c.args[0]?.value === '-m' && /^pip[0-9.]*$/.test(c.args[1]?.value ?? ''));
}

/** The commands of the RUN that the code's finding is about. */
function toolCommands(d: Disagreement): ShellCommand[] {
  const test = TOOLS[d.code];
  return test ? commands(d).filter(test) : [];
}

/** The stage of the instruction is not one the final image is made of. */
function inBuildStage(d: Disagreement): boolean {
  const stage = d.instruction?.stage;
  return stage !== undefined && !finalImageStages(d.file).includes(stage);
}

/** Every one of the tool's commands is hidden from hadolint in the way `hidden` says. */
function allHidden(d: Disagreement, hidden: (c: ShellCommand) => boolean): boolean {
  const tools = toolCommands(d);
  return tools.length > 0 && tools.every(hidden);
}

/** hadolint's DL3009 cleanup test: any `rm` with the word `-rf` or `/var/lib/apt/lists/*`, anywhere in the RUN. */
function hadolintAptCleanup(d: Disagreement): boolean {
  return commands(d).some((c) => c.name === 'rm' && c.nameWord.value === 'rm' && c.wrappers.length === 0 && c.args.some((w) => w.text === '-rf' || w.text === '/var/lib/apt/lists/*'));
}

/** An `rm` (any spelling) or `find -delete` of the folder or a parent of it; relative paths after an absolute `cd`. */
function removes(d: Disagreement, dir: string): boolean {
  const instruction = d.instruction;
  if (!instruction) return false;
  let cwd: string | undefined;
  return commands(d).some((c) => {
    const words = operands(c).map((w) => instruction.expand(w.value));
    if (c.name === 'cd') cwd = words[0]?.startsWith('/') ? words[0] : undefined;
    const deletes = c.name === 'rm' || (c.name === 'find' && c.args.some((w) => w.value === '-delete'));
    return deletes && words.some((word) => {
      const path = word.replace(/\/\*$|\/$/, '');
      if (path.startsWith('/') || path.startsWith('~') || path.startsWith('$HOME')) return covers(path, dir);
      return cwd !== undefined && !path.startsWith('-') && covers(posix.resolve(cwd, path), dir);
    });
  });
}

/** A later stage names this one through a build argument (`ARG BASE=build` … `FROM ${BASE}`). */
function reachedThroughArg(d: Disagreement): boolean {
  const stage = d.instruction?.stage;
  if (!stage || !finalImageStages(d.file).includes(stage)) return false;
  return d.file.stages.some((s: Stage) => s.parent === stage && s.imageUsesVariables && finalImageStages(d.file).includes(s));
}

/** A cache mount whose target is written with a variable (`target=${PIP_CACHE_DIR}`). */
function mountTargetUsesVariable(d: Disagreement): boolean {
  const instruction = d.instruction;
  return instruction !== undefined && instruction.mounts.some((m) => (m.type === 'cache' || m.type === 'tmpfs') && /\$/.test(m.flag.value ?? ''));
}

export const differences: readonly Difference[] = [
  // Both directions, every code.
  ...CODES.map(
    (code): Difference => ({
      code,
      side: 'hadolint',
      rule: RULE,
      reason: 'stage that does not reach the final image (a build stage, or a base only build stages use)',
      matches: inBuildStage,
    }),
  ),
  ...CODES.map(
    (code): Difference => ({
      code,
      side: 'hadolint',
      rule: RULE,
      reason: 'RUN whose script the shell parser cannot fully read is left alone',
      matches: (d) => !inBuildStage(d) && d.instruction?.script?.hasErrors === true,
    }),
  ),
  ...CODES.flatMap((code) => unseenCommands(code, RULE, 'package command', (c, d) => TOOLS[d.code]?.(c) ?? false)),
  ...CODES.map(
    (code): Difference => ({
      code,
      side: 'dockerlint',
      rule: RULE,
      reason: 'stage the final image is built on through a build argument (`FROM ${BASE}`), which hadolint does not resolve',
      matches: (d) => reachedThroughArg(d) && d.file.stages.at(-1) !== d.instruction?.stage,
    }),
  ),

  // DL3009: apt lists.
  {
    code: 'DL3009',
    side: 'hadolint',
    rule: RULE,
    reason: '`apt-get distclean`/`dist-clean` removes the lists; hadolint does not know it',
    matches: (d) => commands(d).some((c) => ['apt-get', 'apt'].includes(c.name) && ['distclean', 'dist-clean'].includes(subcommand(c) ?? '')),
  },
  {
    code: 'DL3009',
    side: 'hadolint',
    rule: RULE,
    reason: '`rm` of /var/lib/apt/lists without the exact `-rf` (`rm -r /var/lib/apt/lists`), or `find ... -delete` on it, which hadolint does not accept',
    matches: (d) => removes(d, '/var/lib/apt/lists') && !hadolintAptCleanup(d),
  },
  {
    code: 'DL3009',
    side: 'dockerlint',
    rule: RULE,
    reason: 'an `rm -rf` of another folder, or a cleanup before a later `apt-get update`, which hadolint takes as cleanup',
    matches: (d) => hadolintAptCleanup(d) && toolCommands(d).some((c) => c.wrappers.length === 0 && c.nesting === 'top'),
  },

  // DL3019: apk.
  {
    code: 'DL3019',
    side: 'hadolint',
    rule: RULE,
    reason: '`apk add --no-network` downloads nothing; hadolint wants `--no-cache`',
    matches: (d) => toolCommands(d).every((c) => c.args.some((w) => w.value === '--no-cache' || w.value === '--no-network')),
  },
  {
    code: 'DL3019',
    side: 'hadolint',
    rule: RULE,
    reason: '`rm` of /var/cache/apk after `apk add`, which hadolint does not accept',
    matches: (d) => removes(d, '/var/cache/apk'),
  },

  {
    code: 'DL3019',
    side: 'hadolint',
    rule: RULE,
    reason: 'cache mount on /etc/apk/cache (apk\'s cache folder), where hadolint wants /var/cache/apk',
    matches: (d) => d.instruction !== undefined && d.instruction.mounts.some((m) => m.type === 'cache' && m.target === '/etc/apk/cache'),
  },

  // DL3032, DL3040: yum, dnf.
  {
    code: 'DL3032',
    side: 'dockerlint',
    rule: RULE,
    reason: '`yum clean` without `all` (`yum clean packages`), which hadolint takes as cleanup',
    matches: (d) => commands(d).some((c) => c.name === 'yum' && subcommand(c) === 'clean' && operands(c)[1]?.value !== 'all'),
  },
  {
    code: 'DL3032',
    side: 'dockerlint',
    rule: RULE,
    reason: '`yum update`/`upgrade`/`groupinstall`/`reinstall` leave the cache too; hadolint checks only `install`',
    matches: (d) => allHidden(d, (c) => subcommand(c) !== 'install'),
  },
  {
    code: 'DL3040',
    side: 'dockerlint',
    rule: RULE,
    reason: '`dnf`/`microdnf` `update`/`upgrade`/`groupinstall` leave the cache too; hadolint checks only `install`',
    matches: (d) => allHidden(d, (c) => subcommand(c) !== 'install'),
  },

  // DL3036: zypper.
  {
    code: 'DL3036',
    side: 'dockerlint',
    rule: RULE,
    reason: '`zypper update`/`dist-upgrade`/`patch` leave the cache too; hadolint checks only `install`',
    matches: (d) => allHidden(d, (c) => !['install', 'in'].includes(subcommand(c) ?? '')),
  },

  // DL3060: yarn.
  {
    code: 'DL3060',
    side: 'hadolint',
    rule: RULE,
    reason: '`rm` of yarn\'s cache folder after `yarn install`, which hadolint does not accept',
    matches: (d) => removes(d, '/usr/local/share/.cache/yarn') || removes(d, '~/.cache/yarn'),
  },

  // DL3042: pip.
  {
    code: 'DL3042',
    side: 'hadolint',
    rule: RULE,
    reason: '`pip install --no-cache` (pip\'s abbreviation of `--no-cache-dir`)',
    matches: (d) => toolCommands(d).every((c) => c.args.some((w) => w.value === '--no-cache' || w.value === '--no-cache-dir')),
  },
  {
    code: 'DL3042',
    side: 'hadolint',
    rule: RULE,
    reason: '`pip cache purge` or an `rm` of the pip cache (`~/.cache/pip`, `/root/.cache`), which hadolint does not accept',
    matches: (d) =>
      removes(d, '~/.cache/pip') ||
      commands(d).some((c) => isPip(c) && c.args.some((w, i) => w.value === 'cache' && c.args[i + 1]?.value === 'purge')),
  },
  {
    code: 'DL3042',
    side: 'hadolint',
    rule: RULE,
    reason: 'cache mount whose target is a build argument (`target=${PIP_CACHE_DIR}`), which hadolint does not resolve',
    matches: mountTargetUsesVariable,
  },
  {
    code: 'DL3042',
    side: 'dockerlint',
    rule: RULE,
    reason: 'cache mount on ~/.cache/pip while `PIP_CACHE_DIR` moves pip\'s cache elsewhere',
    matches: (d) =>
      d.instruction !== undefined &&
      (d.instruction.variables.get('PIP_CACHE_DIR') ?? '') !== '' &&
      d.instruction.mounts.some((m) => m.type === 'cache' && m.target !== undefined && covers(m.target, '~/.cache/pip')),
  },
  {
    code: 'DL3042',
    side: 'dockerlint',
    rule: RULE,
    reason: 'pip run by a path (`/venv/bin/pip`, `/usr/local/bin/python -m pip`), which hadolint does not see',
    matches: (d) => allHidden(d, (c) => c.nameWord.value.includes('/')),
  },
];
