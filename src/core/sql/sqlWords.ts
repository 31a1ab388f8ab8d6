// Word lists of the classifier, shared by its token reader (classify.ts) and its fast path
// (fastHeads.ts), so the two read the same words.

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
export const CLASSIFIED_LEADING_WORDS: readonly string[] = ['create', 'drop', 'alter', 'truncate', 'with', 'update', 'delete', 'set', 'reset', 'select', 'begin', 'start', 'commit', 'end', 'abort', 'rollback', 'vacuum', 'cluster'];
