// End-to-end: following a bundled runbook as an incident in the real browser workbench, with the
// packaged .vsix. Start it from the runbook view, tick steps with the mouse and the keyboard, skip
// one with a reason, copy and insert a command, watch a one-minute phase go overdue, reload the
// page and find everything still ticked, resolve, export the postmortem draft. Also measures a
// 100-step checklist's first paint and one toggle (what the README reports).
// Screenshots: test-results/e2e-checklist-*-<theme>.png; the record and the postmortem draft:
// test-results/e2e-record-<theme>.md, e2e-postmortem-<theme>.md; figures: e2e-perf-<theme>.json.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Locator } from 'playwright-core';
import { RESULTS_DIR, THEME, Workbench, assertNoAxeViolations, axeViolations, poll } from './harness';

const DRILL = `id: e2e-drill
title: E2E drill with a one-minute triage
symptom: A drill whose first phase runs out after one minute.
phases:
  - name: Triage
    timebox: { fromMinutes: 0, toMinutes: 1 }
    steps:
      - id: look
        kind: check
        text: Look at the dashboard.
      - id: ask
        kind: check
        text: Ask who else is affected.
        commands:
          - language: bash
            code: |-
              echo e2e-$((6*7))
              ls /nonexistent-e2e-dir
  - name: Fix
    timebox: { fromMinutes: 1, toMinutes: 5 }
    steps:
      - id: fix
        kind: fix
        text: Fix it.
`;

/** A runbook with 100 steps over four phases, for the first-paint and toggle figures. */
function hundredSteps(): string {
  const phases = ['Triage', 'Isolate', 'Fix', 'Verify'].map((name, p) => {
    const steps = Array.from({ length: 25 }, (_, i) => {
      const n = p * 25 + i + 1;
      return `      - id: step-${n}
        kind: check
        text: "Step ${n}: check **metric ${n}** on the dashboard and note what it shows."
        commands:
          - language: bash
            code: curl -s https://metrics.internal/api/v1/query?query=metric_${n}`;
    });
    return `  - name: ${name}
    timebox: { fromMinutes: ${p * 10}, toMinutes: ${p * 10 + 10} }
    steps:
${steps.join('\n')}`;
  });
  return `id: hundred-steps
title: A hundred-step checklist
symptom: Everything is slow.
phases:
${phases.join('\n')}
`;
}

/** A wiki page as teams write them: label lines ("Likely causes:", "Check:") and a "####" option. */
const LABELS_MD = `## E2E wiki page with label lines

> Checkout hangs after the deploy.

### Isolate (0-10 min)

Likely causes:

1. **Connection pool** exhausted
2. **Slow query** after the migration

Check:

- Pool metrics: active = max?

### Fix (10-20 min)

#### Option A: roll back

- Roll back the deploy
`;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe(`Incident checklist in the browser workbench (${THEME} theme)`, { timeout: 8 * 60_000 }, () => {
  const wb = new Workbench();
  const TITLE = `Logouts every 30 s (e2e ${THEME})`;
  let drillStartedAt = 0;
  const perf: Record<string, number | number[]> = {};

  before(async () => {
    await wb.start('incident', {
      files: { '.runbooks/e2e-drill.yaml': DRILL, '.runbooks/hundred-steps.yaml': hundredSteps(), '.runbooks/e2e-labels.md': LABELS_MD },
      // The DOM renderer, so the test can read what the terminal shows; bash, for its shell integration.
      settings: { 'terminal.integrated.gpuAcceleration': 'off', 'terminal.integrated.defaultProfile.linux': 'bash' },
    });
  });

  after(() => wb.stop());

  /** The checklist webview of the incident titled `title`. */
  const checklist = (title: string): Promise<Frame> => wb.webviewFrameWith(title, 'h1.incident-title');
  const step = (frame: Frame, id: string): Locator => frame.locator(`li.step[data-step-id="${id}"]`);
  const confirmed = async (frame: Frame, id: string, status: 'done' | 'skipped' | 'open'): Promise<void> => {
    await poll(async () => {
      const li = step(frame, id);
      const cls = (await li.getAttribute('class')) ?? '';
      const text = await li.locator('.step-status').innerText();
      return cls.includes(`status-${status}`) && !text.includes('saving');
    }, `step ${id} to be ${status}, confirmed by the extension`);
  };

  async function startFromPalette(runbookTitle: RegExp, incidentTitle: string): Promise<void> {
    await wb.runCommand('Runbook: Start Incident…');
    const widget = wb.page.locator('.quick-input-widget');
    await widget.filter({ hasText: /Start Incident/ }).waitFor({ state: 'visible' });
    await wb.page.keyboard.type(runbookTitle.source.replace(/\\/g, ''));
    await widget.locator('.monaco-list-row', { hasText: runbookTitle }).first().waitFor({ state: 'visible' });
    await wb.page.keyboard.press('Enter');
    await wb.answerInput(incidentTitle, /Incident title/);
  }

  it('starts the drill from the command palette (its one-minute Triage is timed from now)', async () => {
    await startFromPalette(/E2E drill/, 'Drill for the overdue phase');
    drillStartedAt = Date.now();
    await checklist('Drill for the overdue phase');
  });

  it('starts an incident from the bundled runbook view with its Start Incident button', async () => {
    const runbook = await wb.openRunbookFromLibrary(/logged out/i);
    const runbookNumbers = await runbook.locator('.step-number').allInnerTexts();
    await runbook.locator('button.start-incident').click();
    await wb.answerInput(TITLE, /Incident title/);
    const frame = await checklist(TITLE);
    // One numbering in both views: across phases, 1. to N.
    assert.deepEqual(runbookNumbers, runbookNumbers.map((_, i) => `${i + 1}.`));
    assert.deepEqual(await frame.locator('.step-number').allInnerTexts(), runbookNumbers);
    const text = await frame.locator('body').innerText();
    for (const phase of ['Triage', 'Isolate', 'Fix', 'Verify']) assert.ok(text.includes(phase), `phase ${phase} missing`);
    assert.match(text, /0\s*[–-]\s*10\s*min/);
    assert.match(text, /0 of \d+ steps/);
    // The Incidents view lists it as active.
    await wb.rowWith(TITLE).first().waitFor({ state: 'visible' });
  });

  it('ticks a step with the mouse, another with ↓ and Space, skips one with S and a reason', async () => {
    const frame = await checklist(TITLE);
    const boxes = frame.locator('input.step-check');
    await boxes.nth(0).click();
    await confirmed(frame, 'check-user-scope', 'done');
    // Keyboard: ↓ moves to the next step, Space ticks it.
    await boxes.nth(0).focus();
    await wb.page.keyboard.press('ArrowDown');
    await poll(async () => (await frame.evaluate('document.activeElement && document.activeElement.id')) === 'check-confirm-real-logout', 'focus on step 2');
    await wb.page.keyboard.press('Space');
    await confirmed(frame, 'confirm-real-logout', 'done');
    await wb.page.keyboard.press('ArrowDown');
    await wb.page.keyboard.press('s');
    await wb.answerInput('cookies checked by the reporter already', /Skip Step/);
    await confirmed(frame, 'check-session-cookie', 'skipped');
    const status = await step(frame, 'check-session-cookie').locator('.step-status').innerText();
    assert.match(status, /Skipped .* cookies checked by the reporter already/);
    assert.match(await frame.locator('.progress-text').innerText(), /^3 of \d+ steps \(2 done, 1 skipped\)/);
    // Screen readers: each checkbox is labelled by its step's text and described by its status.
    const labelled = await boxes.nth(0).getAttribute('aria-labelledby');
    assert.match(labelled ?? '', /text-check-user-scope/);
    await wb.snap('checklist');
  });

  it('shows the severity from the runbook and opens the timeline after an incident note', async () => {
    const frame = await checklist(TITLE);
    // The session runbook says `severity: high`: the incident starts at SEV2, the commander is the owner.
    assert.match(await frame.locator('.incident-people').innerText(), /^Severity SEV2 · Commander \S/);
    await frame.locator('#action-note').click();
    await wb.answerInput('Paged the platform team about the session store', /Add Note/);
    const toggle = frame.locator('#timeline-toggle');
    await poll(async () => /Timeline \(\d+ events/.test(await toggle.innerText()), 'the timeline toggle');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    // Keyboard: the toggle is a button, Enter opens it.
    await toggle.focus();
    await wb.page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const entries = frame.locator('.timeline-entry');
    await poll(async () => (await entries.first().innerText()).includes('Note: Paged the platform team about the session store'), 'the incident note, newest first');
    const all = await frame.locator('.timeline-list').innerText();
    assert.match(all, /Step skipped: .*cookies checked by the reporter already/);
    assert.match(all, /Incident started from runbook/);
    // Filtering: without notes, the note is gone; the steps stay.
    await frame.locator('#timeline-filter-notes').click();
    assert.doesNotMatch(await frame.locator('.timeline-list').innerText(), /Paged the platform team/);
    assert.match(await frame.locator('.timeline-count').innerText(), /^\d+ of \d+ events shown$/);
    await frame.locator('#timeline-filter-notes').click();
    await wb.snap('timeline');
  });

  it('confirms a cause with evidence from the keyboard (its fix comes forward) and rules another out', async () => {
    const frame = await checklist(TITLE);
    const cause = 'cause-short-max-inactive-interval';
    // A cause has no checkbox: ↑/↓ land on its verdict mark, Y opens the evidence field.
    assert.equal(await step(frame, cause).locator('input.step-check').count(), 0);
    await frame.locator(`#check-${cause}`).focus();
    await wb.page.keyboard.press('y');
    await poll(async () => (await frame.evaluate('document.activeElement && document.activeElement.id')) === `evidence-${cause}`, 'focus in the evidence field');
    await wb.page.keyboard.type('server.servlet.session.timeout=30 in application.properties: 30 s');
    await wb.page.keyboard.press('Enter');
    await poll(async () => /^✓ Confirmed .* by .*timeout=30/.test(await step(frame, cause).locator('.step-status').innerText()), 'the cause confirmed');
    const forward = frame.locator('#fixes-forward');
    await forward.waitFor({ state: 'visible' });
    assert.match(await forward.innerText(), /Fixes for the confirmed cause[\s\S]*\d+\. Or fix the app config/);
    assert.match(await step(frame, 'fix-app-session-timeout').locator('.step-outlook').innerText(), /Brought forward: fixes the confirmed cause \d+\. App sets a short/);
    // With the mouse: Rule out…, the evidence, the button.
    await step(frame, 'cause-redis-eviction').locator('button.cause-rule-out').click();
    await frame.locator('#evidence-cause-redis-eviction').fill('evicted_keys is 0 and used_memory is far below maxmemory');
    await frame.locator('#evidence-submit-cause-redis-eviction').click();
    await poll(async () => /^✗ Ruled out .*evicted_keys is 0/.test(await step(frame, 'cause-redis-eviction').locator('.step-status').innerText()), 'the cause ruled out');
    await poll(async () => /Not applicable: its cause was ruled out/.test(await step(frame, 'fix-redis-eviction').locator('.step-outlook').innerText()), 'its fix not applicable');
    // The runbook's links, as jumps: the cause names its check.
    assert.match(await step(frame, cause).locator('.step-links').innerText(), /Checked by: \d+\. Check the app config/);
    assertNoAxeViolations('checklist-causes', await axeViolations(frame));
    // Centred: the sticky header would cover a step scrolled only "into view".
    const centre = (selector: string): Promise<unknown> => frame.evaluate(`document.querySelector('${selector}').scrollIntoView({ block: 'center' })`);
    await centre('#fixes-forward');
    await wb.snap('checklist-fixes-forward');
    await centre('li.step[data-step-id="cause-clock-drift"]');
    await wb.snap('checklist-causes');
    await centre('li.step[data-step-id="fix-redis-eviction"]');
    await wb.snap('checklist-fix-not-applicable');
  });

  it('copies and inserts a command: the placeholder is asked once, the terminal gets the text without Enter', async () => {
    const frame = await checklist(TITLE);
    const command = step(frame, 'check-session-cookie').locator('.command').first();
    await command.locator('button.command-copy').click();
    await wb.answerInput('shop.example.com', /\{\{host\}\}/);
    await poll(async () => (await command.locator('button.command-copy').innerText()) === 'Copied', 'the Copied feedback');
    await command.locator('button.command-insert').click();
    const terminalText = wb.page.locator('.terminal-wrapper .xterm-rows');
    await poll(async () => (await terminalText.allInnerTexts()).join('\n').includes('shop.example.com'), 'the command in the terminal');
    await wb.snap('checklist-terminal');
    // The view shows the filled-in command now.
    await poll(async () => (await command.locator('pre').innerText()).includes('https://shop.example.com/'), 'the filled placeholder in the view');
  });

  it('measures a 100-step checklist: first paint and one toggle', async () => {
    await startFromPalette(/hundred-step/, 'Hundred steps');
    const frame = await checklist('Hundred steps');
    // The view's User Timing measures (performance.measure), the last of each name.
    const read = async (name: string): Promise<number> =>
      // Strings, not functions: this file is compiled without the DOM's types.
      Number(await poll(async () => frame.evaluate<string | undefined>(`performance.getEntriesByName(${JSON.stringify(name)}, 'measure').at(-1)?.duration.toFixed(1)`), `the ${name} figure`));
    perf.firstPaintMs = await read('incident-first-paint');
    assert.equal(await frame.locator('input.step-check').count(), 100);
    const toggles: number[] = [];
    const painted: number[] = [];
    const confirmedToggles: number[] = [];
    for (let i = 0; i < 7; i++) {
      await frame.evaluate('performance.clearMeasures()');
      await frame.locator('input.step-check').nth(i * 3).click();
      toggles.push(await read('toggle'));
      painted.push(await read('toggle-painted'));
      confirmedToggles.push(await read('toggle-confirmed'));
    }
    Object.assign(perf, {
      toggleMedianMs: median(toggles),
      togglePaintedMedianMs: median(painted),
      toggleConfirmedMedianMs: median(confirmedToggles),
      toggles,
      togglesPainted: painted,
      togglesConfirmed: confirmedToggles,
    });
    console.log(
      `# perf (${THEME}): 100-step first paint ${perf.firstPaintMs} ms; toggle ${perf.toggleMedianMs} ms median (${toggles.join(', ')}), ` +
        `to its painted frame ${perf.togglePaintedMedianMs} ms, confirmed by the extension host ${perf.toggleConfirmedMedianMs} ms`,
    );
    writeFileSync(join(RESULTS_DIR, `e2e-perf-${THEME}.json`), JSON.stringify(perf, null, 2));
  });

  it('the drill phase goes overdue after its minute and nudges once', async () => {
    await wb.pickAfterCommand('Runbook: Open Incident Checklist…', 'Drill for the overdue phase');
    const frame = await checklist('Drill for the overdue phase');
    // What the live region says, sentence by sentence (it is emptied before each one).
    await frame.evaluate(`window.__said = []; new MutationObserver(() => { const t = document.getElementById('announcer').textContent; if (t) window.__said.push(t); })
      .observe(document.getElementById('announcer'), { childList: true, characterData: true, subtree: true });`);
    await step(frame, 'look').locator('input.step-check').click();
    await confirmed(frame, 'look', 'done');
    const wait = Math.max(0, drillStartedAt + 62_000 - Date.now());
    await poll(async () => (await frame.locator('section.phase.phase-overdue').count()) === 1, 'the Triage phase to turn overdue', wait + 30_000);
    assert.match(await frame.locator('section.phase.phase-overdue .phase-clock').innerText(), /Overdue by/);
    // One gentle notification (the extension checks every 15 s).
    const toast = wb.page.locator('.notifications-toasts .notification-toast', { hasText: /past its timebox/ });
    await toast.first().waitFor({ state: 'visible', timeout: 30_000 });
    await wb.snap('checklist-overdue');
    assert.equal(await toast.count(), 1);
    // A screen reader hears it once, however many seconds the clock ticked since.
    const said = await frame.evaluate<string[]>('window.__said');
    assert.deepEqual(said.filter((t) => /past its timebox/.test(t)), ['Phase Triage is past its timebox with 1 step open.']);
  });

  it('inserts a block of two lines, Enter in the terminal runs it, and the step shows the run with its exit code', async () => {
    const frame = await checklist('Drill for the overdue phase');
    const command = step(frame, 'ask').locator('.command').first();
    await command.locator('button.command-insert').click();
    // The first Insert of this incident asks which terminal: the open one is offered first.
    const pick = wb.page.locator('.quick-input-widget', { hasText: /Which terminal/ });
    await pick.waitFor({ state: 'visible' });
    await pick.locator('.monaco-list-row').first().waitFor({ state: 'visible' });
    await wb.page.keyboard.press('Enter');
    const terminalText = wb.page.locator('.terminal-wrapper .xterm-rows');
    // The line wraps at the terminal's width: read the rows as one string.
    const shown = async (): Promise<string> => (await terminalText.allInnerTexts()).join('').replace(/\s+/g, '');
    try {
      await poll(async () => /bash\/\S*runbook-assistant-\S*ask-1-\d+\.sh/.test(await shown()), 'the line that runs the script in the terminal');
    } catch (err) {
      await wb.snap('checklist-run-failed');
      throw new Error(`${(err as Error).message}; the terminal shows: ${(await shown()).slice(-400)}`);
    }
    // The header names the terminal the commands go to.
    assert.match(await frame.locator('body').innerText(), /Commands go to terminal/);
    // Nothing ran yet: the step has no run.
    assert.equal(await step(frame, 'ask').locator('li.run').count(), 0);
    await wb.page.locator('.terminal-wrapper .xterm-screen').first().click();
    await wb.page.keyboard.press('Enter');
    try {
      await poll(async () => (await shown()).includes('e2e-42'), 'the block to run');
    } catch (err) {
      await wb.snap('checklist-run-failed');
      throw new Error(`${(err as Error).message}; the terminal shows: ${(await shown()).slice(-400)}`);
    }
    const run = step(frame, 'ask').locator('li.run').first();
    await run.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await run.locator('.run-summary').innerText(), /ran \d\d:\d\d:\d\d · exit 2 · /);
    await run.locator('summary').click();
    await poll(async () => (await run.locator('.run-output').innerText()).includes('e2e-42'), 'the run output unfolded');
    await run.scrollIntoViewIfNeeded();
    await wb.snap('checklist-run');
    // The run's command line and output are code blocks too: no axe-core violation with them shown.
    assertNoAxeViolations('checklist-run', await axeViolations(frame));
  });

  it('a page reload brings back the checklist with every tick, skip and the running clock', async () => {
    await wb.pickAfterCommand('Runbook: Open Incident Checklist…', TITLE);
    await checklist(TITLE);
    await wb.reload();
    // The tab comes back; which tab is active depends on when the workbench last saved its
    // layout, so show this one (its webview is revived by the extension's serializer).
    const tab = wb.page.locator('.part.editor .tab', { hasText: TITLE }).first();
    await tab.waitFor({ state: 'visible', timeout: 60_000 });
    await tab.click();
    const frame = await checklist(TITLE);
    await confirmed(frame, 'check-user-scope', 'done');
    await confirmed(frame, 'confirm-real-logout', 'done');
    await confirmed(frame, 'check-session-cookie', 'skipped');
    assert.equal(await step(frame, 'check-user-scope').locator('input.step-check').isChecked(), true);
    assert.equal(await step(frame, 'check-redis-ttl').locator('input.step-check').isChecked(), false);
    // The verdicts came back from the record too.
    assert.match(await step(frame, 'cause-short-max-inactive-interval').locator('.step-status').innerText(), /^✓ Confirmed .*timeout=30/);
    assert.equal(await frame.locator('#fixes-forward').isVisible(), true);
    const elapsed = await frame.locator('.elapsed').innerText();
    assert.match(elapsed, /^\d+:\d\d:\d\d$/);
    const statusBar = wb.page.locator('.statusbar-item', { hasText: /\d:\d\d:\d\d/ }).first();
    await statusBar.waitFor({ state: 'visible' });
    await wb.snap('checklist-after-reload');
  });

  it('resolves with a one-line resolution and exports the postmortem draft', async () => {
    const frame = await checklist(TITLE);
    await frame.locator('button.action-resolve').click();
    await wb.answerInput('server.servlet.session.timeout set back to 30m and redeployed', /Resolve/);
    await poll(async () => !(await frame.locator('.banner-resolved').isHidden()), 'the resolved banner');
    // A resolved incident counts nothing down: no "starts in", "left" or "Overdue by" on any phase.
    const clocks = [...(await frame.locator('.phase-clock').allInnerTexts()), ...(await frame.locator('.chip-clock').allInnerTexts())];
    assert.ok(clocks.length >= 8, clocks.join(' | '));
    for (const text of clocks) assert.doesNotMatch(text, /starts in|\bleft\b|Overdue by/, text);
    await frame.evaluate('window.scrollTo(0, 0)'); // the phase chips at the top in the screenshot
    await wb.snap('incident-resolved');
    const exportButton = wb.page.locator('.notifications-toasts .notification-toast', { hasText: /resolved/ }).locator('a.monaco-button, .monaco-button', { hasText: /Export Postmortem/ });
    await exportButton.first().click();
    await wb.page.locator('.part.editor .tab', { hasText: /\.md/ }).first().waitFor({ state: 'visible' });
    await wb.snap('postmortem');

    const incidentsDir = join(wb.workspace, '.runbooks', 'incidents');
    const record = readdirSync(incidentsDir).find((f) => f.endsWith('.md') && f.includes('session-logout'));
    assert.ok(record, `no record in ${incidentsDir}: ${readdirSync(incidentsDir).join(', ')}`);
    const recordText = readFileSync(join(incidentsDir, record), 'utf8');
    for (const type of ['started', 'step-done', 'step-skipped', 'cause-resolved', 'variable-set', 'command-copied', 'command-inserted', 'resolved']) {
      assert.ok(recordText.includes(`"type":"${type}"`), `the record has no ${type} event`);
    }
    const postmortem = readFileSync(join(incidentsDir, 'postmortems', record), 'utf8');
    assert.match(postmortem, /session\.timeout set back to 30m/);
    assert.match(postmortem, /cookies checked by the reporter already/);
    assert.match(postmortem, /## Root cause\n\nConfirmed:\n\n- \*\*App sets a short/);
    assert.match(postmortem, /Ruled out:\n\n- \*\*Redis eviction policy .*evicted\\?_keys is 0/);
    copyFileSync(join(incidentsDir, record), join(RESULTS_DIR, `e2e-record-${THEME}.md`));
    copyFileSync(join(incidentsDir, 'postmortems', record), join(RESULTS_DIR, `e2e-postmortem-${THEME}.md`));
  });

  it('a Markdown page: label lines are headings, not steps; its likely causes are causes to confirm or rule out', async () => {
    // From the palette, filtered: the tree's Workspace group may be scrolled out of the side bar.
    await wb.runCommand('Runbook: Open Runbook…');
    const widget = wb.page.locator('.quick-input-widget');
    await widget.locator('input').waitFor({ state: 'visible' });
    await wb.page.keyboard.type('E2E wiki page');
    await widget.locator('.monaco-list-row', { hasText: /E2E wiki page/ }).first().waitFor({ state: 'visible' });
    await wb.page.keyboard.press('Enter');
    const view = await wb.webviewFrameWith('E2E wiki page with label lines', 'h1');
    // Three labels, four steps: "Likely causes:", "Check:" and "Option A: roll back" head them.
    assert.deepEqual(await view.locator('.step-heading').allInnerTexts(), ['Likely causes:', 'Check:', 'Option A: roll back']);
    assert.deepEqual(await view.locator('.step-number').allInnerTexts(), ['1.', '2.', '3.', '4.']);
    assert.equal(await view.locator('.step-kind.kind-cause').count(), 2);
    await wb.snap('markdown-label-headings');
    await wb.runCommand('View: Close Editor');
  });

  it('stays readable in the high contrast theme', async () => {
    const contrast = THEME === 'dark' ? 'Dark High Contrast' : 'Light High Contrast';
    await wb.runCommand('Preferences: Color Theme');
    await wb.page.locator('.quick-input-widget input').fill(contrast);
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: contrast }).first().click();
    await poll(async () => /\bhc-(black|light)\b/.test((await wb.page.locator('.monaco-workbench').getAttribute('class')) ?? ''), 'the high contrast theme');
    await wb.pickAfterCommand('Runbook: Open Incident Checklist…', 'Drill for the overdue phase');
    const frame = await checklist('Drill for the overdue phase');
    // The webview follows: VS Code marks its body with the theme kind.
    await poll(async () => /vscode-high-contrast/.test((await frame.locator('body').getAttribute('class')) ?? ''), 'the webview in high contrast');
    await wb.snap('checklist-high-contrast');
  });

  it('the workbench logged no error about the extension', () => {
    assert.deepEqual([...new Set(wb.extensionErrors)], []);
  });
});
