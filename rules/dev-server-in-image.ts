import { posix } from 'node:path';
import { defineRule, type Project } from '../src/engine/rule.js';
import { finalStartCommands, type StartCommand } from '../src/model/container-start.js';
import type { DockerfileModel } from '../src/model/dockerfile.js';
import type { Range } from '../src/model/position.js';
import type { ShellWord } from '../src/model/shell.js';

/** A development server a command starts: the word that makes it one, what to call it, and what to run instead. */
interface DevServer {
  readonly word: ShellWord;
  readonly phrase: string;
  readonly instead: string;
}

/** Words of a stage, file or folder name that say the image is for development. */
const DEVELOPMENT_WORDS = new Set(['dev', 'develop', 'development', 'devcontainer']);
/** Runners that start the program named by their first operand: `poetry run flask run`, `npx next dev`. */
const RUNNERS: Readonly<Record<string, readonly string[] | undefined>> = {
  npx: undefined, pnpx: undefined, bunx: undefined, poetry: ['run'], pipenv: ['run'], pdm: ['run'], uv: ['run'], hatch: ['run'], rye: ['run'],
};
const PACKAGE_SCRIPT_RUNNERS = new Set(['npm', 'yarn', 'pnpm', 'bun']);
const RELOADING_SERVERS = new Set(['uvicorn', 'gunicorn', 'hypercorn']);
const ON = /^(true|1|yes|on)$/i;

export default defineRule({
  meta: {
    id: 'dev-server-in-image',
    aliases: [],
    severity: 'warning',
    category: 'correctness',
    section: 'ml-images',
    summary: 'The final image starts a development server (`flask run`, `manage.py runserver`, `--reload`, `npm run dev`)',
    fixable: false,
    docs: {
      rationale: `Web frameworks ship a development server for the edit-reload loop on a laptop: \`flask run\`, Django's
\`manage.py runserver\`, \`fastapi dev\`, \`uvicorn --reload\`, \`next dev\`, \`vite\`. Their own documentation says not to
deploy them: they serve one request at a time or restart on every file change, watch the file tree (a core busy on an
idle container), show debug pages, and are not hardened against hostile clients; the JavaScript ones also compile the
app on the first requests, in the container, at run time. An image whose \`CMD\` starts one runs that in production.
Serve the app with a production server instead (\`gunicorn\` or \`uvicorn\` workers, \`fastapi run\`, \`next build\` +
\`next start\`, static files built with \`vite build\`), and keep the development server for a development image.`,
      bad: `FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["flask", "--app", "hello", "run", "--host=0.0.0.0"]`,
      good: `FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt gunicorn==23.0.0\nCOPY . .\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "hello:app"]`,
      notes: `Looks at what the final image starts: its \`ENTRYPOINT\` and \`CMD\` as BuildKit keeps them across stages (shell and exec
form, \`sh -c "..."\`, an exec-form \`ENTRYPOINT\` with the words of an exec-form \`CMD\`, runners such as \`python -m\`,
\`npx\`, \`poetry run\`, \`uv run\`), and the start script they run when the Dockerfile shows its text: a \`COPY <<EOF
/start.sh\` heredoc, a \`RUN\` that writes it (\`cat <<EOF > /start.sh\`, \`echo ... > /start.sh\`), or a file of the
build context that the image copies (read when it is at most 16 KiB, and not when its \`#!\` line names another
interpreter than a shell). A finding in a build-context script is reported at the word of the \`CMD\`/\`ENTRYPOINT\`
that runs it, with the script's line in the message.

Development servers: \`flask run\`, \`manage.py runserver\` (and \`runserver_plus\`, \`django-admin runserver\`),
\`fastapi dev\`, \`uvicorn\`/\`gunicorn\`/\`hypercorn\` with \`--reload\`, \`streamlit run\` with
\`--server.runOnSave=true\`, \`npm run dev\`, \`yarn dev\`, \`pnpm dev\`, \`bun run dev\`, \`next dev\` (and \`next\`
alone), \`nuxt dev\`, \`vite\` (and \`vite dev\`/\`vite serve\`).

Not reported for an image that says it is for development: its last stage is named \`dev\`, \`develop\`,
\`development\` or \`devcontainer\` (alone or as a word of the name: \`dev-envs\`), or the Dockerfile's name or folder
does (\`Dockerfile.dev\`, \`dev.Dockerfile\`, \`Dockerfile.development\`, \`docker/dev/Dockerfile\`,
\`.devcontainer/Dockerfile\`). A development
stage that the final image is not built on is never looked at. Nor for an image that a Compose service with a
\`develop:\` section (Compose Watch) builds, without a \`target\` or with the last stage as its target.

Public reports: Fly.io's Flask template started \`python3 -m flask run\` in production images
(https://github.com/superfly/flyctl/issues/3863); \`uvicorn --reload\` in a released image kept a CPU core busy
(https://github.com/remsky/Kokoro-FastAPI/pull/171).`,
    },
  },
  checkDockerfile(file, context) {
    if (isDevelopmentImage(file) || builtForDevelopment(file, context.project)) return;
    const buildContext = context.project.contextOf(file);
    const seen = new Set<string>();
    for (const start of finalStartCommands(file, buildContext)) {
      const server = devServer(start);
      if (!server) continue;
      const key = `${start.script?.path ?? ''}\0${rangeKey(server.word.range)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const script = start.script;
      let where = '';
      let range = reportRange(start, server.word);
      if (script && !script.inDockerfile) {
        range = script.word.range;
        where = script.contextPath !== undefined
          ? ` (in \`${script.contextPath}\`, its line ${server.word.range.start.line})`
          : ` (in \`${script.path}\`, written on line ${script.writtenBy.line})`;
      }
      context.report({
        range,
        message: `the image starts the development server \`${server.phrase}\`${where}: ${server.instead}`,
      });
    }
  },
});

/** From the command's name to the word that makes it a development server, when both are in one instruction; else that word. */
function reportRange(start: StartCommand, word: ShellWord): Range {
  const from = start.command.nameWord.range.start;
  const sameInstruction = start.script !== undefined || (word.range.start.line <= start.instruction.range.end.line && word.range.start.line >= start.instruction.range.start.line);
  const after = word.range.start.line > from.line || (word.range.start.line === from.line && word.range.start.column >= from.column);
  return sameInstruction && after ? { start: from, end: word.range.end } : word.range;
}

function rangeKey(range: Range): string {
  return `${range.start.line}:${range.start.column}`;
}

/** The stage, file or folder name says the image is for development. */
function isDevelopmentImage(file: DockerfileModel): boolean {
  const words = (name: string) => name.toLowerCase().split(/[-_.]+/);
  const last = file.stages.at(-1);
  if (last?.name && words(last.name).some((w) => DEVELOPMENT_WORDS.has(w))) return true;
  const base = posix.basename(file.path.replace(/\\/g, '/'));
  const folder = posix.basename(posix.dirname(file.path.replace(/\\/g, '/')));
  // The folder counts when its whole name says so (`dev/`, `.devcontainer/`), not for a word of it (`web-dev-kit/`).
  return words(base).some((w) => DEVELOPMENT_WORDS.has(w)) || DEVELOPMENT_WORDS.has(folder.toLowerCase().replace(/^\./, ''));
}

/**
 * A Compose service with a `develop:` section (Compose Watch, which syncs files into the running container) builds
 * the final image: without a `target`, or with the last stage as its target.
 */
function builtForDevelopment(file: DockerfileModel, project: Project): boolean {
  const last = file.stages.at(-1)?.name?.toLowerCase();
  return (project.developServicesOf?.(file) ?? []).some((s) => s.target === undefined || s.target.toLowerCase() === last);
}

/** The development server a start command runs, if any. */
function devServer(start: StartCommand): DevServer | undefined {
  let name = start.command.name;
  let nameWord = start.command.nameWord;
  let args = start.args;
  // `python -m flask run`, `npx next dev`, `poetry run uvicorn --reload`: the program they run.
  for (let hops = 0; hops < 3; hops++) {
    const operand = args.findIndex((w) => !w.value.startsWith('-'));
    if (/^python[0-9.]*$/.test(name)) {
      const m = args.findIndex((w) => w.value === '-m');
      if (m >= 0 && args[m + 1]) {
        nameWord = args[m + 1];
        name = nameWord.value === 'django' ? 'django-admin' : nameWord.value;
        args = args.slice(m + 2);
        continue;
      }
      // `python manage.py runserver`
      if (operand >= 0 && posix.basename(args[operand].value) === 'manage.py') {
        nameWord = args[operand];
        name = 'manage.py';
        args = args.slice(operand + 1);
      }
      break;
    }
    if (Object.hasOwn(RUNNERS, name)) {
      const subcommands = RUNNERS[name];
      const sub = subcommands === undefined ? operand - 1 : operand >= 0 && subcommands.includes(args[operand].value) ? operand : -2;
      const program = sub >= -1 ? args.slice(sub + 1).findIndex((w) => !w.value.startsWith('-')) : -1;
      if (program < 0) break;
      nameWord = args[sub + 1 + program];
      name = posix.basename(nameWord.value);
      args = args.slice(sub + 2 + program);
      continue;
    }
    break;
  }
  const operands = args.filter((w) => !w.value.startsWith('-'));
  // A subcommand comes first (`vite --host 0.0.0.0` has none: `0.0.0.0` is the option's value).
  const first = args[0] !== undefined && !args[0].value.startsWith('-') ? args[0] : undefined;
  switch (name) {
    case 'flask': {
      const run = operands.find((w) => w.value === 'run');
      return run && { word: run, phrase: 'flask run', instead: "serve the app with a WSGI server, e.g. `gunicorn --bind 0.0.0.0:8000 'module:app'`" };
    }
    case 'manage.py':
    case 'django-admin': {
      const run = operands.find((w) => w.value === 'runserver' || w.value === 'runserver_plus');
      return run && { word: run, phrase: `${name} ${run.value}`, instead: 'serve the project with `gunicorn <project>.wsgi` (or `uvicorn <project>.asgi:application`)' };
    }
    case 'fastapi':
      return first?.value === 'dev' ? { word: first, phrase: 'fastapi dev', instead: 'start it with `fastapi run` (no reload, production defaults)' } : undefined;
    case 'streamlit': {
      if (first?.value !== 'run') return undefined;
      const i = args.findIndex((w) => w.value === '--server.runOnSave' || w.value.startsWith('--server.runOnSave='));
      if (i < 0) return undefined;
      const value = args[i].value.includes('=') ? args[i].value.slice(args[i].value.indexOf('=') + 1) : (args[i + 1]?.value ?? 'true');
      return ON.test(value) ? { word: args[i], phrase: 'streamlit run --server.runOnSave', instead: 'drop `--server.runOnSave`: it re-runs the app on every file change' } : undefined;
    }
    case 'next':
      if (first === undefined) return { word: nameWord, phrase: 'next', instead: 'build the app with `next build` in the image and start it with `next start`' };
      return first.value === 'dev' ? { word: first, phrase: 'next dev', instead: 'build the app with `next build` in the image and start it with `next start`' } : undefined;
    case 'nuxt':
    case 'nuxi':
      return first?.value === 'dev' ? { word: first, phrase: `${name} dev`, instead: 'build the app with `nuxt build` in the image and start `node .output/server/index.mjs`' } : undefined;
    case 'vite':
      if (first !== undefined && first.value !== 'dev' && first.value !== 'serve') return undefined;
      return { word: first ?? nameWord, phrase: first ? `vite ${first.value}` : 'vite', instead: 'build the app with `vite build` in the image and serve the `dist/` files with a web server' };
  }
  if (RELOADING_SERVERS.has(name)) {
    const reload = args.find((w) => w.value === '--reload' || w.value.startsWith('--reload='));
    if (!reload || (reload.value.includes('=') && !ON.test(reload.value.slice(reload.value.indexOf('=') + 1)))) return undefined;
    const workers = name === 'gunicorn' ? '' : ' and run several workers (`--workers N`)';
    return { word: reload, phrase: `${name} --reload`, instead: `drop \`--reload\` (it watches the files and restarts on every change)${workers}` };
  }
  if (PACKAGE_SCRIPT_RUNNERS.has(name)) {
    // `npm run dev`, `npm run-script dev`, `yarn dev`, `pnpm dev`, `bun run dev`.
    const script = operands[0]?.value === 'run' || operands[0]?.value === 'run-script' ? operands[1] : name === 'npm' ? undefined : operands[0];
    if (script?.value !== 'dev') return undefined;
    return { word: script, phrase: `${name} ${operands.slice(0, operands.indexOf(script) + 1).map((w) => w.value).join(' ')}`, instead: `build the app in the image (\`${name} run build\`) and start the built app (\`${name} start\`, \`next start\`, or its files served by a web server)` };
  }
  return undefined;
}
