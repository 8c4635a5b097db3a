/** The registry of built-in rules: the list, nothing else. */
import type { Rule } from '../src/engine/rule.js';
import cacheOrder from './cache-order.js';
import invalidInstruction from './invalid-instruction.js';
import mergeRunLayers from './merge-run-layers.js';
import missingDockerignore from './missing-dockerignore.js';
import mutableTag from './mutable-tag.js';
import officialBaseImage from './official-base-image.js';
import sortedArguments from './sorted-arguments.js';
import unpinnedVersion from './unpinned-version.js';

export const rules: readonly Rule[] = [
  cacheOrder,
  invalidInstruction,
  mergeRunLayers,
  missingDockerignore,
  mutableTag,
  officialBaseImage,
  sortedArguments,
  unpinnedVersion,
];
