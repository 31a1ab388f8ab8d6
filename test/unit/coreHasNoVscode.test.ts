// src/core and src/cli run outside VS Code (CLI, unit tests, benchmark): they must never
// import the `vscode` module, which only exists inside the extension host.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.join(__dirname, '..', '..', '..');

// import ... from 'vscode', import 'vscode', import('vscode'), require('vscode'), export ... from 'vscode'
const IMPORTS_VSCODE = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]vscode['"]/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(e.name) ? [full] : [];
  });
}

describe('no vscode import outside the extension', () => {
  it('recognises every import form', () => {
    for (const line of [
      "import * as vscode from 'vscode';",
      'import type { Uri } from "vscode";',
      "import 'vscode';",
      "const v = await import('vscode');",
      "const v = require('vscode');",
      "export { Uri } from 'vscode';",
    ]) {
      assert.match(line, IMPORTS_VSCODE, line);
    }
    assert.doesNotMatch("import { x } from './vscodeHelpers';", IMPORTS_VSCODE);
    assert.doesNotMatch("// talks to 'vscode-languageclient'", IMPORTS_VSCODE);
  });

  for (const folder of ['src/core', 'src/cli', 'src/db']) {
    it(`${folder} does not import vscode`, () => {
      const files = sourceFiles(path.join(ROOT, folder));
      assert.ok(files.length > 0, `no source files found in ${folder}`);
      const offenders = files.filter((f) => IMPORTS_VSCODE.test(readFileSync(f, 'utf8')));
      assert.deepEqual(offenders.map((f) => path.relative(ROOT, f)), []);
    });
  }
});
