import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assessCommand, describeForConfirmation } from '../../src/core/incident/destructive';

// [text, language, destructive, reason pattern (when destructive)]
const CASES: [string, string, boolean, RegExp?][] = [
  // The cases.
  ['DELETE FROM users;', 'sql', true, /DELETE without WHERE.*users/],
  ['delete from users -- where id=1', 'sql', true, /DELETE without WHERE/],
  ['WITH d AS (SELECT 1) DELETE FROM t', 'sql', true, /DELETE without WHERE.*\bt\b/],
  ['redis-cli FLUSHALL ASYNC', 'bash', true, /FLUSHALL/],
  ['DELETE FROM users WHERE id = 1', 'sql', false],
  ["SELECT 'DROP TABLE x'", 'sql', false],
  // SQL
  ['DROP TABLE orders', 'postgresql', true, /DROP TABLE/],
  ['drop database shop;', 'mysql', true, /DROP DATABASE/],
  ['DROP SCHEMA app CASCADE', 'sql', true, /DROP SCHEMA/],
  ['DROP INDEX CONCURRENTLY idx_a', 'sql', true, /DROP INDEX/],
  ['TRUNCATE sessions', 'sql', true, /TRUNCATE.*sessions/],
  ['TRUNCATE TABLE public.sessions RESTART IDENTITY', 'sql', true, /public\.sessions/],
  ['UPDATE users SET active = false', 'sql', true, /UPDATE without WHERE/],
  ['UPDATE users SET active = false WHERE id = 7', 'sql', false],
  ['UPDATE t SET a = 1 WHERE 1 = 1', 'sql', true, /always-true WHERE/],
  ['DELETE FROM t WHERE true', 'sql', true, /always-true/],
  ['/* DELETE FROM users; */ SELECT 1', 'sql', false],
  ['SELECT 1; DELETE FROM audit', 'sql', true, /audit/],
  ['SELECT * FROM t FOR UPDATE', 'sql', false],
  ['CREATE TABLE a (b int REFERENCES c ON DELETE CASCADE ON UPDATE CASCADE)', 'sql', false],
  ['GRANT SELECT, UPDATE, DELETE ON t TO app', 'sql', false],
  ['INSERT INTO t VALUES (1) ON CONFLICT (id) DO UPDATE SET a = 2', 'sql', false],
  ['WITH gone AS (DELETE FROM t RETURNING *) SELECT count(*) FROM gone', 'sql', true, /DELETE without WHERE/],
  ['WITH gone AS (DELETE FROM t WHERE id < 10 RETURNING *) SELECT * FROM gone', 'sql', false],
  ['DELETE FROM t WHERE id IN (SELECT id FROM u)', 'sql', false],
  ['DELETE FROM t USING (SELECT 1 WHERE false) x', 'sql', true, /DELETE without WHERE/],
  ['ALTER TABLE t DROP COLUMN legacy', 'sql', true, /DROP COLUMN/],
  ['ALTER TABLE t DROP legacy', 'sql', true, /DROP COLUMN/],
  ['ALTER TABLE t ALTER COLUMN c DROP DEFAULT', 'sql', false],
  ['ALTER TABLE t ALTER COLUMN c DROP NOT NULL', 'sql', false],
  ["DO $$ BEGIN DELETE FROM t; END $$", 'sql', false],
  ['SELECT "DELETE" FROM t', 'postgresql', false],
  ['EXPLAIN ANALYZE DELETE FROM t', 'sql', true, /DELETE/],
  // Redis
  ['FLUSHDB', 'redis', true, /FLUSHDB/],
  ['flushall async', 'redis', true, /FLUSHALL/],
  ['DEL sess:1 sess:2', 'redis', true, /DEL deletes keys: sess:1 sess:2/],
  ['UNLINK big-key', 'redis', true, /UNLINK/],
  ['KEYS *', 'redis', true, /blocks the server/],
  ['CONFIG SET maxmemory-policy allkeys-lru', 'redis', true, /maxmemory-policy/],
  ['CONFIG GET maxmemory-policy', 'redis', false],
  ['TTL spring:session:sessions:abc', 'redis', false],
  ['SCAN 0 MATCH sess:* COUNT 100', 'redis', false],
  ['# FLUSHALL\nINFO memory', 'redis', false],
  ['127.0.0.1:6379> FLUSHALL', 'redis', true, /FLUSHALL/],
  ['REPLICAOF NO ONE', 'redis', false],
  ['REPLICAOF 10.0.0.1 6379', 'redis', true, /replica/],
  // Shell
  ['rm -rf /var/lib/app', 'bash', true, /rm -rf/],
  ['rm -fr build', 'sh', true, /rm -rf/],
  ['rm -r -f build', 'shell', true, /rm -rf/],
  ['rm --recursive --force build', 'zsh', true, /rm -rf/],
  ['rm -Rf x', '', true, /rm -rf/],
  ['rm -r old-dir', 'bash', true, /rm -r /],
  ['rm app.log', 'bash', false],
  ['echo "rm -rf /"', 'bash', false],
  ["echo 'kubectl delete ns prod'", 'bash', false],
  ['ls -la # ; rm -rf /', 'bash', false],
  ['echo $(rm -rf /tmp/x)', 'bash', true, /rm -rf/],
  ['echo "today: `rm -rf /tmp/x`"', 'bash', true, /rm -rf/],
  ['sudo -u root rm -rf /srv', 'bash', true, /rm -rf/],
  ['kubectl delete pod api-0 -n prod', 'bash', true, /kubectl delete/],
  ['kubectl -n prod --context eu delete deploy api', 'console', true, /kubectl delete/],
  ['kubectl get pods -n prod', 'bash', false],
  ['kubectl drain node-1 --ignore-daemonsets', 'bash', true, /drain/],
  ['kubectl scale deploy api --replicas=0', 'bash', true, /replicas=0/],
  ['kubectl scale deploy api --replicas=3', 'bash', false],
  ['kubectl exec -it redis-0 -- redis-cli FLUSHDB', 'bash', true, /FLUSHDB/],
  ['helm uninstall api -n prod', 'bash', true, /helm uninstall/],
  ['helm status api', 'bash', false],
  ['docker system prune -af', 'bash', true, /prune/],
  ['docker volume rm pgdata', 'bash', true, /volume rm/],
  ['docker exec -it -u redis cache redis-cli FLUSHALL', 'bash', true, /FLUSHALL/],
  ['docker ps', 'bash', false],
  ['terraform destroy -auto-approve', 'bash', true, /terraform destroy/],
  ['terraform plan', 'bash', false],
  ['dd if=/dev/zero of=/dev/sda bs=1M', 'bash', true, /of=\/dev\/sda/],
  ['dd if=/dev/zero of=/tmp/file bs=1M count=1', 'bash', false],
  ['mkfs.ext4 /dev/nvme0n1', 'bash', true, /mkfs/],
  ['git push --force origin main', 'bash', true, /force/],
  ['git push -f', 'bash', true, /force/],
  ['git push origin main', 'bash', false],
  ['git reset --hard HEAD~1', 'bash', true, /reset --hard/],
  ['redis-cli -h cache.internal -p 6379 -n 2 FLUSHDB', 'bash', true, /FLUSHDB/],
  ['redis-cli -h cache -a "$REDIS_PASSWORD" TTL "spring:session:sessions:$ID"', 'bash', false],
  ["redis-cli --scan --pattern 'spring:session:*' | xargs -n 100 redis-cli DEL", 'bash', true, /DEL/],
  ['redis-cli --scan --pattern "sess:*" | head', 'bash', false],
  ["redis-cli KEYS '*'", 'bash', true, /KEYS/],
  ['redis-cli INFO memory', 'bash', false],
  ['psql "$DATABASE_URL" -c "DROP TABLE sessions"', 'bash', true, /DROP TABLE/],
  ['psql -c "SELECT count(*) FROM sessions"', 'bash', false],
  ["psql -c \"SELECT 'DROP TABLE x'\"", 'bash', false],
  ['psql --command="TRUNCATE jobs"', 'bash', true, /TRUNCATE/],
  ['mysql -u root -e "DELETE FROM sessions"', 'bash', true, /DELETE without WHERE/],
  ["mysql -e 'DELETE FROM sessions WHERE expired = 1'", 'bash', false],
  ['psql "$DB" <<SQL\nBEGIN;\nDELETE FROM jobs;\nCOMMIT;\nSQL\n', 'bash', true, /DELETE without WHERE/],
  ['psql "$DB" <<SQL\nSELECT 1;\nSQL\necho done', 'bash', false],
  ['psql <<< "DROP TABLE x"', 'bash', true, /DROP TABLE/],
  ["ssh db-1 'sudo systemctl stop postgresql'", 'bash', true, /systemctl stop/],
  ['systemctl restart nginx', 'bash', false],
  ['systemctl stop nginx', 'bash', true, /systemctl stop/],
  ['kill -9 1234', 'bash', true, /kill -9/],
  ['kill -s KILL 1234', 'bash', true, /kill -9/],
  ['kill -HUP 1234', 'bash', false],
  ["bash -c 'rm -rf /opt/app'", 'bash', true, /rm -rf/],
  ['find /var/log -name "*.gz" -mtime +7 -delete', 'bash', true, /find -delete/],
  ['find /tmp -name x -exec rm -rf {} +', 'bash', true, /rm -rf/],
  ['find /var/log -size +1G', 'bash', false],
  ['curl -X DELETE https://api/x', 'bash', true, /DELETE/],
  ['curl -s https://api/health', 'bash', false],
  ['aws rds delete-db-instance --db-instance-identifier x', 'bash', true, /aws/],
  ['cat /proc/meminfo > /dev/sda', 'bash', true, /overwrites the disk/],
  ['journalctl -u app > /tmp/app.log 2>&1', 'bash', false],
  ['grep -c ERROR app.log', 'text', false],
  ['FOO=1 rm -rf x', 'bash', true, /rm -rf/],
  ['rm -rf \\\n  /var/lib/app', 'bash', true, /rm -rf/],
];

describe('destructive-command classifier', () => {
  for (const [text, language, destructive, reason] of CASES) {
    it(`${destructive ? 'flags' : 'passes'} ${JSON.stringify(text)} (${language || 'no language'})`, () => {
      const risk = assessCommand(text, language);
      assert.equal(risk.destructive, destructive, `reasons: ${risk.reasons.join('; ')}`);
      assert.equal(risk.reasons.length > 0, destructive);
      if (reason) assert.ok(risk.reasons.some((r) => reason.test(r)), `reasons: ${risk.reasons.join('; ')}`);
    });
  }

  it('counts every statement of a multi-statement input', () => {
    const r = assessCommand('DROP TABLE a; TRUNCATE b; SELECT 1;', 'sql');
    assert.equal(r.reasons.length, 2);
  });

  it('never hangs or throws on unterminated quotes, comments and parentheses', () => {
    for (const text of ['echo "unterminated', "psql -c 'DROP", '$(((((', '`', 'DELETE FROM t /* never closed', "SELECT '", 'cat <<EOF\nno end', 'bash -c "bash -c \\"bash -c rm\\""']) {
      for (const lang of ['bash', 'sql', 'redis']) assert.doesNotThrow(() => assessCommand(text, lang));
    }
  });
});

describe('multi-line text and control characters', () => {
  it('multiline means more than one non-empty line', () => {
    assert.equal(assessCommand('ls\n', 'bash').multiline, false);
    assert.equal(assessCommand('ls', 'bash').multiline, false);
    assert.equal(assessCommand('\n\nls\n\n', 'bash').multiline, false);
    assert.equal(assessCommand('ls\npwd', 'bash').multiline, true);
    assert.equal(assessCommand('rm -rf \\\n /x', 'bash').multiline, true);
  });

  it('names control characters; tab and newline are fine', () => {
    assert.deepEqual(assessCommand('ls\t-la\n', 'bash').controlCharacters, []);
    const names = assessCommand('ls\r\x1b[2K\x03\x00\x07\x08 \u202e \u2066 \u200f', 'bash').controlCharacters;
    assert.deepEqual(names, [
      'carriage return (\\r)',
      'escape (\\x1b)',
      'ETX (Ctrl-C, \\x03)',
      'NUL (\\x00)',
      'BEL (bell, \\x07)',
      'backspace (\\x08)',
      'right-to-left override (U+202E)',
      'left-to-right isolate (U+2066)',
      'right-to-left mark (U+200F)',
    ]);
  });

  it('shows the exact text escaped for the confirmation dialog', () => {
    assert.equal(describeForConfirmation('echo ok\r\x1b[31mrm -rf /\u202e\tx\n'), 'echo ok\\r\\x1b[31mrm -rf /\\u202e\tx\n');
    assert.equal(describeForConfirmation('plain text'), 'plain text');
  });
});
