import { defineRule } from '../src/engine/rule.js';
import { fromReferences } from '../src/model/copies.js';
import type { DockerfileModel, Stage } from '../src/model/dockerfile.js';

export default defineRule({
  meta: {
    id: 'copy-from-unknown-stage',
    aliases: ['DL3022'],
    severity: 'warning',
    category: 'correctness',
    summary: '`COPY --from` or `RUN --mount=from=` naming no earlier stage',
    fixable: false,
    docs: {
      rationale: `\`COPY --from=X\` copies from the stage named \`X\`, and when there is none, from an image called \`X\`:
BuildKit does not fail on a misspelt stage name, it pulls \`docker.io/library/X:latest\`. With luck no such image
exists and the build fails with a confusing pull error; without luck, someone published an image of that name and its
files end up in yours. A stage index (\`--from=1\`) that does not exist fails the build, and one that points at a later
stage works with BuildKit only. Name an earlier stage, or write an image with its tag (\`--from=nginx:1.27\`).`,
      bad: `FROM golang:1.23 AS build\nRUN go build -o /out/app ./cmd/app\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=builder /out/app /app`,
      good: `FROM golang:1.23 AS build\nRUN go build -o /out/app ./cmd/app\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app`,
      notes: `Stage names are compared without regard to case, as BuildKit does. A value with a \`:\`, \`/\` or \`@\` is an image
reference and is not reported. A value with a variable (\`--from=$BUILDER\`) is reported: BuildKit does not expand
variables in \`--from\` and fails the build (Buildah expands them); the way round is a stage
\`FROM \${BUILDER} AS builder\` whose variable is an \`ARG\` before the first \`FROM\`. A variable in
\`RUN --mount=from=\` is not checked. A build that passes the name as a named context
(\`docker build --build-context plugin-src=./plugin\`) makes a bare name valid: turn the finding off for that line with
\`# dockerlint ignore=copy-from-unknown-stage\`. \`--from=<the current stage>\` is reported by \`copy-from-own-stage\`.
\`ONBUILD COPY --from\` is left alone: it runs in another build.`,
      differences: `hadolint (DL3022) compares names with case, reports every value without a \`:\` that is not a stage
(\`--from=ghcr.io/org/tool\` included), and does not look at \`RUN --mount=from=\`; the mount findings carry no peer code.
Unlike hadolint, a reference to a later stage is reported with the line of that stage, since BuildKit accepts it.`,
    },
  },
  checkDockerfile(file, context) {
    for (const stage of file.stages) {
      for (const instruction of stage.instructions) {
        for (const reference of fromReferences(instruction)) {
          const problem =
            reference.option === '--from' && reference.value.includes('$')
              ? variableProblem(reference.value)
              : unknownReference(file, stage, reference.value);
          if (!problem) continue;
          context.report({
            range: reference.range,
            message: `\`${reference.option}=${reference.value}\` ${problem}`,
            aliases: reference.option === '--from' ? ['DL3022'] : [],
            severity: problem.startsWith('is stage index') ? 'error' : undefined,
          });
        }
      }
    }
  },
});

/** BuildKit resolves `--from` before any variable is known, so it fails on one (Buildah expands it). */
function variableProblem(value: string): string {
  const name = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(value)?.[1];
  const stage = name ? `\`FROM \${${name}} AS ${name.toLowerCase().replace(/_/g, '-')}\`` : '`FROM <image> AS <name>`';
  return `holds a variable, which BuildKit does not expand in \`--from\`: the build fails ("variable expansion is not supported for --from"); declare the ARG before the first FROM, add a stage ${stage} and copy from that stage`;
}

/** What is wrong with the reference, or undefined when it names an earlier stage, this stage or an image. */
function unknownReference(file: DockerfileModel, stage: Stage, value: string): string | undefined {
  if (value.includes('$')) return undefined;
  const stages = file.stages;
  if (/^\d+$/.test(value)) {
    const index = Number(value);
    if (index <= stage.index) return undefined;
    if (index >= stages.length) {
      return `is stage index ${index}, but the file has ${stages.length === 1 ? 'one stage (0)' : `stages 0 to ${stages.length - 1}`}, which fails the build: name an earlier stage instead`;
    }
    return `refers to the stage on line ${stages[index].from.line}, which comes later: BuildKit accepts it but other builders fail; define that stage first and name it instead of using its index`;
  }
  if (stage.name?.toLowerCase() === value.toLowerCase() || file.findStage(value, stage)) return undefined;
  if (/[:/@]/.test(value)) return undefined;
  const later = stages.find((s) => s.index > stage.index && s.name?.toLowerCase() === value.toLowerCase());
  if (later) {
    return `refers to the stage on line ${later.from.line}, which comes later: BuildKit accepts it but other builders fail; define that stage first`;
  }
  const known = stages.filter((s) => s.index < stage.index && s.name).map((s) => `\`${s.name}\``);
  const hint = known.length > 0 ? `fix the stage name (earlier stages: ${known.join(', ')}), or ` : '';
  return `names no earlier stage: unless the build passes \`--build-context ${value}=...\`, BuildKit pulls an image called \`${value}\` (\`docker.io/library/${value.toLowerCase()}:latest\`); ${hint}write an image with its tag, e.g. \`${value}:<version>\``;
}
