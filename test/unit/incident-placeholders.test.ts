import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fillPlaceholders, findPlaceholders, isSecretName, maskSecrets, runbookPlaceholders, validateVariableValue } from '../../src/core/incident/placeholders';
import { testRunbook } from './incidentFixtures';

describe('placeholders', () => {
  it('finds names once, in order, spaces allowed inside the braces', () => {
    assert.deepEqual(findPlaceholders('redis-cli -h {{ host }} TTL {{key}} {{host}} {{ a.b-c_1 }}'), ['host', 'key', 'a.b-c_1']);
    assert.deepEqual(findPlaceholders('{{1abc}} {{}} {{ two words }} {single}'), []);
  });

  it('collects them over every command of the runbook', () => {
    assert.deepEqual(runbookPlaceholders(testRunbook()), ['host', 'redis_password', 'session_key']);
  });

  it('fills known ones and leaves unknown ones as written', () => {
    assert.deepEqual(fillPlaceholders('TTL {{ key }} on {{host}}:{{port}} {{port}}', { key: 'sess:1', host: 'h' }), { text: 'TTL sess:1 on h:{{port}} {{port}}', missing: ['port'], invalid: [] });
    assert.deepEqual(fillPlaceholders('{{a}}', { a: '$& {{b}}' }), { text: '$& {{b}}', missing: [], invalid: [] }, 'values are inserted literally, never re-expanded');
    assert.deepEqual(fillPlaceholders('{{toString}}', {}), { text: '{{toString}}', missing: ['toString'], invalid: [] });
  });
});

describe('secrets', () => {
  const secret = ['password', 'db_password', 'DB_PASSWD', 'redisPassword', 'secret', 'client_secret', 'GITHUB_TOKEN', 'api_key', 'apiKey', 'API-KEY', 'apikey', 'private_key', 'credentials', 'aws.secret.key', 'auth_header', 'access_key'];
  const plain = ['host', 'key', 'session_key', 'key_prefix', 'cache_key', 'namespace', 'table', 'keyspace', 'tokenizer_name', 'passage', 'user'];
  for (const n of secret) it(`${n} is secret`, () => assert.equal(isSecretName(n), true));
  for (const n of plain) it(`${n} is not secret`, () => assert.equal(isSecretName(n), false));

  it('masks every secret value of 3 characters or more, longest first', () => {
    const vars = { host: 'db1', password: 'hunter22', pin: 'ab', token: 'hunter22-extra' };
    assert.equal(maskSecrets('psql -h db1 -W hunter22 --t hunter22-extra ab', vars, ['password', 'pin', 'token']), 'psql -h db1 -W •••• --t •••• ab');
    assert.equal(maskSecrets('x', { password: '' }, ['password']), 'x');
  });

  it('refuses values that would smuggle a line break or control character into a terminal', () => {
    assert.equal(validateVariableValue('sess:abc-123'), undefined);
    assert.match(validateVariableValue('a\nrm -rf /')!, /line break/);
    assert.match(validateVariableValue('a\r')!, /line break/);
    assert.match(validateVariableValue('a\x1b[2K')!, /control character/);
    assert.match(validateVariableValue('a\u202eb')!, /control character/);
    assert.match(validateVariableValue('x'.repeat(1001))!, /too long/);
    assert.equal(validateVariableValue('x'.repeat(1000)), undefined);
  });
});
