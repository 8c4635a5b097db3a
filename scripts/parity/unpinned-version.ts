/** Deliberate differences of `unpinned-version` from hadolint; see that rule's docs. */
import { packageInstalls, type PackageInstall, type PackageManager } from '../../src/model/packages.js';
import { operands, type CommandNesting } from '../../src/model/shell.js';
import type { Difference, Disagreement } from './difference.js';

const RULE = 'unpinned-version';

/** The package managers of each hadolint code, and how hadolint tells a pinned package word (roughly). */
const CODES: Readonly<Record<string, { managers: readonly PackageManager[]; pinned: (value: string) => boolean }>> = {
  DL3008: { managers: ['apt-get', 'apt', 'aptitude'], pinned: (v) => v.includes('=') || v.includes('/') || v.endsWith('.deb') },
  DL3013: {
    managers: ['pip'],
    // A VCS URL is pinned by an `@ref` in its path.
    pinned: (v) => (/^(git|hg|svn|bzr)\+/.test(v) ? v.replace(/^[^:]+:\/\/[^/]*/, '').includes('@') : /[<>]|[=!~]=/.test(v) || v.includes('/') || v.startsWith('.')),
  },
  DL3016: { managers: ['npm'], pinned: (v) => v.indexOf('@', 1) > 0 && !v.endsWith('@latest') },
  DL3062: { managers: ['go'], pinned: (v) => v.includes('@') && !v.endsWith('@latest') },
};

/** The installs of the disagreement's code in its instruction that have a literal package this rule reports. */
function unpinnedInstalls(d: Disagreement): PackageInstall[] {
  const code = CODES[d.code];
  if (!code) return [];
  return packageInstalls(d.instruction?.script).filter(
    (i) => code.managers.includes(i.manager) && i.packages.some((w) => w.literal && !code.pinned(w.value)),
  );
}

function some(d: Disagreement, test: (install: PackageInstall) => boolean): boolean {
  return unpinnedInstalls(d).some(test);
}

const nested = (nesting: CommandNesting) => (i: PackageInstall) => i.command.nesting === nesting;

/** `/opt/venv/bin/pip install`, `/usr/local/bin/python -m pip install`. */
const calledByPath = (i: PackageInstall) => i.command.nameWord.value.includes('/');

/** The differences every code of the rule shares: commands that hadolint does not see. */
function unseen(code: string): Difference[] {
  return [
    {
      code,
      side: 'dockerlint',
      rule: RULE,
      reason: 'install behind `sudo`, `env` or another wrapper, which hadolint does not look through',
      matches: (d) => some(d, (i) => i.command.wrappers.length > 0),
    },
    {
      code,
      side: 'dockerlint',
      rule: RULE,
      reason: 'install called by a path (`/usr/bin/apt-get`, `/opt/venv/bin/pip`), which hadolint does not recognise',
      matches: (d) => some(d, calledByPath),
    },
    {
      code,
      side: 'dockerlint',
      rule: RULE,
      reason: 'install inside `sh -c "..."`, whose string hadolint does not read',
      matches: (d) => some(d, nested('shell-string')),
    },
    {
      code,
      side: 'dockerlint',
      rule: RULE,
      reason: 'install in a heredoc fed to a shell (`RUN <<EOF bash`), which hadolint does not read',
      matches: (d) => some(d, nested('heredoc-script')),
    },
  ];
}

/** A package word with a variable or a command substitution that hadolint takes as written. */
function variableWord(d: Disagreement): boolean {
  const code = CODES[d.code];
  if (!code) return false;
  return packageInstalls(d.instruction?.script).some(
    (i) => code.managers.includes(i.manager) && i.packages.some((w) => !w.literal && !code.pinned(w.value)),
  );
}

function variables(code: string): Difference {
  return {
    code,
    side: 'hadolint',
    rule: RULE,
    reason: 'package word with a variable (`$PACKAGES`, `tensorflow${TF_SUFFIX}`), judged here by its value, pinned or not known',
    matches: variableWord,
  };
}

export const differences: readonly Difference[] = [
  ...unseen('DL3008'),
  {
    code: 'DL3008',
    side: 'dockerlint',
    rule: RULE,
    reason: '`apt install` and `aptitude install`, which hadolint does not check',
    matches: (d) => some(d, (i) => i.manager === 'apt' || i.manager === 'aptitude'),
  },
  variables('DL3008'),

  ...unseen('DL3013'),
  {
    code: 'DL3013',
    side: 'dockerlint',
    rule: RULE,
    reason: '`uv pip install`, which hadolint does not check',
    matches: (d) => some(d, (i) => i.command.name === 'uv'),
  },
  {
    code: 'DL3013',
    side: 'dockerlint',
    rule: RULE,
    reason: '`python -m pip` with an option before `install` (`python -m pip --no-cache-dir install x`), which hadolint does not see',
    matches: (d) =>
      some(d, (i) => {
        const m = i.command.args.findIndex((w) => w.value === '-m');
        if (!/^python/.test(i.command.name) || m < 0) return false;
        return i.command.args.slice(m + 2, i.command.args.indexOf(i.subcommand)).some((w) => w.value.startsWith('-'));
      }),
  },
  {
    code: 'DL3013',
    side: 'dockerlint',
    rule: RULE,
    reason: 'packages next to `pip install -r file` or `.`, which makes hadolint skip the whole command',
    matches: (d) => some(d, (i) => i.requirementFiles.length > 0 || i.packages.some((w) => w.value === '.')),
  },
  variables('DL3013'),
  {
    code: 'DL3013',
    side: 'hadolint',
    rule: RULE,
    reason: 'local `pip` project with extras (`.[dev]`), which names its code itself',
    matches: (d) => packageInstalls(d.instruction?.script).some((i) => i.manager === 'pip' && i.packages.some((w) => /^\.\/?\[/.test(w.value))),
  },

  ...unseen('DL3016'),
  {
    code: 'DL3016',
    side: 'dockerlint',
    rule: RULE,
    reason: '`npm install pkg@latest`, which asks for whatever is newest, and `npm i`/`npm add`, which hadolint does not check',
    matches: (d) => some(d, (i) => i.subcommand.value !== 'install' || i.packages.some((w) => w.value.endsWith('@latest'))),
  },
  variables('DL3016'),

  ...unseen('DL3062'),
  {
    code: 'DL3062',
    side: 'hadolint',
    rule: RULE,
    reason: '`go run file.go`: a local source file, which hadolint takes for a package without a version',
    matches: (d) =>
      (d.instruction?.script?.commands ?? []).some((c) => {
        if (c.name !== 'go') return false;
        const ops = operands(c);
        return ops[0]?.value === 'run' && ops.slice(1).some((w) => w.value.endsWith('.go'));
      }),
  },
];
