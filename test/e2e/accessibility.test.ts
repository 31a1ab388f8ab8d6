// End-to-end accessibility of the two webviews in the browser workbench, in every theme the e2e
// tier runs (light, dark, high contrast dark and light): axe-core's WCAG 2.1 A and AA rules in the
// runbook view and in the incident checklist (done, skipped and noted steps, a placeholder
// answered, then resolved), and a whole incident walked with the keyboard alone, from the command
// palette to the exported postmortem: after the palette, only keyboard.press and keyboard.type act.
// Figures: test-results/e2e-axe-<view>-<theme>.json; screenshots (focus visible): e2e-a11y-*-<theme>.png.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { RESULTS_DIR, THEME, Workbench, assertNoAxeViolations, axeViolations, poll } from './harness';

describe(`Accessibility of the webviews (${THEME} theme)`, { timeout: 8 * 60_000 }, () => {
  const wb = new Workbench();
  const TITLE = `Keyboard drill (${THEME})`;
  let frame: Frame;

  before(async () => {
    await wb.start('a11y', { settings: { 'terminal.integrated.gpuAcceleration': 'off', 'terminal.integrated.defaultProfile.linux': 'bash' } });
  });
  after(() => wb.stop());

  const press = (key: string): Promise<void> => wb.page.keyboard.press(key);
  /** A screenshot as it is: no mouse move (it would hover something). */
  const shot = (name: string): Promise<Buffer> => wb.page.screenshot({ path: join(RESULTS_DIR, `e2e-a11y-${name}-${THEME}.png`) });
  /** The id of the focused control in the checklist, and whether the checklist has the keyboard at all. */
  const focused = async (): Promise<string> => frame.evaluate<string>('document.hasFocus() ? (document.activeElement ? document.activeElement.id : "") : "(checklist not focused)"');
  async function focusIs(id: string, after: string): Promise<void> {
    try {
      await poll(async () => (await focused()) === id, `focus on #${id} after ${after}`, 10_000);
    } catch (err) {
      await shot('focus-lost').catch(() => undefined);
      throw new Error(`${(err as Error).message}; focus is on "${await focused().catch(() => '?')}"`);
    }
  }
  const status = async (id: string): Promise<string> =>
    `${(await frame.locator(`li.step[data-step-id="${id}"]`).getAttribute('class')) ?? ''} ${await frame.locator(`#status-${id}`).innerText()}`;
  const announced = (text: RegExp): Promise<unknown> => poll(async () => text.test(await frame.locator('#announcer').innerText()), `the live region to say ${text}`);
  /** Types into the workbench's input box once it shows `title`, and presses Enter. */
  async function answer(title: RegExp, text: string): Promise<void> {
    const widget = wb.page.locator('.quick-input-widget');
    await widget.filter({ hasText: title }).waitFor({ state: 'visible' });
    await wb.page.keyboard.type(text);
    await press('Enter');
    await widget.waitFor({ state: 'hidden' });
  }

  it('the runbook view has no axe-core violation', async () => {
    const runbook = await wb.openRunbookFromLibrary(/logged out/i);
    await wb.snap('a11y-runbook');
    assertNoAxeViolations('runbook', await axeViolations(runbook));
  });

  it('by keyboard: starts an incident from the palette and moves to its first open step', async () => {
    await wb.runCommand('Runbook: Start Incident…');
    const widget = wb.page.locator('.quick-input-widget');
    await widget.filter({ hasText: /Start Incident/ }).waitFor({ state: 'visible' });
    await wb.page.keyboard.type('logged out');
    await widget.locator('.monaco-list-row', { hasText: /logged out/i }).first().waitFor({ state: 'visible' });
    await press('Enter');
    await answer(/Incident title/, TITLE);
    frame = await wb.webviewFrameWith(TITLE, 'h1.incident-title');
    // The opened checklist has the keyboard; ↓ goes to the first open step.
    await poll(async () => frame.evaluate<boolean>('document.hasFocus()'), 'the checklist to have the keyboard');
    await press('ArrowDown');
    await focusIs('check-check-user-scope', '↓');
  });

  it('by keyboard: ticks, skips with a reason and notes, focus staying on the step; the live region says what happened', async () => {
    await press('Space');
    await poll(async () => /status-done/.test(await status('check-user-scope')) && !/saving/.test(await status('check-user-scope')), 'step 1 done');
    await press('ArrowDown');
    await focusIs('check-confirm-real-logout', '↓');
    await press('s');
    await answer(/Skip Step/, 'reporter already checked');
    await poll(async () => /status-skipped/.test(await status('confirm-real-logout')), 'step 2 skipped');
    await focusIs('check-confirm-real-logout', 'the skip');
    await announced(/Step 2 skipped: reporter already checked/);
    await press('ArrowDown');
    await press('n');
    await answer(/Add Note/, 'cookie domain looks right');
    await poll(async () => (await frame.locator('li.step[data-step-id="check-session-cookie"] .note').count()) === 1, 'the note');
    await focusIs('check-check-session-cookie', 'the note');
    await announced(/Note added to step 3/);
    await shot('focus-step');
  });

  it('by keyboard: copies a command (answering its placeholder) and inserts it; focus comes back to the same button after the redraw', async () => {
    await press('c');
    await answer(/\{\{host\}\}/, 'shop.example.com');
    // A placeholder value redraws the whole checklist: focus is given back to the same Copy button.
    await poll(async () => (await frame.locator('#code-check-session-cookie-0').innerText()).includes('shop.example.com'), 'the filled placeholder');
    await focusIs('copy-check-session-cookie-0', 'the redraw');
    await announced(/Copied/);
    await shot('focus-copy');
    // Tab reaches Insert; Enter inserts (the first Insert asks which terminal: Enter takes the first).
    await press('Tab');
    await focusIs('insert-check-session-cookie-0', 'Tab');
    await press('Enter');
    // With a terminal open, the first Insert asks which one (Enter takes the first); else it opens one.
    const pick = wb.page.locator('.quick-input-widget', { hasText: /Which terminal/ });
    const terminalText = wb.page.locator('.terminal-wrapper .xterm-rows');
    const inTerminal = async (): Promise<boolean> => (await terminalText.allInnerTexts()).join('\n').includes('shop.example.com');
    await poll(async () => (await pick.isVisible()) || inTerminal(), 'the terminal pick or the command in a new terminal');
    if (await pick.isVisible()) {
      await pick.locator('.monaco-list-row').first().waitFor({ state: 'visible' });
      await press('Enter');
    }
    await poll(inTerminal, 'the command in the terminal');
    await shot('inserted');
    // The terminal has the keyboard now (Enter there runs it); Ctrl+1 goes back to the checklist, to Insert.
    await press('Control+1');
    await focusIs('insert-check-session-cookie-0', 'Ctrl+1');
    // Another tab and back: the hidden checklist was dropped and is drawn anew, focus on the same button.
    await frame.evaluate('window.__before = true');
    await press('Control+PageUp');
    await wb.page.locator('.part.editor .tab.active', { hasText: /logged out/i }).waitFor({ state: 'visible' });
    // Its view drawn first: a key pressed while the webview is still loading can be lost with it.
    await wb.webviewFrameWith('Start Incident');
    await press('Control+PageDown');
    await wb.page.locator('.part.editor .tab.active', { hasText: TITLE }).waitFor({ state: 'visible' });
    frame = await wb.webviewFrameWith(TITLE, 'h1.incident-title');
    assert.equal(await frame.evaluate('window.__before'), undefined, 'the checklist was not reloaded');
    await focusIs('insert-check-session-cookie-0', 'switching tabs away and back');
  });

  it('the checklist with done, skipped and noted steps and an answered placeholder has no axe-core violation', async () => {
    await shot('checklist');
    assertNoAxeViolations('checklist', await axeViolations(frame));
  });

  it('the timeline panel opens by keyboard and has no axe-core violation', async () => {
    const toggle = frame.locator('#timeline-toggle');
    await toggle.focus();
    await press('Enter');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await frame.locator('.timeline-entry').first().waitFor({ state: 'visible' });
    // Tab reaches the filters; Space turns one off.
    await press('Tab');
    await focusIs('timeline-filter-notes', 'Tab from the timeline toggle');
    await press('Space');
    assert.equal(await frame.locator('#timeline-filter-notes').isChecked(), false);
    await press('Space');
    await shot('timeline');
    assertNoAxeViolations('checklist-timeline', await axeViolations(frame));
    await toggle.focus();
    await press('Enter');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    // Back to the step the keyboard was on, where the next test starts.
    await frame.locator('#insert-check-session-cookie-0').focus();
    await focusIs('insert-check-session-cookie-0', 'focusing it');
  });

  it('by keyboard: a cause is ruled out with evidence (X), Escape cancels, focus stays on the cause; the live region says it', async () => {
    // From step 3, ↓ reaches step 4, the first likely cause: its verdict mark, not a checkbox.
    await press('ArrowDown');
    await focusIs('check-cause-redis-ttl', '↓ to the first cause');
    await press('y');
    await focusIs('evidence-cause-redis-ttl', 'Y');
    assert.equal(await frame.locator('label[for="evidence-cause-redis-ttl"]').innerText(), 'Evidence that confirms this cause:');
    await press('Escape');
    await focusIs('confirm-cause-redis-ttl', 'Escape');
    assert.equal(await frame.locator('#cause-form-cause-redis-ttl').isHidden(), true);
    await press('x');
    await focusIs('evidence-cause-redis-ttl', 'X');
    await wb.page.keyboard.type('TTL of a live session key is 1800 s');
    await press('Enter');
    await poll(async () => /cause-ruled-out/.test(await status('cause-redis-ttl')) && /Ruled out .*1800 s/.test(await status('cause-redis-ttl')), 'the cause ruled out');
    await focusIs('check-cause-redis-ttl', 'the verdict');
    await announced(/Cause 4 ruled out/);
    // The focused step is not under the sticky header.
    const covered = await frame.evaluate<boolean>(`document.getElementById('step-cause-redis-ttl').getBoundingClientRect().top < document.querySelector('.incident-header').getBoundingClientRect().bottom`);
    assert.equal(covered, false, 'the focused cause is under the sticky header');
    await shot('cause-ruled-out');
    assertNoAxeViolations('checklist-causes', await axeViolations(frame));
    // Back to the step the keyboard was on, where the next test starts.
    await frame.locator('#insert-check-session-cookie-0').focus();
    await focusIs('insert-check-session-cookie-0', 'focusing it');
  });

  it('the live region is quiet while the clocks tick', async () => {
    await frame.evaluate(`window.__announced = 0; new MutationObserver(() => window.__announced++).observe(document.getElementById('announcer'), { childList: true, characterData: true, subtree: true });`);
    const elapsed = await frame.locator('.elapsed').innerText();
    await poll(async () => (await frame.locator('.elapsed').innerText()) !== elapsed, 'the clock to tick');
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(await frame.evaluate<number>('window.__announced'), 0);
    assert.equal(await frame.locator('main[aria-live], .phase-clock[aria-live]').count(), 0, 'nothing that ticks is a live region');
  });

  it('honours prefers-reduced-motion', async () => {
    await wb.page.emulateMedia({ reducedMotion: 'reduce' });
    const duration = await frame.evaluate<string>(`getComputedStyle(document.querySelector('.progress-fill')).transitionDuration`);
    assert.equal(duration, '0s');
    await wb.page.emulateMedia({ reducedMotion: 'no-preference' });
  });

  it('by keyboard: resolves from the toolbar and exports the postmortem', async () => {
    // Home: the first step; Shift+Tab back past the phase chips into the toolbar (one Tab stop).
    await press('Home');
    await focusIs('check-check-user-scope', 'Home');
    for (let i = 0; i < 16 && !(await focused()).startsWith('action-'); i++) await press('Shift+Tab');
    await focusIs('action-resolve', 'Shift+Tab into the toolbar');
    await press('ArrowRight');
    await focusIs('action-export', '→');
    await press('ArrowLeft');
    await focusIs('action-resolve', '←');
    await shot('focus-toolbar');
    await press('Enter');
    await answer(/Resolve/, 'session timeout set back to 30m');
    await poll(async () => !(await frame.locator('.banner-resolved').isHidden()), 'the resolved banner');
    // Resolve… is gone from the toolbar: focus lands on Export Postmortem, the next thing to do.
    await focusIs('action-export', 'resolving');
    await announced(/resolved/i);
    // The steps cannot change now, yet stay in the keyboard's reach.
    assert.equal(await frame.locator('#check-check-user-scope').getAttribute('aria-disabled'), 'true');
    assert.equal(await frame.evaluate<boolean>(`document.getElementById('check-check-user-scope').disabled`), false);
    await shot('focus-export');
    assertNoAxeViolations('checklist-resolved', await axeViolations(frame));
    await press('Enter');
    const postmortems = join(wb.workspace, '.runbooks', 'incidents', 'postmortems');
    await poll(async () => existsSync(postmortems) && readdirSync(postmortems).some((f) => f.includes('session-logout') && f.endsWith('.md')), 'the postmortem draft');
    await wb.page.locator('.part.editor .tab', { hasText: /\.md/ }).first().waitFor({ state: 'visible' });
  });

  it('the workbench logged no error about the extension', () => {
    assert.deepEqual([...new Set(wb.extensionErrors)], []);
  });
});
