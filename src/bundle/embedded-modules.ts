/**
 * For the single-file bundles in dist/: the packages that the sources load on demand with `require` (so that
 * most runs do not pay for them) cannot be found at run time, as a bundle has no node_modules. The bundle
 * imports them here and hands them over. Imported for its effect.
 */
import { useEmbeddedYaml } from '../io/yaml.js';
import { useEmbeddedMinimatch } from '../config/config.js';

// require(), which esbuild bundles as a module that runs on first call: loading yaml and minimatch at every start
// cost about 5 ms, and most runs read no YAML and match no glob.
useEmbeddedYaml(() => require('yaml') as typeof import('yaml'));
useEmbeddedMinimatch(() => require('minimatch') as typeof import('minimatch'));
