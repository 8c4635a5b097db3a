import { posix } from 'node:path';
import { downloadOf } from '../src/model/downloads.js';
import { defineRule } from '../src/engine/rule.js';
import { addSources, sourceWords } from '../src/model/copies.js';
import type { DockerfileModel, Instruction, Stage } from '../src/model/dockerfile.js';
import { flagValue, operands, type ShellCommand } from '../src/model/shell.js';
import { finalImageStages, stageLineage, stageNamedFrom } from '../src/model/stages.js';

/** File types of model weights: a URL whose path ends so is a download of weights. */
const WEIGHTS = /\.(safetensors|pt|pth|onnx|ckpt|gguf|bin)$/i;
/** `.bin` is any binary: it counts only on the Hugging Face Hub or with a name that says weights (`pytorch_model.bin`, `ggml-base.bin`). */
const WEIGHTS_BIN = /model|weights|ggml|pytorch|adapter/i;
const HUGGING_FACE = /^https?:\/\/(?:www\.)?(?:huggingface\.co|hf\.co)\//i;
/**
 * Python calls that download weights: the Hugging Face Hub's, Transformers' and Sentence Transformers' loaders,
 * and torch.hub. `pipeline(` is Transformers' only when the code names `transformers`.
 */
const PYTHON_DOWNLOADS = /\b(snapshot_download|hf_hub_download|from_pretrained|SentenceTransformer|CrossEncoder|torch\.hub\.load|torch\.hub\.load_state_dict_from_url|torch\.hub\.download_url_to_file|load_state_dict_from_url|pipeline)\s*\(\s*(?:[A-Za-z_]\w*\s*=\s*)?(['"]?)([^'",)]*)/g;
/** Where the Hugging Face and torch caches live by default: a cache mount there keeps the weights out of the image. */
const MODEL_CACHE = /(^|\/)\.cache\/(huggingface|torch)(\/|$)|(^|\/)(huggingface|hf|torch)([-_]?(home|cache|hub))?(\/|$)/i;

const KEEP = 'or keep them on purpose with `# dockerlint ignore=model-download-at-build -- <why>` above the instruction';

export default defineRule({
  meta: {
    id: 'model-download-at-build',
    aliases: [],
    severity: 'info',
    category: 'image-size',
    section: 'ml-images',
    summary: 'A `RUN` (or `ADD`) downloads model weights into the image',
    fixable: false,
    docs: {
      rationale: `Model weights are large (hundreds of megabytes to tens of gigabytes). Downloaded by a \`RUN\` they become a
layer of the image: every push and pull moves them, the registry stores them again for each image that rebuilds that
layer, and any change above the \`RUN\` (a new \`ARG\`, a changed requirements file) downloads them again. In exchange
the container starts at once and runs without network access to the model hub, which some deployments need
(air-gapped clusters, autoscaling that cannot wait for a download). Either way it is a decision: download the weights
when the container starts, into a volume or a cache that outlives it (\`HF_HOME\` on a mounted volume), or keep them in
the image deliberately and say why with a suppression comment.`,
      bad: `FROM python:3.12-slim\nRUN pip install --no-cache-dir "huggingface_hub[cli]==0.26.2"\nRUN huggingface-cli download openai/whisper-small --local-dir /models/whisper-small\nCMD ["python", "-m", "app"]`,
      good: `FROM python:3.12-slim\nRUN pip install --no-cache-dir "huggingface_hub[cli]==0.26.2"\n# dockerlint ignore=model-download-at-build -- offline inference nodes: the weights ship with the image\nRUN huggingface-cli download openai/whisper-small --local-dir /models/whisper-small\nCMD ["python", "-m", "app"]`,
      notes: `Reported at the downloading command of a \`RUN\` in the final image (the last stage and the stages it is built on),
or of a builder stage whose download a stage of the image copies: \`COPY --from=<stage>\` of the download's folder or
file (or of a folder above it, or of a weights file below it), also through another builder stage that the image
copies from. The download's path must be known (\`--local-dir\`, \`local_dir=\`, \`-o\`, the folder \`git clone\`
fills); a builder whose other files only are copied is not reported. The downloads:
- \`huggingface-cli download\`, \`hf download\`, \`ollama pull\`, \`git clone\` of a Hugging Face model repository;
- \`python -c "..."\` (and Python fed a heredoc) calling \`snapshot_download\`, \`hf_hub_download\`, \`from_pretrained\`,
  \`SentenceTransformer\`, \`CrossEncoder\`, \`torch.hub.load\`, \`load_state_dict_from_url\`, or Transformers'
  \`pipeline\`; a \`from_pretrained('/local/path')\` that loads files already in the image, or code passing
  \`local_files_only=True\`, is not a download;
- \`curl\`, \`wget\` or \`aria2c\` of a URL ending in \`.safetensors\`, \`.pt\`, \`.pth\`, \`.onnx\`, \`.ckpt\`, \`.gguf\`
  or \`.bin\` (\`.bin\` only from the Hugging Face Hub or with a name that says weights, such as \`pytorch_model.bin\`);
- \`ADD <url>\` of such a file, at the URL.

Not reported when the weights land in a \`RUN --mount=type=cache\` (or tmpfs) mount: the output path given
(\`--local-dir\`, \`-o\`, \`-O\`) is below the mount, or none is given and the mount is the Hugging Face or torch
cache. A script that downloads (\`python download_model.py\`) is not looked into.

To keep weights in the image on purpose, put \`# dockerlint ignore=model-download-at-build -- <why>\` above the
instruction: the text after \` -- \` says why to the next reader. Public reports: pre-downloaded Hugging Face models grew an image to about 8 GB and
were moved out of it (https://github.com/openreview/openreview-expertise/pull/355); a model download in a Dockerfile
made a very large image (https://github.com/tattle-made/Uli/issues/119).`,
    },
  },
  checkDockerfile(file, context) {
    for (const stage of finalImageStages(file)) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword === 'ADD') {
          for (const source of addSources(instruction)) {
            const url = source.expanded;
            if (!/^https?:\/\//i.test(url) || !isWeightsUrl(url)) continue;
            context.report({ range: source.range, message: `\`ADD\` of \`${posix.basename(urlPath(url))}\` bakes model weights into the image: ${TRADE_OFF}, ${KEEP}` });
          }
          continue;
        }
        if (instruction.keyword !== 'RUN') continue;
        for (const command of instruction.script?.commands ?? []) {
          const download = modelDownload(command, instruction);
          if (!download) continue;
          if (inCacheMount(download.output, instruction)) continue;
          context.report({ range: command.range, message: `\`${download.what}\` bakes model weights into the image: ${TRADE_OFF}, ${KEEP}` });
        }
      }
    }
    // A builder stage that downloads, and whose download a stage of the image copies whole (`COPY --from=weights /models /models`).
    for (const [stage, copies] of copiedIntoImage(file)) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'RUN') continue;
        for (const command of instruction.script?.commands ?? []) {
          const download = modelDownload(command, instruction);
          if (!download?.output || inCacheMount(download.output, instruction)) continue;
          const output = posix.resolve(instruction.workdir, instruction.expand(download.output));
          const copy = copies.find((c) => copiesDownload(c, output));
          if (!copy) continue;
          const name = stage.name ?? String(stage.index);
          context.report({
            range: command.range,
            message: `\`${download.what}\` in stage \`${name}\` downloads model weights that reach the final image (\`COPY --from\` on line ${copy.line}): ${TRADE_OFF}, ${KEEP}`,
          });
        }
      }
    }
  },
});

/** Past this many stages the stages copied into the image are not followed: the walk grows with stages times their depth. */
const MAX_FOLLOWED_STAGES = 64;

/**
 * The stages outside the final image's lineage whose files a stage of the image copies (`COPY --from`), directly or
 * through other stages it copies from, each with the copies that take its files (a copy from a stage built on it
 * takes them too).
 */
function copiedIntoImage(file: DockerfileModel): Map<Stage, Instruction[]> {
  const copied = new Map<Stage, Instruction[]>();
  if (file.stages.length > MAX_FOLLOWED_STAGES) return copied;
  const image = new Set(finalImageStages(file));
  const reached = new Set<Stage>(image);
  const pending = [...image];
  while (pending.length > 0) {
    const stage = pending.pop()!;
    for (const copy of stage.instructions) {
      const from = copy.keyword === 'COPY' ? copy.flag('from')?.value : undefined;
      const source = from === undefined ? undefined : stageNamedFrom(file, copy.expand(from), stage);
      for (const fed of stageLineage(source)) {
        if (image.has(fed)) continue;
        const list = copied.get(fed);
        if (list) list.push(copy);
        else copied.set(fed, [copy]);
        if (!reached.has(fed)) {
          reached.add(fed);
          pending.push(fed);
        }
      }
    }
  }
  return copied;
}

/** The `COPY --from` takes the download at `output`: a source at or above it, or a weights file below it. */
function copiesDownload(copy: Instruction, output: string): boolean {
  return sourceWords(copy).some((word) => {
    const source = posix.resolve('/', word.expanded);
    if (source.includes('$')) return false;
    return source === output || source === '/' || output.startsWith(`${source}/`) || (source.startsWith(`${output}/`) && WEIGHTS.test(source));
  });
}

/** The trade-off, for the messages: what baking weights in costs and buys, and the two ways out. */
const TRADE_OFF = 'a bigger image to push and pull, and a new download whenever this layer rebuilds, for a fast start without network; download them at start into a volume';

interface Download {
  /** What to call it in the message. */
  readonly what: string;
  /** Where it writes, when the command says (`--local-dir`, `-o`); undefined: the tool's cache or the working directory. */
  readonly output: string | undefined;
}

/** The model download a command does, if any. */
function modelDownload(command: ShellCommand, instruction: Instruction): Download | undefined {
  const name = command.name;
  const ops = operands(command);
  const expand = (text: string) => instruction.expand(text);
  if ((name === 'huggingface-cli' || name === 'hf') && ops[0]?.value === 'download') {
    return { what: `${name} download`, output: flagValue(command, '--local-dir', '--cache-dir') };
  }
  if (name === 'ollama' && ops[0]?.value === 'pull') return { what: 'ollama pull', output: undefined };
  if (name === 'git' && ops[0]?.value === 'clone') {
    const url = ops.map((w) => expand(w.value)).find((v) => HUGGING_FACE.test(v));
    if (url && !/\/(spaces|datasets)\//.test(url)) return { what: 'git clone', output: ops.at(-1)?.value !== ops[1]?.value ? ops.at(-1)?.value : undefined };
  }
  const download = downloadOf(command, expand);
  if (download?.url !== undefined && isWeightsUrl(download.url)) {
    const file = posix.basename(urlPath(download.url));
    return { what: `${name} ${file}`, output: download.file };
  }
  if (/^python[0-9.]*$/.test(name)) {
    const code = pythonCode(command);
    if (code === undefined) return undefined;
    const call = pythonDownload(code);
    if (call) return { what: `${call.name}(...)\` in \`${name}`, output: call.output };
  }
  return undefined;
}

/** The Python text a `python` command runs: its `-c` string, or the heredoc it reads when it runs no file. */
function pythonCode(command: ShellCommand): string | undefined {
  const args = command.args;
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    if (value === '-c') return args[i + 1]?.value;
    if (value.startsWith('-c') && !value.startsWith('--')) return value.slice(2);
    // Options end at the first operand: a script or `-m module`, whose code is not here.
    if (value === '-m' || !value.startsWith('-')) return undefined;
  }
  return command.heredocs[0]?.body;
}

/** The first call in Python text that downloads weights, with the `local_dir` it writes to when given. */
function pythonDownload(code: string): { name: string; output: string | undefined } | undefined {
  // Loading from the local cache only downloads nothing.
  if (/\blocal_files_only\s*=\s*True\b/.test(code)) return undefined;
  for (const match of code.matchAll(PYTHON_DOWNLOADS)) {
    const [, call, quote, first] = match;
    if (call === 'pipeline' && !/\btransformers\b/.test(code)) continue;
    // `from_pretrained("/models/bert")`: files already in the image, not a download.
    if (quote && /^[./~]/.test(first)) continue;
    const localDir = /\b(?:local_dir|cache_dir|cache_folder)\s*=\s*['"]([^'"]+)['"]/.exec(code)?.[1];
    return { name: call, output: localDir };
  }
  return undefined;
}

function urlPath(url: string): string {
  return url.replace(/[?#].*$/, '');
}

function isWeightsUrl(url: string): boolean {
  const path = urlPath(url);
  const match = WEIGHTS.exec(path);
  if (!match) return false;
  return match[1].toLowerCase() !== 'bin' || HUGGING_FACE.test(url) || WEIGHTS_BIN.test(posix.basename(path));
}

/** The download lands in a cache or tmpfs mount of the RUN, which the image does not keep. */
function inCacheMount(output: string | undefined, instruction: Instruction): boolean {
  const targets = instruction.mounts
    .filter((m) => (m.type === 'cache' || m.type === 'tmpfs') && m.target !== undefined)
    .map((m) => posix.resolve(instruction.workdir, instruction.expand(m.target!)));
  if (targets.length === 0) return false;
  if (output === undefined) return targets.some((t) => MODEL_CACHE.test(t));
  const path = posix.resolve(instruction.workdir, instruction.expand(output));
  return targets.some((t) => path === t || path.startsWith(`${t}/`));
}
