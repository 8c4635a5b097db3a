import { defineRule, type TextEdit } from '../src/engine/rule.js';
import type { DockerfileModel, Stage } from '../src/model/dockerfile.js';
import { comparePositions, textIn, type Range } from '../src/model/position.js';

export default defineRule({
  meta: {
    id: 'stage-name-casing',
    aliases: ['StageNameCasing'],
    severity: 'info',
    category: 'style',
    summary: 'Stage name with upper-case letters',
    fixable: true,
    fix: {
      safe: `The fix writes the name in lower case where the stage is defined and in every later use written out in the
file: \`COPY --from=\`, \`FROM <stage>\` and \`RUN --mount=from=\`. BuildKit lower-cases stage names and the names that
refer to them (\`--target\` too), so the same stages are built and copied from; a use it cannot rename (through a
variable) reaches the stage as before.`,
    },
    docs: {
      rationale: `BuildKit lower-cases stage names: \`FROM node:22 AS Build\` defines the stage \`build\`, and
\`--target Build\`, \`--target build\` and \`COPY --from=BUILD\` all reach it. Writing the name in lower case everywhere
shows the name the tools use and avoids looking for a difference that is not there.`,
      bad: `FROM node:22 AS Build\nRUN npm ci && npm run build\n\nFROM nginx:1.27\nCOPY --from=Build /app/dist /usr/share/nginx/html`,
      good: `FROM node:22 AS build\nRUN npm ci && npm run build\n\nFROM nginx:1.27\nCOPY --from=build /app/dist /usr/share/nginx/html`,
      notes: 'A name given by a variable (`AS ${STAGE}`) is not judged: the name of the stage is the value, not the variable.',
    },
  },
  checkDockerfile(file, context) {
    for (const stage of file.stages) {
      if (!stage.name || !stage.nameRange || stage.name === stage.name.toLowerCase()) continue;
      // `AS ${FIRST_STAGE}`: the variable's name is not the stage's, which is its value.
      if (stage.name.includes('$')) continue;
      const lower = stage.name.toLowerCase();
      const edits = [stage.nameRange, ...usesOf(file, stage)].map((range): TextEdit => ({ range, text: lower }));
      context.report({
        range: stage.nameRange,
        // Only a name written as it reads (not quoted, not split by a continuation) is rewritten.
        ...(textIn(file.lines, stage.nameRange) === stage.name ? { fix: { applicability: 'safe' as const, description: `rename the stage \`${lower}\``, edits } } : {}),
        message: `Stage name \`${stage.name}\` has upper-case letters, but BuildKit reads it as \`${stage.name.toLowerCase()}\`: write \`${stage.name.toLowerCase()}\``,
      });
    }
  },
});

/**
 * Where the stage is named after its definition, written out as its name (any case): `COPY --from=`, `FROM <stage>`,
 * `RUN --mount=from=`. A use through a variable, quoted, or before the definition (there the name is an image) is
 * not one.
 */
function usesOf(file: DockerfileModel, stage: Stage): Range[] {
  const name = stage.name!.toLowerCase();
  const after = (r: Range) => comparePositions(r.start, stage.from.range.end) >= 0;
  const written = (r: Range | undefined, value: string | undefined): r is Range =>
    r !== undefined && value !== undefined && value.toLowerCase() === name && value !== name && textIn(file.lines, r) === value && after(r);
  const uses: Range[] = [];
  for (const other of file.stages) {
    if (other.parent === stage && written(other.imageRange, other.imageText)) uses.push(other.imageRange);
  }
  for (const instruction of file.instructions) {
    const from = instruction.keyword === 'COPY' || instruction.keyword === 'ADD' ? instruction.flag('from') : undefined;
    if (from && written(from.valueRange, from.value)) uses.push(from.valueRange!);
    for (const mount of instruction.mounts) {
      for (const option of mount.options) if (option.name === 'from' && written(option.valueRange, option.value)) uses.push(option.valueRange!);
    }
  }
  return uses;
}
