// Word lists of the classifier, shared by its token reader (classify.ts) and its fast path
// (fastHeads.ts, whose patterns are built from them), so the two read the same words.
import type { ConstraintKind } from './statementModel';

/** Known volatile functions: as a column default they force a rewrite (now() is stable: it does not). */
export const VOLATILE_FUNCTIONS = new Set([
  'clock_timestamp',
  'random',
  'random_normal',
  'gen_random_uuid',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'uuidv4',
  'uuidv7',
  'nextval',
  'timeofday',
  'gen_random_bytes',
  'uuid',
]);

/**
 * Functions (and function-like keywords) known not to be VOLATILE: as a column default they are
 * evaluated once, so PostgreSQL 11+ adds the column without a rewrite. A default calling any other
 * function is treated as volatile, as Squawk's adding-field-with-default does: whether a user's
 * function is volatile is not known from the file.
 */
export const NON_VOLATILE_FUNCTIONS = new Set([
  'now',
  'transaction_timestamp',
  'statement_timestamp',
  'current_timestamp',
  'localtimestamp',
  'current_date',
  'current_time',
  'localtime',
  'timezone',
  'date_trunc',
  'date_part',
  'extract',
  'make_date',
  'make_interval',
  'make_timestamp',
  'make_timestamptz',
  'to_timestamp',
  'to_date',
  'to_char',
  'to_json',
  'to_jsonb',
  'json_build_object',
  'jsonb_build_object',
  'json_build_array',
  'jsonb_build_array',
  'array',
  'row',
  'cast',
  'coalesce',
  'nullif',
  'greatest',
  'least',
  'lower',
  'upper',
  'concat',
  'md5',
  'abs',
  'round',
  'floor',
  'ceil',
  'ceiling',
  'trunc',
  'mod',
  'power',
  'length',
  'substr',
  'substring',
  'replace',
  'trim',
  'btrim',
  'left',
  'right',
  'lpad',
  'rpad',
  'format',
  'encode',
  'decode',
  'sha256',
  'jsonb_set',
  'array_length',
  'cardinality',
  'current_setting',
  'current_schema',
  'current_user',
  'session_user',
  'interval',
  'char',
  'varchar',
  'character',
  'varying',
  'precision',
  'float',
  'bit',
  'numeric',
  'decimal',
  'timestamp',
  'timestamptz',
  'time',
]);

export const SERIAL_TYPES = new Set(['serial', 'serial2', 'serial4', 'serial8', 'smallserial', 'bigserial']);

/** Words that end a DEFAULT expression inside a column definition. */
export const COLUMN_CONSTRAINT_WORDS = new Set([
  'not',
  'null',
  'constraint',
  'primary',
  'unique',
  'references',
  'check',
  'generated',
  'collate',
  'comment',
  'first',
  'after',
  'on',
  'auto_increment',
  'visible',
  'invisible',
]);

/** First words of the statements the classifier knows (lower case); any other statement is `other`, unread. */
export const CLASSIFIED_LEADING_WORDS: readonly string[] = ['create', 'drop', 'alter', 'truncate', 'with', 'update', 'delete', 'set', 'reset', 'select', 'begin', 'start', 'commit', 'end', 'abort', 'rollback', 'vacuum', 'cluster', 'reindex'];

/** The words an ADD [COLUMN] definition is read for (DEFAULT, NOT NULL, PRIMARY KEY, ...); its other words are its type's. */
export const COLUMN_DEFINITION_WORDS: readonly string[] = ['default', 'not', 'primary', 'unique', 'references', 'generated', 'auto_increment', 'first', 'after'];

/** The word that starts a table constraint (after ADD or ADD CONSTRAINT name), and the constraint's kind. */
export const CONSTRAINT_KINDS: ReadonlyMap<string, ConstraintKind> = new Map([
  ['check', 'check'],
  ['foreign', 'foreign-key'],
  ['primary', 'primary-key'],
  ['unique', 'unique'],
  ['exclude', 'exclude'],
]);

/** Between UPDATE/DELETE and the table: MySQL's modifiers and PostgreSQL's ONLY. */
export const UPDATE_DELETE_MODIFIERS: readonly string[] = ['low_priority', 'quick', 'ignore', 'only'];

/** The clauses that end an UPDATE or DELETE's WHERE condition. */
export const WHERE_END_WORDS: readonly string[] = ['returning', 'order', 'limit'];

/** CREATE [TEMP | TEMPORARY | UNLOGGED] TABLE. */
export const TABLE_PERSISTENCE_WORDS: readonly string[] = ['temp', 'temporary', 'unlogged'];
