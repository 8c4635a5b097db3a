import { defineRule } from '../src/engine/rule.js';
import type { DockerfileModel, Flag, Instruction, Word } from '../src/model/dockerfile.js';
import { MOUNT_KEYS, MOUNT_TYPES, type RunMount } from '../src/model/mounts.js';
import { comparePositions, type Range } from '../src/model/position.js';
import { closestName, typoDistance } from '../src/engine/closest-name.js';

const KEYWORDS = [
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER',
  'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
];

type FlagType = 'string' | 'strings' | 'bool';

/**
 * The flags BuildKit's instruction parser accepts, per instruction (labs-only flags
 * included, as `# syntax=docker/dockerfile:1-labs` enables them). ARG and STOPSIGNAL
 * are missing on purpose: BuildKit never reads their flags, so it rejects none.
 */
const FLAGS: Readonly<Record<string, Readonly<Record<string, FlagType>>>> = {
  ADD: { chown: 'string', chmod: 'string', link: 'bool', 'keep-git-dir': 'bool', checksum: 'string', unpack: 'bool', exclude: 'strings' },
  COPY: { from: 'string', chown: 'string', chmod: 'string', link: 'bool', parents: 'bool', exclude: 'strings' },
  FROM: { platform: 'string' },
  RUN: { mount: 'strings', network: 'string', security: 'string', device: 'strings' },
  HEALTHCHECK: { interval: 'string', timeout: 'string', 'start-period': 'string', 'start-interval': 'string', retries: 'string' },
  CMD: {}, ENTRYPOINT: {}, ENV: {}, EXPOSE: {}, LABEL: {}, MAINTAINER: {}, ONBUILD: {}, SHELL: {}, USER: {}, VOLUME: {}, WORKDIR: {},
};

const FLAG_VALUES: Readonly<Record<string, readonly string[]>> = { network: ['default', 'none', 'host'], security: ['sandbox', 'insecure'] };
const HEALTHCHECK_DURATIONS = new Set(['interval', 'timeout', 'start-period', 'start-interval']);
const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;
/** A Go duration, as `time.ParseDuration` reads it. */
// `\u00b5s` and `\u03bcs` are Go's two spellings of microseconds (micro sign, Greek mu), escaped so that the bundle stays ASCII.
const GO_DURATION = /^[-+]?(0|((\d+\.?\d*|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)$/;

interface Problem {
  readonly range: Range;
  readonly message: string;
  readonly aliases?: readonly string[];
}

export default defineRule({
  meta: {
    id: 'invalid-instruction',
    aliases: ['DL3043', 'DL3061'],
    severity: 'error',
    category: 'correctness',
    summary: 'Instruction that BuildKit rejects: unknown keyword, wrong arguments, bad flag, or no `FROM` first',
    fixable: false,
    docs: {
      rationale: `These mistakes stop \`docker build\` with a parse error, often only after a long wait in CI: an unknown
instruction (a typo, or a shell line whose \`\\\` continuation was forgotten on the line before), an instruction with
missing or extra arguments (\`COPY requirements.txt.\` has no destination), a flag the instruction does not have
(\`COPY --form=build\`) or a flag without its value, \`ONBUILD ONBUILD\`, and instructions before the first \`FROM\`.
Catching them while editing is cheaper.`,
      bad: `RUN apt-get update\nFROM python:3.12-slim AS build\nCOPY requirements.txt.\nRUN apt-get update &&\n    apt-get install -y curl\nCOPY --form=build /app /app\nONBUILD FROM alpine`,
      good: `FROM python:3.12-slim AS build\nRUN apt-get update\nCOPY requirements.txt .\nRUN apt-get update && \\\n    apt-get install -y curl\nCOPY --from=build /app /app\nONBUILD RUN echo triggered`,
      notes: `Checked, as BuildKit's parser checks them: unknown keywords; \`FROM\` with one word or \`image AS name\` and a
valid stage name; \`COPY\`/\`ADD\` with a source and a destination (and no heredoc as destination); \`ENV\`/\`LABEL\`
pairs (\`key=value\`, or the legacy \`key value\` with a value); \`ARG\`, \`EXPOSE\`, \`VOLUME\`, \`WORKDIR\`, \`USER\`,
\`MAINTAINER\`, \`ONBUILD\` with an argument; \`STOPSIGNAL\` with one word; \`SHELL\` in JSON form; \`HEALTHCHECK\` of type
\`CMD\` (with a command) or \`NONE\` (with nothing); JSON arrays of strings only; each instruction's flags, their values
(booleans, durations, \`--mount\` types and keys, \`--network\`, \`--security\`) and duplicates; \`ONBUILD\` triggers
(\`ONBUILD\`, \`FROM\`, \`MAINTAINER\` are not allowed, and a trigger is checked like any instruction because the image
that inherits it fails to build); instructions other than \`ARG\` before the first \`FROM\`; a file without \`FROM\`;
the \`escape\` directive. Each finding points at the offending word; the rest of the file is still linted.`,
      differences: `hadolint reports a parse failure as DL1000 and stops; here each problem is a finding of its own and the
other rules keep running. Findings for \`ONBUILD ONBUILD/FROM/MAINTAINER\` carry \`DL3043\`, those for instructions
before the first \`FROM\` carry \`DL3061\`. Flags of the BuildKit labs channel (\`RUN --device\`, \`COPY --parents\`,
\`--exclude\`) are accepted.`,
    },
  },
  checkDockerfile(file, context) {
    // Only the ONBUILD and before-FROM findings answer to a hadolint code.
    for (const problem of fileProblems(file)) context.report({ ...problem, aliases: problem.aliases ?? [] });
  },
});

function fileProblems(file: DockerfileModel): Problem[] {
  const problems: Problem[] = [...directiveProblems(file)];
  // A misspelt FROM (`FORM alpine`) is reported as unknown; it still opens the stage that follows.
  const firstFrom = file.instructions.findIndex((i) => i.keyword === 'FROM' || (!KEYWORDS.includes(i.keyword) && closest(i.keyword, KEYWORDS) === 'FROM'));
  for (const instruction of file.instructions) {
    const own = instructionProblems(instruction, file);
    problems.push(...own);
    const beforeFrom = firstFrom < 0 || instruction.index < firstFrom;
    if (beforeFrom && instruction.keyword !== 'ARG' && instruction.keyword !== 'FROM' && KEYWORDS.includes(instruction.keyword)) {
      problems.push({
        range: instruction.keywordRange,
        message:
          firstFrom < 0
            ? `\`${instruction.rawKeyword}\` is outside any build stage: this Dockerfile has no \`FROM\``
            : `\`${instruction.rawKeyword}\` comes before the first \`FROM\`: only \`ARG\` may`,
        aliases: ['DL3061'],
      });
    }
  }
  if (firstFrom < 0 && !problems.some((p) => p.aliases?.includes('DL3061'))) {
    const first = file.instructions[0];
    problems.push({
      range: first ? first.keywordRange : { start: { line: 1, column: 1 }, end: { line: 1, column: (file.lines[0]?.length ?? 0) + 1 } },
      message: first ? 'This Dockerfile has no `FROM`: there is no stage to build' : 'This Dockerfile has no instructions: it needs at least a `FROM`',
    });
  }
  return problems;
}

function directiveProblems(file: DockerfileModel): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const directive of file.directives) {
    if (directive.name !== 'escape' && directive.name !== 'syntax') continue;
    if (seen.has(directive.name)) {
      problems.push({ range: directive.range, message: `Only one \`${directive.name}\` parser directive may be given` });
    }
    seen.add(directive.name);
    if (directive.name === 'escape' && directive.value !== '\\' && directive.value !== '`') {
      problems.push({ range: directive.valueRange, message: `The escape character must be \`\\\` or a backtick, not \`${directive.value}\`` });
    }
  }
  return problems;
}

function instructionProblems(instruction: Instruction, file: DockerfileModel): Problem[] {
  const keyword = instruction.keyword;
  if (!KEYWORDS.includes(keyword)) return [unknownKeyword(instruction, file)];
  const flags = instruction.leadingFlags;
  const args = instruction.operands;
  const problems: Problem[] = [];
  const healthcheckNone = keyword === 'HEALTHCHECK' && args[0]?.value.toUpperCase() === 'NONE';
  // BuildKit never parses the flags of ARG, STOPSIGNAL and HEALTHCHECK NONE: they are ignored, not rejected.
  if (FLAGS[keyword] && !healthcheckNone) problems.push(...flagProblems(instruction, flags));
  problems.push(...argumentProblems(instruction, args));
  if (keyword === 'ONBUILD' && instruction.trigger && flags.length === 0) {
    const trigger = instruction.trigger;
    if (trigger.keyword === 'ONBUILD' || trigger.keyword === 'FROM' || trigger.keyword === 'MAINTAINER') {
      problems.push({
        range: trigger.keywordRange,
        message:
          trigger.keyword === 'ONBUILD'
            ? '`ONBUILD ONBUILD` is not allowed: triggers cannot be chained'
            : `\`${trigger.rawKeyword}\` is not allowed as an \`ONBUILD\` trigger`,
        aliases: ['DL3043'],
      });
    } else {
      problems.push(...instructionProblems(trigger, file));
    }
  }
  return problems;
}

function unknownKeyword(instruction: Instruction, file: DockerfileModel): Problem {
  const suggestion = closest(instruction.keyword, KEYWORDS);
  let message = `Unknown instruction \`${instruction.rawKeyword}\``;
  // A trigger of ONBUILD is not in the file's list: no line before it to blame.
  const previous = file.instructions[instruction.index] === instruction ? file.instructions[instruction.index - 1] : undefined;
  // An instruction without arguments is its keyword alone (a line of JSON such as `"a",` reads as one).
  const previousText = previous ? (previous.argsRange ? previous.argsText : previous.rawKeyword).trimEnd() : '';
  const dangling = /(&&|\|\||\||,)$/.exec(previousText)?.[1];
  if (previous && dangling) {
    message += `: line ${previous.range.end.line} ends with \`${dangling}\`, is its \`${file.escapeChar}\` line continuation missing?`;
  } else if (suggestion) {
    message += `: did you mean \`${suggestion}\`?`;
  }
  return { range: instruction.keywordRange, message };
}

function flagProblems(instruction: Instruction, flags: readonly Flag[]): Problem[] {
  const allowed = FLAGS[instruction.keyword];
  const problems: Problem[] = [];
  const used = new Set<string>();
  for (const flag of flags) {
    const type = allowed[flag.name];
    const written = `--${flag.name}`;
    if (type === undefined) {
      const names = Object.keys(allowed);
      const suggestion = closest(flag.name, names);
      const known = names.length === 0 ? `\`${instruction.keyword}\` takes no flags` : suggestion ? `did you mean \`--${suggestion}\`?` : `it takes ${names.map((n) => `\`--${n}\``).join(', ')}`;
      problems.push({ range: flag.range, message: `Unknown flag \`${written}\` for \`${instruction.keyword}\`: ${known}` });
      continue;
    }
    if (used.has(flag.name) && type !== 'strings') {
      problems.push({ range: flag.range, message: `Flag \`${written}\` is given twice` });
    }
    used.add(flag.name);
    const problem = flagValueProblem(instruction, flag, type);
    if (problem) problems.push(problem);
  }
  return problems;
}

function flagValueProblem(instruction: Instruction, flag: Flag, type: FlagType): Problem | undefined {
  const written = `--${flag.name}`;
  const value = flag.value;
  const at = flag.valueRange ?? flag.range;
  if (type === 'bool') {
    if (value === undefined) return undefined;
    if (!['true', 'false'].includes(value.toLowerCase())) {
      return { range: at, message: `Flag \`${written}\` takes \`true\` or \`false\`${value === '' ? ' after `=`, or no value' : `, not \`${value}\``}` };
    }
    return undefined;
  }
  if (value === undefined) return { range: flag.range, message: `Flag \`${written}\` needs a value: \`${written}=<value>\`` };
  if (value.includes('$')) return undefined;
  if (instruction.keyword === 'HEALTHCHECK' && HEALTHCHECK_DURATIONS.has(flag.name)) {
    if (value !== '' && !validDuration(value)) {
      return { range: at, message: `Flag \`${written}\` takes a duration of at least 1ms such as \`30s\` or \`1m30s\`, not \`${value}\`` };
    }
  } else if (instruction.keyword === 'HEALTHCHECK' && flag.name === 'retries') {
    if (value !== '' && (!/^[+-]?\d+$/.test(value) || Number(value) < 0 || Number(value) > 2 ** 31 - 1)) {
      return { range: at, message: `Flag \`--retries\` takes a whole number of at least 0, not \`${value}\`` };
    }
  } else if (instruction.keyword === 'RUN' && flag.name === 'mount') {
    const mount = instruction.mounts.find((m) => m.flag === flag);
    return mount && mountProblem(mount, at);
  } else if (instruction.keyword === 'RUN' && FLAG_VALUES[flag.name] && !FLAG_VALUES[flag.name].includes(value)) {
    return { range: at, message: `Flag \`${written}\` takes ${FLAG_VALUES[flag.name].map((v) => `\`${v}\``).join(', ')}, not \`${value}\`` };
  }
  return undefined;
}

function validDuration(value: string): boolean {
  if (!GO_DURATION.test(value)) return false;
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1e3, m: 6e4, h: 3.6e6 };
  let ms = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+\.?\d*|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/g)) ms += Number(amount) * units[unit];
  if (value.startsWith('-')) ms = -ms;
  return ms === 0 || ms >= 1;
}

/** `type=cache,target=/root/.cache`: BuildKit rejects unknown keys and types. */
function mountProblem(mount: RunMount, at: Range): Problem | undefined {
  // CSV quoting (`"target=/a,b"`) is left to BuildKit.
  if (mount.flag.value?.includes('"')) return undefined;
  for (const { key, value } of mount.options) {
    if (!MOUNT_KEYS.includes(key)) {
      const suggestion = closest(key, MOUNT_KEYS);
      return { range: at, message: `Unknown \`--mount\` option \`${key}\`${suggestion ? `: did you mean \`${suggestion}\`?` : ''}` };
    }
    const option = value ?? '';
    if (key === 'type' && !(MOUNT_TYPES as readonly string[]).includes(option.toLowerCase())) {
      return { range: at, message: `Unknown \`--mount\` type \`${option}\`: use ${MOUNT_TYPES.map((t) => `\`${t}\``).join(', ')}` };
    }
  }
  return undefined;
}

function argumentProblems(instruction: Instruction, args: readonly Word[]): Problem[] {
  const keyword = instruction.keyword;
  const raw = instruction.rawKeyword;
  const missing = (what: string): Problem => ({ range: instruction.keywordRange, message: `\`${raw}\` needs ${what}` });
  const jsonProblem = nonStringArray(instruction, args);
  if (jsonProblem) return [jsonProblem];
  switch (keyword) {
    case 'FROM':
      return fromProblems(instruction, args);
    case 'COPY':
    case 'ADD': {
      const words = instruction.execForm ?? args;
      if (words.length === 0) return [missing('a source and a destination')];
      if (words.length === 1) {
        const lone = words[0];
        const hint = /[^./]\.$/.test(lone.value) ? `: is a space missing before the final \`.\`?` : '';
        return [{ range: lone.range, message: `\`${raw} ${lone.value}\` has no destination${hint}` }];
      }
      const destination = words[words.length - 1];
      if (!instruction.execForm && destination.value.startsWith('<<')) {
        return [{ range: destination.range, message: `A heredoc cannot be the destination of \`${raw}\`` }];
      }
      return [];
    }
    case 'ENV':
    case 'LABEL':
      return pairProblems(instruction, args);
    case 'ARG': {
      if (args.length === 0) return [missing('a name')];
      const blank = args.find((w) => w.value.startsWith('='));
      return blank ? [{ range: blank.range, message: '`ARG` name is empty' }] : [];
    }
    case 'EXPOSE':
      return args.length === 0 ? [missing('a port')] : [];
    case 'VOLUME': {
      if (args.length === 0 || instruction.execForm?.length === 0) return [missing('a path')];
      const empty = instruction.execForm?.find((w) => w.value.trim() === '');
      return empty ? [{ range: empty.range, message: '`VOLUME` path is empty' }] : [];
    }
    case 'WORKDIR':
    case 'USER':
    case 'MAINTAINER':
      return args.length === 0 ? [missing(keyword === 'WORKDIR' ? 'a path' : keyword === 'USER' ? 'a user' : 'a name')] : [];
    case 'STOPSIGNAL':
      if (args.length === 0) return [missing('a signal')];
      return args.length > 1 ? [{ range: args[1].range, message: '`STOPSIGNAL` takes one signal' }] : [];
    case 'ONBUILD':
      return args.length === 0 ? [missing('an instruction to run later')] : [];
    case 'SHELL':
      if (args.length === 0 || instruction.execForm?.length === 0) return [missing('a shell')];
      return instruction.execForm ? [] : [{ range: args[0].range, message: '`SHELL` must be written in JSON form: `SHELL ["/bin/bash", "-c"]`' }];
    case 'HEALTHCHECK':
      return healthcheckProblems(instruction, args);
    default:
      return [];
  }
}

function fromProblems(instruction: Instruction, args: readonly Word[]): Problem[] {
  if (args.length === 0) return [{ range: instruction.keywordRange, message: '`FROM` needs an image' }];
  if (args.length === 1) return [];
  const as = args[1];
  if (as.value.toLowerCase() !== 'as') {
    return [{ range: as.range, message: `\`FROM\` takes an image and optionally \`AS <name>\`, not \`${as.value}\`` }];
  }
  if (args.length === 2) return [{ range: as.range, message: '`AS` needs a stage name after it' }];
  if (args.length > 3) return [{ range: args[3].range, message: `Unexpected \`${args[3].value}\` after the stage name` }];
  const name = args[2];
  if (!STAGE_NAME.test(name.value.toLowerCase())) {
    return [{ range: name.range, message: `Invalid stage name \`${name.value}\`: it must start with a letter and hold only letters, digits, \`-\`, \`_\` and \`.\`` }];
  }
  return [];
}

function pairProblems(instruction: Instruction, args: readonly Word[]): Problem[] {
  const raw = instruction.rawKeyword;
  if (args.length === 0) return [{ range: instruction.keywordRange, message: `\`${raw}\` needs \`key=value\`` }];
  const start = args[0].range.start;
  const pairs = instruction.pairs.filter((p) => comparePositions(p.keyRange.start, start) >= 0);
  if (pairs.length === 0) return [];
  const first = pairs[0];
  if (first.value === undefined && pairs.length === 1 && !/\s/.test(first.key)) {
    return [{ range: first.keyRange, message: `\`${raw} ${first.key}\` has no value: write \`${raw} ${first.key}=<value>\`` }];
  }
  if (first.legacy) return [];
  for (const pair of pairs) {
    if (pair.key === '') return [{ range: pair.keyRange, message: `\`${raw}\` name is empty` }];
    if (pair.value === undefined) {
      return [{ range: pair.keyRange, message: `\`${pair.key}\` has no \`=\`: in the \`key=value\` form every pair needs one` }];
    }
  }
  return [];
}

function healthcheckProblems(instruction: Instruction, args: readonly Word[]): Problem[] {
  if (args.length === 0) return [{ range: instruction.keywordRange, message: '`HEALTHCHECK` needs `CMD <command>` or `NONE`' }];
  const type = args[0];
  switch (type.value.toUpperCase()) {
    case 'NONE':
      return args.length > 1 ? [{ range: args[1].range, message: '`HEALTHCHECK NONE` takes no arguments' }] : [];
    case 'CMD': {
      const empty = args.length === 1 || (args.length === 2 && /^\[\s*\]$/.test(args[1].value)) || (args.length === 3 && args[1].value === '[' && args[2].value === ']');
      return empty ? [{ range: type.range, message: '`HEALTHCHECK CMD` needs a command after it' }] : [];
    }
    default:
      return [{ range: type.range, message: `Unknown \`HEALTHCHECK\` type \`${type.value}\`: use \`CMD <command>\` or \`NONE\`` }];
  }
}

/** A JSON array holding something other than strings is an error, not shell form. */
function nonStringArray(instruction: Instruction, args: readonly Word[]): Problem | undefined {
  if (!['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'ADD', 'COPY', 'VOLUME'].includes(instruction.keyword)) return undefined;
  if (args.length === 0 || !args[0].value.startsWith('[') || instruction.execForm) return undefined;
  if (!instruction.execFormHasNonStrings) return undefined;
  return { range: args[0].range, message: `\`${instruction.rawKeyword}\` JSON array must hold strings only` };
}

/** The candidate nearest to `word` in edit distance, if it is near enough to be a typo. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  return closestName(word, candidates, typoDistance(word));
}
