/** Every deliberate difference from hadolint that `npm run parity` recognises, by rule. */
import type { Difference } from './difference.js';
import { differences as copyFromUnknownStage } from './copy-from-unknown-stage.js';
import { differences as copyWholeFilesystem } from './copy-whole-filesystem.js';
import { differences as duplicateInstruction } from './duplicate-instruction.js';
import { differences as lastUserRoot } from './last-user-root.js';
import { differences as missingHealthcheck } from './missing-healthcheck.js';
import { differences as mutableTag } from './mutable-tag.js';
import { differences as noInstallRecommends } from './no-install-recommends.js';
import { differences as nonInteractiveInstall } from './non-interactive-install.js';
import { differences as numericUser } from './numeric-user.js';
import { differences as packageCacheNotCleaned } from './package-cache-not-cleaned.js';
import { differences as pipefail } from './pipefail.js';
import { differences as platformFlag } from './platform-flag.js';
import { differences as preferCopy } from './prefer-copy.js';
import { differences as preferExecForm } from './prefer-exec-form.js';
import { differences as secretsInArgEnv } from './secrets-in-arg-env.js';
import { differences as unpinnedVersion } from './unpinned-version.js';
import { differences as useraddHighUid } from './useradd-high-uid.js';

export const differences: readonly Difference[] = [
  ...copyFromUnknownStage,
  ...copyWholeFilesystem,
  ...duplicateInstruction,
  ...lastUserRoot,
  ...missingHealthcheck,
  ...mutableTag,
  ...noInstallRecommends,
  ...nonInteractiveInstall,
  ...numericUser,
  ...packageCacheNotCleaned,
  ...pipefail,
  ...platformFlag,
  ...preferCopy,
  ...preferExecForm,
  ...secretsInArgEnv,
  ...unpinnedVersion,
  ...useraddHighUid,
];
