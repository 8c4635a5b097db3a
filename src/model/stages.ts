/**
 * What rules need to know about stages and their instructions beyond the parse:
 * the RUNs of a file (ONBUILD triggers included), the chain of stages a stage is
 * built on (`FROM build`), the stages whose files reach the final image, the stages
 * that make an image of their own, the WORKDIR in force, and the USER in force at
 * the end of a stage.
 */
import type { DockerfileModel, Instruction, Stage } from './dockerfile.js';

/** The RUN itself, or the RUN that `ONBUILD` registers; undefined for any other instruction. */
export function runOf(instruction: Instruction): Instruction | undefined {
  const run = instruction.keyword === 'ONBUILD' ? instruction.trigger : instruction;
  return run?.keyword === 'RUN' ? run : undefined;
}

/** Every RUN, those registered with `ONBUILD` included. */
export function runInstructions(file: DockerfileModel): Instruction[] {
  const runs: Instruction[] = [];
  for (const instruction of file.instructions) {
    const run = runOf(instruction);
    if (run) runs.push(run);
  }
  return runs;
}

/** The stage and the stages it is built on, the first base first. */
export function stageLineage(stage: Stage | undefined): Stage[] {
  const chain: Stage[] = [];
  for (let s = stage; s && !chain.includes(s); s = s.parent) chain.unshift(s);
  return chain;
}

/** The instructions of the stage and of the stages it is built on, in build order. */
export function stageChain(stage: Stage | undefined): Instruction[] {
  return stageLineage(stage).flatMap((s) => s.instructions);
}

/** apt settings that a RUN writes into apt's configuration (`echo 'APT::Install-Recommends "false";' > /etc/apt/apt.conf.d/x`). */
const APT_SETTINGS = {
  /** `APT::Get::Assume-Yes "true"`: every apt-get answers yes. */
  'assume-yes': /APT::Get::Assume-?Yes\s+"?(true|yes|1)/i,
  /** `APT::Install-Recommends "false"`: recommended packages are not installed. */
  'no-install-recommends': /APT::Install-Recommends\s+"?(false|no|0|off)"?/i,
} as const;

export type AptSetting = keyof typeof APT_SETTINGS;

/** True when a RUN before `run` in its stage chain writes `setting` into apt's configuration, as an argument of one of its commands. */
export function aptConfiguredEarlier(run: Instruction, setting: AptSetting): boolean {
  for (const stage of stageLineage(run.stage)) {
    const first = firstRunConfiguring(stage, setting);
    if (stage === run.stage) return first !== undefined && first.index < run.index;
    if (first) return true;
  }
  return false;
}

/** Per stage and setting, the first RUN of the stage itself that writes it: found once, not once per asking RUN. */
const firstConfiguring = new WeakMap<Stage, Map<AptSetting, Instruction | undefined>>();

function firstRunConfiguring(stage: Stage, setting: AptSetting): Instruction | undefined {
  let bySetting = firstConfiguring.get(stage);
  if (!bySetting) firstConfiguring.set(stage, (bySetting = new Map()));
  if (bySetting.has(setting)) return bySetting.get(setting);
  const pattern = APT_SETTINGS[setting];
  const first = stage.instructions.find(
    (instruction) => instruction.keyword === 'RUN' && (instruction.script?.commands ?? []).some((c) => c.args.some((w) => pattern.test(w.value))),
  );
  bySetting.set(setting, first);
  return first;
}

/** The first stage of the chain a stage is built on (itself when it is built on an image). */
export function rootStage(stage: Stage): Stage {
  let root = stage;
  while (root.parent) root = root.parent;
  return root;
}

/** Stages named by `COPY --from=` and `RUN --mount=from=`. */
function sourceStageNames(instruction: Instruction): string[] {
  const names: string[] = [];
  if (instruction.keyword === 'COPY') {
    const from = instruction.flag('from')?.value;
    if (from !== undefined) names.push(from);
  }
  for (const mount of instruction.mounts) if (mount.from !== undefined) names.push(mount.from);
  return names;
}

/**
 * The stages that make an image of their own, each a possible build target: no later stage is built on them
 * (`FROM`), copies from them (`COPY --from`) or mounts them (`RUN --mount=from=`). Not to be confused with
 * `finalImageStages`, the stages whose files are in the image of the last stage.
 */
export function imageStages(file: DockerfileModel): Stage[] {
  const used = new Set<Stage>();
  for (const stage of file.stages) {
    if (stage.parent) used.add(stage.parent);
    for (const instruction of stage.instructions) {
      for (const name of sourceStageNames(instruction)) {
        const source = /^\d+$/.test(name) ? file.stages[Number(name)] : file.findStage(name, stage);
        if (source) used.add(source);
      }
    }
  }
  return file.stages.filter((s) => !used.has(s));
}

/**
 * The stages whose files are in the final image (that of the last stage), in file order: the last stage, the
 * stages it is built on (`FROM build`), the stages whose whole filesystem one of those copies
 * (`COPY --from=build / /`), and so on. A stage copied from piece by piece (`COPY --from=build /app/bin /bin`)
 * or mounted (`RUN --mount=from=build`) is not one of them: the rest of its files stay in its layers and the
 * build cache.
 */
export function finalImageStages(file: DockerfileModel): readonly Stage[] {
  let known = finalStages.get(file);
  if (known) return known;
  const found = new Set<Stage>();
  const pending = file.stages.slice(-1);
  while (pending.length > 0) {
    const stage = pending.pop()!;
    if (found.has(stage)) continue;
    found.add(stage);
    if (stage.parent) pending.push(stage.parent);
    for (const copy of stage.instructions) {
      const from = copy.flag('from')?.value;
      if ((copy.keyword !== 'COPY' && copy.keyword !== 'ADD') || !from) continue;
      const words = copy.execForm ?? copy.args;
      if (!words.slice(0, -1).some((w) => WHOLE_FILESYSTEM.has(w.expanded))) continue;
      const name = copy.expand(from);
      const source = file.findStage(name, stage) ?? (/^\d+$/.test(name) ? file.stages[Number(name)] : undefined);
      if (source) pending.push(source);
    }
  }
  known = file.stages.filter((s) => found.has(s));
  finalStages.set(file, known);
  return known;
}

const WHOLE_FILESYSTEM = new Set(['/', '/.', '/*']);
/** Asked by several rules per file: worked out once. */
const finalStages = new WeakMap<DockerfileModel, readonly Stage[]>();

/** The last USER in force at the end of the stage: its own, or that of the stage it is built on. */
export function effectiveUser(stage: Stage): Instruction | undefined {
  for (let s: Stage | undefined = stage; s; s = s.parent) {
    const own = s.instructions.filter((i) => i.keyword === 'USER' && i.args.length > 0).pop();
    if (own) return own;
  }
  return undefined;
}

/** A `USER`'s argument: `written` unquoted as written, `value` with its ARG/ENV variables resolved and quotes dropped. */
export function userArgument(user: Instruction): { readonly written: string; readonly value: string } {
  const arg = user.args[0]?.value ?? '';
  const written = arg.length >= 2 && (arg[0] === '"' || arg[0] === "'") && arg[arg.length - 1] === arg[0] ? arg.slice(1, -1) : arg;
  const value = written.includes('$') ? user.expand(written).replace(/["']/g, '') : written;
  return { written, value };
}

/** The stage that `--from=<name>` (a stage name, or an index) names from within `stage`; undefined for an image. */
export function stageNamedFrom(file: DockerfileModel, name: string, stage: Stage): Stage | undefined {
  return /^\d+$/.test(name) ? file.stages[Number(name)] : file.findStage(name, stage);
}

/**
 * Buildah expands ARGs in stage names (`FROM alpine AS ${FIRST}` ... `FROM ${FIRST}`), so an image that is the expanded
 * name of an earlier stage is that stage.
 */
export function namesEarlierStage(file: DockerfileModel, stage: Stage): boolean {
  const image = stage.image.text.toLowerCase();
  return file.stages.some((s) => s.index < stage.index && s.name?.includes('$') && s.from.expand(s.name).toLowerCase() === image);
}

/**
 * True when an instruction with `keyword` comes before `instruction` in its stage, or anywhere in a stage it is
 * built on: what the image config holds when `instruction` runs (a `WORKDIR`, a `SHELL`).
 */
export function setEarlierInLineage(instruction: Instruction, keyword: string): boolean {
  const stage = instruction.stage;
  if (!stage) return false;
  if (stage.instructions.some((i) => i.keyword === keyword && i.index < instruction.index)) return true;
  for (let parent = stage.parent; parent; parent = parent.parent) {
    if (parent.instructions.some((i) => i.keyword === keyword)) return true;
  }
  return false;
}

/** The WORKDIR in force for an instruction (`/` when none): the model keeps it on the instruction. */
export function workdirAt(instruction: Instruction): string {
  return instruction.workdir;
}
