/** Every deliberate difference from hadolint that `npm run parity` recognises, by rule. */
import type { Difference } from './difference.js';
import { differences as absoluteWorkdir } from './absolute-workdir.js';
import { differences as copyArchiveThenExtract } from './copy-archive-then-extract.js';
import { differences as copyDestinationNotDirectory } from './copy-destination-not-directory.js';
import { differences as copyFromUnknownStage } from './copy-from-unknown-stage.js';
import { differences as copyRelativeWithoutWorkdir } from './copy-relative-without-workdir.js';
import { differences as copyWholeFilesystem } from './copy-whole-filesystem.js';
import { differences as duplicateInstruction } from './duplicate-instruction.js';
import { differences as envSelfReference } from './env-self-reference.js';
import { differences as labelKeyFormat } from './label-key-format.js';
import { differences as lastUserRoot } from './last-user-root.js';
import { differences as mergeRunLayers } from './merge-run-layers.js';
import { differences as missingHealthcheck } from './missing-healthcheck.js';
import { differences as mutableTag } from './mutable-tag.js';
import { differences as noInstallRecommends } from './no-install-recommends.js';
import { differences as noSudo } from './no-sudo.js';
import { differences as nonInteractiveInstall } from './non-interactive-install.js';
import { differences as numericUser } from './numeric-user.js';
import { differences as packageCacheNotCleaned } from './package-cache-not-cleaned.js';
import { differences as pipefail } from './pipefail.js';
import { differences as platformFlag } from './platform-flag.js';
import { differences as pointlessCommand } from './pointless-command.js';
import { differences as preferCopy } from './prefer-copy.js';
import { differences as preferExecForm } from './prefer-exec-form.js';
import { differences as secretsInArgEnv } from './secrets-in-arg-env.js';
import { differences as singleDownloadTool } from './single-download-tool.js';
import { differences as unpinnedVersion } from './unpinned-version.js';
import { differences as useAptGet } from './use-apt-get.js';
import { differences as useShellInstruction } from './use-shell-instruction.js';
import { differences as useWorkdir } from './use-workdir.js';
import { differences as useraddHighUid } from './useradd-high-uid.js';
import { differences as wgetProgress } from './wget-progress.js';

export const differences: readonly Difference[] = [
  ...absoluteWorkdir,
  ...copyArchiveThenExtract,
  ...copyDestinationNotDirectory,
  ...copyFromUnknownStage,
  ...copyRelativeWithoutWorkdir,
  ...copyWholeFilesystem,
  ...duplicateInstruction,
  ...envSelfReference,
  ...labelKeyFormat,
  ...lastUserRoot,
  ...mergeRunLayers,
  ...missingHealthcheck,
  ...mutableTag,
  ...noInstallRecommends,
  ...noSudo,
  ...nonInteractiveInstall,
  ...numericUser,
  ...packageCacheNotCleaned,
  ...pipefail,
  ...platformFlag,
  ...pointlessCommand,
  ...preferCopy,
  ...preferExecForm,
  ...secretsInArgEnv,
  ...singleDownloadTool,
  ...unpinnedVersion,
  ...useAptGet,
  ...useShellInstruction,
  ...useWorkdir,
  ...useraddHighUid,
  ...wgetProgress,
];
