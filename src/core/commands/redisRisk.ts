// Which Redis commands destroy data, block the server or stop it. One decision per command,
// with the reason a responder reads in the confirmation. Read-only and ordinary write commands
// (GET, SET, EXPIRE, SCAN, INFO...) are not listed.

const CONFIG_RISKS: Record<string, string> = {
  'maxmemory-policy': 'CONFIG SET maxmemory-policy changes which keys Redis evicts (sessions can vanish)',
  maxmemory: 'CONFIG SET maxmemory changes when Redis starts evicting or refusing writes',
  appendonly: 'CONFIG SET appendonly changes whether writes survive a restart',
  save: 'CONFIG SET save changes whether data is persisted to disk',
  dir: 'CONFIG SET dir changes where Redis writes its data files',
  dbfilename: 'CONFIG SET dbfilename changes the file Redis writes its data to',
  requirepass: 'CONFIG SET requirepass changes the password every client needs',
};

const MEMBER_DELETES: Record<string, string> = {
  HDEL: 'fields of a hash',
  SREM: 'members of a set',
  ZREM: 'members of a sorted set',
  ZREMRANGEBYSCORE: 'a range of a sorted set',
  ZREMRANGEBYRANK: 'a range of a sorted set',
  ZREMRANGEBYLEX: 'a range of a sorted set',
  LTRIM: 'the elements of a list outside the range',
  LREM: 'elements of a list',
  XDEL: 'entries of a stream',
  XTRIM: 'the oldest entries of a stream',
};

/** A script of Redis commands, one a line (`#` comments and pasted `host:port>` prompts are skipped). */
export function assessRedisScript(text: string, reasons: Set<string>): void {
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    assessRedisCommand(redisWords(trimmed.replace(/^\S+:\d+(?:\[\d+\])?>\s*/, '')), reasons);
  }
}

/** Splits a redis-cli line into arguments: blanks separate, "..." (with \ escapes) and '...' quote. */
export function redisWords(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i])) i++;
    if (i >= line.length) break;
    let w = '';
    while (i < line.length && !/\s/.test(line[i])) {
      const q = line[i];
      if (q === '"' || q === "'") {
        i++;
        while (i < line.length && line[i] !== q) {
          if (line[i] === '\\' && q === '"' && i + 1 < line.length) i++;
          w += line[i++];
        }
        i++;
      } else w += line[i++];
    }
    out.push(w);
  }
  return out;
}

export function assessRedisCommand(words: string[], reasons: Set<string>): void {
  if (words.length === 0) return;
  const cmd = words[0].toUpperCase();
  const arg1 = (words[1] ?? '').toUpperCase();
  switch (cmd) {
    case 'FLUSHALL':
      reasons.add('FLUSHALL deletes every key in every database');
      break;
    case 'FLUSHDB':
      reasons.add('FLUSHDB deletes every key in the current database');
      break;
    case 'DEL':
    case 'UNLINK':
    case 'GETDEL':
      reasons.add(`${cmd} deletes keys${words.length > 1 ? `: ${words.slice(1, 4).join(' ')}${words.length > 4 ? ' …' : ''}` : ''}`);
      break;
    case 'KEYS':
      reasons.add('KEYS walks every key and blocks the server while it runs (use SCAN)');
      break;
    case 'SHUTDOWN':
      reasons.add('SHUTDOWN stops the Redis server');
      break;
    case 'DEBUG':
      reasons.add('DEBUG can block, crash or restart the server');
      break;
    case 'SWAPDB':
      reasons.add('SWAPDB swaps two databases under every client');
      break;
    case 'REPLICAOF':
    case 'SLAVEOF':
      if (!(arg1 === 'NO' && (words[2] ?? '').toUpperCase() === 'ONE')) reasons.add(`${cmd} makes this server a replica: it discards its own data`);
      break;
    case 'SCRIPT':
      if (arg1 === 'FLUSH') reasons.add('SCRIPT FLUSH deletes every cached Lua script');
      break;
    case 'FUNCTION':
      if (arg1 === 'FLUSH') reasons.add('FUNCTION FLUSH deletes every function library');
      else if (arg1 === 'DELETE') reasons.add('FUNCTION DELETE deletes a function library');
      else if (arg1 === 'RESTORE' && words.some((w) => /^FLUSH$/i.test(w))) reasons.add('FUNCTION RESTORE ... FLUSH deletes the existing libraries first');
      break;
    case 'CONFIG':
      if (arg1 === 'SET') {
        for (let i = 2; i < words.length; i += 2) {
          const risk = CONFIG_RISKS[words[i].toLowerCase()];
          if (risk !== undefined) reasons.add(risk);
        }
      } else if (arg1 === 'REWRITE') reasons.add('CONFIG REWRITE overwrites redis.conf with the running configuration');
      break;
    case 'CLUSTER':
      if (arg1 === 'RESET') reasons.add('CLUSTER RESET makes the node forget the cluster (a hard reset also deletes its data)');
      else if (arg1 === 'FORGET') reasons.add('CLUSTER FORGET removes a node from this node\'s view of the cluster');
      else if (arg1 === 'FLUSHSLOTS' || arg1 === 'DELSLOTS' || arg1 === 'DELSLOTSRANGE') reasons.add(`CLUSTER ${arg1} unassigns hash slots: their keys become unreachable`);
      else if (arg1 === 'FAILOVER' && /^(FORCE|TAKEOVER)$/i.test(words[2] ?? '')) reasons.add(`CLUSTER FAILOVER ${words[2].toUpperCase()} promotes a replica without the primary's agreement: recent writes can be lost`);
      break;
    case 'CLIENT':
      if (arg1 === 'KILL') reasons.add('CLIENT KILL disconnects clients');
      break;
    case 'ACL':
      if (arg1 === 'DELUSER') reasons.add('ACL DELUSER deletes users and disconnects them');
      break;
    case 'MIGRATE':
      if (!words.some((w) => /^COPY$/i.test(w))) reasons.add('MIGRATE moves keys to another server and deletes them here');
      break;
    case 'EVAL':
    case 'EVAL_RO':
    case 'EVALSHA':
    case 'EVALSHA_RO':
    case 'FCALL':
    case 'FCALL_RO':
      if (cmd.startsWith('EVAL') && !cmd.startsWith('EVALSHA')) assessLua(words[1] ?? '', reasons);
      else reasons.add(`${cmd} runs a stored script or function whose text is not shown here`);
      break;
    default:
      if (MEMBER_DELETES[cmd] !== undefined) reasons.add(`${cmd} deletes ${MEMBER_DELETES[cmd]}`);
  }
}

/** The Redis commands a Lua script calls (`redis.call('FLUSHALL')`), judged like typed ones. */
export function assessLua(script: string, reasons: Set<string>): void {
  const calls = /redis\s*\.\s*p?call\s*\(\s*(['"])([A-Za-z_]+)\1/g;
  let m: RegExpExecArray | null;
  while ((m = calls.exec(script)) !== null) {
    const inner = new Set<string>();
    assessRedisCommand([m[2]], inner);
    for (const r of inner) reasons.add(`the Lua script calls ${m[2].toUpperCase()}: ${r}`);
  }
}
