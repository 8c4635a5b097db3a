/**
 * For the single-file bundles in dist/: the packages that the sources load on demand with `require` (so that
 * most runs do not pay for them) cannot be found at run time, as a bundle has no node_modules. The bundle
 * imports them here and hands them over. Imported for its effect.
 */
import * as yaml from 'yaml';
import * as minimatch from 'minimatch';
import { useEmbeddedYaml } from '../io/yaml.js';
import { useEmbeddedMinimatch } from '../config/config.js';

useEmbeddedYaml(yaml);
useEmbeddedMinimatch(minimatch);
