// End-to-end, issue 14's "Done when": the checklist follows the diagnosis. On the demo workspace
// (its application.properties sets server.servlet.session.timeout=30 at line 7), the bundled
// session runbook shows that finding at the step that checks the session config, in the runbook
// view and in the checklist; the finding opens the file at its line; the cause it bears on is
// confirmed with it, and that cause's fix comes forward; another cause is ruled out and its fix
// reads "not applicable"; the timeline shows an incident note and the severity change; a new
// file's finding appears and goes with it; the record and the postmortem keep the cited file, line
// and text.
// Screenshots: test-results/e2e-diagnosis-*-<theme>.png; the record and the postmortem:
// test-results/e2e-diagnosis-record-<theme>.md, e2e-diagnosis-postmortem-<theme>.md.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { copyFileSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Locator } from 'playwright-core';
import { RESULTS_DIR, THEME, Workbench, poll } from './harness';

const CHECK = 'check-app-session-config';
const CAUSE = 'cause-short-max-inactive-interval';
const FIX = 'fix-app-session-timeout';
const OTHER_CAUSE = 'cause-clock-drift';
const OTHER_FIX = 'fix-clock-drift';

describe(`The checklist follows the diagnosis (${THEME} theme)`, { timeout: 6 * 60_000 }, () => {
  const wb = new Workbench();
  const TITLE = `Logged out every 30 s (diagnosis ${THEME})`;

  before(() => wb.start('diagnosis'));
  after(() => wb.stop());

  const checklist = (): Promise<Frame> => wb.webviewFrameWith(TITLE, 'h1.incident-title');
  const step = (frame: Frame, id: string): Locator => frame.locator(`li.step[data-step-id="${id}"]`);
  /** The finding's line in a step's "In this workspace" block. */
  const findingAt = (frame: Frame, id: string): Locator => step(frame, id).locator('.evidence .evidence-item', { hasText: 'application.properties:7' });
  /** Scrolls a step to the top of its view, just under the checklist's sticky header, for a screenshot. */
  const centre = (frame: Frame, id: string): Promise<unknown> =>
    frame.evaluate(`(() => {
      document.getElementById(${JSON.stringify(`step-${id}`)}).scrollIntoView({ block: 'start' });
      const header = document.querySelector('.incident-header');
      window.scrollBy(0, -((header && getComputedStyle(header).position === 'sticky' ? header.getBoundingClientRect().height : 0) + 40));
    })()`);

  it('shows the application.properties finding at the session-config step of the runbook view', async () => {
    const runbook = await wb.openRunbookFromLibrary(/logged out/i);
    const item = findingAt(runbook, CHECK);
    await item.waitFor({ state: 'visible' });
    const text = await item.innerText();
    assert.match(text, /^application\.properties:7 sets server\.servlet\.session\.timeout=30: Spring Boot reads 30 as 30 seconds/);
    assert.match(await step(runbook, CHECK).locator('.evidence-heading').innerText(), /In this workspace:/);
    // The cause the check tests shows it too, saying where it comes from; no other step does.
    assert.match(await findingAt(runbook, CAUSE).innerText(), /found for step \d+/);
    assert.equal(await runbook.locator('.evidence .evidence-item').count(), 2);
    // The runbook view offers no verdicts: nothing to confirm there.
    assert.equal(await runbook.locator('.evidence-cite').count(), 0);
    await centre(runbook, CHECK);
    await wb.snap('diagnosis-runbook-evidence');
  });

  it('opens the file at the finding\'s line beside the view', async () => {
    const runbook = await wb.webviewFrameWith('Start Incident');
    await findingAt(runbook, CHECK).locator('button.evidence-open').click();
    await wb.page.locator('.part.editor .tab', { hasText: 'application.properties' }).first().waitFor({ state: 'visible' });
    await poll(async () => /Ln 7, Col 32/.test(await wb.page.locator('.statusbar').innerText()), 'the cursor at line 7 of application.properties');
    await wb.snap('diagnosis-opened-at-line');
    // Closed again, so the checklist gets the whole editor area for the screenshots that follow.
    await wb.runCommand('View: Close Editor');
    await wb.page.locator('.part.editor .tab', { hasText: 'application.properties' }).first().waitFor({ state: 'hidden' });
  });

  it('starts the incident and shows the finding in the checklist, at the check and at its cause', async () => {
    const runbook = await wb.webviewFrameWith('Start Incident');
    await runbook.locator('button.start-incident').click();
    await wb.answerInput(TITLE, /Incident title/);
    const frame = await checklist();
    await findingAt(frame, CHECK).waitFor({ state: 'visible' });
    const atCause = findingAt(frame, CAUSE);
    await atCause.waitFor({ state: 'visible' });
    assert.match(await atCause.innerText(), /server\.servlet\.session\.timeout=30/);
    assert.equal(await atCause.locator('.evidence-cite').count(), 1);
    // The runbook's severity (high) starts the incident at SEV2.
    assert.match(await frame.locator('.incident-people').innerText(), /^Severity SEV2 · /);
  });

  it('confirms the cause with the finding: the evidence names the file and line, and its fix comes forward', async () => {
    const frame = await checklist();
    await findingAt(frame, CAUSE).locator('.evidence-cite').click();
    const input = frame.locator(`#evidence-${CAUSE}`);
    await input.waitFor({ state: 'visible' });
    assert.match(await input.inputValue(), /^application\.properties:7 sets server\.servlet\.session\.timeout=30 — Spring Boot reads 30 as 30 seconds/);
    await centre(frame, CAUSE);
    await wb.snap('diagnosis-cite-form');
    await frame.locator(`#evidence-submit-${CAUSE}`).click();
    await poll(async () => ((await step(frame, CAUSE).getAttribute('class')) ?? '').includes('cause-confirmed'), 'the cause to be confirmed');
    assert.match(await step(frame, CAUSE).locator('.step-status').innerText(), /Confirmed .*application\.properties:7/);
    // Confirmed: no more "Confirm with this finding" there.
    await poll(async () => (await step(frame, CAUSE).locator('.evidence-cite').count()) === 0, 'the cite button to go');
    // Its fix comes forward, in place and in the panel at the top.
    await poll(async () => ((await step(frame, FIX).getAttribute('class')) ?? '').includes('fix-forward'), 'the fix to come forward');
    assert.match(await frame.locator('#fixes-forward').innerText(), /Fixes for the confirmed cause/);
    assert.equal(await frame.locator(`#forward-${FIX}`).count(), 1);
    await centre(frame, CAUSE);
    await wb.snap('diagnosis-cause-confirmed');
  });

  it('rules another cause out with typed evidence: its fix reads not applicable', async () => {
    const frame = await checklist();
    await frame.locator(`#rule-out-${OTHER_CAUSE}`).click();
    const input = frame.locator(`#evidence-${OTHER_CAUSE}`);
    await input.waitFor({ state: 'visible' });
    await input.fill('chronyc tracking: every app node and Redis within 3 ms of each other');
    await frame.locator(`#evidence-submit-${OTHER_CAUSE}`).click();
    await poll(async () => ((await step(frame, OTHER_CAUSE).getAttribute('class')) ?? '').includes('cause-ruled-out'), 'the other cause to be ruled out');
    await poll(async () => ((await step(frame, OTHER_FIX).getAttribute('class')) ?? '').includes('fix-not-applicable'), 'its fix to be not applicable');
    await centre(frame, OTHER_FIX);
    await wb.snap('diagnosis-ruled-out');
  });

  it('shows the timeline with an incident note and the severity', async () => {
    const frame = await checklist();
    await frame.locator('#action-setSeverity').click();
    const sev1 = wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'SEV1' }).filter({ visible: true }).first();
    await sev1.waitFor({ state: 'visible' });
    await sev1.click();
    await poll(async () => /^Severity SEV1 · /.test(await frame.locator('.incident-people').innerText()), 'the severity SEV1 in the header');
    await frame.locator('#action-note').click();
    await wb.answerInput('Root cause found from the workspace config: rolling out 30m', /Add Note/);
    const toggle = frame.locator('#timeline-toggle');
    await poll(async () => /Timeline \(\d+ events/.test(await toggle.innerText()), 'the timeline toggle');
    await toggle.click();
    await poll(async () => (await frame.locator('.timeline-entry').first().innerText()).includes('Root cause found from the workspace config'), 'the note first in the timeline');
    const all = await frame.locator('.timeline-list').innerText();
    assert.match(all, /SEV1/);
    assert.match(all, /application\.properties:7/);
    assert.match(all, /chronyc tracking/);
    await frame.evaluate('window.scrollTo(0, 0)');
    await wb.snap('diagnosis-timeline');
  });

  it('follows the files: a new file\'s finding appears at the step, and goes with the file', async () => {
    const frame = await checklist();
    const file = join(wb.workspace, 'application-prod.properties');
    writeFileSync(file, 'spring.session.timeout=20\n');
    const item = step(frame, CHECK).locator('.evidence .evidence-item', { hasText: 'application-prod.properties:1' });
    await item.waitFor({ state: 'visible' });
    assert.match(await item.innerText(), /sets spring\.session\.timeout=20/);
    rmSync(file);
    await item.waitFor({ state: 'detached' });
  });

  it('keeps the cited file, line and text in the record and the postmortem', async () => {
    const frame = await checklist();
    await frame.locator('#action-export').click();
    const incidentsDir = join(wb.workspace, '.runbooks', 'incidents');
    const record = await poll(async () => readdirSync(incidentsDir).find((f) => f.endsWith('.md') && f.includes('session-logout')), 'the record');
    const postmortemFile = join(incidentsDir, 'postmortems', record);
    const postmortem = await poll(async () => {
      try {
        return readFileSync(postmortemFile, 'utf8');
      } catch {
        return undefined;
      }
    }, 'the postmortem draft');
    const recordText = readFileSync(join(incidentsDir, record), 'utf8');
    assert.ok(recordText.includes('"finding":{"file":"application.properties","line":7,"text":"server.servlet.session.timeout=30","ruleId":"duration-without-unit"}'), recordText);
    assert.match(postmortem, /Root cause/);
    assert.match(postmortem, /application\.properties:7/);
    assert.match(postmortem, /server\.servlet\.session\.timeout=30/);
    assert.match(postmortem, /chronyc tracking/);
    copyFileSync(join(incidentsDir, record), join(RESULTS_DIR, `e2e-diagnosis-record-${THEME}.md`));
    copyFileSync(postmortemFile, join(RESULTS_DIR, `e2e-diagnosis-postmortem-${THEME}.md`));
    assert.deepEqual(wb.extensionErrors, []);
  });
});
