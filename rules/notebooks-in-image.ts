import { defineRule } from '../src/engine/rule.js';
import type { BuildContext } from '../src/model/context.js';
import { carriedBy, contextSources } from '../src/model/copies.js';
import type { Stage } from '../src/model/dockerfile.js';
import { packageInstalls } from '../src/model/packages.js';
import { finalImageStages } from '../src/model/stages.js';

/** How many file names a message lists before it says "and N more". */
const LISTED = 3;
/** Programs that open or run notebooks: an image that runs them needs its notebooks. */
const NOTEBOOK_PROGRAMS = new Set(['jupyter', 'jupyter-lab', 'jupyter-notebook', 'jupyter-server', 'jupyterhub', 'jupyterhub-singleuser', 'voila', 'papermill', 'start-notebook.sh', 'start-notebook.py', 'start-singleuser.sh', 'start-singleuser.py', 'marimo']);
/** Base images made to serve notebooks (Jupyter Docker Stacks, JupyterHub single-user images). */
const NOTEBOOK_IMAGE = /(^|\/)(jupyter|jupyterhub)\/|notebook|jupyterlab/i;

export default defineRule({
  meta: {
    id: 'notebooks-in-image',
    aliases: [],
    severity: 'warning',
    category: 'image-size',
    summary: 'Jupyter notebooks or `.ipynb_checkpoints` copied into the final image',
    fixable: false,
    docs: {
      rationale: `Notebooks are for exploring, not for running a service: an \`.ipynb\` file carries its outputs (plots, tables,
sometimes megabytes of base64 images or samples of private data) and \`.ipynb_checkpoints\` holds old copies of each
of them. Copied into an image they add size, invalidate the layer cache whenever someone re-runs a cell, and can leak
data that was only meant for the notebook. Move the code the service needs into \`.py\` modules, and keep notebooks
out of the build with \`.dockerignore\` (\`**/*.ipynb\`, \`**/.ipynb_checkpoints\`).`,
      bad: `FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "app.py"]`,
      badFiles: { 'explore.ipynb': `{ "cells": [] }` },
      good: `FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "app.py"]`,
      goodFiles: { '.dockerignore': `**/*.ipynb\n**/.ipynb_checkpoints`, 'explore.ipynb': `{ "cells": [] }` },
      notes: `Reported at the source word of a \`COPY\`/\`ADD\` in the final image (the last stage and the stages it is built on):
- a source that names a notebook (\`COPY analysis.ipynb .\`) or a checkpoints folder;
- a folder, wildcard or whole-context source that carries notebooks or checkpoint files, found by walking the build
  context and leaving out what \`.dockerignore\` and \`COPY --exclude\` exclude; the message names the first files and
  the count.

Not reported when the image is made to open notebooks: it installs Jupyter, JupyterLab, Voilà, papermill or marimo,
its \`CMD\`/\`ENTRYPOINT\` runs \`jupyter\`, \`jupyter-lab\`, \`voila\`,
\`papermill\`, \`marimo\` or a Jupyter Docker Stacks start script, or it is built on a notebook image (\`jupyter/*\`,
\`quay.io/jupyter/*\`, images with \`notebook\` in their name). Stages that only build something for \`COPY --from\` are
not looked at, unless the final image copies their whole filesystem (\`COPY --from=build / /\`).`,
    },
  },
  checkDockerfile(file, context) {
    const chain = finalImageStages(file);
    if (chain.length === 0 || servesNotebooks(chain)) return;
    const buildContext = context.project.contextOf(file);
    let notebooks: string[] | undefined;
    const contextNotebooks = () => (notebooks ??= findNotebooks(buildContext));
    for (const stage of chain) {
      for (const copy of stage.instructions) {
        for (const source of contextSources(copy)) {
          if (!source.glob && isNotebookPath(source.path)) {
            if (buildContext.isIgnored(source.path)) continue;
            context.report({
              range: source.word.range,
              message: `\`${copy.rawKeyword} ${source.text}\` puts a notebook into the image: move the code the image runs into \`.py\` modules and leave notebooks out`,
            });
            continue;
          }
          const carried = contextNotebooks().filter(carriedBy(source, copy));
          if (carried.length === 0) continue;
          const names = carried.slice(0, LISTED).map((f) => `\`${f}\``).join(', ');
          const more = carried.length > LISTED ? ` and ${carried.length - LISTED} more` : '';
          const count = carried.length === 1 ? 'a notebook file' : `${carried.length} notebook files`;
          context.report({
            range: source.word.range,
            message: `\`${copy.rawKeyword} ${source.text}\` copies ${count} into the image (${names}${more}): add \`**/*.ipynb\` and \`**/.ipynb_checkpoints\` to \`.dockerignore\``,
          });
        }
      }
    }
  },
});

function isNotebookPath(path: string): boolean {
  return path.endsWith('.ipynb') || path.split('/').includes('.ipynb_checkpoints');
}

/** The context's notebooks and checkpoint files that the build sees (not dockerignored). */
function findNotebooks(context: BuildContext): string[] {
  return context.files().filter((f) => isNotebookPath(f) && !context.isIgnored(f));
}

/** Packages that make an image a notebook environment. */
const NOTEBOOK_PACKAGES = /^(jupyter|jupyterlab|notebook|nbclassic|jupyterhub|voila|papermill|marimo)([=<>~!\[ ].*)?$/i;

/** True when the image is made to open or run notebooks, so they are its content. */
function servesNotebooks(chain: readonly Stage[]): boolean {
  if (chain.some((s) => !s.parent && NOTEBOOK_IMAGE.test(s.image.repository))) return true;
  const runs = chain.flatMap((s) => s.instructions).filter((i) => i.keyword === 'RUN');
  if (runs.some((r) => packageInstalls(r.script).some((install) => install.packages.some((p) => NOTEBOOK_PACKAGES.test(p.value))))) return true;
  const starts = chain.flatMap((s) => s.instructions).filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
  return starts.some((i) =>
    (i.script?.commands ?? []).some((c) => {
      if (NOTEBOOK_PROGRAMS.has(c.name)) return true;
      // `python -m jupyter lab`, `python -m papermill`
      const m = c.args.findIndex((w) => w.value === '-m');
      return /^python/.test(c.name) && m >= 0 && NOTEBOOK_PROGRAMS.has(c.args[m + 1]?.value ?? '');
    }),
  );
}
