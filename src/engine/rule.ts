/**
 * The rule API: what a rule module exports, and what it is handed. A rule
 * reads the model and reports findings; it never parses text, reads config or
 * formats output.
 */
import type { Range } from '../model/position.js';
import type { DockerfileModel, Instruction } from '../model/dockerfile.js';
import type { RequirementInclude, RequirementsModel } from '../model/requirements.js';
import type { DockerignoreModel } from '../model/dockerignore.js';
import type { ComposeModel } from '../model/compose.js';
import type { BuildContext } from '../model/context.js';
import type { ShellcheckResults } from '../model/shellcheck.js';
import type { ManifestKind, ManifestModel } from '../model/manifests.js';
import type { InstalledManifest } from '../model/manifest-installs.js';

export type Severity = 'error' | 'warning' | 'info';

export type Category =
  | 'correctness'
  | 'security'
  | 'reproducibility'
  | 'build-cache'
  | 'image-size'
  | 'maintainability'
  | 'style';

/**
 * The kinds of file findings are reported on. `python` files are never linted on their own: findings reach
 * them through `RuleContext.reportOn`, from a rule that follows the build (an import the image cannot satisfy).
 */
export type FileKind = LintedKind | 'python';

/** The kinds of file that are linted on their own: discovered by name or content, each with its check hook. */
export type LintedKind = 'dockerfile' | 'dockerignore' | 'requirements' | ManifestKind | 'compose';

export interface RuleDocs {
  /** Why the practice matters: a short paragraph or two (Markdown). */
  readonly rationale: string;
  /** A file that triggers the rule. */
  readonly bad: string;
  /** The same file, fixed. */
  readonly good: string;
  /** The kind of file the examples are (default: dockerfile). */
  readonly exampleKind?: LintedKind;
  /**
   * Other files of the build context that the bad example needs to do what it claims, by path relative to the
   * context: a `.dockerignore`, a notebook, a `.dockerlintrc.json` that configures the rule. The docs show them
   * beside the example, and test/rule-docs-examples.test.ts lints the example with them.
   */
  readonly badFiles?: Readonly<Record<string, string>>;
  /** The same for the good example. */
  readonly goodFiles?: Readonly<Record<string, string>>;
  /** How the bad example is saved when its bytes are the point (a UTF-16 file); default UTF-8. */
  readonly badEncoding?: 'utf-16le';
  /** Where and why dockerlint deliberately differs from a peer that has the same check (Markdown). */
  readonly differences?: string;
  /** Options, exceptions and anything else worth knowing (Markdown). */
  readonly notes?: string;
}

export interface RuleOption {
  readonly type: 'number' | 'boolean' | 'string' | 'string[]';
  readonly default: unknown;
  readonly description: string;
}

export type RuleSection = 'ml-images';

export interface RuleMeta {
  /** Kebab-case name that says what is wrong: `unpinned-version`. */
  readonly id: string;
  /** Peer codes this rule covers (hadolint `DL3008`, BuildKit `JSONArgsRecommended`, `CKV_DOCKER_3`...). */
  readonly aliases: readonly string[];
  readonly severity: Severity;
  readonly category: Category;
  /** One line, no trailing period. */
  readonly summary: string;
  readonly docs: RuleDocs;
  readonly fixable: boolean;
  /**
   * The fixes the rule's findings may carry, each with the docs' argument for its applicability: `safe` says why
   * the image behaves the same after it (applied by `--fix`), `unsafe` what it may change (only with
   * `--unsafe-fixes`). Set when `fixable` is true.
   */
  readonly fix?: { readonly safe?: string; readonly unsafe?: string };
  /**
   * The heading the README's rules table lists the rule under: `ml-images` for the checks of machine-learning images
   * that no other Dockerfile linter has. Without it, the rule is in the main table.
   */
  readonly section?: RuleSection;
  readonly options?: Readonly<Record<string, RuleOption>>;
  /** Set by the engine on a plugin's rules: the plugin's name as the config gives it. */
  readonly plugin?: string;
}

export interface Report {
  readonly range: Range;
  readonly message: string;
  /**
   * The peer codes this finding answers to. Default: all of the rule's aliases.
   * A rule that covers several peer codes names the one that matches this finding.
   */
  readonly aliases?: readonly string[];
  /** Overrides the rule's default severity for this finding (still subject to config). */
  readonly severity?: Severity;
  /** The repair, as edits of the file the finding is on (applied by `--fix`, see src/engine/fix.ts). */
  readonly fix?: Fix;
}

/**
 * A replacement of one range of a file (same 1-based, end-exclusive ranges as findings): an insertion is an empty
 * range, a deletion an empty text. Line breaks in `text` are written `\n`; the file's own line ending replaces them.
 */
export interface TextEdit {
  readonly range: Range;
  readonly text: string;
}

/**
 * How a finding is repaired. `safe`: the image behaves the same, `--fix` applies it; `unsafe`: it may change what the
 * image does or break a build, applied only with `--unsafe-fixes` (as ruff has them).
 */
export interface Fix {
  readonly applicability: 'safe' | 'unsafe';
  /** What the fix does, one line: "write `RUN`". */
  readonly description: string;
  readonly edits: readonly TextEdit[];
  /** Files the fix creates (a `.dockerignore` for a context without one). One that exists by then is never overwritten. */
  readonly create?: readonly NewFile[];
}

/**
 * A file a fix creates and its whole text. A rule gives the absolute path; the finding carries it relative to the
 * working directory, as it names files. It is written only inside the linted tree.
 */
export interface NewFile {
  readonly path: string;
  readonly text: string;
}

/** A file a finding may be reported on: a model of the project (they all have these), or a file a rule read through the build context. */
export interface ReportTarget {
  /** Absolute path. */
  readonly path: string;
  readonly kind: FileKind;
  /** Its lines as read (a file read in part has only those): the finding's range must be inside them. */
  readonly lines: readonly string[];
}

export interface LintSettings {
  /** Registries and namespaces whose images are trusted as base images. */
  readonly trustedRegistries: readonly string[];
}

/** Access to the other files of the build, for rules that look across files. */
export interface Project {
  /** The build context of a Dockerfile: its directory unless configured otherwise. */
  contextOf(dockerfile: DockerfileModel): BuildContext;
  /**
   * The dependency manifests the Dockerfile's RUN commands install (requirements files, pyproject.toml, Pipfile,
   * conda environment files), each with the install, the parts it selects, and whether a lock file pins it.
   */
  manifestsInstalledBy(dockerfile: DockerfileModel): readonly InstalledManifest[];
  /** The installs of this run's Dockerfiles that read the manifest at `path` (absolute). */
  installsOf(path: string): readonly InstalledManifest[];
  /**
   * The folders above the Dockerfile's own folder, nearest first, up to the root of the linted tree, each as the
   * build context it would be: where to look when a Dockerfile's sources are missing because it is built from higher
   * up. None when its context was set (`--context`, the config, a Compose file).
   */
  parentContexts?(dockerfile: DockerfileModel): BuildContext[];
  /** The requirements files a requirements file names with `-r`/`-c`, parsed; includes that were not read are left out. */
  includesOf(requirements: RequirementsModel): readonly IncludedRequirements[];
  /** The `RUN`s of this run's Dockerfiles that install a requirements file, directly (`pip install -r`) or through `-r` includes. */
  installersOf(requirements: RequirementsModel): readonly RequirementsInstaller[];
  /**
   * The requirements file at `contextPath` (relative) in the Dockerfile's build context, parsed, when the run reached it
   * (`pip install -r` in a Dockerfile, `-r`/`-c` includes); undefined otherwise. Absent from projects held in memory.
   */
  requirementsIn?(dockerfile: DockerfileModel, contextPath: string): RequirementsModel | undefined;
  /**
   * The Compose services with a `develop:` section (Compose Watch) that build the Dockerfile, each with the stage it
   * builds (`target`): an image run for development. Absent from projects held in memory.
   */
  developServicesOf?(dockerfile: DockerfileModel): readonly { readonly name: string; readonly target: string | undefined }[];
  /** The linted Dockerfiles whose build context reads this ignore file, in file order. */
  dockerfilesUsing(dockerignore: DockerignoreModel): readonly DockerfileModel[];
  /**
   * The folder of a dependency manifest of this run, for judging it when no Dockerfile installs it: its files as a
   * context without an ignore file (read inside the tree the manifest belongs to), and the run's manifests in that
   * folder. Undefined for a path the run did not read. Absent from projects held in memory.
   */
  manifestFolder?(path: string): ManifestFolder | undefined;
}

export interface ManifestFolder {
  /** The folder, as a context: its files (bounded walk) and their heads. */
  readonly files: BuildContext;
  /** The requirements files, pyproject.toml, Pipfile and environment files of this run directly in the folder, by path. */
  readonly manifests: readonly (RequirementsModel | ManifestModel)[];
  /** The run's Dockerfiles whose build context holds the folder: the images that may install its manifests. */
  readonly dockerfiles: readonly DockerfileModel[];
  /**
   * A Dockerfile sits in the folder that this run's `dockerfiles` cannot judge by: linted in another worker's share
   * of a large run, or left out by the config. Whether its image installs the manifest is not known here.
   */
  readonly unseenDockerfile: boolean;
}

export interface IncludedRequirements {
  readonly include: RequirementInclude;
  readonly model: RequirementsModel;
}

export interface RequirementsInstaller {
  readonly dockerfile: DockerfileModel;
  readonly instruction: Instruction;
}

/** Results of external programs, run by the engine (src/engine/external-tools/) so that rules stay synchronous and do no I/O. */
export interface ExternalResults {
  /** ShellCheck over the file's RUN scripts; undefined when it was not run (no scripts, the shellcheck rule off). */
  readonly shellcheck?: ShellcheckResults;
}

export interface RuleContext {
  /** The rule's options: config values over the defaults in its metadata. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly settings: LintSettings;
  readonly project: Project;
  /** What the external programs the engine ran for this file before the rules found. */
  readonly external: ExternalResults;
  report(report: Report): void;
  /**
   * Reports on another file of the build than the one being checked, where the problem is written: the import in
   * the Python module an image copies, the line of the manifest it installs. The engine checks the range against
   * `target.lines`, applies that file's pragmas, and lists the file in the results (once, however many files or
   * workers report on it).
   */
  reportOn(target: ReportTarget, report: Report): void;
  /** A message for the user that is not a finding (a tool the rule needs is missing); each distinct text is shown once per run. */
  note(text: string): void;
}

export interface Rule {
  readonly meta: RuleMeta;
  checkDockerfile?(file: DockerfileModel, context: RuleContext): void;
  checkRequirements?(file: RequirementsModel, context: RuleContext): void;
  checkDockerignore?(file: DockerignoreModel, context: RuleContext): void;
  /** pyproject.toml, Pipfile and conda environment files. */
  checkManifest?(file: ManifestModel, context: RuleContext): void;
  /** Compose files (`compose.yaml`, `docker-compose.*.yml`); their `dockerfile_inline` texts go to checkDockerfile. */
  checkCompose?(file: ComposeModel, context: RuleContext): void;
}

/** Gives a rule module its type; nothing else. */
export function defineRule(rule: Rule): Rule {
  return rule;
}

export const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 3, warning: 2, info: 1 };
