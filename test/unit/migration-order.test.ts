// Which tool wrote a migration folder and the order it runs the files in (src/core/sql/migrationOrder.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDownMigration, migrationSetOf, orderMigrations } from '../../src/core/sql/migrationOrder';
import { upSection } from '../../src/core/sql/migrationHistory';

const order = (names: string[]): string[] | undefined => orderMigrations(names)?.entries.map((e) => e.file);

describe('migration order', () => {
  it('runs Flyway versions by number, V1_2 as 1.2, repeatables last by name, undo migrations never', () => {
    const set = orderMigrations(['V10__c.sql', 'V2__b.sql', 'V1_2__a2.sql', 'V1.10__a10.sql', 'V1__a.sql', 'R__views.sql', 'R__a_funcs.sql', 'U2__undo_b.sql', 'schema.sql']);
    assert.equal(set?.tool, 'flyway');
    assert.deepEqual(
      set?.entries.map((e) => e.file),
      ['V1__a.sql', 'V1_2__a2.sql', 'V1.10__a10.sql', 'V2__b.sql', 'V10__c.sql', 'R__a_funcs.sql', 'R__views.sql'],
    );
  });

  it('runs golang-migrate and sqlx up migrations by number and leaves the down ones out', () => {
    const set = orderMigrations(['000010_j.up.sql', '000002_b.down.sql', '000002_b.up.sql', '000001_a.up.sql', '000001_a.down.sql']);
    assert.equal(set?.tool, 'golang-migrate');
    assert.deepEqual(set?.entries.map((e) => e.file), ['000001_a.up.sql', '000002_b.up.sql', '000010_j.up.sql']);
    assert.ok(isDownMigration('000002_b.down.sql') && isDownMigration('U3__x.sql') && isDownMigration('down.sql'));
    assert.ok(!isDownMigration('000002_b.up.sql'));
  });

  it('tells Rails-style timestamps from plain numbers, and orders numbers of different widths by value', () => {
    assert.equal(orderMigrations(['20230101120000_a.sql', '20221231235959_b.sql'])?.tool, 'timestamped');
    assert.deepEqual(order(['20230101120000_a.sql', '20221231235959_b.sql']), ['20221231235959_b.sql', '20230101120000_a.sql']);
    assert.equal(orderMigrations(['0001_a.sql', '0002_b.sql'])?.tool, 'numbered');
    assert.deepEqual(order(['10_k.sql', '9_j.sql', '0011_l.sql']), ['9_j.sql', '10_k.sql', '0011_l.sql']);
  });

  it('reads one folder per migration: Prisma migration.sql, Diesel up.sql (down.sql left out)', () => {
    const prisma = orderMigrations(['20230102090000_b/migration.sql', '20230101120000_a/migration.sql', 'migration_lock.toml']);
    assert.equal(prisma?.tool, 'prisma');
    assert.deepEqual(prisma?.entries.map((e) => e.file), ['20230101120000_a/migration.sql', '20230102090000_b/migration.sql']);
    const diesel = orderMigrations(['2023-02-01-080000_b/up.sql', '2023-02-01-080000_b/down.sql', '2023-01-01-120000_a/up.sql', '00000000000000_diesel_initial_setup/up.sql']);
    assert.equal(diesel?.tool, 'diesel');
    assert.deepEqual(diesel?.entries.map((e) => e.file), ['00000000000000_diesel_initial_setup/up.sql', '2023-01-01-120000_a/up.sql', '2023-02-01-080000_b/up.sql']);
  });

  it('finds no set where no file is a migration', () => {
    assert.equal(orderMigrations([]), undefined);
    assert.equal(orderMigrations(['schema.sql', 'seed.sql', 'notes/readme.sql', 'a/b/c/migration.sql']), undefined);
  });

  it('finds a file set from its path alone, with either separator', () => {
    assert.deepEqual(migrationSetOf('/repo/db/migration/V2__b.sql'), { folder: '/repo/db/migration', relative: 'V2__b.sql' });
    assert.deepEqual(migrationSetOf('C:\\repo\\migrations\\000002_b.up.sql'), { folder: 'C:\\repo\\migrations', relative: '000002_b.up.sql' });
    assert.deepEqual(migrationSetOf('/repo/prisma/migrations/20230101120000_init/migration.sql'), { folder: '/repo/prisma/migrations', relative: '20230101120000_init/migration.sql' });
    assert.equal(migrationSetOf('/repo/db/schema.sql'), undefined);
    assert.equal(migrationSetOf('/repo/db/000002_b.down.sql'), undefined);
    assert.equal(migrationSetOf('/repo/db/notes/migration.sql'), undefined);
    assert.equal(migrationSetOf('V1__init.sql'), undefined);
  });

  it('orders 20,000 names quickly and survives hostile names', () => {
    const names = Array.from({ length: 20_000 }, (_, i) => `V${20_000 - i}_${'9'.repeat(i % 40)}__m.sql`);
    names.push('V' + '1'.repeat(100_000) + '__huge.sql', '\u0000V1__nul.sql', 'V1__\u202e.sql', '../V1__up.sql');
    const t0 = performance.now();
    const set = orderMigrations(names);
    assert.ok(performance.now() - t0 < 1000);
    assert.equal(set?.entries.at(-1)?.file.startsWith('V111'), true);
    assert.equal(set?.entries[0].file, 'V1__\u202e.sql');
    assert.equal(set?.entries.length, 20_002); // neither the NUL-led name nor the one in another folder

  });
});

describe('up sections', () => {
  it('keeps only what runs on the way up for goose, sql-migrate and dbmate', () => {
    assert.deepEqual(upSection('-- +goose Up\nCREATE TABLE a (id int);\n-- +goose Down\nDROP TABLE a;\n'), { text: '\nCREATE TABLE a (id int);\n', tool: 'goose' });
    assert.equal(upSection('-- +migrate Up\nSELECT 1;\n-- +migrate Down\nSELECT 2;').tool, 'sql-migrate');
    assert.deepEqual(upSection('-- migrate:up\ncreate table b ();\n\n-- migrate:down\ndrop table b;'), { text: '\ncreate table b ();\n\n', tool: 'dbmate' });
    // Down first (goose allows it): the up part runs to the end of the file.
    assert.equal(upSection('-- +goose Down\nDROP TABLE a;\n-- +goose Up\nCREATE TABLE a ();').text, '\nCREATE TABLE a ();');
    assert.deepEqual(upSection('CREATE TABLE plain ();'), { text: 'CREATE TABLE plain ();' });
  });
});
