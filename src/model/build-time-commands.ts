/** Commands that do nothing lasting in a build: a `RUN` has no terminal, and only its files are kept. */

/** hadolint's list, with why each one does nothing useful at build time. */
const POINTLESS: Readonly<Record<string, string>> = {
  ssh: 'opens a remote session, which a build cannot use interactively; copy what you need or use `RUN --mount=type=ssh`',
  vim: 'is an interactive editor, which a build cannot use; write files with `COPY` or a heredoc',
  shutdown: 'cannot stop anything useful in a build container',
  service: 'starts a service that stops with this `RUN`; start it in the container\'s `CMD` or `ENTRYPOINT`',
  ps: 'lists the processes of a build container, which tells nothing about the image',
  free: 'shows the memory of the build machine, which tells nothing about the image',
  top: 'is an interactive monitor, which a build cannot use',
  kill: 'stops a process of this `RUN`, which ends with it anyway',
  mount: 'mounts a filesystem for this `RUN` only, and needs privileges a build does not have; use `RUN --mount`',
};

/** Why `name` does nothing useful at build time (hadolint's DL3001 list), or undefined for any other command. */
export function pointlessInBuild(name: string): string | undefined {
  return Object.hasOwn(POINTLESS, name) ? POINTLESS[name] : undefined;
}
