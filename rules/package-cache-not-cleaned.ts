import { posix } from 'node:path';
import { defineRule, type Fix } from '../src/engine/rule.js';
import type { DockerfileModel, Instruction } from '../src/model/dockerfile.js';
import { appendToRun, insertWordAfter } from '../src/model/layout.js';
import { covers, hasCacheMountOn } from '../src/model/cache-mounts.js';
import { packageCommand, type PackageCommand, type PackageManager } from '../src/model/packages.js';
import { braceExpansion, flagValue, hasFlag, operands, removedPaths, workingDirectories, type ShellCommand, type ShellWord } from '../src/model/shell.js';
import { finalImageStages, runInstructions, workdirAt } from '../src/model/stages.js';

/** A cache left in the layer: the word to report and what to say. */
interface Finding {
  readonly word: ShellWord;
  readonly message: string;
  readonly aliases: readonly string[];
  readonly fix?: Fix;
}

/** One RUN with what the checks ask of it. */
interface Run {
  readonly file: DockerfileModel;
  readonly instruction: Instruction;
  readonly commands: readonly ShellCommand[];
  readonly packageCommands: readonly (PackageCommand | undefined)[];
  readonly assigned: ReadonlySet<string>;
  /** The directory each command runs in (after `cd`), when known. */
  readonly cwd: readonly (string | undefined)[];
}

export default defineRule({
  meta: {
    id: 'package-cache-not-cleaned',
    aliases: ['DL3009', 'DL3019', 'DL3032', 'DL3036', 'DL3040', 'DL3042', 'DL3060', 'DS-0015', 'DS-0019', 'DS-0020', 'DS-0025', 'DS-0027'],
    severity: 'info',
    category: 'image-size',
    summary: 'Package manager leaves its download cache or package index in the image',
    fixable: true,
    fix: {
      safe: `Each variant's fix does what its message says, and only where it removes nothing but the cache:

- **pip**: \`--no-cache-dir\` after \`install\` (\`pip install --no-cache-dir -r requirements.txt\`, \`python -m pip\`
  too; not when the command names a \`--cache-dir\`, which would win over it); **uv**: \`--no-cache\` after the subcommand (\`uv pip install --no-cache\`, \`uv sync --no-cache\`); **apk**:
  \`--no-cache\` after \`add\` (which fetches the index itself and does not store it). The same packages are resolved and
  installed; the tool only does not keep (or read) the archives it downloaded. In exec form the option is a new element.
- **apt**: \`&& rm -rf /var/lib/apt/lists/*\` at the end of the \`RUN\`. Only apt reads the lists, and the fix is offered only
  when no later \`RUN\` of the file runs \`apt-get\`, \`apt\`, \`aptitude\`, \`apt-cache\` or \`apt-file\` before an
  \`apt-get update\` of its own (it would find no lists). The Debian and Ubuntu base images ship without lists too, so a
  container that installs at run time updates first either way.
- **yum, dnf, microdnf**: \`&& yum clean all\` (\`dnf clean all\`, \`microdnf clean all\`) at the end of the \`RUN\`: the
  cached packages and metadata are gone, and a later install downloads the metadata again by itself.
- **zypper**: \`&& zypper clean --all\`, offered only when no later \`RUN\` runs \`zypper\` before a \`zypper refresh\` (a
  repository without autorefresh is not fetched again).

The command is added as \`&& ...\` at the end of the \`RUN\` (on the \`RUN\`'s line, or on a continuation line of its own
with the file's escape character and indentation), so it runs only when everything before succeeded, and the \`RUN\`
fails as before when something fails. The clean command names the tool as the install does (\`/usr/bin/dnf clean all\`).
No fix where the result is not certain: a \`RUN\` in exec form or with a heredoc, under a non-POSIX shell, whose script
the parser cannot fully read, whose text ends in \`;\`, \`&\`, \`|\` or holds a \`#\`, with a top-level \`exit\` or
\`exec\`; an install behind \`sudo\` or another wrapper (the clean would need it too); a subcommand not written as one
plain word; an \`ONBUILD RUN\` for apt and zypper (the later \`RUN\`s of the images built on it are not known). A
\`RUN --mount=type=cache\` on the cache is not reported, so never fixed.`,
      unsafe: `Three variants may change more than the cache:

- **conda, mamba, micromamba**: \`&& conda clean -afy\` (the tool as the install names it). \`-f\`
  (\`--force-pkgs-dirs\`) deletes every writable package cache, which breaks an environment installed with symbolic links
  into it (\`always_softlink\`, \`allow_softlinks\`); the default hard links are not affected.
- **Poetry**: \`--no-cache\` after \`install\`/\`sync\`: Poetry before 1.2 does not know the option and stops the build.
- **yarn**: \`&& yarn cache clean\`. With Yarn 2 or later and Plug'n'Play the application loads its packages from the
  cache (\`.yarn/cache\`), so cleaning it can break the image. Not offered with \`--cache-folder\`, whose folder
  \`yarn cache clean\` does not clean.`,
    },
    docs: {
      rationale: `Package managers keep what they download: apt its package lists (\`/var/lib/apt/lists\`, tens of MB), apk,
yum, dnf and zypper their indexes and packages, pip, uv, poetry, conda, yarn and npm every archive they fetched. In a
Docker build that cache is written into the layer of the \`RUN\` and shipped with the image, where nothing will ever use
it: the image is bigger, slower to pull and scan, and carries a stale package index. Deleting it in a later \`RUN\`
does not help, since the earlier layer still holds it. Tell the tool not to keep a cache (\`apk add --no-cache\`,
\`pip install --no-cache-dir\`), clean it at the end of the same \`RUN\`, or keep it out of the image altogether with a
BuildKit cache mount (\`RUN --mount=type=cache,target=/root/.cache/pip\`), which also speeds up rebuilds.`,
      bad: `FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
RUN pip install -r requirements.txt`,
      good: `FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl \\
 && rm -rf /var/lib/apt/lists/*
RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt`,
      notes: `Each finding carries the peer codes of its package manager, so that \`# hadolint ignore=DL3042\` silences only pip:

| tool | reported | avoided by (in the same \`RUN\`) | codes |
|---|---|---|---|
| apt-get, apt, aptitude | \`update\` (at the word \`update\`) | a later \`rm\` of \`/var/lib/apt/lists\` (or a parent), \`find ... -delete\` on it, or \`apt-get distclean\` (\`dist-clean\`); a cache/tmpfs mount on it | DL3009 |
| apk | \`add\` | \`--no-cache\` or \`--no-network\`; a later \`rm\` of \`/var/cache/apk\`; a mount on it or on \`/etc/apk/cache\` | DL3019, DS-0025 |
| yum | \`install\`, \`groupinstall\`, \`localinstall\`, \`reinstall\`, \`update\`, \`upgrade\` | a later \`yum clean all\` or \`rm\` of \`/var/cache/yum\`; a mount on it | DL3032, DS-0015 |
| dnf, microdnf | \`install\`, \`in\`, \`reinstall\`, \`rei\`, \`upgrade\`, \`up\`, \`update\`, \`upgrade-minimal\`, \`groupinstall\`, \`localinstall\`, \`module install\` | a later \`clean all\` or \`rm\` of \`/var/cache/dnf\`, \`/var/cache/yum\` or \`/var/cache/libdnf5\`; a mount on them | DL3040, DS-0019 (dnf), DS-0027 (microdnf) |
| zypper | \`install\`, \`in\`, \`update\`, \`up\`, \`dist-upgrade\`, \`dup\`, \`patch\` | a later \`zypper clean\`/\`cc\` or \`rm\` of \`/var/cache/zypp\`; a mount on it | DL3036, DS-0020 |
| pip, pip3, python -m pip | \`install\` | \`--no-cache-dir\`; \`PIP_NO_CACHE_DIR\` set by \`ENV\`/\`ARG\` or in the \`RUN\`; a later \`pip cache purge\` or \`rm\` of the cache; a mount on \`~/.cache/pip\` (or on \`PIP_CACHE_DIR\`, \`--cache-dir\` when set) | DL3042 |
| uv | \`pip install\`, \`pip sync\`, \`sync\`, \`add\`, \`tool install\` | \`--no-cache\`; \`UV_NO_CACHE\`; a later \`uv cache clean\`/\`prune\` or \`rm\` of the cache; a mount on \`~/.cache/uv\` (or \`UV_CACHE_DIR\`) | – |
| poetry | \`install\`, \`sync\` | \`--no-cache\`; a later \`rm\` of \`$POETRY_CACHE_DIR\` or \`~/.cache/pypoetry\`, \`poetry cache clear\`; a mount on it | – |
| conda, mamba, micromamba | \`install\`, \`create\`, \`update\`, \`env create\`, \`env update\` | a later \`conda clean\` with \`-a\`/\`--all\` or \`-t\`/\`--tarballs\` (\`conda clean -afy\`), or \`rm\` of a \`pkgs\` directory; a mount on \`/opt/conda/pkgs\` or any \`…/pkgs\` | – |
| yarn | \`install\` | a later \`yarn cache clean\` or \`rm\` of the cache (\`~/.cache/yarn\`, \`/usr/local/share/.cache/yarn\`, \`YARN_CACHE_FOLDER\`, \`--cache-folder\`); a mount on it | DL3060 |

Cleanup counts only after the command it cleans up after: \`rm -rf /var/lib/apt/lists/* && apt-get update\` leaves the
lists. An \`rm\` is read as the shell reads it: variables from ARG/ENV expanded, \`{a,b}\` braces expanded, relative paths
resolved after a \`cd\` of the same \`RUN\` (\`cd /var/lib && rm -rf apt\`), and a trailing glob (\`/var/lib/apt/lists*\`)
matched against the cache folder. Commands are found wherever they run: after \`&&\`, behind \`sudo\`, inside
\`sh -c '...'\`, in exec form and heredocs, and in \`ONBUILD RUN\`. A cache mount's target may use ARG/ENV variables;
\`~\`, \`$HOME\` and any absolute path that ends in the cache's own folders (\`/root/.cache\`, \`/home/app/.cache/pip\`) count
for a cache in the home directory (\`/.cache\` does not: root's home is \`/root\`). A \`RUN\` whose script the shell
parser cannot fully read is left alone, since the cleanup may sit in the part it could not read.

**Build stages.** A stage whose results are copied out piece by piece (\`COPY --from=build /venv /venv\`) does not leak
its caches into the final image, so every variant is reported only in the stages that end up in it: the last stage,
the stages it is built on (\`FROM base\`, recursively), and the stages it copies whole (\`COPY --from=tools / /\`). A
stage that only build stages are built on is not reported. On the test corpus (about 4,900 Dockerfiles) this leaves out
7% of what checking every stage would report, nearly all of it in builder stages. Build a non-final stage on its own
(\`--target\`) and its caches are in that image: this rule does not know about such targets.

\`npm install\`/\`npm ci\` are not checked: on the same corpus 86% of the Dockerfiles that run them leave npm's cache
(\`~/.npm\`) in place, including the official examples, so the finding would be noise.`,
      differences: `hadolint (DL3009, DL3019, DL3032, DL3036, DL3040, DL3042, DL3060) and Trivy (DS-0015, DS-0019, DS-0020,
DS-0025, DS-0027) check one tool each; here they are one rule with one finding per tool and \`RUN\`, at the command
(or \`update\`) rather than at the instruction. Where this rule deliberately differs:

- **Stages**: hadolint limits only DL3009 and DL3060 to the last stage and to every stage used as a base, even one that
  only build stages use; here every variant is limited, to the stages the final image is made of (see the notes).
  A stage the final image is built on through a build argument (\`ARG BASE=build\`, \`FROM \${BASE}\`) counts here;
  hadolint does not resolve the argument. Trivy checks every stage.
- **What counts as cleanup**: hadolint accepts any \`rm\` with \`-rf\` anywhere in the \`RUN\` for apt lists
  (\`rm -rf /tmp/x\` passes, and so does \`rm -rf /var/lib/apt/lists/*\` before a later \`apt-get update\`), and wants
  exactly \`-rf\` or \`/var/lib/apt/lists/*\` (\`rm -r /var/lib/apt/lists\` and \`find /var/lib/apt/lists -delete\` fail);
  it does not know \`apt-get distclean\`/\`dist-clean\` (apt 2.7.8, which deletes the lists but for the Release files), and
  takes any \`yum\`/\`dnf\` command with \`clean\` or \`all\` (\`yum clean packages\` passes); here the \`rm\` must delete the
  cache folder (or a parent) after the command, \`distclean\` passes and the clean must be \`clean all\`.
  \`rm -rf /var/cache/apk/*\` after \`apk add\`, \`apk add --no-network\` (it downloads nothing), \`pip cache purge\`,
  \`rm -rf ~/.cache/pip\` (or \`/root/.cache\`) and an \`rm\` of yarn's cache pass here, not in hadolint.
- **Mounts**: a cache mount on \`/var/lib/apt\` or \`/var/lib/apt/lists\` alone avoids the apt finding (hadolint wants
  \`/var/lib/apt/lists\`, or both \`/var/lib/apt\` and \`/var/cache/apt\`); a mount on \`/etc/apk/cache\` avoids the apk
  one; mounts avoid the yum finding, and \`/var/cache/dnf\` avoids the dnf one (hadolint knows only dnf5's
  \`/var/cache/libdnf5\`); a mount on \`$HOME/.cache\` or \`/root/.cache\` avoids the pip one. A mount target written with
  a variable (\`target=\${PIP_CACHE_DIR}\`) is resolved from ARG/ENV, which hadolint does not do; and when
  \`PIP_CACHE_DIR\` moves pip's cache, a mount on \`~/.cache/pip\` no longer holds it. Trivy has no mount exceptions.
- **pip**: \`PIP_NO_CACHE_DIR\` set to any value pip accepts (\`0\` and \`false\` also turn the cache off, for
  backward compatibility) and by \`ARG\` as well as \`ENV\`; \`--no-cache\` (pip's unambiguous abbreviation of
  \`--no-cache-dir\`) passes.
- **More installs**: \`yum\`, \`dnf\` and \`microdnf\` \`update\`/\`upgrade\`/\`groupinstall\`/\`reinstall\`,
  \`zypper update\`/\`dist-upgrade\`/\`patch\` and \`dnf module install\` leave the same cache as an install (hadolint checks only
  \`install\`); commands behind \`sudo\`, behind a path (\`/usr/bin/apt-get\`, \`/venv/bin/pip\`,
  \`$VENV/bin/pip\`, \`/usr/local/bin/python -m pip\`), named by a variable with a known \`ARG\`/\`ENV\` value
  (\`ENV PYTHON=python3.9\` + \`\${PYTHON} -m pip install\`), inside \`sh -c '...'\`, in exec form
  (\`RUN ["/bin/sh", "-c", "..."]\`) and in a heredoc fed to a shell (\`RUN bash <<EOF\`) are seen.
- **Unreadable scripts**: a \`RUN\` whose script the shell parser cannot fully read is left alone (the cleanup may sit in
  the part it could not read), where hadolint's parser may still read and report it: an inline comment in backticks
  (\`\`# why\`\`) inside a continued line is one such form. (\`fi done\` and \`) done\` without a separator, which bash
  accepts and tree-sitter-bash does not, are read.)
- **New tools**: uv, poetry and conda/mamba/micromamba have no peer code.`,
    },
  },
  checkDockerfile(file, context) {
    const shipping = new Set(finalImageStages(file));
    for (const instruction of runInstructions(file)) {
      // A build stage copied out piece by piece leaves its caches behind.
      if (instruction.stage && !shipping.has(instruction.stage)) continue;
      const script = instruction.script;
      // The cleanup may sit in the part the parser could not read.
      if (!script || script.hasErrors) continue;
      const run: Run = {
        file,
        instruction,
        commands: script.commands,
        packageCommands: script.commands.map(packageCommand),
        assigned: script.assignedVariables,
        cwd: workingDirectories(script.commands, workdirAt(instruction), (text) => instruction.expand(text)),
      };
      for (const check of CHECKS) {
        const finding = check(run);
        if (finding) context.report({ range: finding.word.range, message: finding.message, aliases: finding.aliases, ...(finding.fix ? { fix: finding.fix } : {}) });
      }
    }
  },
});

type Check = (run: Run) => Finding | undefined;

const APT_FAMILY = new Set<PackageManager>(['apt-get', 'apt', 'aptitude']);
const RPM_INSTALLS = new Set(['install', 'groupinstall', 'localinstall', 'reinstall', 'update', 'upgrade']);
const DNF_INSTALLS = new Set([...RPM_INSTALLS, 'in', 'rei', 'up', 'upgrade-minimal', 'up-min']);
const ZYPPER_INSTALLS = new Set(['install', 'in', 'update', 'up', 'dist-upgrade', 'dup', 'patch']);
const CONDA_INSTALLS = new Set(['install', 'create', 'update']);
const TRUTHY = /^(1|true|yes|on)$/i;
/** Values Python's strtobool reads: pip turns its cache off for all of them. */
const STRTOBOOL = /^(y|yes|t|true|on|1|n|no|f|false|off|0)$/i;

const aptLists: Check = (run) => {
  const updates = indexesWhere(run, (pc) => APT_FAMILY.has(pc.manager) && pc.operands[0]?.value === 'update');
  // `apt-get distclean` (apt 2.7.8, alias `dist-clean`) removes the lists too, all but the Release files.
  const distClean = (pc: PackageCommand | undefined) =>
    pc !== undefined && APT_FAMILY.has(pc.manager) && ['distclean', 'dist-clean'].includes(pc.operands[0]?.value ?? '');
  const index = firstUncleaned(run, updates, (c, pc) => distClean(pc) || removes(run, c, ['/var/lib/apt/lists']));
  if (index === undefined || hasCacheMountOn(run.instruction, '/var/lib/apt/lists')) return undefined;
  const pc = run.packageCommands[index]!;
  // A later RUN that reads the lists without updating them first would no longer find them.
  const fix = pc.command.wrappers.length === 0 && !onbuild(run) && !usedLater(run, APT_READERS, (p) => APT_FAMILY.has(p.manager) && p.operands[0]?.value === 'update')
    ? appendFix(run, 'safe', 'rm -rf /var/lib/apt/lists/*')
    : undefined;
  return {
    word: pc.operands[0],
    message: `\`${pc.command.nameWord.value} update\` leaves the package lists in /var/lib/apt/lists in this layer: end the RUN with \`&& rm -rf /var/lib/apt/lists/*\``,
    aliases: ['DL3009'],
    fix,
  };
};

const apk: Check = (run) => {
  const adds = indexesWhere(run, (pc) => pc.manager === 'apk' && pc.operands[0]?.value === 'add' && !hasArg(pc, '--no-cache', '--no-network'));
  const all = uncleaned(run, adds, (c) => removes(run, c, ['/var/cache/apk']));
  const index = all[0];
  if (index === undefined || hasCacheMountOn(run.instruction, '/var/cache/apk', '/etc/apk/cache')) return undefined;
  return {
    word: run.commands[index].nameWord,
    message: '`apk add` keeps the package index in /var/cache/apk in this layer: use `apk add --no-cache`',
    aliases: ['DL3019', 'DS-0025'],
    fix: optionFix(run, all.map((i) => run.packageCommands[i]!.operands[0]), '--no-cache'),
  };
};

const yum: Check = (run) => {
  const installs = indexesWhere(run, (pc) => pc.manager === 'yum' && RPM_INSTALLS.has(pc.operands[0]?.value ?? ''));
  const dirs = ['/var/cache/yum', '/var/cache/dnf'];
  const index = firstUncleaned(run, installs, (c, pc) => cleansAll(pc, ['yum', 'dnf']) || removes(run, c, dirs));
  if (index === undefined || hasCacheMountOn(run.instruction, ...dirs)) return undefined;
  return {
    word: run.commands[index].nameWord,
    message: `\`yum ${run.packageCommands[index]!.operands[0].value}\` leaves its package cache in /var/cache/yum in this layer: end the RUN with \`&& yum clean all\``,
    aliases: ['DL3032', 'DS-0015'],
    fix: cleanFix(run, run.commands[index], 'clean all'),
  };
};

const dnf: Check = (run) => {
  const installs = indexesWhere(run, (pc) => (pc.manager === 'dnf' || pc.manager === 'microdnf') && isDnfInstall(pc));
  const dirs = ['/var/cache/dnf', '/var/cache/yum', '/var/cache/libdnf5', '~/.cache/libdnf5'];
  const index = firstUncleaned(run, installs, (c, pc) => cleansAll(pc, ['dnf', 'microdnf', 'yum']) || removes(run, c, dirs));
  if (index === undefined || hasCacheMountOn(run.instruction, ...dirs)) return undefined;
  const pc = run.packageCommands[index]!;
  const tool = pc.manager;
  return {
    word: pc.command.nameWord,
    message: `\`${tool} ${subcommandText(pc)}\` leaves its package cache in /var/cache in this layer: end the RUN with \`&& ${tool} clean all\``,
    aliases: ['DL3040', tool === 'microdnf' ? 'DS-0027' : 'DS-0019'],
    fix: cleanFix(run, pc.command, 'clean all'),
  };
};

const zypper: Check = (run) => {
  const installs = indexesWhere(run, (pc) => pc.manager === 'zypper' && ZYPPER_INSTALLS.has(pc.operands[0]?.value ?? ''));
  const cleans = (pc: PackageCommand | undefined) => pc?.manager === 'zypper' && (pc.operands[0]?.value === 'clean' || pc.operands[0]?.value === 'cc');
  const index = firstUncleaned(run, installs, (c, pc) => cleans(pc) || removes(run, c, ['/var/cache/zypp']));
  if (index === undefined || hasCacheMountOn(run.instruction, '/var/cache/zypp')) return undefined;
  return {
    word: run.commands[index].nameWord,
    message: `\`zypper ${run.packageCommands[index]!.operands[0].value}\` leaves its package cache in /var/cache/zypp in this layer: end the RUN with \`&& zypper clean --all\``,
    aliases: ['DL3036', 'DS-0020'],
    // zypper reads its cached metadata in later RUNs (repositories without autorefresh are not fetched again).
    fix: onbuild(run) || usedLater(run, ZYPPER_READERS, (p) => p.manager === 'zypper' && ['refresh', 'ref'].includes(p.operands[0]?.value ?? '')) ? undefined : cleanFix(run, run.commands[index], 'clean --all'),
  };
};

const pip: Check = (run) => {
  const installs = indexesWhere(run, (pc, c) => pc.manager === 'pip' && c.name !== 'uv' && pc.operands[0]?.value === 'install' && !pipCacheOff(run, pc));
  const dirs = (c: ShellCommand, pc?: PackageCommand) => cacheDirs(run, c, '~/.cache/pip', 'PIP_CACHE_DIR', pc && flagValue(view(pc), '--cache-dir'));
  const all = uncleaned(run, installs, (c, pc, install) =>
    (pc?.manager === 'pip' && pc.command.name !== 'uv' && pc.operands[0]?.value === 'cache' && pc.operands[1]?.value === 'purge') ||
    removes(run, c, dirs(install.command, install)),
  );
  const index = all[0];
  if (index === undefined) return undefined;
  const pc = run.packageCommands[index]!;
  const cache = dirs(pc.command, pc);
  if (hasCacheMountOn(run.instruction, ...cache)) return undefined;
  return {
    word: pc.command.nameWord,
    message: `\`${commandText(pc)}\` keeps every downloaded package in pip's cache in this layer: add \`--no-cache-dir\`, set \`ENV PIP_NO_CACHE_DIR=1\`, or mount a cache with \`RUN --mount=type=cache,target=${mountTarget(cache[0])}\``,
    aliases: ['DL3042'],
    // A later `--cache-dir` would win over an added `--no-cache-dir`.
    fix: optionFix(run, all.map((i) => run.packageCommands[i]!).map((p) => (flagValue(view(p), '--cache-dir') === undefined ? p.operands[0] : undefined)), '--no-cache-dir'),
  };
};

const uv: Check = (run) => {
  const installs = indexesWhere(run, (_pc, c) => c.name === 'uv' && isUvInstall(c) && !uvCacheOff(run, c));
  const dirs = (c: ShellCommand) => cacheDirs(run, c, '~/.cache/uv', 'UV_CACHE_DIR', flagValue(c, '--cache-dir'));
  const all = uncleaned(run, installs, (c, _pc, install) =>
    (c.name === 'uv' && operands(c)[0]?.value === 'cache' && ['clean', 'prune'].includes(operands(c)[1]?.value ?? '')) ||
    removes(run, c, dirs(install.command)),
  );
  const index = all[0];
  if (index === undefined) return undefined;
  const command = run.commands[index];
  const cache = dirs(command);
  if (hasCacheMountOn(run.instruction, ...cache)) return undefined;
  return {
    word: command.nameWord,
    message: `\`uv ${operands(command).slice(0, 2).map((w) => w.value).join(' ')}\` keeps every downloaded package in uv's cache in this layer: add \`--no-cache\`, set \`ENV UV_NO_CACHE=1\`, or mount a cache with \`RUN --mount=type=cache,target=${mountTarget(cache[0])}\``,
    aliases: [],
    fix: optionFix(run, all.map((i) => uvSubcommand(run.commands[i])), '--no-cache'),
  };
};

const poetry: Check = (run) => {
  const installs = indexesWhere(run, (pc) => pc.manager === 'poetry' && ['install', 'sync'].includes(pc.operands[0]?.value ?? '') && !hasArg(pc, '--no-cache'));
  const dirs = (c: ShellCommand) => cacheDirs(run, c, '~/.cache/pypoetry', 'POETRY_CACHE_DIR', undefined);
  const all = uncleaned(run, installs, (c, pc, install) =>
    (pc?.manager === 'poetry' && pc.operands[0]?.value === 'cache' && pc.operands[1]?.value === 'clear') ||
    removes(run, c, dirs(install.command)) ||
    (c.name === 'rm' && c.args.some((w) => /\$\{?POETRY_CACHE_DIR\b/.test(w.value))),
  );
  const index = all[0];
  if (index === undefined) return undefined;
  const command = run.commands[index];
  if (hasCacheMountOn(run.instruction, ...dirs(command))) return undefined;
  return {
    word: command.nameWord,
    message: `\`poetry ${run.packageCommands[index]!.operands[0].value}\` keeps every downloaded package in Poetry's cache in this layer: add \`--no-cache\`, end the RUN with \`&& rm -rf $POETRY_CACHE_DIR\`, or mount a cache on it`,
    aliases: [],
    // Poetry before 1.2 does not know `--no-cache` and stops with an error.
    fix: optionFix(run, all.map((i) => run.packageCommands[i]!.operands[0]), '--no-cache', 'unsafe'),
  };
};

const conda: Check = (run) => {
  const installs = indexesWhere(run, (pc) => pc.manager === 'conda' && isCondaInstall(pc));
  const pkgs = (c: ShellCommand) => cacheDirs(run, c, '/opt/conda/pkgs', 'CONDA_PKGS_DIRS', undefined);
  const index = firstUncleaned(run, installs, (c, pc, install) =>
    (pc?.manager === 'conda' && pc.operands[0]?.value === 'clean' && hasFlag(view(pc), '-a', '--all', '-t', '--tarballs')) ||
    removes(run, c, pkgs(install.command)) ||
    (c.name === 'rm' && c.args.some((w) => /\/pkgs(\/\*?)?$/.test(run.instruction.expand(w.value)))),
  );
  if (index === undefined) return undefined;
  const command = run.commands[index];
  const mounted = hasCacheMountOn(run.instruction, ...pkgs(command), '~/.conda/pkgs', '~/micromamba/pkgs');
  if (mounted || mountEndsWith(run.instruction, '/pkgs')) return undefined;
  const tool = command.name || 'conda';
  return {
    word: command.nameWord,
    message: `\`${tool} ${run.packageCommands[index]!.operands[0].value}\` keeps the downloaded package archives in the pkgs directory in this layer: end the RUN with \`&& ${tool} clean -afy\``,
    aliases: [],
    // `-f` deletes every package cache, which breaks environments linked to it by symbolic links.
    fix: cleanFix(run, command, 'clean -afy', 'unsafe'),
  };
};

const yarn: Check = (run) => {
  const installs = indexesWhere(run, (pc) => pc.manager === 'yarn' && pc.operands[0]?.value === 'install');
  const dirs = (c: ShellCommand, pc?: PackageCommand) =>
    cacheDirs(run, c, '~/.cache/yarn', 'YARN_CACHE_FOLDER', pc && flagValue(view(pc), '--cache-folder')).concat('~/.yarn/berry/cache');
  const index = firstUncleaned(run, installs, (c, pc, install) =>
    (pc?.manager === 'yarn' && pc.operands[0]?.value === 'cache' && pc.operands[1]?.value === 'clean') || removes(run, c, dirs(install.command, install)),
  );
  if (index === undefined) return undefined;
  const pc = run.packageCommands[index]!;
  if (hasCacheMountOn(run.instruction, ...dirs(pc.command, pc))) return undefined;
  return {
    word: pc.command.nameWord,
    message: '`yarn install` keeps every downloaded package in yarn\'s cache in this layer: end the RUN with `&& yarn cache clean`, or mount a cache on it',
    aliases: ['DL3060'],
    // Yarn 2+ with Plug'n'Play loads the packages from its cache: cleaning it can break the app.
    // `yarn cache clean` cleans the default folder, not one `--cache-folder` names.
    fix: flagValue(view(pc), '--cache-folder') === undefined ? cleanFix(run, pc.command, 'cache clean', 'unsafe') : undefined,
  };
};

const CHECKS: readonly Check[] = [aptLists, apk, yum, dnf, zypper, pip, uv, poetry, conda, yarn];

/** The indexes of the RUN's commands that are package commands matching `test`. */
function indexesWhere(run: Run, test: (pc: PackageCommand, command: ShellCommand) => boolean): number[] {
  const out: number[] = [];
  run.packageCommands.forEach((pc, i) => {
    if (pc && test(pc, run.commands[i])) out.push(i);
  });
  return out;
}

/**
 * The first of `candidates` (command indexes) that no cleaning command follows, or undefined.
 * `cleans` is asked about each later command with the candidate it would clean up after.
 */
function firstUncleaned(
  run: Run,
  candidates: readonly number[],
  cleans: (command: ShellCommand, pc: PackageCommand | undefined, candidate: PackageCommand) => boolean,
): number | undefined {
  return uncleaned(run, candidates, cleans, 1)[0];
}

/** Installs one fix edits at most: a RUN with more gets the rest in the next pass, and the search stays linear. */
const MAX_FIXED_INSTALLS = 64;

/** Every one of `candidates` that no cleaning command follows (at most `limit`), in order. */
function uncleaned(
  run: Run,
  candidates: readonly number[],
  cleans: (command: ShellCommand, pc: PackageCommand | undefined, candidate: PackageCommand) => boolean,
  limit = MAX_FIXED_INSTALLS,
): number[] {
  const found: number[] = [];
  for (const index of candidates) {
    if (found.length >= limit) break;
    const candidate = run.packageCommands[index]!;
    let cleaned = false;
    for (let j = index + 1; j < run.commands.length && !cleaned; j++) cleaned = cleans(run.commands[j], run.packageCommands[j], candidate);
    if (!cleaned) found.push(index);
  }
  return found;
}

/**
 * True when `command` deletes one of `dirs` or a parent of it: `rm -rf /var/lib/apt/lists/*`,
 * `rm -rf /var/lib/{apt,dpkg}`, `cd /var/lib && rm -rf apt`, `find /x -delete`.
 */
function removes(run: Run, command: ShellCommand, dirs: readonly string[]): boolean {
  const words = removedPaths(command);
  if (words.length === 0) return false;
  const cwd = run.cwd[run.commands.indexOf(command)];
  return words.some((word) =>
    braceExpansion(run.instruction.expand(word.value)).some((path) => {
      const dir = path.replace(/\/\*$|\/$/, '').replace(/\/\.\*$/, '');
      // `/var/lib/apt/lists*` matches the folder itself.
      const prefix = /^[^*?[]*\*$/.test(dir) ? dir.slice(0, -1) : undefined;
      if (dir === '' || (dir.includes('*') && prefix === undefined)) return false;
      const written = prefix ?? dir;
      const absolute = written.startsWith('/') || written.startsWith('~') || written.startsWith('$HOME') ? written : cwd && posix.resolve(cwd, written);
      if (absolute === undefined) return false;
      if (prefix === undefined) return dirs.some((wanted) => covers(absolute, wanted));
      // The glob matches the folder (or a parent) of the cache: `lists*` matches `lists`.
      return absolute.lastIndexOf('/') > 0 && dirs.some((wanted) => wanted.startsWith(absolute));
    }),
  );
}

/** `yum clean all`, `dnf clean all`, `microdnf clean all`. */
function cleansAll(pc: PackageCommand | undefined, managers: readonly string[]): boolean {
  return pc !== undefined && managers.includes(pc.manager) && pc.operands[0]?.value === 'clean' && pc.operands[1]?.value === 'all';
}

function isDnfInstall(pc: PackageCommand): boolean {
  const sub = pc.operands[0]?.value ?? '';
  return DNF_INSTALLS.has(sub) || (sub === 'module' && pc.operands[1]?.value === 'install');
}

function isCondaInstall(pc: PackageCommand): boolean {
  const sub = pc.operands[0]?.value ?? '';
  if (sub === 'env') return ['create', 'update'].includes(pc.operands[1]?.value ?? '');
  return CONDA_INSTALLS.has(sub);
}

/** `uv pip install`, `uv pip sync`, `uv sync`, `uv add`, `uv tool install`. */
function isUvInstall(command: ShellCommand): boolean {
  const ops = operands(command, ['--python', '-p', '--index-url', '--extra-index-url', '--group', '--extra', '--cache-dir', '--directory', '--project']);
  const [first, second] = [ops[0]?.value, ops[1]?.value];
  if (first === 'pip' || first === 'tool') return second === 'install' || (first === 'pip' && second === 'sync');
  return first === 'sync' || first === 'add';
}

function hasArg(pc: PackageCommand, ...names: string[]): boolean {
  return hasFlag(view(pc), ...names);
}

/** The command seen with the manager's words only (after `pip` in `python -m pip`). */
function view(pc: PackageCommand): ShellCommand {
  return { ...pc.command, args: pc.args };
}

/** The value a RUN's command sees for an environment variable: its own prefix, then ARG/ENV; `''` when set elsewhere in the RUN. */
function envValue(run: Run, command: ShellCommand, name: string): string | undefined {
  const own = command.assignments.find((a) => a.name === name);
  if (own) return own.value;
  const declared = run.instruction.variables.get(name);
  if (declared !== undefined) return declared;
  return run.assigned.has(name) ? '' : undefined;
}

function pipCacheOff(run: Run, pc: PackageCommand): boolean {
  if (hasArg(pc, '--no-cache-dir', '--no-cache')) return true;
  const value = envValue(run, pc.command, 'PIP_NO_CACHE_DIR');
  // Set by `export` somewhere in the RUN (value unknown), or to any value pip reads as a boolean.
  return value !== undefined && (value === '' ? run.assigned.has('PIP_NO_CACHE_DIR') : STRTOBOOL.test(value));
}

function uvCacheOff(run: Run, command: ShellCommand): boolean {
  if (hasFlag(command, '--no-cache', '-n', '--no-cache-dir')) return true;
  const value = envValue(run, command, 'UV_NO_CACHE');
  return value !== undefined && (value === '' ? run.assigned.has('UV_NO_CACHE') : TRUTHY.test(value));
}

/** Where a tool keeps its cache: the option's value, else the variable's, else its default (`~/...` for a home directory). */
function cacheDirs(run: Run, command: ShellCommand, fallback: string, variable: string, option: string | undefined): string[] {
  const value = option || envValue(run, command, variable);
  if (!value) return [fallback];
  // CONDA_PKGS_DIRS is a comma-separated list.
  const dirs = run.instruction.expand(value).split(',').filter((d) => d.startsWith('/') || d.startsWith('~') || d.startsWith('$HOME'));
  return dirs.length > 0 ? dirs : [fallback];
}

/** A cache or tmpfs mount on a folder named like conda's package cache (`/opt/conda/pkgs`, `/opt/mamba/pkgs`). */
function mountEndsWith(run: Instruction, suffix: string): boolean {
  return run.mounts.some((m) => (m.type === 'cache' || m.type === 'tmpfs') && m.target?.endsWith(suffix) === true);
}

/** `install`, `module install`. */
function subcommandText(pc: PackageCommand): string {
  const [first, second] = pc.operands;
  return first.value === 'module' && second ? `module ${second.value}` : first.value;
}

/** Where to mount a cache: the cache directory, with `~` as root's home. */
function mountTarget(dir: string): string {
  return dir.replace(/^(~|\$HOME|\$\{HOME\})(?=\/|$)/, '/root');
}

/** `pip install`, `python3 -m pip install`, `uv pip install`: the words up to the subcommand. */
function commandText(pc: PackageCommand): string {
  const command = pc.command;
  const before = command.args.slice(0, command.args.length - pc.args.length).map((w) => w.value);
  return [command.nameWord.value, ...before, pc.operands[0]?.value ?? ''].join(' ');
}

/**
 * The fix that adds `option` after each of `words` (the subcommands of the RUN's installs that leave the cache, the
 * reported one first), as a new word: all in one pass, a RUN may have a dozen. None when the reported one cannot take it.
 */
function optionFix(run: Run, words: readonly (ShellWord | undefined)[], option: string, applicability: Fix['applicability'] = 'safe'): Fix | undefined {
  const edits = words.map((word) => word && insertWordAfter(run.file, run.instruction, word, option));
  if (!edits[0]) return undefined;
  return { applicability, description: `add \`${option}\``, edits: edits.filter((e) => e !== undefined) };
}

/** The fix that ends the RUN with `&& <command>`. */
function appendFix(run: Run, applicability: Fix['applicability'], command: string): Fix | undefined {
  const edit = appendToRun(run.file, run.instruction, command);
  return edit ? { applicability, description: `end the RUN with \`&& ${command}\``, edits: [edit] } : undefined;
}

/**
 * The fix that ends the RUN with the tool's own clean command, the tool named as the install names it
 * (`/opt/conda/bin/conda`): none behind a wrapper (`sudo`), which the clean would need as well, nor for a name
 * that is not a plain word.
 */
function cleanFix(run: Run, command: ShellCommand, subcommand: string, applicability: Fix['applicability'] = 'safe'): Fix | undefined {
  const name = command.nameWord;
  if (command.wrappers.length > 0 || !name.literal || !/^[A-Za-z0-9_./-]+$/.test(name.text)) return undefined;
  return appendFix(run, applicability, `${name.text} ${subcommand}`);
}

/** Commands that read apt's package lists. */
const APT_READERS = new Set(['apt-get', 'apt', 'aptitude', 'apt-cache', 'apt-file']);
const ZYPPER_READERS = new Set(['zypper']);

/**
 * True when a later RUN of the file runs one of `readers` before anything that fetches the index again
 * (`refreshes`) in that RUN: deleting the index in this RUN would leave that command without it.
 */
function usedLater(run: Run, readers: ReadonlySet<string>, refreshes: (pc: PackageCommand) => boolean): boolean {
  // The last such RUN, found once per file and tool: asking for every finding would be quadratic in the RUNs.
  let lines = LAST_READER.get(run.file);
  if (!lines) LAST_READER.set(run.file, (lines = new Map()));
  let last = lines.get(readers);
  if (last === undefined) {
    last = 0;
    for (const later of runInstructions(run.file)) {
      for (const command of later.script?.commands ?? []) {
        const pc = packageCommand(command);
        if (pc && refreshes(pc)) break;
        if (readers.has(command.name) || (command.name === '' && !command.nameWord.literal)) {
          last = Math.max(last, later.line);
          break;
        }
      }
    }
    lines.set(readers, last);
  }
  return last > run.instruction.line;
}

const LAST_READER = new WeakMap<DockerfileModel, Map<ReadonlySet<string>, number>>();

/** The word of `uv pip install`, `uv sync`... after which an option goes: the last subcommand word. */
function uvSubcommand(command: ShellCommand): ShellWord | undefined {
  const ops = operands(command, ['--python', '-p', '--index-url', '--extra-index-url', '--group', '--extra', '--cache-dir', '--directory', '--project']);
  return ops[0]?.value === 'pip' || ops[0]?.value === 'tool' ? ops[1] : ops[0];
}

/** A RUN that ONBUILD registers: it runs in images built on this one, whose later RUNs are not known here. */
function onbuild(run: Run): boolean {
  return run.file.instructions[run.instruction.index] !== run.instruction;
}
