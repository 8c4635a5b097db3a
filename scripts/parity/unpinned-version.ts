/** Deliberate differences of `unpinned-version` from hadolint; see that rule's docs. */
import { packageSpecs, type PackageSpec } from '../../src/model/package-spec.js';
import { packageInstalls, type PackageInstall, type PackageManager } from '../../src/model/packages.js';
import { operands } from '../../src/model/shell.js';
import type { Difference, Disagreement } from './difference.js';
import { unseenCommands } from './unseen-commands.js';

const RULE = 'unpinned-version';

/** The package managers of each hadolint code. */
const CODES: Readonly<Record<string, { managers: readonly PackageManager[] }>> = {
  DL3008: { managers: ['apt-get', 'apt', 'aptitude'] },
  DL3013: { managers: ['pip'] },
  DL3016: { managers: ['npm'] },
  DL3062: { managers: ['go'] },
  DL3018: { managers: ['apk'] },
  DL3028: { managers: ['gem'] },
  DL3033: { managers: ['yum'] },
  DL3037: { managers: ['zypper'] },
  DL3041: { managers: ['dnf', 'microdnf'] },
};

/** The package words of an install that do not pin a release as written, read as the rule reads them. */
function unpinnedAsWritten(install: PackageInstall): PackageSpec[] {
  return packageSpecs(install).filter((spec) => spec.pinned === false);
}

/** The disagreement's installs of `manager`s. */
function installsOf(d: Disagreement, ...managers: PackageManager[]): PackageInstall[] {
  return packageInstalls(d.instruction?.script).filter((i) => managers.includes(i.manager));
}

/** The installs of the disagreement's code in its instruction that have a literal package this rule reports. */
function unpinnedInstalls(d: Disagreement): PackageInstall[] {
  const code = CODES[d.code];
  if (!code) return [];
  return packageInstalls(d.instruction?.script).filter(
    // As written, or with variables that cannot pin it (`"mosaicml[$EXTRAS]"`).
    (i) => code.managers.includes(i.manager) && unpinnedAsWritten(i).some((spec) => spec.word.literal || spec.pinKnown),
  );
}

function some(d: Disagreement, test: (install: PackageInstall) => boolean): boolean {
  return unpinnedInstalls(d).some(test);
}

/** The differences every code of the rule shares: commands that hadolint does not see. */
function unseen(code: string): Difference[] {
  return unseenCommands(code, RULE, 'install', (c, d) => unpinnedInstalls(d).some((i) => i.command === c));
}

/** A package word with a variable or a command substitution that hadolint takes as written. */
function variableWord(d: Disagreement): boolean {
  const code = CODES[d.code];
  if (!code) return false;
  return packageInstalls(d.instruction?.script).some(
    // Unpinned as written, or pinned only if the variable holds a version (`libnvinfer8-${v}`): hadolint reads the
    // text, this rule the value.
    (i) => code.managers.includes(i.manager) && packageSpecs(i).some((spec) => !spec.word.literal && (spec.pinned === false || !spec.pinKnown)),
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
    side: 'dockerlint',
    rule: RULE,
    reason: 'package whose only comparison is in an environment marker (`"flask; python_version<\'3.9\'"`)',
    matches: (d) => installsOf(d, 'pip', 'uv').some((i) => unpinnedAsWritten(i).some((spec) => /[<>=]/.test(spec.text.slice(spec.written.length)))),
  },
  {
    code: 'DL3013',
    side: 'hadolint',
    rule: RULE,
    reason: '`pip install` while `PIP_CONSTRAINT`/`UV_CONSTRAINT` is set, which makes the constraints file pin as `-c` does',
    matches: (d) =>
      installsOf(d, 'pip', 'uv').some((i) =>
        ['PIP_CONSTRAINT', 'UV_CONSTRAINT'].some((n) => !!d.instruction?.variables.get(n) || i.command.assignments.some((a) => a.name === n && a.value !== '')),
      ),
  },
  {
    code: 'DL3013',
    side: 'dockerlint',
    rule: RULE,
    reason: '`name @ git+https://...` without a ref, which hadolint takes as pinned by its `@`',
    matches: (d) => installsOf(d, 'pip').some((i) => unpinnedAsWritten(i).some((spec) => spec.unpinned === 'default-branch' && /^[^@]+@/.test(spec.written) && !/^(git|hg|svn|bzr)\+/.test(spec.written))),
  },
  {
    code: 'DL3013',
    side: 'hadolint',
    rule: RULE,
    reason: 'wheel with extras (`x-1.0-py3-none-any.whl[all]`), whose file name carries its version',
    matches: (d) => installsOf(d, 'pip').some((i) => packageSpecs(i).some((spec) => spec.pinned === true && /\.whl\[/.test(spec.written))),
  },
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

  ...unseen('DL3018'),
  variables('DL3018'),
  ...unseen('DL3028'),
  {
    code: 'DL3028',
    side: 'dockerlint',
    rule: RULE,
    reason: '`gem install` with an option before the gems (`--no-document rails`), which hadolint takes as the option\'s value',
    matches: (d) => installsOf(d, 'gem').some((i) => i.args[0]?.value.startsWith('-')),
  },
  ...unseen('DL3033'),
  variables('DL3033'),
  ...unseen('DL3037'),
  {
    code: 'DL3037',
    side: 'hadolint',
    rule: RULE,
    reason: '`zypper install -t pattern` (or another type than `package`), whose names have no version',
    matches: (d) => installsOf(d, 'zypper').some((i) => i.args.some((w, n) => /^(-t|--type)$/.test(i.args[n - 1]?.value ?? '') && w.value !== 'package')),
  },
  ...unseen('DL3041'),
  variables('DL3041'),
  ...(['DL3033', 'DL3041'] as const).map(
    (code): Difference => ({
      code,
      side: 'hadolint',
      rule: RULE,
      reason: '`.rpm` file, path or `@group`, which names no package to pin',
      matches: (d) =>
        installsOf(d, ...CODES[code].managers).some((i) => i.packages.some((w) => w.value.endsWith('.rpm') || w.value.includes('/') || w.value.startsWith('@'))),
    }),
  ),

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
