import { defineRule, type RuleContext } from '../src/engine/rule.js';
import type { Range } from '../src/model/position.js';
import type { Heredoc, Instruction } from '../src/model/dockerfile.js';
import { packageCommand } from '../src/model/packages.js';
import { splitOption, type ShellCommand } from '../src/model/shell.js';
import { requirementsManifest, type DependencyManifest } from '../src/model/manifests.js';

type IndexRole = 'index' | 'extra' | 'links';
/** uv-merging: uv told to merge indexes as pip does (`--index-strategy unsafe-best-match`). */
type Tool = 'pip' | 'uv' | 'uv-merging';

interface Problem {
  readonly range: Range;
  readonly message: string;
}

/** The indexes of PyPI itself: an extra index there adds no other publisher. */
const PYPI_HOSTS = new Set(['pypi.org', 'pypi.python.org', 'files.pythonhosted.org', 'test.pypi.org']);
/** Hosts on the machine or network of the build itself, where plain HTTP does not leave the host. */
const LOCAL_HOSTS = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|host\.docker\.internal)$/i;

/** pip's and uv's options that name an index or a links page, by role. */
const OPTIONS: Readonly<Record<string, IndexRole>> = {
  '--index-url': 'index', '-i': 'index', '--default-index': 'index',
  '--extra-index-url': 'extra', '--index': 'extra',
  '--find-links': 'links', '-f': 'links',
};
/** The environment variables pip and uv read the same settings from. */
const VARIABLES: Readonly<Record<string, { role: IndexRole; tool: Tool }>> = {
  PIP_INDEX_URL: { role: 'index', tool: 'pip' }, PIP_EXTRA_INDEX_URL: { role: 'extra', tool: 'pip' }, PIP_FIND_LINKS: { role: 'links', tool: 'pip' },
  UV_INDEX_URL: { role: 'index', tool: 'uv' }, UV_DEFAULT_INDEX: { role: 'index', tool: 'uv' }, UV_EXTRA_INDEX_URL: { role: 'extra', tool: 'uv' },
  UV_INDEX: { role: 'extra', tool: 'uv' }, UV_FIND_LINKS: { role: 'links', tool: 'uv' },
};
/** Keys of pip.conf (any section) and of `pip config set <section>.<key>`. */
const CONFIG_KEYS: Readonly<Record<string, IndexRole>> = { 'index-url': 'index', 'extra-index-url': 'extra', 'find-links': 'links' };
/** Where pip reads its configuration file. */
const PIP_CONF = /(^|\/)(pip\.conf|pip\.ini)$/;

export default defineRule({
  meta: {
    id: 'insecure-package-index',
    aliases: [],
    severity: 'warning',
    category: 'security',
    summary: 'A Python package index over plain HTTP, or an extra index that pip merges with PyPI (dependency confusion)',
    fixable: false,
    docs: {
      rationale: `An index or links page reached over \`http://\` hands pip packages that anyone on the network path can
replace; they are installed, and their setup code run, as root in the image.

\`--extra-index-url\` is riskier than it looks: pip does not ask the extra index first, it merges both indexes and
installs the highest version it finds in either. Anyone who publishes a package on PyPI with the name of a private
package and a higher version gets their code into the image ("dependency confusion"; in December 2022 a \`torchtriton\`
package on PyPI did this to everyone who installed PyTorch nightlies with \`--extra-index-url\`). Use \`--index-url\`
pointing at a proxy that serves the private packages and mirrors PyPI, or uv, whose default index strategy takes each
package from the first index that has it.`,
      bad: `FROM python:3.12-slim\nENV PIP_INDEX_URL=http://pypi.internal.example/simple\nRUN pip install --no-cache-dir --extra-index-url https://pkgs.internal.example/simple internal-lib==1.4.0\n`,
      good: `FROM python:3.12-slim\nENV PIP_INDEX_URL=https://proxy.internal.example/pypi/simple\nRUN pip install --no-cache-dir internal-lib==1.4.0\n`,
      notes: `Read: \`--index-url\`/\`-i\`, \`--extra-index-url\` and \`--find-links\`/\`-f\` in requirements files and on
\`pip\`, \`python -m pip\` and \`uv\` commands (\`uv pip install\`, \`uv sync\`, also \`--index\` and \`--default-index\`);
\`pip config set global.index-url ...\`; the variables \`PIP_INDEX_URL\`, \`PIP_EXTRA_INDEX_URL\`, \`PIP_FIND_LINKS\`,
\`UV_INDEX_URL\`, \`UV_DEFAULT_INDEX\`, \`UV_EXTRA_INDEX_URL\`, \`UV_INDEX\`, \`UV_FIND_LINKS\` in \`ENV\` and \`ARG\`
(values expanded); the \`pip:\` section of a conda \`environment.yml\`; the \`url\` of uv's \`[[tool.uv.index]]\` (and
its older \`index-url\`/\`extra-index-url\`) and of Poetry's \`[[tool.poetry.source]]\` in \`pyproject.toml\`; and a \`pip.conf\`/\`pip.ini\` written from a heredoc (\`COPY <<EOF /etc/pip.conf\`,
\`RUN cat > /etc/pip.conf <<EOF\`, \`tee\`) or by \`echo\`/\`printf\` redirected to it, also at \`$PIP_CONFIG_FILE\`. Plain HTTP to \`localhost\` or \`host.docker.internal\` is not reported.

The extra-index finding is for pip only: uv's extra indexes are searched first-match, so they are reported only over
plain HTTP, unless \`--index-strategy unsafe-best-match\` (or \`UV_INDEX_STRATEGY\`) makes uv merge them as pip does. An extra index on PyPI itself is not reported.

\`--trusted-host\` and \`PIP_TRUSTED_HOST\`, which turn certificate checks off, are reported by
\`tls-verification-disabled\`.`,
    },
  },
  checkRequirements(file, context) {
    manifestProblems(requirementsManifest(file), context);
  },
  checkManifest(file, context) {
    manifestProblems(file, context);
  },
  checkDockerfile(file, context) {
    for (const node of file.instructions) {
      const instruction = node.keyword === 'ONBUILD' && node.trigger ? node.trigger : node;
      for (const problem of instructionProblems(instruction)) context.report(problem);
    }
  },
});

function instructionProblems(instruction: Instruction): Problem[] {
  const problems: Problem[] = [];
  if (instruction.keyword === 'ENV' || instruction.keyword === 'ARG') {
    for (const pair of instruction.pairs) {
      const variable = Object.hasOwn(VARIABLES, pair.key) ? VARIABLES[pair.key] : undefined;
      if (!variable || pair.value === undefined) continue;
      // pip and uv split these lists at blanks; UV_INDEX entries may be `name=url`.
      for (const value of instruction.expand(pair.value).split(/\s+/).filter((v) => v !== '')) {
        const url = value.replace(/^[\w-]+=(?=[a-z+]+:\/\/)/i, '');
        for (const message of urlProblems(url, variable.role, variable.tool, `\`${pair.key}=${url}\``)) problems.push({ range: pair.keyRange, message });
      }
    }
  } else if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
    const destination = instruction.args[instruction.args.length - 1]?.value ?? '';
    if (PIP_CONF.test(instruction.expand(destination))) {
      for (const heredoc of instruction.heredocs) problems.push(...heredocConfigProblems(heredoc));
    }
  } else if (instruction.keyword === 'RUN') {
    for (const command of instruction.script?.commands ?? []) problems.push(...commandProblems(command, instruction));
  }
  return problems;
}

function commandProblems(command: ShellCommand, instruction: Instruction): Problem[] {
  const problems: Problem[] = [];
  const isConfig = (path: string) => PIP_CONF.test(instruction.expand(path)) || /^\$\{?PIP_CONFIG_FILE\}?$/.test(path);
  const redirected = command.redirects.some((r) => (r.operator === '>' || r.operator === '>>') && isConfig(r.target.value));
  if (redirected || (command.name === 'tee' && command.args.some((w) => isConfig(w.value)))) {
    // `cat > /etc/pip.conf <<EOF`, `tee /etc/pip.conf <<EOF`: the heredoc is the file's content.
    const names = new Set(command.redirects.filter((r) => r.operator.startsWith('<<')).map((r) => r.target.value.replace(/^["']|["']$/g, '')));
    for (const heredoc of instruction.heredocs) if (names.has(heredoc.name)) problems.push(...heredocConfigProblems(heredoc));
    // `echo "index-url = ..." >> /etc/pip.conf`, `printf '[global]\\nindex-url = ...\\n' > ...`: the words are.
    if (redirected && (command.name === 'echo' || command.name === 'printf') && command.args.length > 0) {
      const words = command.args.filter((w) => !/^-[neE]+$/.test(w.value));
      const text = words.map((w) => w.value).join(' ').replace(/\\n/g, '\n');
      const range = { start: command.args[0].range.start, end: command.args[command.args.length - 1].range.end };
      problems.push(...configProblems(text, () => range));
    }
  }
  const found = packageCommand(command);
  if (found?.manager !== 'pip' && found?.manager !== 'uv') return problems;
  const args = found.args;
  // uv takes each package from the first index that has it, unless told to merge them as pip does.
  const strategy = args.find((w, i) => args[i - 1]?.value === '--index-strategy' || w.value.startsWith('--index-strategy='))?.value.replace(/^--index-strategy=/, '');
  const merges = (strategy ?? instruction.expand('${UV_INDEX_STRATEGY}')) === 'unsafe-best-match';
  const isUv = command.name === 'uv' || found.manager === 'uv';
  const tool = isUv ? (merges ? 'uv-merging' : 'uv') : 'pip';
  for (const [i, word] of args.entries()) {
    if (word.value === '--') break;
    const { option, value: attached } = splitOption(word.value);
    const short = /^-[if]./.test(word.value) && !word.value.startsWith('--') ? word.value.slice(0, 2) : undefined;
    // pip takes `--index` as an abbreviation of `--index-url`; uv's `--index` adds an index.
    const role = tool === 'pip' && option === '--index' ? 'index' : OPTIONS[short ?? option];
    if (Object.hasOwn(OPTIONS, short ?? option) && role) {
      const value = short ? word.value.slice(2) : (attached ?? args[i + 1]?.value);
      if (value === undefined) continue;
      const url = instruction.expand(value).replace(/^[\w-]+=(?=[a-z+]+:\/\/)/i, '');
      const shown = `\`${command.name === 'uv' ? 'uv' : 'pip'} ${short ?? option} ${url}\``;
      for (const message of urlProblems(url, role, tool, shown)) problems.push({ range: word.range, message });
    }
    // pip config set global.index-url http://...
    const key = /^[\w-]+\.([\w-]+)$/.exec(word.value)?.[1];
    if (tool === 'pip' && key && Object.hasOwn(CONFIG_KEYS, key) && args[i - 1]?.value === 'set' && args[i + 1]) {
      const url = instruction.expand(args[i + 1].value);
      for (const message of urlProblems(url, CONFIG_KEYS[key], 'pip', `\`pip config set ${word.value} ${url}\``)) problems.push({ range: word.range, message });
    }
  }
  return problems;
}

/** The index options of a requirements file or of a conda environment's `pip:` section, which pip reads alike. */
function manifestProblems(file: DependencyManifest, context: RuleContext): void {
  for (const setting of file.indexSettings) {
    const role: IndexRole = setting.option === '--index-url' ? 'index' : setting.option === '--extra-index-url' ? 'extra' : 'links';
    for (const message of urlProblems(setting.url, role, 'pip', setting.written ?? `\`${setting.option} ${setting.url}\``)) context.report({ range: setting.range, message });
  }
}
/** `index-url = http://...` lines of a pip.conf body (with indented continuation lines), at the key. */
/** pip.conf lines in a heredoc body, each finding at its key. */
function heredocConfigProblems(heredoc: Heredoc): Problem[] {
  const body = heredoc.bodyRange;
  if (!body) return [];
  return configProblems(heredoc.body, (index, key) => ({ start: { line: body.start.line + index, column: 1 }, end: { line: body.start.line + index, column: 1 + key.length } }));
}

/** `index-url = http://...` lines of a pip.conf (with indented continuation lines); `rangeOf` places a finding. */
function configProblems(text: string, rangeOf: (lineIndex: number, key: string) => Range): Problem[] {
  const problems: Problem[] = [];
  let role: IndexRole | undefined;
  let keyRange: Range | undefined;
  let key = '';
  text.split(/\r?\n/).forEach((line, index) => {
    const entry = /^(\s*)([\w-]+)\s*[=:]\s*(.*)$/.exec(line);
    let values: string[] = [];
    if (entry && entry[1] === '') {
      role = Object.hasOwn(CONFIG_KEYS, entry[2]) ? CONFIG_KEYS[entry[2]] : undefined;
      key = entry[2];
      keyRange = rangeOf(index, key);
      values = entry[3].split(/\s+/);
    } else if (/^\s+\S/.test(line) && role) {
      values = line.trim().split(/\s+/);
    } else {
      role = undefined;
    }
    if (!role || !keyRange) return;
    for (const url of values.filter((v) => v !== '')) {
      for (const message of urlProblems(url, role, 'pip', `\`${key} = ${url}\` in pip.conf`)) problems.push({ range: keyRange, message });
    }
  });
  return problems;
}

/** What is wrong with one index URL: plain HTTP, and for pip an extra index beside PyPI. */
function urlProblems(url: string, role: IndexRole, tool: Tool, shown: string): string[] {
  const parsed = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(url);
  if (!parsed) return [];
  const scheme = parsed[1].toLowerCase();
  const host = parsed[2].toLowerCase();
  if (host.includes('$')) return [];
  if (scheme === 'http' && !LOCAL_HOSTS.test(host)) {
    const what = role === 'links' ? 'links page' : 'package index';
    return [`${shown} fetches from a ${what} over plain HTTP, so anyone on the network path can swap the packages: use https://`];
  }
  if (role === 'extra' && tool !== 'uv' && scheme === 'https' && !PYPI_HOSTS.has(host)) {
    const risk = 'install the highest version found in either, so a package published on PyPI under one of its names wins (dependency confusion)';
    return [
      tool === 'pip'
        ? `${shown} makes pip merge ${host} with PyPI and ${risk}: use \`--index-url\` with a proxy that serves both, or uv, which takes each package from the first index that has it`
        : `${shown} with the unsafe-best-match index strategy makes uv merge ${host} with PyPI and ${risk}: drop unsafe-best-match, so that uv takes each package from the first index that has it`,
    ];
  }
  return [];
}
