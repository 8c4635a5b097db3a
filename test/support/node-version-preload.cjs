// Preloaded by test/node-version.test.ts (node --require): makes the process report the Node.js version in
// DOCKERLINT_TEST_NODE_VERSION, as an older Node would. process.versions is read-only but configurable.
const version = process.env.DOCKERLINT_TEST_NODE_VERSION;
if (version) {
  Object.defineProperty(process, 'versions', { value: { ...process.versions, node: version }, configurable: true, enumerable: true });
}
