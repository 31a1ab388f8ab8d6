import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commentSyntax, detectFileKind } from '../../src/core/lint/fileKinds';
import type { FileKind } from '../../src/core/lint/types';

describe('detectFileKind', () => {
  const cases: [string, FileKind | undefined][] = [
    ['src/main/resources/application.properties', 'properties'],
    ['application-prod.yml', 'yaml'],
    ['k8s/cronjob.YAML', 'yaml'],
    ['.env', 'env'],
    ['deploy/.env.production', 'env'],
    ['prod.env', 'env'],
    ['redis.conf', 'ini'],
    ['/etc/nginx/nginx.conf', 'ini'],
    ['gunicorn.conf', 'ini'],
    ['my.cnf', 'ini'],
    ['setup.ini', 'ini'],
    ['pyproject.toml', 'toml'],
    ['config/settings.json', 'json'],
    ['db/migrations/V2__add_index.sql', 'sql'],
    ['crontab', 'crontab'],
    ['jobs.cron', 'crontab'],
    ['backup.crontab', 'crontab'],
    ['/etc/cron.d/backup', 'crontab'],
    ['C:\\etc\\cron.d\\backup', 'crontab'],
    ['/etc/cron.d/.placeholder', undefined],
    ['jre/conf/security/java.security', 'java-security'],
    ['WEB-INF/web.xml', 'web-xml'],
    ['README.md', undefined],
    ['Makefile', undefined],
    ['pom.xml', undefined],
    ['env', undefined],
    // Runbooks quote bad config on purpose: never lint targets.
    ['repo/.runbooks/session.yaml', undefined],
    ['repo\\.runbooks\\nested\\x.yml', undefined],
  ];
  for (const [file, kind] of cases) {
    it(`${file} → ${kind ?? 'not linted'}`, () => assert.equal(detectFileKind(file), kind));
  }

  it('recognises a deployment descriptor under another name by its root element', () => {
    const xml = '<?xml version="1.0"?>\n<!-- app -->\n<web-app xmlns="https://jakarta.ee/xml/ns/jakartaee">\n</web-app>';
    assert.equal(detectFileKind('WEB-INF/web-fragment-copy.xml', xml), 'web-xml');
    assert.equal(detectFileKind('pom.xml', '<project><web-app/></project>'), undefined);
  });
});

describe('commentSyntax', () => {
  it('gives each format its own comment forms', () => {
    assert.deepEqual(commentSyntax('sql').line, ['--']);
    assert.deepEqual(commentSyntax('sql').block, [['/*', '*/']]);
    assert.deepEqual(commentSyntax('web-xml').block, [['<!--', '-->']]);
    assert.deepEqual(commentSyntax('ini').line, ['#', ';']);
    assert.equal(commentSyntax('properties').trailing, false);
    assert.equal(commentSyntax('yaml').trailing, true);
    // JSON has no comments: an editor must not insert one into package.json.
    assert.deepEqual(commentSyntax('json'), { line: [], block: [], trailing: false });
  });
});
