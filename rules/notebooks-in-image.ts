import { posix } from 'node:path';
import { defineRule } from '../src/engine/rule.js';
import type { BuildContext } from '../src/model/context.js';
import type { DockerfileModel, Instruction, Stage, Word } from '../src/model/dockerfile.js';
import { parseDockerignore } from '../src/model/dockerignore.js';
import { packageInstalls } from '../src/model/packages.js';

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
      bad: `# build context: app.py  explore.ipynb  .ipynb_checkpoints/\nFROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "app.py"]`,
      good: `# .dockerignore:\n#   **/*.ipynb\n#   **/.ipynb_checkpoints\nFROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "app.py"]`,
      notes: `Reported at the source word of a \`COPY\`/\`ADD\` in the final image (the last stage and the stages it is built on):
- a source that names a notebook (\`COPY analysis.ipynb .\`) or a checkpoints folder;
- a folder, wildcard or whole-context source that carries notebooks or checkpoint files, found by walking the build
  context and leaving out what \`.dockerignore\` and \`COPY --exclude\` exclude; the message names the first files and
  the count.

Not reported when the image is made to open notebooks: it installs Jupyter, JupyterLab, Voilà, papermill or marimo,
its \`CMD\`/\`ENTRYPOINT\` runs \`jupyter\`, \`jupyter-lab\`, \`voila\`,
\`papermill\`, \`marimo\` or a Jupyter Docker Stacks start script, or it is built on a notebook image (\`jupyter/*\`,
\`quay.io/jupyter/*\`, images with \`notebook\` in their name). Stages that only build something for \`COPY --from\` are
not looked at.`,
    },
  },
  checkDockerfile(file, context) {
    const chain = finalChain(file);
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
          const carried = carriedFiles(contextNotebooks(), source, copy);
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

/** The stages whose layers end up in the final image, the base first. */
function finalChain(file: DockerfileModel): Stage[] {
  const chain: Stage[] = [];
  for (let stage = file.stages.at(-1); stage && !chain.includes(stage); stage = stage.parent) chain.unshift(stage);
  return chain;
}

/** Packages that make an image a notebook environment. */
const NOTEBOOK_PACKAGES = /^(jupyter|jupyterlab|notebook|nbclassic|jupyterhub|voila|papermill|marimo)([=<>~!\[ ].*)?$/i;

/** True when the image is made to open or run notebooks, so they are its content. */
function servesNotebooks(chain: readonly Stage[]): boolean {
  if (NOTEBOOK_IMAGE.test(chain[0].image.repository)) return true;
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

// --- COPY sources (the same reading as secret-files-copied and copy-ignored-file) ---

interface Source {
  readonly word: Word;
  /** As written, quotes removed. */
  readonly text: string;
  /** Context-relative, cleaned, `''` for the whole context. */
  readonly path: string;
  /** Set when the source is a wildcard pattern. */
  readonly glob: RegExp | undefined;
}

/** The sources a COPY/ADD takes from the build context: not `--from`, URLs, heredocs, or unresolved variables. */
function contextSources(copy: Instruction): Source[] {
  if ((copy.keyword !== 'COPY' && copy.keyword !== 'ADD') || copy.flag('from')) return [];
  const words = copy.execForm ? copy.execForm.slice(0, -1) : shellFormSources(copy);
  const sources: Source[] = [];
  for (const word of words) {
    const text = copy.expand(copy.execForm ? word.value : unquote(word.value));
    if (text.includes('$') || (copy.keyword === 'ADD' && /^([a-z][a-z0-9+.-]*:\/\/|git@)/i.test(text))) continue;
    const path = posix.normalize(`./${text.replace(/^\/+/, '')}`).replace(/\/+$/, '');
    if (path === '..' || path.startsWith('../')) continue;
    const clean = path === '.' ? '' : path;
    sources.push({ word, text, path: clean, glob: /[*?[]/.test(clean) ? globPattern(clean) : undefined });
  }
  return sources;
}

function shellFormSources(copy: Instruction): Word[] {
  const lastMarkerLine = Math.max(0, ...copy.heredocs.map((h) => h.markerRange.start.line));
  const words = lastMarkerLine > 0 ? copy.args.filter((w) => w.range.start.line <= lastMarkerLine) : copy.args;
  return words.slice(0, -1).filter((w) => !w.value.startsWith('<<'));
}

/** Go's filepath.Match pattern (what BuildKit matches COPY sources with) as a RegExp over a whole path. */
function globPattern(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]);
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) source += '\\[';
      else {
        const body = pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        source += `[${body}]`;
        i = end;
      }
    } else source += escapeRegExp(ch);
  }
  try {
    return new RegExp(`^${source}$`);
  } catch {
    return /$^/;
  }
}

function escapeRegExp(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

/** The paths of `files` that the source brings in: itself, what is below it, or what a wildcard matches (or is below a match). */
function carriedFiles(files: readonly string[], source: Source, copy: Instruction): string[] {
  const excluded = excludeMatcher(copy);
  return files.filter((f) => {
    let below: string;
    if (source.glob) {
      const prefix = pathPrefixes(f).find((p) => source.glob!.test(p));
      if (prefix === undefined) return false;
      below = f.slice(prefix.length + 1);
    } else if (source.path === '') below = f;
    else if (f === source.path) below = posix.basename(f);
    else if (f.startsWith(`${source.path}/`)) below = f.slice(source.path.length + 1);
    else return false;
    return !excluded(below || posix.basename(f));
  });
}

/** `a/b/c` → `a`, `a/b`, `a/b/c`. */
function pathPrefixes(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** `COPY --exclude=<pattern>` (repeatable): patterns matched like `.dockerignore` lines, relative to the source. */
function excludeMatcher(copy: Instruction): (relative: string) => boolean {
  const patterns = copy.flags.filter((f) => f.name === 'exclude' && f.value).map((f) => unquote(f.value!));
  if (patterns.length === 0) return () => false;
  const ignore = parseDockerignore(patterns.join('\n'), '--exclude');
  return (relative) => ignore.isIgnored(relative);
}

function unquote(value: string): string {
  return value.replace(/^(["'])(.*)\1$/, '$2');
}
