/** WASM files imported by the Action's bundle (esbuild's `binary` loader turns them into bytes). */
declare module '*.wasm' {
  const bytes: Uint8Array;
  export default bytes;
}
