// Prints how long `require('dist/extension.js')` takes in a fresh Node process: reading, compiling
// and evaluating the bundle, which the in-host timing (first line to last) cannot see. `vscode` is
// replaced by inert stand-ins: the bundle only constructs a few of its classes at load time.
const Module = require('node:module');
class Inert {
  constructor(...args) {
    this.args = args;
  }
}
// The bundle copies the module's own properties (esbuild's ESM interop), so list them.
const kind = { append: () => kind };
const vscode = {
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  CodeActionKind: { QuickFix: kind, SourceFixAll: kind, Empty: kind },
};
for (const name of ['ThemeIcon', 'ThemeColor', 'EventEmitter', 'Range', 'Diagnostic', 'Uri', 'TreeItem', 'RelativePattern', 'MarkdownString']) {
  vscode[name] = class extends Inert {};
}
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? vscode : load.call(this, request, ...rest);
};
const t0 = performance.now();
require(process.argv[2]);
process.stdout.write(String(performance.now() - t0));
