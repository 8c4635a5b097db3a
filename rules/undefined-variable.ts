import { defineRule } from '../src/engine/rule.js';
import type { DockerfileModel, Instruction, Stage } from '../src/model/dockerfile.js';
import { oneLineText, type Range } from '../src/model/position.js';
import { rootStage } from '../src/model/stages.js';
import { expandVariables, variableReferences, type VariableReference } from '../src/model/variables.js';
import { closestName } from '../src/engine/closest-name.js';

/** BuildKit's automatic platform and target ARGs: global, so usable in FROM without a declaration. */
const PLATFORM_ARGS = new Set([
  'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'TARGETOSVERSION', 'TARGETSTAGE',
  'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT', 'BUILDOSVERSION',
]);

/** Values for the automatic ARGs when FROM is expanded with the defaults alone. */
const PLATFORM_DEFAULTS: Readonly<Record<string, string>> = {
  TARGETPLATFORM: 'linux/amd64', TARGETOS: 'linux', TARGETARCH: 'amd64', TARGETVARIANT: '', TARGETOSVERSION: '', TARGETSTAGE: 'stage',
  BUILDPLATFORM: 'linux/amd64', BUILDOS: 'linux', BUILDARCH: 'amd64', BUILDVARIANT: '', BUILDOSVERSION: '',
};

/** Proxy ARGs Docker predefines; they are meant to come from `--build-arg`. */
const PROXY_ARGS = new Set(['HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY'].flatMap((n) => [n, n.toLowerCase()]));

/**
 * ENV that common base images set. BuildKit reads the real base image's ENV; we cannot, so these
 * count as defined in a stage built on any image but `scratch`.
 */
const BASE_IMAGE_ENV = new Set([
  'HOME', 'LANG', 'LANGUAGE', 'LC_ALL', 'TERM', 'SHELL', 'USER', 'TZ', 'LD_LIBRARY_PATH', 'LIBRARY_PATH', 'PKG_CONFIG_PATH',
  // python, node, go, java, ruby, php, rust, dotnet, nginx, httpd
  'PYTHON_VERSION', 'PYTHON_SHA256', 'PYTHON_PIP_VERSION', 'PYTHON_SETUPTOOLS_VERSION', 'PYTHON_GET_PIP_URL', 'PYTHON_GET_PIP_SHA256', 'GPG_KEY',
  'NODE_VERSION', 'YARN_VERSION',
  'GOLANG_VERSION', 'GOPATH', 'GOTOOLCHAIN', 'GOROOT',
  'JAVA_HOME', 'JAVA_VERSION', 'JDK_VERSION', 'JRE_HOME', 'MAVEN_HOME', 'MAVEN_CONFIG', 'GRADLE_HOME', 'GRADLE_VERSION', 'CATALINA_HOME', 'TOMCAT_VERSION', 'TOMCAT_MAJOR',
  'RUBY_VERSION', 'RUBY_MAJOR', 'GEM_HOME', 'BUNDLE_PATH', 'BUNDLE_APP_CONFIG', 'BUNDLE_SILENCE_ROOT_WARNING',
  'PHP_VERSION', 'PHP_INI_DIR', 'PHPIZE_DEPS', 'APACHE_CONFDIR', 'APACHE_ENVVARS', 'HTTPD_PREFIX',
  'RUSTUP_HOME', 'CARGO_HOME', 'RUST_VERSION',
  'DOTNET_VERSION', 'ASPNET_VERSION', 'ASPNETCORE_URLS', 'ASPNETCORE_HTTP_PORTS', 'DOTNET_RUNNING_IN_CONTAINER', 'APP_UID',
  'NGINX_VERSION', 'NJS_VERSION',
  // CUDA, conda/mamba, Jupyter, Spark, ROS, OpenVINO, Selenium, AWS Lambda and Red Hat s2i images
  'CUDA_VERSION', 'CUDA_HOME', 'NVIDIA_VISIBLE_DEVICES', 'NVIDIA_DRIVER_CAPABILITIES', 'NVIDIA_REQUIRE_CUDA', 'NCCL_VERSION', 'CUDNN_VERSION',
  'CONDA_DIR', 'MAMBA_ROOT_PREFIX', 'MAMBA_USER', 'MAMBA_USER_ID', 'MAMBA_USER_GID', 'NB_USER', 'NB_UID', 'NB_GID', 'SPARK_HOME', 'ROS_DISTRO',
  'INTEL_OPENVINO_DIR', 'SEL_USER', 'SEL_UID', 'SEL_GID', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR', 'APP_ROOT',
]);

/** The instructions whose words BuildKit expands, and so checks. */
const EXPANDED = new Set(['ADD', 'COPY', 'ENV', 'LABEL', 'WORKDIR', 'USER', 'VOLUME', 'STOPSIGNAL', 'ARG', 'RUN']);

interface Text {
  readonly text: string;
  readonly range: Range;
  /** Names defined for this text in addition to the instruction's scope (earlier pairs of the same ARG). */
  readonly alsoDefined?: ReadonlySet<string>;
}

export default defineRule({
  meta: {
    id: 'undefined-variable',
    aliases: ['UndefinedVar', 'UndefinedArgInFrom', 'InvalidDefaultArgInFrom'],
    severity: 'warning',
    category: 'correctness',
    summary: 'A variable used where Docker expands it, but never declared with `ARG` or `ENV`',
    fixable: false,
    docs: {
      rationale: `Docker expands \`$NAME\` in \`FROM\`, \`COPY\`, \`ADD\`, \`ENV\`, \`LABEL\`, \`WORKDIR\`, \`USER\` and a few other
instructions itself, before any shell runs. A variable it does not know expands to an empty string without an error:
\`COPY $APP_DIR/ /app/\` copies the whole context, \`WORKDIR /srv/$NAME\` works in \`/srv/\`, and \`--build-arg NAME=x\`
is silently ignored when the Dockerfile never declares \`ARG NAME\`. Misspelt names, a global \`ARG\` used in a stage
without declaring it there, and \`TARGETARCH\` used without \`ARG TARGETARCH\` all end this way.`,
      bad: `ARG VERSION=1.4\nFROM alpine:\${ALPINE_VERSION}\nCOPY app-$VERSION.tar.gz /opt/\nCOPY bin/app-$TARGETARCH /usr/local/bin/app`,
      good: `ARG ALPINE_VERSION=3.20\nARG VERSION=1.4\nFROM alpine:\${ALPINE_VERSION}\nARG VERSION\nARG TARGETARCH\nCOPY app-$VERSION.tar.gz /opt/\nCOPY bin/app-$TARGETARCH /usr/local/bin/app`,
      notes: `Three checks, each with the code of its BuildKit build check:

- **UndefinedArgInFrom**: a variable in a \`FROM\` image or \`--platform\` that is not a global \`ARG\` (declared before
  the first \`FROM\`) nor one of the automatic platform ARGs (\`TARGETPLATFORM\`, \`BUILDARCH\`…).
- **InvalidDefaultArgInFrom**: with only the global \`ARG\` defaults, the \`FROM\` image expands to an empty or invalid
  reference (\`ARG TAG\` without default + \`FROM alpine:$TAG\` gives \`alpine:\`). Reported at the image.
- **UndefinedVar**: a variable in \`ADD\`, \`COPY\` (sources, destination, \`--chown\`, \`--chmod\`, \`--checksum\`),
  \`ENV\`, \`LABEL\`, \`WORKDIR\`, \`USER\`, \`VOLUME\`, \`STOPSIGNAL\`, an \`ARG\` default or a \`RUN --mount\` option, that
  no \`ARG\` or \`ENV\` in scope defines. In scope are the stage's own \`ARG\`s and \`ENV\`s before the line and those of the
  stages it is built on (\`FROM base\`); a global \`ARG\` and the automatic platform ARGs must be declared again in the
  stage. \`PATH\` and the proxy ARGs (\`HTTP_PROXY\`…) always count as defined.

Reported at the variable, once per name and instruction; \`\${NAME:-default}\` is reported too, since the default is
then always used and \`--build-arg NAME\` cannot change it. Commands of \`RUN\`, \`CMD\` and \`ENTRYPOINT\` are not
checked: the shell expands them, with its own variables. A name that the same \`ENV\` sets is left to
\`env-self-reference\`.`,
      differences: `BuildKit knows the ENV of the base image (\`PYTHON_VERSION\` in \`python\` images, \`JAVA_HOME\`,
\`GOPATH\`, \`NODE_VERSION\`…); a linter cannot see it. A list of variables that common base images set (\`HOME\`,
\`LANG\`, language versions and homes, CUDA, conda, Jupyter, Spark, Selenium, AWS Lambda and Red Hat s2i variables,
.NET's \`APP_UID\`) counts as defined in any stage not built on \`scratch\`: a base-image variable outside the list is
reported here and not by BuildKit, and a listed name that the base image does not set (often \`HOME\`, which few images
set with \`ENV\`) is reported by BuildKit and not here. The proxy ARGs count as defined here; BuildKit reports them
unless they are passed with \`--build-arg\`. Like BuildKit, \`EXPOSE\` is not checked.`,
    },
  },
  checkDockerfile(file, context) {
    const hints: Hints = { left: MAX_HINTS };
    for (const stage of file.stages) {
      checkFrom(file, stage, context.report, hints);
      const inherited = parentArgs(stage);
      const baseEnv = rootStage(stage).isScratch ? new Set<string>() : BASE_IMAGE_ENV;
      for (const instruction of stage.instructions) {
        if (!EXPANDED.has(instruction.keyword)) continue;
        const sameEnv = instruction.keyword === 'ENV' ? new Set(instruction.pairs.map((p) => p.key)) : new Set<string>();
        const reported = new Set<string>();
        for (const text of expandedTexts(file, instruction)) {
          for (const ref of variableReferences(text.text, file.escapeChar)) {
            const name = ref.name;
            if (reported.has(name) || instruction.variables.has(name) || text.alsoDefined?.has(name)) continue;
            if (inherited.has(name) || baseEnv.has(name) || sameEnv.has(name) || name === 'PATH' || PROXY_ARGS.has(name)) continue;
            reported.add(name);
            context.report({
              range: rangeIn(file, text, ref),
              message: undefinedMessage(file, instruction, ref, hints),
              aliases: ['UndefinedVar'],
            });
          }
        }
      }
    }
  },
});

function checkFrom(file: DockerfileModel, stage: Stage, report: (r: { range: Range; message: string; aliases: string[] }) => void, hints: Hints): void {
  const from = stage.from;
  const texts: Text[] = [{ text: stage.imageText, range: stage.imageRange }];
  if (stage.platform?.value !== undefined && stage.platform.valueRange) texts.push({ text: stage.platform.value, range: stage.platform.valueRange });
  for (const text of texts) {
    for (const ref of variableReferences(text.text, file.escapeChar)) {
      if (from.variables.has(ref.name) || PLATFORM_ARGS.has(ref.name)) continue;
      report({
        range: rangeIn(file, text, ref),
        message: `\`${ref.text}\` in FROM is not a global ARG, so it expands to an empty string: declare \`ARG ${ref.name}=<default>\` before the first FROM${suggestion(ref.name, () => [...from.variables.keys()], hints)}`,
        aliases: ['UndefinedArgInFrom'],
      });
    }
  }
  if (!stage.imageUsesVariables) return;
  // Expand the image with the global defaults alone, as BuildKit does to validate it: an ARG without a
  // default is empty, and so is a variable in a default that names another one.
  // The model keeps a name it could not resolve in a default as written (`ARG A=$B` with `ARG B` gives `$B`):
  // one pass with the defaults, then one with the names left empty. Never more: re-expanding values
  // that hold variables grows them exponentially (`ARG A=$A$A...`).
  let expanded = stage.imageText;
  for (let pass = 0; pass < 2 && expanded.includes('$'); pass++) {
    const defaults = new Map<string, string>();
    for (const ref of variableReferences(expanded, file.escapeChar)) {
      const value = pass === 0 ? from.variables.get(ref.name) : undefined;
      defaults.set(ref.name, value ?? PLATFORM_DEFAULTS[ref.name] ?? '');
    }
    if (defaults.size === 0) break;
    const expansion = expandVariables(expanded, defaults);
    // Too large to expand: the image is unknown, not invalid.
    if (expansion.tooLarge) return;
    expanded = expansion.value;
  }
  // BuildKit removes the quotes of the word (`alpine:"${TAG}"`).
  expanded = expanded.replace(/["']/g, '');
  if (isValidReference(expanded)) return;
  report({
    range: stage.imageRange,
    message:
      expanded === ''
        ? `With the global ARG defaults, \`${stage.imageText}\` expands to nothing, so the build fails unless every build passes \`--build-arg\`: give the ARG a default`
        : `With the global ARG defaults, \`${stage.imageText}\` expands to \`${expanded}\`, which is not a valid image reference: give the ARG a default that makes one`,
    aliases: ['InvalidDefaultArgInFrom'],
  });
}

/** The texts of an instruction that BuildKit expands, with where they are. */
function expandedTexts(file: DockerfileModel, instruction: Instruction): Text[] {
  const texts: Text[] = [];
  switch (instruction.keyword) {
    case 'ENV':
    case 'LABEL':
      for (const pair of instruction.pairs) {
        texts.push({ text: oneLineText(file.lines, pair.keyRange) ?? pair.key, range: pair.keyRange });
        if (pair.valueRange) texts.push({ text: oneLineText(file.lines, pair.valueRange) ?? pair.value ?? '', range: pair.valueRange });
      }
      return texts;
    case 'ARG': {
      const declared = new Set<string>();
      for (const pair of instruction.pairs) {
        if (pair.value !== undefined && pair.valueRange) {
          texts.push({ text: oneLineText(file.lines, pair.valueRange) ?? pair.value, range: pair.valueRange, alsoDefined: new Set(declared) });
        }
        declared.add(pair.key);
      }
      return texts;
    }
    case 'RUN':
      return instruction.flags.filter((f) => f.name === 'mount' && f.value !== undefined && f.valueRange).map((f) => ({ text: f.value!, range: f.valueRange! }));
    case 'ADD':
    case 'COPY': {
      for (const flag of instruction.flags) {
        if (['chown', 'chmod', 'checksum'].includes(flag.name) && flag.value !== undefined && flag.valueRange) texts.push({ text: flag.value, range: flag.valueRange });
      }
      for (const word of instruction.args) if (!word.value.startsWith('<<')) texts.push({ text: word.value, range: word.range });
      return texts;
    }
    default:
      return instruction.args.map((w) => ({ text: w.value, range: w.range }));
  }
}

function undefinedMessage(file: DockerfileModel, instruction: Instruction, ref: VariableReference, hints: Hints): string {
  const name = ref.name;
  if (PLATFORM_ARGS.has(name)) {
    return `\`${ref.text}\` is an automatic platform ARG, which a stage sees only after \`ARG ${name}\`: declare it in this stage, or it expands to an empty string`;
  }
  const global = file.globalArgs.find((a) => a.pairs.some((p) => p.key === name));
  if (global) {
    return `\`${ref.text}\` is a global ARG (line ${global.line}), which a stage does not see: add \`ARG ${name}\` in this stage, or it expands to an empty string`;
  }
  const known = () => [...instruction.variables.keys(), ...file.globalArgs.flatMap((a) => a.pairs.map((p) => p.key))];
  const fallback = /^\$\{\w+:?-/.test(ref.text);
  const effect = fallback ? 'so its default is always used and `--build-arg` cannot change it' : 'so it expands to an empty string';
  return `\`${ref.text}\` is not defined by any ARG or ENV in scope, ${effect}: declare \`ARG ${name}\` or set it with ENV${suggestion(name, known, hints)}`;
}

/**
 * A hint compares the name with every name in scope: a file with thousands of undefined names and thousands
 * of ARGs would cost millions of comparisons. Only the first few reports of a file get one.
 */
interface Hints {
  left: number;
}
const MAX_HINTS = 100;

/** A close name in scope, as a hint for typos (the latest declared wins a tie). */
function suggestion(name: string, names: () => readonly string[], hints: Hints): string {
  if (hints.left <= 0) return '';
  hints.left--;
  const others = [...new Set(names())].filter((c) => c !== name).reverse();
  const best = closestName(name, others, name.length <= 4 ? 1 : 2);
  return best ? ` (did you mean \`$${best}\`?)` : '';
}

/** ARG names of the stages this one is built on: BuildKit carries them into `FROM <stage>`. */
function parentArgs(stage: Stage): Set<string> {
  const names = new Set<string>();
  for (let parent = stage.parent; parent; parent = parent.parent) {
    for (const instruction of parent.instructions) if (instruction.keyword === 'ARG') for (const pair of instruction.pairs) names.add(pair.key);
  }
  return names;
}

/**
 * Docker's image reference grammar after normalisation: `[host[:port]/]path[:tag][@digest]`, the first
 * component a host only when it has a `.` or `:` or is `localhost`, path components in lower case.
 */
function isValidReference(ref: string): boolean {
  const match = /^([^@]+?)(?::([\w][\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$/.exec(ref);
  if (!match) return false;
  const parts = match[1].split('/');
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) {
    const host = parts.shift()!;
    if (!/^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*(:[0-9]+)?$/.test(host)) return false;
  }
  return parts.every((p) => /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*$/.test(p));
}

/** Where a reference is in the file: exact when the text sits on one line as written, else the text's start. */
function rangeIn(file: DockerfileModel, text: Text, ref: VariableReference): Range {
  if (oneLineText(file.lines, text.range) !== text.text) return text.range;
  const line = text.range.start.line;
  const column = text.range.start.column + ref.offset;
  return { start: { line, column }, end: { line, column: column + ref.length } };
}
