// The SQL rules (PostgreSQL and MySQL migrations). They share one scan per file (sql/analysis.ts).
import type { Rule } from '../types';
import { blockingDdlLargeTable } from './blocking-ddl-large-table';
import { indexWithoutConcurrently } from './index-without-concurrently';
import { missingLockTimeout } from './missing-lock-timeout';
import { mysqlOnlineDdl } from './mysql-online-ddl';
import { unbatchedBackfill } from './unbatched-backfill';

export const sqlRules: readonly Rule[] = [blockingDdlLargeTable, indexWithoutConcurrently, missingLockTimeout, mysqlOnlineDdl, unbatchedBackfill];
