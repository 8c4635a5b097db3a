/** The registry of built-in rules: the list, nothing else. */
import type { Rule } from '../src/engine/rule.js';
import { fileNotLintedRule, internalErrorRule } from '../src/engine/engine-findings.js';
import absoluteWorkdir from './absolute-workdir.js';
import addWithoutChecksum from './add-without-checksum.js';
import cacheOrder from './cache-order.js';
import composeInvalid from './compose-invalid.js';
import copyArchiveThenExtract from './copy-archive-then-extract.js';
import copyDestinationNotDirectory from './copy-destination-not-directory.js';
import copyFromOwnStage from './copy-from-own-stage.js';
import copyFromUnknownStage from './copy-from-unknown-stage.js';
import copyIgnoredFile from './copy-ignored-file.js';
import copyMissingSource from './copy-missing-source.js';
import copyRelativeWithoutWorkdir from './copy-relative-without-workdir.js';
import copyWholeFilesystem from './copy-whole-filesystem.js';
import cudaVersionMismatch from './cuda-version-mismatch.js';
import devServerInImage from './dev-server-in-image.js';
import dockerignoreCoverage from './dockerignore-coverage.js';
import dockerignoreExcludesCopiedFile from './dockerignore-excludes-copied-file.js';
import dockerignoreInvalidPattern from './dockerignore-invalid-pattern.js';
import duplicateInstruction from './duplicate-instruction.js';
import duplicateStageName from './duplicate-stage-name.js';
import emptyContinuationLine from './empty-continuation-line.js';
import envSelfReference from './env-self-reference.js';
import eolBaseImage from './eol-base-image.js';
import exposeSsh from './expose-ssh.js';
import fromAsCasing from './from-as-casing.js';
import gpuWheelsInCpuImage from './gpu-wheels-in-cpu-image.js';
import instructionCasing from './instruction-casing.js';
import invalidExpose from './invalid-expose.js';
import invalidInstruction from './invalid-instruction.js';
import incompatiblePythonVersion from './incompatible-python-version.js';
import insecurePackageIndex from './insecure-package-index.js';
import jupyterInsecure from './jupyter-insecure.js';
import labelKeyFormat from './label-key-format.js';
import labelSchema from './label-schema.js';
import lastUserRoot from './last-user-root.js';
import legacyKeyValue from './legacy-key-value.js';
import maintainerDeprecated from './maintainer-deprecated.js';
import mergeRunLayers from './merge-run-layers.js';
import missingDockerignore from './missing-dockerignore.js';
import missingHealthcheck from './missing-healthcheck.js';
import modelDownloadAtBuild from './model-download-at-build.js';
import multipleProcesses from './multiple-processes.js';
import mutableTag from './mutable-tag.js';
import noInstallRecommends from './no-install-recommends.js';
import noSudo from './no-sudo.js';
import nonInteractiveInstall from './non-interactive-install.js';
import notebooksInImage from './notebooks-in-image.js';
import numericUser from './numeric-user.js';
import officialBaseImage from './official-base-image.js';
import opencvGuiInContainer from './opencv-gui-in-container.js';
import orphanPackageUpdate from './orphan-package-update.js';
import packageCacheNotCleaned from './package-cache-not-cleaned.js';
import packageUpgrade from './package-upgrade.js';
import passwordSetInImage from './password-set-in-image.js';
import pipefail from './pipefail.js';
import platformFlag from './platform-flag.js';
import pointlessCommand from './pointless-command.js';
import preferCopy from './prefer-copy.js';
import preferExecForm from './prefer-exec-form.js';
import redundantTargetPlatform from './redundant-target-platform.js';
import remoteScriptExecution from './remote-script-execution.js';
import requirementsDuplicate from './requirements-duplicate.js';
import requirementsEditable from './requirements-editable.js';
import requirementsInvalid from './requirements-invalid.js';
import requirementsLocalPath from './requirements-local-path.js';
import requirementsNotCopied from './requirements-not-copied.js';
import reservedStageName from './reserved-stage-name.js';
import runAsRoot from './run-as-root.js';
import secretFilesCopied from './secret-files-copied.js';
import secretsInArgEnv from './secrets-in-arg-env.js';
import shellcheck from './shellcheck.js';
import singleDownloadTool from './single-download-tool.js';
import sortedArguments from './sorted-arguments.js';
import stageNameCasing from './stage-name-casing.js';
import tlsVerificationDisabled from './tls-verification-disabled.js';
import undeclaredImport from './undeclared-import.js';
import undefinedVariable from './undefined-variable.js';
import unpinnedVersion from './unpinned-version.js';
import unsignedPackages from './unsigned-packages.js';
import useAptGet from './use-apt-get.js';
import useShellInstruction from './use-shell-instruction.js';
import useWorkdir from './use-workdir.js';
import useraddHighUid from './useradd-high-uid.js';
import wgetProgress from './wget-progress.js';
import workdirSystemDir from './workdir-system-dir.js';
import worldWritablePermissions from './world-writable-permissions.js';

export const rules: readonly Rule[] = [
  absoluteWorkdir,
  addWithoutChecksum,
  cacheOrder,
  composeInvalid,
  copyArchiveThenExtract,
  copyDestinationNotDirectory,
  copyFromOwnStage,
  copyFromUnknownStage,
  copyIgnoredFile,
  copyMissingSource,
  copyRelativeWithoutWorkdir,
  copyWholeFilesystem,
  cudaVersionMismatch,
  devServerInImage,
  dockerignoreCoverage,
  dockerignoreExcludesCopiedFile,
  dockerignoreInvalidPattern,
  duplicateInstruction,
  duplicateStageName,
  emptyContinuationLine,
  envSelfReference,
  eolBaseImage,
  exposeSsh,
  fileNotLintedRule,
  fromAsCasing,
  gpuWheelsInCpuImage,
  instructionCasing,
  internalErrorRule,
  invalidExpose,
  invalidInstruction,
  incompatiblePythonVersion,
  insecurePackageIndex,
  jupyterInsecure,
  labelKeyFormat,
  labelSchema,
  lastUserRoot,
  legacyKeyValue,
  maintainerDeprecated,
  mergeRunLayers,
  missingDockerignore,
  missingHealthcheck,
  modelDownloadAtBuild,
  multipleProcesses,
  mutableTag,
  noInstallRecommends,
  noSudo,
  nonInteractiveInstall,
  notebooksInImage,
  numericUser,
  officialBaseImage,
  opencvGuiInContainer,
  orphanPackageUpdate,
  packageCacheNotCleaned,
  packageUpgrade,
  passwordSetInImage,
  pipefail,
  platformFlag,
  pointlessCommand,
  preferCopy,
  preferExecForm,
  redundantTargetPlatform,
  remoteScriptExecution,
  requirementsDuplicate,
  requirementsEditable,
  requirementsInvalid,
  requirementsLocalPath,
  requirementsNotCopied,
  reservedStageName,
  runAsRoot,
  secretFilesCopied,
  secretsInArgEnv,
  shellcheck,
  singleDownloadTool,
  sortedArguments,
  stageNameCasing,
  tlsVerificationDisabled,
  undeclaredImport,
  undefinedVariable,
  unpinnedVersion,
  unsignedPackages,
  useAptGet,
  useShellInstruction,
  useWorkdir,
  useraddHighUid,
  wgetProgress,
  workdirSystemDir,
  worldWritablePermissions,
];
