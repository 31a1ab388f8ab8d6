// The terminal policy: every branch of what Insert does, walked as the extension walks it (ask,
// carry out the step, ask again with what was learnt).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type CommandFacts,
  type InsertFacts,
  type TerminalFacts,
  RESTRICTED_MODE_REFUSAL,
  decideCopy,
  decideTerminalChoice,
  decideTerminalInsert,
} from '../../src/core/incident/terminalPolicy';

const terminal: TerminalFacts = { name: 'prod-shell', closed: false, lineLeftTyped: false, canClearLine: false };
const command: CommandFacts = {
  controlCharacters: [],
  detectedReasons: [],
  declaredDestructive: false,
  readable: true,
  mechanism: 'typed',
  lines: 1,
};
const ready: InsertFacts = { workspaceTrusted: true, language: 'bash', shellLanguage: true, executeDirectly: false, terminal, command };
const send = (execute: boolean, o: { clearLineFirst?: boolean; destructive?: boolean } = {}) => ({
  kind: 'send',
  execute,
  clearLineFirst: o.clearLineFirst ?? false,
  destructive: o.destructive ?? false,
});

describe('terminal policy: before anything is asked', () => {
  it('Restricted Mode refuses first, whatever else is known, and offers no copy dialog', () => {
    assert.deepEqual(decideTerminalInsert({ ...ready, workspaceTrusted: false }), { kind: 'refuse', why: RESTRICTED_MODE_REFUSAL, offerCopy: false });
    assert.deepEqual(decideTerminalInsert({ workspaceTrusted: false, language: 'sql', shellLanguage: false, executeDirectly: true }).kind, 'refuse');
    assert.match(RESTRICTED_MODE_REFUSAL, /Restricted Mode/);
  });
  it('a block no shell runs is refused, naming its language, before a terminal is picked', () => {
    const step = decideTerminalInsert({ workspaceTrusted: true, language: 'sql', shellLanguage: false, executeDirectly: false });
    assert.deepEqual(step, { kind: 'refuse', why: 'This is a sql block, not a shell command: copy it, or open it in an editor.', offerCopy: false });
  });
  it('then the terminal is picked, then the command filled', () => {
    assert.deepEqual(decideTerminalInsert({ ...ready, terminal: undefined, command: undefined }), { kind: 'pick-terminal' });
    assert.deepEqual(decideTerminalInsert({ ...ready, terminal: undefined }), { kind: 'pick-terminal' });
    assert.deepEqual(decideTerminalInsert({ ...ready, command: undefined }), { kind: 'fill-command' });
  });
  it('choosing the terminal is refused in Restricted Mode only', () => {
    assert.deepEqual(decideTerminalChoice({ workspaceTrusted: true }), { kind: 'pick-terminal' });
    const refused = decideTerminalChoice({ workspaceTrusted: false });
    assert.equal(refused.kind, 'refuse');
    assert.match(refused.kind === 'refuse' ? refused.why : '', /Restricted Mode/);
  });
});

describe('terminal policy: the filled command', () => {
  it('a plain command is typed, without Enter and without a question', () => {
    assert.deepEqual(decideTerminalInsert(ready), send(false));
  });
  it('control characters are refused, naming them, with copying offered; before any confirmation', () => {
    const step = decideTerminalInsert({ ...ready, command: { ...command, controlCharacters: ['escape (\\x1b)', 'bell (\\x07)'], declaredDestructive: true } });
    assert.equal(step.kind, 'refuse');
    assert.ok(step.kind === 'refuse' && step.offerCopy);
    assert.match(step.kind === 'refuse' ? step.why : '', /not sent to a terminal\. It contains escape \(\\x1b\), bell \(\\x07\)/);
    // Even once "confirmed": control characters never reach a terminal.
    assert.equal(decideTerminalInsert({ ...ready, command: { ...command, controlCharacters: ['nul'] }, confirmed: { destructive: true } }).kind, 'refuse');
  });
  it('a detected destructive command is confirmed with its reasons, then sent and never run directly', () => {
    const facts: InsertFacts = { ...ready, executeDirectly: true, command: { ...command, detectedReasons: ['FLUSHALL deletes every key.'] } };
    const ask = decideTerminalInsert(facts);
    assert.deepEqual(ask, {
      kind: 'confirm',
      about: 'destructive',
      message: 'Destructive command: FLUSHALL deletes every key. It will be typed into the terminal "prod-shell"; nothing runs until you press Enter there.',
      action: 'Insert into Terminal',
    });
    assert.deepEqual(decideTerminalInsert({ ...facts, confirmed: { destructive: true } }), send(false, { destructive: true }));
  });
  it('a declared destructive command is confirmed with the runbook words, or a default', () => {
    const declared = decideTerminalInsert({ ...ready, command: { ...command, declaredDestructive: true, declaredRisk: 'Drops every session.' } });
    assert.match(declared.kind === 'confirm' ? declared.message : '', /^Destructive command: Drops every session\. It will be typed/);
    const bare = decideTerminalInsert({ ...ready, command: { ...command, declaredDestructive: true } });
    assert.match(bare.kind === 'confirm' ? bare.message : '', /^Destructive command: the runbook marks it destructive\. It will be typed/);
  });
  it('a script says it is saved as a script, with its line count', () => {
    const step = decideTerminalInsert({ ...ready, command: { ...command, mechanism: 'script', lines: 3, declaredDestructive: true } });
    assert.match(step.kind === 'confirm' ? step.message : '', /Its 3 lines will be saved as a script and the line that runs it typed into the terminal "prod-shell"/);
  });
  it('executeDirectly adds Enter only for one fully read, non-destructive line', () => {
    assert.deepEqual(decideTerminalInsert({ ...ready, executeDirectly: true }), send(true));
    assert.deepEqual(decideTerminalInsert({ ...ready, executeDirectly: true, command: { ...command, readable: false } }), send(false));
    assert.deepEqual(decideTerminalInsert({ ...ready, executeDirectly: true, command: { ...command, mechanism: 'script', lines: 2 } }), send(false));
  });
});

describe('terminal policy: the terminal at send time', () => {
  it('a terminal closed while a dialog was open is refused, saying so', () => {
    const step = decideTerminalInsert({ ...ready, terminal: { ...terminal, closed: true } });
    assert.deepEqual(step, { kind: 'refuse', why: 'The terminal "prod-shell" was closed. Insert again to pick another.', offerCopy: false });
  });
  it('the destructive question comes before the closed check (the terminal can close during it)', () => {
    const step = decideTerminalInsert({ ...ready, terminal: { ...terminal, closed: true }, command: { ...command, declaredDestructive: true } });
    assert.equal(step.kind, 'confirm');
  });
  it('a line left typed is cleared first where that is safe, with no question', () => {
    const step = decideTerminalInsert({ ...ready, terminal: { ...terminal, lineLeftTyped: true, canClearLine: true } });
    assert.deepEqual(step, send(false, { clearLineFirst: true }));
  });
  it('a line left typed that cannot be cleared is asked about; agreed, the command is appended as asked', () => {
    const facts: InsertFacts = { ...ready, terminal: { ...terminal, lineLeftTyped: true, canClearLine: false } };
    const ask = decideTerminalInsert(facts);
    assert.equal(ask.kind, 'confirm');
    assert.ok(ask.kind === 'confirm' && ask.about === 'lineLeftTyped' && ask.action === 'Insert Anyway');
    assert.match(ask.kind === 'confirm' ? ask.message : '', /may still have an earlier command typed at its prompt/);
    assert.deepEqual(decideTerminalInsert({ ...facts, confirmed: { lineLeftTyped: true } }), send(false));
  });
  it('no clearing without a line left typed, even where it would be safe', () => {
    assert.deepEqual(decideTerminalInsert({ ...ready, terminal: { ...terminal, canClearLine: true } }), send(false));
  });
  it('a destructive command with a line left typed asks both questions, destructive first', () => {
    let facts: InsertFacts = { ...ready, terminal: { ...terminal, lineLeftTyped: true }, command: { ...command, declaredDestructive: true } };
    const asked: string[] = [];
    for (let i = 0; i < 5; i++) {
      const step = decideTerminalInsert(facts);
      if (step.kind !== 'confirm') {
        assert.deepEqual(step, send(false, { destructive: true }));
        break;
      }
      asked.push(step.about);
      facts = { ...facts, confirmed: { ...facts.confirmed, [step.about]: true } };
    }
    assert.deepEqual(asked, ['destructive', 'lineLeftTyped']);
  });
});

describe('copy policy', () => {
  it('a safe command is copied without a warning', () => {
    assert.deepEqual(decideCopy({ detectedReasons: [], declaredDestructive: false }), { destructive: false });
  });
  it('a destructive one (detected or declared) is recorded as such and warned about, with its reasons', () => {
    assert.deepEqual(decideCopy({ detectedReasons: ['DROP TABLE deletes the table.'], declaredDestructive: false }), {
      destructive: true,
      warning: 'Copied a destructive command. DROP TABLE deletes the table. Read it before you paste it.',
    });
    assert.deepEqual(decideCopy({ detectedReasons: [], declaredDestructive: true }), {
      destructive: true,
      warning: 'Copied a destructive command. Read it before you paste it.',
    });
  });
});
