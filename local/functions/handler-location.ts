import * as fs from 'fs';
import * as path from 'path';

/** The module and export a Lambda handler setting names. */
export interface HandlerLocation {
  /** The absolute path of the module. */
  readonly file: string;
  /** The export, nested names in order: `['a', 'b']` for `index.a.b`. */
  readonly exportPath: readonly string[];
}

/** The extensions the Lambda Node.js runtime tries, in its order. */
const MODULE_EXTENSIONS = ['.js', '.mjs', '.cjs'];

/**
 * Finds the handler the way the Lambda Node.js runtime does: in `dist/app.handler`, the module is everything up to the
 * first dot after the last slash (`dist/app`, with one of `MODULE_EXTENSIONS`), the export the rest (`handler`).
 * Returns the reason when there is none, for the caller's error message.
 */
export function locateHandler(directory: string, handler: string): HandlerLocation | string {
  const match = /^((?:.*\/)?[^./]+)\.([^/]+)$/.exec(handler);
  const exportPath = match?.[2].split('.') ?? [];
  if (match === null || exportPath.some(name => name === '')) {
    return `handler '${handler}' is not <file>.<export>, such as index.handler`;
  }
  const candidates = MODULE_EXTENSIONS.map(extension => path.resolve(directory, match[1] + extension));
  const file = candidates.find(candidate => fs.statSync(candidate, { throwIfNoEntry: false })?.isFile());
  if (file === undefined) {
    return `handler '${handler}' needs ${match[1]}.js, .mjs or .cjs in ${directory}, and there is none`;
  }
  return { file, exportPath };
}
