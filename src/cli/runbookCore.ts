// What `runbook list`, `validate` and `show` need besides the CLI itself: the runbook loader (yaml,
// marked), the renderer (marked, sanitize-html) and the schema validator. main.ts imports this
// module only in those commands, and the CLI build makes it a bundle of its own
// (dist/cli-runbooks.js, see scripts/build.mjs), so `runbook lint` never reads or compiles it.
export { bundledRunbooksDir, loadRunbooks } from '../core/runbook/loader';
export { isRunbookFileName } from '../core/runbook/parseRunbookFile';
export { runbookToMarkdown, runbookToStandaloneHtml } from '../core/runbook/render';
export { closestMatch } from '../core/didYouMean';
