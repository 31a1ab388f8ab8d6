// For the scripts that generate files from the code: bundles a few exports of the TypeScript
// sources (`contents`: export statements, relative to the repository) and requires the result.
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export async function requireSources(contents, name) {
  const repo = process.cwd();
  const outfile = join(repo, 'out', 'gen', `${name}.cjs`);
  mkdirSync(join(repo, 'out', 'gen'), { recursive: true });
  await esbuild.build({ stdin: { contents, resolveDir: repo, loader: 'ts' }, outfile, bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });
  return createRequire(import.meta.url)(outfile);
}
