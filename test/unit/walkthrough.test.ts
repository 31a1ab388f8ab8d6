// The walkthrough in package.json: its completion events name things that exist (commands, views,
// settings, context keys the extension sets), its media exist, and its text is true to the settings.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'src', 'extension'))) return dir;
    if (path.dirname(dir) === dir) throw new Error('repository root not found');
  }
}

interface Step {
  id: string;
  description: string;
  media: { markdown?: string; image?: string };
  completionEvents?: string[];
}
interface Manifest {
  contributes: {
    commands: { command: string }[];
    views: Record<string, { id: string }[]>;
    viewsContainers: Record<string, { id: string }[]>;
    configuration: { properties: Record<string, { default?: unknown }> };
    walkthroughs: { id: string; steps: Step[] }[];
  };
}

const ROOT = repoRoot();
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
const walkthroughSource = readFileSync(path.join(ROOT, 'src', 'extension', 'walkthrough.ts'), 'utf8');
const c = manifest.contributes;
const commands = new Set(c.commands.map((x) => x.command));
const views = new Set(Object.values(c.views).flat().map((v) => v.id));
const containers = new Set(Object.values(c.viewsContainers).flat().map((v) => v.id));
const [walkthrough] = c.walkthroughs;

/** A command the walkthrough may name: ours, or the workbench's own that opens our container. */
function commandExists(id: string): boolean {
  if (commands.has(id)) return true;
  const container = /^workbench\.view\.extension\.(.+)$/.exec(id)?.[1];
  return container !== undefined && containers.has(container);
}

describe('the walkthrough', () => {
  it('is the one the extension opens on first use', () => {
    assert.equal(c.walkthroughs.length, 1);
    assert.match(walkthroughSource, new RegExp(`WALKTHROUGH_ID = '${walkthrough.id.replace(/\./g, '\\.')}'`));
  });

  it('every step completes on events that name existing commands, views, settings or context keys the extension sets', () => {
    for (const step of walkthrough.steps) {
      const events = step.completionEvents ?? [];
      assert.ok(events.length > 0, `${step.id} has no completion event: it would complete when merely opened`);
      for (const event of events) {
        const [kind, ...rest] = event.split(':');
        const name = rest.join(':');
        if (kind === 'onCommand') assert.ok(commandExists(name), `${step.id}: no command ${name}`);
        else if (kind === 'onView') assert.ok(views.has(name), `${step.id}: no view ${name}`);
        else if (kind === 'onSettingChanged') assert.ok(name in c.configuration.properties, `${step.id}: no setting ${name}`);
        else if (kind === 'onContext') {
          // The key is set (to true) by trackWalkthroughProgress in walkthrough.ts.
          assert.match(name, /^runbookAssistant\.walkthrough\.\w+$/, `${step.id}: ${name}`);
          assert.ok(walkthroughSource.includes(`'${name}'`), `${step.id}: walkthrough.ts never sets ${name}`);
        } else assert.fail(`${step.id}: unknown completion event ${event}`);
      }
    }
    // Steps done outside the workbench's command service (the runbook view's Start Incident button, an alert link) need a context key.
    for (const id of ['openRunbook', 'startIncident']) {
      assert.ok(walkthrough.steps.find((s) => s.id === id)?.completionEvents?.some((e) => e.startsWith('onContext:')), id);
    }
  });

  it('its command links and media exist', () => {
    for (const step of walkthrough.steps) {
      for (const [, id] of step.description.matchAll(/\(command:([\w.-]+)/g)) assert.ok(commandExists(id), `${step.id} links to ${id}`);
      for (const file of Object.values(step.media)) assert.ok(existsSync(path.join(ROOT, file)), `${step.id}: ${file} is missing`);
    }
  });

  it('says how the library is grouped as the setting does by default', () => {
    const groupBy = c.configuration.properties['runbookAssistant.groupBy']?.default;
    assert.ok(groupBy === 'source' || groupBy === 'tag', String(groupBy));
    const library = walkthrough.steps.find((s) => s.id === 'openLibrary')!;
    const text = `${library.description}\n${readFileSync(path.join(ROOT, library.media.markdown!), 'utf8')}`;
    assert.match(text, new RegExp(`grouped by ${groupBy}`));
    assert.doesNotMatch(text, new RegExp(`grouped by ${groupBy === 'source' ? 'tag' : 'source'}`));
  });
});
