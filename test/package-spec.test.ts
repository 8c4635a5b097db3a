import { beforeAll, describe, expect, it } from 'vitest';
import { parseDockerfile, type Instruction } from '../src/model/dockerfile.js';
import { packageSpecs, type PackageSpec } from '../src/model/package-spec.js';
import { packageInstalls } from '../src/model/packages.js';
import { braceExpansion, expandWord, removedPaths, splitOption, workingDirectories } from '../src/model/shell.js';
import { loadShellParser } from '../src/model/shell-parser.js';
import { aptConfiguredEarlier, runInstructions } from '../src/model/stages.js';

beforeAll(async () => {
  await loadShellParser();
});

function runs(dockerfile: string): Instruction[] {
  return runInstructions(parseDockerfile(dockerfile, 'Dockerfile'));
}

/** The specs of every package word of the first RUN of `FROM x` + `run`. */
function specs(run: string): PackageSpec[] {
  const [instruction] = runs(`FROM x\n${run}\n`);
  return packageInstalls(instruction.script).flatMap(packageSpecs);
}

function spec(run: string): PackageSpec {
  const all = specs(run);
  expect(all).toHaveLength(1);
  return all[0];
}

describe('PackageSpec', () => {
  it.each<[string, Partial<PackageSpec>]>([
    ['RUN apt-get install -y curl', { manager: 'apt-get', name: 'curl', pinned: false, unpinned: 'no-version', pinnedForm: 'curl=<version>' }],
    ['RUN apt-get install -y curl=7.88.1-10', { name: 'curl', operator: '=', version: '7.88.1-10', pinned: true }],
    ['RUN apt-get install -y -t bookworm-backports curl/bookworm-backports', { name: 'curl', operator: '/', version: 'bookworm-backports', pinned: true }],
    ['RUN apk add curl~8.5', { manager: 'apk', name: 'curl', operator: '~', version: '8.5', pinned: true }],
    ['RUN apk add --virtual .deps curl', { name: 'curl', pinned: false }],
    ['RUN yum install -y httpd-2.4.6-99.el9', { manager: 'yum', name: 'httpd', operator: '-', version: '2.4.6-99.el9', pinned: true }],
    ['RUN dnf install -y python3-devel', { name: 'python3-devel', pinned: false, pinnedForm: 'python3-devel-<version>' }],
    ['RUN dnf module install -y nodejs', { pinned: false, unpinned: 'no-stream', pinnedForm: 'nodejs:<stream>' }],
    ['RUN dnf module install -y nodejs:18', { name: 'nodejs', operator: ':', version: '18', pinned: true }],
    ['RUN yum groupinstall -y Development', { pinned: undefined, unpinned: undefined }],
    ['RUN zypper install -t pattern devel_basis', { pinned: undefined }],
    ['RUN zypper install "curl>=8"', { name: 'curl', operator: '>=', version: '8', pinned: true }],
    ['RUN npm install -g @scope/tool@1.2.3', { manager: 'npm', name: '@scope/tool', operator: '@', version: '1.2.3', pinned: true }],
    ['RUN npm install -g typescript@latest', { name: 'typescript', pinned: false, unpinned: 'moving-version', pinnedForm: 'typescript@<version>' }],
    ['RUN npm install github:org/repo', { pinned: false, unpinned: 'default-branch', pinnedForm: '#<ref>' }],
    ['RUN gem install rails:7.1.3', { manager: 'gem', name: 'rails', operator: ':', version: '7.1.3', pinned: true }],
    ['RUN go install golang.org/x/tools/cmd/goimports@upgrade', { name: 'golang.org/x/tools/cmd/goimports', pinned: false, unpinned: 'moving-version' }],
    ['RUN go get example.com/mod@none', { pinned: true }],
    ['RUN conda install -c conda-forge conda-forge::numpy=1.26', { manager: 'conda', name: 'numpy', pinned: false, unpinned: 'version-series', pinnedForm: 'conda-forge::numpy=<version>' }],
    ['RUN conda install -y numpy', { manager: 'conda', name: 'numpy', pinned: false, unpinned: 'no-version', pinnedForm: 'numpy=<version>' }],
    ['RUN mamba install -y "numpy>=1.26"', { name: 'numpy', operator: '>=', pinned: false, unpinned: 'version-range' }],
    ['RUN micromamba install -y numpy=1.26.4', { name: 'numpy', operator: '=', version: '1.26.4', pinned: true }],
    ['RUN conda install numpy==1.26.4', { operator: '==', pinned: true }],
    ['RUN conda install numpy=1.26.4=py311h64a7726_0', { version: '1.26.4=py311h64a7726_0', pinned: true }],
    ['RUN conda install numpy=1.26=py311h64a7726_0', { pinned: true }],
    ['RUN conda install numpy=1.26.*', { pinned: false, unpinned: 'version-series' }],
    ['RUN conda install "numpy 1.26.4"', { operator: ' ', pinned: true }],
    ['RUN conda install "numpy[version=\'>=1.26\']"', { pinned: false, unpinned: 'version-range' }],
    ['RUN conda create -n env python=3.11', { name: 'python', pinned: true }],
    ['RUN conda create -n env Python=3.6.*', { name: 'Python', pinned: true }],
    ['RUN conda create -n env python=3', { pinned: false, unpinned: 'version-series' }],
    ['RUN conda install -c pytorch -c nvidia pytorch-cuda=12.1', { name: 'pytorch-cuda', pinned: true }],
    ['RUN conda create -n env python', { pinned: false, unpinned: 'no-version' }],
    ['RUN conda install -y numpy=${NUMPY_VERSION}', { pinned: true }],
    ['RUN conda install -y ./pkgs/foo-1.0-0.tar.bz2', { pinned: true }],
    ['RUN micromamba install -y -n base -f env.yml numpy=1.26.4', { name: 'numpy' }],
    ['RUN conda install -yn "$ENV" --solver classic numpy=1.26.4', { name: 'numpy' }],
  ])('%s', (run, expected) => {
    expect(spec(run)).toMatchObject(expected);
  });

  it('reads pip words with the requirements parser', () => {
    expect(spec('RUN pip install "a>=1,<2"')).toMatchObject({ manager: 'pip', name: 'a', operator: '>=', version: '>=1,<2', pinned: true });
    expect(spec('RUN pip install "Flask[async]==3.0.3"')).toMatchObject({ name: 'Flask', operator: '==', version: '==3.0.3', pinned: true });
    expect(spec('RUN python3 -m pip install "flask (>=3.0)"')).toMatchObject({ name: 'flask', pinned: true });
    // A marker says nothing about the version; the message names the package without it.
    expect(spec(`RUN pip install "flask; python_version < '3.9'"`)).toMatchObject({ name: 'flask', written: 'flask', pinned: false, pinnedForm: 'flask==<version>' });
    expect(spec('RUN pip install git+https://github.com/org/repo@v1.2#egg=repo')).toMatchObject({ name: 'repo', operator: '@', version: 'v1.2', pinned: true });
    expect(spec('RUN pip install git+ssh://git@github.com/org/repo')).toMatchObject({ pinned: false, unpinned: 'default-branch', pinnedForm: '@<ref>' });
    expect(spec('RUN pip install "peft[test] @ git+https://github.com/huggingface/peft"')).toMatchObject({ name: 'peft', pinned: false, unpinned: 'default-branch' });
    expect(spec('RUN uv pip install ./dist/app-1.0-py3-none-any.whl')).toMatchObject({ pinned: true });
    expect(spec('RUN pip install dist/*.whl')).toMatchObject({ pinned: true });
    expect(spec('RUN pip install flask=1.0')).toMatchObject({ name: 'flask', pinned: false, unpinned: 'no-version' });
  });

  it('knows when expansions cannot change the pin', () => {
    expect(spec('RUN pip install "mosaicml[$EXTRAS]"')).toMatchObject({ name: 'mosaicml', pinned: false, pinKnown: true });
    expect(spec('RUN pip install "mosaicml[${EXTRAS}]==0.20.1"')).toMatchObject({ pinned: true, pinKnown: true });
    expect(spec('RUN pip install "flask==${V}"')).toMatchObject({ pinned: true });
    expect(spec('RUN pip install tensorflow${TF_SUFFIX}')).toMatchObject({ pinned: false, pinKnown: false });
    expect(spec('RUN pip install "$PKG[extra]"')).toMatchObject({ pinKnown: false });
    expect(spec('RUN apt-get install -y $PACKAGES')).toMatchObject({ pinned: false, pinKnown: false });
    expect(spec('RUN apt-get install -y curl')).toMatchObject({ pinKnown: true });
  });

  it('gives every word of the install its range', () => {
    const [curl, git] = specs('RUN apt-get install -y curl git=1:2.39');
    expect(curl.range).toEqual({ start: { line: 2, column: 24 }, end: { line: 2, column: 28 } });
    expect(git).toMatchObject({ name: 'git', version: '1:2.39', pinned: true });
  });
});

describe('shell queries', () => {
  it('splitOption', () => {
    expect(splitOption('--setopt=sslverify=0')).toEqual({ option: '--setopt', value: 'sslverify=0' });
    expect(splitOption('--insecure')).toEqual({ option: '--insecure', value: undefined });
    // Short options and operands are never split.
    expect(splitOption('-ofoo=bar')).toEqual({ option: '-ofoo=bar', value: undefined });
    expect(splitOption('a=b')).toEqual({ option: 'a=b', value: undefined });
  });

  it('braceExpansion', () => {
    expect(braceExpansion('/var/lib/{apt,dpkg}/')).toEqual(['/var/lib/apt/', '/var/lib/dpkg/']);
    expect(braceExpansion('/x/{a,b}/{c,d}')).toEqual(['/x/a/c', '/x/a/d', '/x/b/c', '/x/b/d']);
    expect(braceExpansion('/x/{a}')).toEqual(['/x/{a}']);
    // Past 256 words the word stays as written.
    const bomb = '{a,b}'.repeat(20);
    expect(braceExpansion(bomb)).toEqual([bomb]);
  });

  it('workingDirectories follows cd', () => {
    const [run] = runs('FROM x\nWORKDIR /app\nARG D=/opt\nRUN ls && cd sub && ls && cd $D && ls && cd $(mktemp -d) && ls\n');
    const commands = run.script!.commands.filter((c) => c.nesting === 'top');
    const dirs = workingDirectories(commands, '/app', (t) => run.expand(t));
    expect(dirs).toEqual(['/app', '/app', '/app/sub', '/app/sub', '/opt', '/opt', undefined]);
  });

  it('removedPaths', () => {
    const [run] = runs('FROM x\nRUN rm -rf /var/lib/apt/lists/* /tmp && find /root/.cache -name "*.pyc" -delete && find /x -name y && echo /z\n');
    const paths = run.script!.commands.map((c) => removedPaths(c).map((w) => w.value));
    expect(paths).toEqual([['/var/lib/apt/lists/*', '/tmp'], ['/root/.cache'], [], []]);
  });

  it('expandWord, over the value the script gives at the word', () => {
    const [run] = runs('FROM x\nARG EXTRA=jq\nRUN P="curl git" && A=(x y) && apt-get install -y $P ${A[@]} $EXTRA $UNSET && Q=1 && Q=2 && echo $Q\n');
    const script = run.script!;
    const install = script.commands.find((c) => c.name === 'apt-get')!;
    const [p, a, extra, unset] = install.args.slice(2);
    const expand = (t: string) => run.expand(t);
    expect(expandWord(p, script, expand)).toEqual(['curl', 'git']);
    expect(expandWord(a, script, expand)).toEqual(['x', 'y']);
    expect(expandWord(extra, script, expand)).toEqual(['jq']);
    expect(expandWord(unset, script, expand)).toBeUndefined();
    const echo = script.commands.find((c) => c.name === 'echo')!;
    // Set twice in sequence before the read: the second value holds there.
    expect(expandWord(echo.args[0], script, expand)).toEqual(['2']);
  });

  it('aptConfiguredEarlier', () => {
    const file = [
      'FROM debian:12 AS base',
      `RUN echo 'APT::Install-Recommends "false";' > /etc/apt/apt.conf.d/no-recommends`,
      'RUN apt-get install -y curl',
      'FROM base',
      'RUN apt-get install -y git',
      'FROM debian:12',
      'RUN apt-get install -y jq',
      `RUN echo 'APT::Get::Assume-Yes "true";' > /etc/apt/apt.conf.d/yes`,
    ].join('\n');
    const [config, curl, git, jq, yes] = runs(file);
    expect(aptConfiguredEarlier(config, 'no-install-recommends')).toBe(false);
    expect(aptConfiguredEarlier(curl, 'no-install-recommends')).toBe(true);
    expect(aptConfiguredEarlier(git, 'no-install-recommends')).toBe(true);
    expect(aptConfiguredEarlier(jq, 'no-install-recommends')).toBe(false);
    expect(aptConfiguredEarlier(jq, 'assume-yes')).toBe(false);
    expect(aptConfiguredEarlier(git, 'assume-yes')).toBe(false);
    // Only an earlier RUN configures apt for this one.
    expect(aptConfiguredEarlier(yes, 'assume-yes')).toBe(false);
  });
});
