/**
 * dockerfile-ast recomputes an instruction's arguments on every call, and its
 * getters call each other (getFlags, getHeredocs, getProperties... all re-split
 * the arguments): about eleven splits per instruction, most of our parse time.
 * The AST never changes after parsing, so each getter's result is kept per
 * instance. Keys include the class that owns the method, because subclasses
 * override `getArguments` and call `super.getArguments()`.
 */
import * as ast from 'dockerfile-ast';

// Not `getArguments`: ModifiableInstruction's version depends on getFlags(), which
// calls it while its flags are still being collected, so its first result is wrong.
const MEMOIZED = [
  'getRawArguments',
  'getArgumentsRanges',
  'getHeredocs',
  'getProperties',
  'getJSONStrings',
  'getTextContent',
];

let installed = false;

function copy(value: unknown): unknown {
  return Array.isArray(value) ? value.slice() : value;
}

export function memoizeDockerfileAst(): void {
  if (installed) return;
  installed = true;
  const classes: unknown[] = [
    ast.Instruction, ast.ModifiableInstruction, ast.JSONInstruction, ast.PropertyInstruction, ast.Add, ast.Arg, ast.Cmd,
    ast.Copy, ast.Entrypoint, ast.Env, ast.From, ast.Healthcheck, ast.Label, ast.Onbuild, ast.Run, ast.Shell,
    ast.Stopsignal, ast.User, ast.Volume, ast.Workdir,
  ];
  for (const cls of classes) {
    const proto = (cls as { prototype: Record<string, unknown> }).prototype;
    for (const name of MEMOIZED) {
      if (!Object.prototype.hasOwnProperty.call(proto, name)) continue;
      const original = proto[name] as (this: object) => unknown;
      const cache = new WeakMap<object, unknown>();
      proto[name] = function (this: object, ...args: unknown[]) {
        if (args.length > 0) return original.apply(this, args as []);
        // Copies of arrays: ModifiableInstruction.getArguments() shifts the flags off its super's array.
        if (cache.has(this)) return copy(cache.get(this));
        const value = original.call(this);
        cache.set(this, value);
        return copy(value);
      };
    }
  }
}
