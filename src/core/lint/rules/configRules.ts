// The configuration-file rules, one per file.
import type { Rule } from '../types';
import { cronOverlap } from './cron-overlap';
import { durationWithoutUnit } from './duration-without-unit';
import { redisEvictionPolicy } from './redis-eviction-policy';
import { sessionTimeoutTooShort } from './session-timeout-too-short';
import { staleAfterFailover } from './stale-after-failover';

export const configRules: readonly Rule[] = [durationWithoutUnit, sessionTimeoutTooShort, redisEvictionPolicy, cronOverlap, staleAfterFailover];
