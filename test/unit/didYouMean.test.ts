import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closestMatch, didYouMean, levenshtein } from '../../src/core/didYouMean';

describe('didYouMean', () => {
  it('levenshtein counts insertions, deletions and substitutions', () => {
    assert.equal(levenshtein('titel', 'title'), 2);
    assert.equal(levenshtein('', 'abc'), 3);
    assert.equal(levenshtein('kind', 'kind'), 0);
  });

  it('closestMatch ignores case and refuses guesses that are too far', () => {
    assert.equal(closestMatch('Titel', ['id', 'title', 'symptom']), 'title');
    assert.equal(closestMatch('description', ['id', 'title']), undefined);
    // Longer words allow a third of their length: two typos in "session-timeout-too-short".
    assert.equal(closestMatch('sesion-timeout-to-short', ['session-timeout-too-short', 'cron-overlap']), 'session-timeout-too-short');
    assert.equal(closestMatch('x'.repeat(101), ['x'.repeat(101)]), undefined);
  });

  it('partial: a candidate containing the word is a good guess (runbook ids)', () => {
    const ids = ['session-logout-30s', 'disk-full-database-host'];
    assert.equal(closestMatch('logout', ids), undefined);
    assert.equal(closestMatch('logout', ids, { partial: true }), 'session-logout-30s');
    assert.equal(closestMatch('disk-ful-database-host', ids, { partial: true }), 'disk-full-database-host');
  });

  it('didYouMean words the guess, or says nothing', () => {
    assert.equal(didYouMean('sumary', ['summary', 'symptom']), ' (did you mean "summary"?)');
    assert.equal(didYouMean('zzz', ['summary']), '');
  });
});
