// What the simple commands of a shell text do: wrappers are followed to the command they run
// (sudo, doas, env, busybox, nice, nohup, timeout, xargs, eval, bash -c, ssh, kubectl exec,
// docker exec...), SQL and Redis text handed to clients goes to their readers, and each tool
// family's destructive verbs are recognised from its documented options. Two findings:
// - reasons: plain sentences, one per destructive thing found;
// - unreadable: why a part could not be followed (a parse error, `eval "$x"`, `$cmd args`,
//   a script file, SQL from a file...). The extension never runs such a text without Enter.
import { readShellFallback } from './fallbackShell';
import { assessRedisCommand, assessRedisScript } from './redisRisk';
import { readShellSyntax, type ShellCommand, type ShellInput, type ShellWord } from './shellSyntax';
import { assessSql } from './sqlRisk';

export type ShellKind = 'posix' | 'fish' | 'powershell';

export interface Findings {
  reasons: Set<string>;
  unreadable: Set<string>;
}

/** eval in bash -c in ssh ...: deeper than this is not followed (and is unreadable). */
const MAX_DEPTH = 6;

export function assessShellText(text: string, kind: ShellKind, f: Findings, depth = 0): void {
  if (depth > MAX_DEPTH) {
    f.unreadable.add('commands nested in commands too deeply to follow');
    return;
  }
  if (kind === 'posix') {
    const reading = readShellSyntax(text);
    if (reading.error === undefined) {
      for (const c of reading.commands) assessCommandAt(c, kind, f, depth);
      return;
    }
    f.unreadable.add(`the shell cannot read it: ${reading.error}`);
    // Conservative: what can still be seen is judged, so a visible `rm -rf` still asks, also
    // after a quote that never closes (read once more with the quotes taken out).
    for (const c of readShellFallback(text.replace(/["'`]/g, ' '), kind).commands) assessCommandAt(c, kind, f, depth);
  } else {
    // fish and PowerShell have no parser here: a simple reading, trusted only when plain.
  }
  const fallback = readShellFallback(text, kind);
  if (!fallback.plain && kind !== 'posix') f.unreadable.add(`the ${kind === 'fish' ? 'fish' : 'PowerShell'} code has variables, escapes, globs or blocks that are not followed`);
  for (const c of fallback.commands) assessCommandAt(c, kind, f, depth);
}

function assessCommandAt(cmd: ShellCommand, kind: ShellKind, f: Findings, depth: number): void {
  assessRedirects(cmd, f);
  assessWords(cmd.words, cmd, kind, f, depth);
}

const DISK_DEVICE = /^\/dev\/(?:sd|hd|vd|xvd|nvme|disk|rdisk|mmcblk|md\d|dm-|mapper\/|loop|nbd)/;
const HARMLESS_TARGET = /^\/dev\/(?:null|zero|stdout|stderr|tty|fd\/\d+|pts\/\d+)$|^&/;
// Commands that write nothing: `: > f`, `true > f`, `> f` alone empty the file.
const NO_OUTPUT = new Set([':', 'true', 'false', '{']);

function assessRedirects(cmd: ShellCommand, f: Findings): void {
  for (const r of cmd.redirects) {
    if (r.op !== '>' && r.op !== '>|' && r.op !== '&>' && r.op !== '<>') continue;
    const target = r.target.text;
    if (HARMLESS_TARGET.test(target)) continue;
    if (DISK_DEVICE.test(target)) {
      f.reasons.add(`writing to ${target} overwrites the disk`);
      continue;
    }
    if (r.fd !== undefined && r.fd !== '1') continue;
    const w = cmd.words.map((x) => x.text);
    const empties =
      w.length === 0 ||
      (NO_OUTPUT.has(w[0]) && w[0] !== '{') ||
      (w[0] === 'cat' && w[1] === '/dev/null' && w.length === 2) ||
      (w[0] === 'echo' && w.length === 2 && w[1] === '-n') ||
      (w[0] === 'printf' && w.length === 2 && w[1] === '');
    if (empties && r.op !== '<>') f.reasons.add(`> ${target} empties ${target}: its contents are lost`);
  }
}

// ---------------------------------------------------------------------------------------------
// Options

interface OptionSpec {
  /** Short option letters that take a value (attached `-uroot` or the next word). */
  short?: string;
  /** Long options that take a value (`--user root` or `--user=root`). */
  long?: string[];
}

/** Index of the first operand at or after `from`, skipping options and their values; `--` ends options. */
function firstOperand(args: ShellWord[], from: number, spec: OptionSpec): number {
  let i = from;
  while (i < args.length) {
    const a = args[i].text;
    if (a === '--') return i + 1;
    if (!a.startsWith('-') || a === '-') return i;
    if (a.startsWith('--')) {
      i += !a.includes('=') && spec.long?.includes(a) ? 2 : 1;
      continue;
    }
    let takes = false;
    for (let k = 1; k < a.length; k++) {
      if (spec.short?.includes(a[k])) {
        takes = k === a.length - 1; // the value is the rest of the word, or the next word
        break;
      }
    }
    i += takes ? 2 : 1;
  }
  return i;
}

/** How many words the option at `i` takes: 2 when its value is the next word, else 1. */
function optionWidth(args: ShellWord[], i: number, spec: OptionSpec): number {
  const a = args[i].text;
  if (a.startsWith('--')) return !a.includes('=') && spec.long?.includes(a) ? 2 : 1;
  for (let k = 1; k < a.length; k++) if (spec.short?.includes(a[k])) return k === a.length - 1 ? 2 : 1;
  return 1;
}

/** Operands (non-option words) of a tool whose options may come anywhere: `kubectl -n x delete pod y`. */
function operands(args: ShellWord[], spec: OptionSpec): ShellWord[] {
  const out: ShellWord[] = [];
  let i = 0;
  while (i < args.length) {
    const a = args[i].text;
    if (a === '--') break;
    if (a.startsWith('-') && a !== '-') {
      i += optionWidth(args, i, spec);
      continue;
    }
    out.push(args[i]);
    i++;
  }
  return out;
}

/** Whether any word is the option, in its short form inside a cluster (-rf) or long form (also `--opt=v`). */
function hasOption(args: ShellWord[], short: string | undefined, ...long: string[]): boolean {
  for (const w of args) {
    const a = w.text;
    if (a === '--') return false;
    if (a.startsWith('--')) {
      const name = a.split('=')[0];
      if (long.includes(name)) return true;
    } else if (short !== undefined && /^-[A-Za-z0-9]+$/.test(a) && a.slice(1).includes(short)) return true;
  }
  return false;
}

/** The value of an option (`-n 2`, `-n2`, `--replicas=0`, `--replicas 0`), or undefined. */
function optionValue(args: ShellWord[], ...names: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i].text;
    for (const n of names) {
      if (a === n) return args[i + 1]?.text;
      if (n.startsWith('--') && a.startsWith(`${n}=`)) return a.slice(n.length + 1);
      if (!n.startsWith('--') && a.startsWith(n) && a.length > n.length && !a.startsWith('--')) return a.slice(n.length);
    }
  }
  return undefined;
}

function isDryRun(args: ShellWord[]): boolean {
  return args.some((w) => /^--dry-?run(?:=(?!none$|false$).*)?$/.test(w.text) || w.text === '--dryrun' || /^-(?:whatif|WhatIf)$/i.test(w.text));
}

const basename = (w: string): string => {
  const b = w.slice(Math.max(w.lastIndexOf('/'), w.lastIndexOf('\\')) + 1);
  return b.toLowerCase().endsWith('.exe') ? b.slice(0, -4) : b;
};

const list = (words: ShellWord[], max = 3): string => {
  const shown = words.slice(0, max).map((w) => w.text);
  return `${shown.join(' ')}${words.length > max ? ' …' : ''}`;
};

// ---------------------------------------------------------------------------------------------
// Commands

// Wrappers: how each one's options are read before the command it runs.
const WRAPPER_OPTIONS: Record<string, OptionSpec> = {
  sudo: { short: 'ugChpDrtTU', long: ['--user', '--group', '--close-from', '--chdir', '--host', '--prompt', '--role', '--type', '--other-user', '--command-timeout'] },
  doas: { short: 'uC' },
  nice: { short: 'n', long: ['--adjustment'] },
  nohup: {},
  ionice: { short: 'cnp', long: ['--class', '--classdata', '--pid'] },
  stdbuf: { short: 'ioe', long: ['--input', '--output', '--error'] },
  setsid: {},
  exec: { short: 'a' },
  builtin: {},
  time: { short: 'fo', long: ['--format', '--output'] },
  unbuffer: {},
  chrt: {},
  taskset: {},
  caffeinate: { short: 'tw' },
  runuser: { short: 'ugG', long: ['--user', '--group', '--supp-group'] },
};

// Clients whose stdin is a program (SQL, Redis commands, a shell script).
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'mksh', 'fish', 'pwsh', 'powershell']);

// fish's `and`/`or`/`not`/`begin` and the shell keywords before a command. The parser never
// returns these as command names (it reads them as syntax), so only the simple reading meets them.
const KEYWORD_PREFIXES = new Set(['and', 'or', 'not', 'begin', '!', 'then', 'do', 'else', 'elif', 'if', 'while', 'until', '{']);

function assessWords(words: ShellWord[], cmd: ShellCommand, kind: ShellKind, f: Findings, depth: number): void {
  if (words.length === 0) return;
  if (depth > MAX_DEPTH) {
    f.unreadable.add('commands nested in commands too deeply to follow');
    return;
  }
  const head = words[0];
  if (!head.literal) {
    f.unreadable.add(`the command name ${head.text} is only known at run time`);
    return;
  }
  if (head.text === '$' || head.text === '%' || KEYWORD_PREFIXES.has(head.text)) {
    // A pasted prompt (`$ kubectl delete ...`), or a keyword the simple reading (fish, PowerShell,
    // unparseable bash) leaves in front of a command (`and rm ...`, `then rm ...`): the command follows.
    assessWords(words.slice(1), cmd, kind, f, depth + 1);
    return;
  }
  const name = kind === 'powershell' ? basename(head.text).toLowerCase() : basename(head.text);
  const args = words.slice(1);
  if (args.some((a) => a.text === '--help' || a.text === '--version') && !WRAPPER_OPTIONS[name] && name !== 'env') return;
  const inner = (from: number): void => assessWords(args.slice(from), cmd, kind, f, depth + 1);
  const text = args.map((a) => a.text);

  if (kind === 'powershell' && assessPowerShell(name, args, f)) return;

  const wrapper = WRAPPER_OPTIONS[name];
  if (wrapper !== undefined) {
    if (name === 'sudo' && hasOption(args, 'e', '--edit')) return; // sudoedit: opens an editor
    inner(firstOperand(args, 0, wrapper));
    return;
  }
  switch (name) {
    case 'command':
      if (hasOption(args, 'v') || hasOption(args, 'V')) return; // looks the name up, runs nothing
      inner(firstOperand(args, 0, {}));
      return;
    case 'env': {
      let i = 0;
      for (;;) {
        i = firstOperand(args, i, { short: 'uCS', long: ['--unset', '--chdir', '--split-string'] });
        if (i < args.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(args[i].text)) i++;
        else break;
      }
      const split = optionValue(args, '-S', '--split-string');
      if (split !== undefined) {
        assessShellText([split, ...text.slice(i)].join(' '), 'posix', f, depth + 1);
        return;
      }
      inner(i);
      return;
    }
    case 'busybox':
    case 'toybox':
      inner(0);
      return;
    case 'timeout':
      inner(firstOperand(args, 0, { short: 'sk', long: ['--signal', '--kill-after'] }) + 1); // then the duration
      return;
    case 'chroot':
      inner(firstOperand(args, 0, { long: ['--userspec', '--groups'] }) + 1); // then the new root
      return;
    case 'flock': {
      const c = optionValue(args, '-c', '--command');
      if (c !== undefined) {
        shellString(args.find((a) => a.text === c) ?? { text: c, literal: true }, 'posix', f, depth);
        return;
      }
      inner(firstOperand(args, 0, { short: 'wE', long: ['--timeout', '--conflict-exit-code'] }) + 1); // then the lock file
      return;
    }
    case 'xargs': {
      const i = firstOperand(args, 0, { short: 'aEILnPsd', long: ['--arg-file', '--delimiter', '--max-args', '--max-procs', '--max-lines', '--eof', '--max-chars', '--process-slot-var'] });
      // The arguments come from stdin; the command is known.
      inner(i);
      return;
    }
    case 'watch': {
      const i = firstOperand(args, 0, { short: 'nd', long: ['--interval', '--differences'] });
      const joined = args.slice(i);
      if (joined.length > 0) shellString({ text: joined.map((w) => w.text).join(' '), literal: joined.every((w) => w.literal) }, 'posix', f, depth);
      return;
    }
    case 'su': {
      const c = optionValue(args, '-c', '--command');
      if (c !== undefined) shellString(args.find((a) => a.text === c) ?? { text: c, literal: true }, 'posix', f, depth);
      return;
    }
    case 'eval':
      if (args.length > 0) shellString({ text: text.join(' '), literal: args.every((a) => a.literal) }, kind === 'powershell' ? 'posix' : kind, f, depth);
      return;
    case 'source':
    case '.':
      f.unreadable.add(`${name} runs the script ${text[0] ?? ''}, whose commands are not shown`);
      return;
    case 'ssh':
      ssh(args, cmd, f, depth);
      return;
    case 'find':
      find(args, cmd, kind, f, depth);
      return;
    case 'rm':
    case 'unlink':
    case 'rmdir':
      if (name === 'rm') rm(args, f);
      return;
    case 'kubectl':
    case 'oc':
    case 'microk8s.kubectl':
      kubectl(name, args, cmd, kind, f, depth);
      return;
    case 'helm':
      helm(args, f);
      return;
    case 'docker':
    case 'podman':
    case 'nerdctl':
      docker(name, args, cmd, kind, f, depth);
      return;
    case 'docker-compose':
    case 'podman-compose':
      compose(name, args, cmd, kind, f, depth);
      return;
    case 'git':
      git(args, f);
      return;
    case 'terraform':
    case 'tofu':
    case 'terragrunt':
      terraform(name, args, f);
      return;
    case 'aws':
      aws(args, f);
      return;
    case 'gcloud':
    case 'az': {
      const ops = operands(args, { long: ['--project', '--region', '--zone', '--format', '--account', '--configuration', '--subscription', '--resource-group', '-g', '--name', '-n', '--output', '-o'] });
      const verb = ops.find((w) => w.text === 'delete' || w.text === 'purge');
      if (verb !== undefined && !isDryRun(args)) f.reasons.add(`${name} ${list(ops.slice(0, ops.indexOf(verb) + 2), 5)} deletes cloud resources`);
      if (name === 'gcloud' && ops[0]?.text === 'storage' && (ops[1]?.text === 'rm' || ops[1]?.text === 'buckets' && ops[2]?.text === 'delete')) f.reasons.add('gcloud storage rm deletes objects from Cloud Storage');
      return;
    }
    case 'gsutil': {
      const ops = operands(args, {});
      if (ops[0]?.text === 'rm' || ops[0]?.text === 'rb') f.reasons.add(`gsutil ${ops[0].text} deletes ${ops[0].text === 'rb' ? 'the bucket' : 'objects'} ${list(ops.slice(1))}`);
      return;
    }
    case 'psql':
    case 'mysql':
    case 'mariadb':
    case 'sqlite3':
      sqlClient(name, args, cmd, f, depth);
      return;
    case 'redis-cli':
    case 'valkey-cli':
    case 'keydb-cli':
      redisCli(name, args, cmd, f);
      return;
    case 'mongo':
    case 'mongosh': {
      const js = optionValue(args, '--eval');
      if (js !== undefined && /\b(?:dropDatabase|drop|deleteMany|remove|deleteOne|findOneAndDelete)\s*\(/.test(js)) f.reasons.add(`${name} --eval deletes documents or drops collections`);
      if (args.some((a) => /\.js$/.test(a.text))) f.unreadable.add(`${name} runs a script file whose content is not shown`);
      return;
    }
    default:
      if (SHELLS.has(name)) {
        shell(name, args, cmd, f, depth);
        return;
      }
      assessTool(name, args, cmd, f);
  }
}

/** A tool's subcommand (`kubectl $VERB`) only known at run time hides what it does. */
function verbKnown(name: string, verb: ShellWord | undefined, f: Findings): void {
  if (verb !== undefined && !verb.literal) f.unreadable.add(`the ${name} subcommand ${verb.text} is only known at run time`);
}

/** A string that a shell will run: parsed (when its text is known) and judged like typed commands. */
function shellString(w: ShellWord, kind: ShellKind, f: Findings, depth: number): void {
  if (!w.literal) f.unreadable.add(`a command string is only known at run time: ${w.text.length > 60 ? `${w.text.slice(0, 59)}…` : w.text}`);
  assessShellText(w.text, kind, f, depth + 1);
}

function unknownInput(what: string, stdin: ShellInput, f: Findings): void {
  f.unreadable.add(`${what} reads ${stdin.source === 'file' ? 'a file' : stdin.source === 'command' ? "another command's output" : 'input'} whose content is not shown`);
}

function shell(name: string, args: ShellWord[], cmd: ShellCommand, f: Findings, depth: number): void {
  const kind: ShellKind = name === 'fish' ? 'fish' : name === 'pwsh' || name === 'powershell' ? 'powershell' : 'posix';
  for (let i = 0; i < args.length; i++) {
    const a = args[i].text;
    if (kind === 'powershell' && /^-(?:c|command)$/i.test(a)) {
      shellString({ text: args.slice(i + 1).map((w) => w.text).join(' '), literal: args.slice(i + 1).every((w) => w.literal) }, kind, f, depth);
      return;
    }
    if (kind === 'powershell' && /^-(?:e|ec|encodedcommand|f|file)$/i.test(a)) {
      f.unreadable.add(`${name} ${a} runs code that is not shown as text`);
      return;
    }
    if (a === '--command' || /^-[A-Za-z]*c[A-Za-z]*$/.test(a)) {
      // bash -c 'cmd' [name [args]], also in a cluster (-ec, -lc): the first operand after the options.
      const at = firstOperand(args, i + 1, { short: 'oO' });
      if (args[at] !== undefined) shellString(args[at], kind, f, depth);
      return;
    }
    if (a === '--' || !a.startsWith('-') && !a.startsWith('+')) {
      const script = a === '--' ? args[i + 1] : args[i];
      if (script !== undefined) f.unreadable.add(`${name} runs the script ${script.text}, whose commands are not shown`);
      return;
    }
    if (a === '-o' || a === '-O' || a === '+o' || a === '+O') i++;
  }
  // No -c and no script: the shell reads its commands from stdin.
  if (cmd.stdin === undefined) return;
  if (cmd.stdin.literal && (cmd.stdin.source === 'heredoc' || cmd.stdin.source === 'herestring' || cmd.stdin.source === 'pipe')) assessShellText(cmd.stdin.text, kind, f, depth + 1);
  else unknownInput(name, cmd.stdin, f);
}

function ssh(args: ShellWord[], cmd: ShellCommand, f: Findings, depth: number): void {
  const host = firstOperand(args, 0, { short: 'BbcDEeFIiJLlmOoPpQRSWw' });
  if (host >= args.length) return;
  const remote = args.slice(host + 1);
  if (remote.length > 0) {
    // The remote shell joins the words with spaces and runs the result as a command line.
    shellString({ text: remote.map((w) => w.text).join(' '), literal: remote.every((w) => w.literal) }, 'posix', f, depth);
    return;
  }
  if (args.some((a) => /^-[A-Za-z]*N/.test(a.text))) return; // -N: no remote command (port forwarding)
  if (cmd.stdin === undefined) return; // an interactive session
  if (cmd.stdin.literal && cmd.stdin.source !== 'file' && cmd.stdin.source !== 'command') assessShellText(cmd.stdin.text, 'posix', f, depth + 1);
  else unknownInput('the remote shell', cmd.stdin, f);
}

function find(args: ShellWord[], cmd: ShellCommand, kind: ShellKind, f: Findings, depth: number): void {
  const roots = args.filter((a, i) => !a.text.startsWith('-') && (i === 0 || !args[i - 1].text.startsWith('-'))).slice(0, 2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i].text;
    if (a === '-delete') f.reasons.add(`find -delete deletes every file it finds${roots.length > 0 ? ` under ${list(roots, 2)}` : ''}`);
    if (a === '-exec' || a === '-execdir' || a === '-ok' || a === '-okdir') {
      let end = i + 1;
      while (end < args.length && args[end].text !== ';' && args[end].text !== '+') end++;
      const run = args.slice(i + 1, end).map((w) => (w.text === '{}' ? { text: 'each file found', literal: true } : w));
      assessWords(run, { words: run, redirects: [] }, kind, f, depth + 1);
      i = end;
    }
  }
  void cmd;
}

function rm(args: ShellWord[], f: Findings): void {
  let recursive = false;
  let force = false;
  let noPreserveRoot = false;
  const targets: ShellWord[] = [];
  let options = true;
  for (const w of args) {
    const a = w.text;
    if (options && a === '--') {
      options = false;
      continue;
    }
    if (options && a.startsWith('--') && a.length > 2) {
      // getopt_long takes any unambiguous prefix: --recur, --rec, --r are --recursive.
      const long = a.slice(2).split('=')[0];
      if ('recursive'.startsWith(long)) recursive = true;
      else if ('force'.startsWith(long)) force = true;
      else if (long.length >= 3 && 'no-preserve-root'.startsWith(long)) noPreserveRoot = true;
      continue;
    }
    if (options && /^-[A-Za-z]+$/.test(a)) {
      if (/[rR]/.test(a)) recursive = true;
      if (a.includes('f')) force = true;
      continue;
    }
    targets.push(w);
  }
  const what = targets.length > 0 ? list(targets) : 'the named files';
  const root = targets.find((t) => /^\/+\*?$|^\/\*$|^~\/?$|^\.\.?\/?$|^\*$/.test(t.text) || /^\/(?:bin|boot|etc|home|lib|lib64|opt|root|sbin|srv|usr|var)\/?$/.test(t.text));
  if (recursive) {
    if (root !== undefined) f.reasons.add(`rm -r${force ? 'f' : ''} ${root.text} deletes ${root.text === '/' || root.text === '/*' ? 'the whole file system' : `all of ${root.text}`}${noPreserveRoot ? ' (and --no-preserve-root removes the last safeguard)' : ''}`);
    else f.reasons.add(`rm -r${force ? 'f' : ''} deletes ${what} and everything under ${targets.length === 1 ? 'it' : 'them'}${force ? ', without asking' : ''}`);
    return;
  }
  const glob = targets.find((t) => /[*?[]/.test(t.text));
  if (glob !== undefined) f.reasons.add(`rm deletes every file matching ${glob.text}`);
  else if (root !== undefined) f.reasons.add(`rm ${root.text} deletes files at the top of ${root.text}`);
  else if (targets.some((t) => !t.literal && /^\$/.test(t.text) && force)) f.reasons.add(`rm -f deletes ${what}, a path only known at run time`);
}

const KUBECTL_OPTIONS: OptionSpec = {
  short: 'nslcofpkL',
  long: ['--namespace', '--context', '--cluster', '--kubeconfig', '--user', '--server', '--as', '--as-group', '--as-uid', '--token', '--request-timeout', '--cache-dir', '--certificate-authority', '--client-certificate', '--client-key', '--tls-server-name', '--selector', '--container', '--output', '--filename', '--field-selector', '--grace-period', '--timeout', '--replicas', '--for', '--type', '--patch', '--kustomize', '--image', '--port', '--v', '--pod-running-timeout', '--current-replicas', '--resource-version', '--cascade', '--chunk-size', '--template', '--prune-allowlist', '--field-manager', '--subresource'],
};

function kubectl(name: string, args: ShellWord[], cmd: ShellCommand, kind: ShellKind, f: Findings, depth: number): void {
  const dashes = args.findIndex((a) => a.text === '--');
  const before = dashes >= 0 ? args.slice(0, dashes) : args;
  const ops = operands(before, KUBECTL_OPTIONS);
  const verb = ops[0]?.text;
  verbKnown(name, ops[0], f);
  const dry = isDryRun(args);
  const where = optionValue(args, '-n', '--namespace');
  const ns = where !== undefined ? ` in namespace ${where}` : '';
  switch (verb) {
    case 'delete':
      if (!dry) f.reasons.add(`${name} delete deletes ${ops.length > 1 ? list(ops.slice(1)) : 'the resources in the given files'}${ns}`);
      break;
    case 'drain':
      if (!dry) f.reasons.add(`${name} drain evicts every pod from node ${ops[1]?.text ?? ''}`.trimEnd());
      break;
    case 'scale': {
      const replicas = optionValue(args, '--replicas');
      if (replicas === '0' && !dry) f.reasons.add(`${name} scale --replicas=0 stops every pod of ${list(ops.slice(1)) || 'the workload'}${ns}`);
      break;
    }
    case 'replace':
      if (hasOption(args, undefined, '--force') && !dry) f.reasons.add(`${name} replace --force deletes and recreates the resources`);
      break;
    case 'apply':
      if (hasOption(args, undefined, '--prune') && !dry) f.reasons.add(`${name} apply --prune deletes every resource that is not in the manifests`);
      break;
    case 'taint':
      if (ops.some((w) => /:NoExecute$/.test(w.text)) && !dry) f.reasons.add(`${name} taint ...:NoExecute evicts the pods already running on the node`);
      break;
    case 'exec': {
      // kubectl exec [options] pod -- command [args]; the old form without -- also runs the words after the pod.
      const run = dashes >= 0 ? args.slice(dashes + 1) : ops.slice(2);
      assessWords(run, { words: run, redirects: [], stdin: cmd.stdin }, kind, f, depth + 1);
      break;
    }
  }
  // cordon, rollout restart/undo and patch are left out on purpose: cordon only stops new pods
  // from landing (uncordon undoes it), a rollout restart replaces pods one by one with the
  // workload's own availability rules, undo and patch are reversible changes.
}

function helm(args: ShellWord[], f: Findings): void {
  const ops = operands(args, { short: 'n', long: ['--namespace', '--kube-context', '--kubeconfig', '--kube-apiserver', '--kube-token', '--kube-as-user', '--registry-config', '--repository-cache', '--repository-config', '--timeout'] });
  const verb = ops[0]?.text;
  verbKnown('helm', ops[0], f);
  if ((verb === 'uninstall' || verb === 'delete' || verb === 'del' || verb === 'un') && !isDryRun(args)) {
    f.reasons.add(`helm uninstall deletes the release ${list(ops.slice(1))} and every Kubernetes resource it created`.replace(/ {2}/g, ' '));
  }
  // helm rollback is left out: it deploys a recorded revision again, and can be rolled forward.
}

const DOCKER_GLOBAL: OptionSpec = { short: 'Hcl', long: ['--host', '--context', '--config', '--log-level', '--tlscacert', '--tlscert', '--tlskey'] };
const DOCKER_EXEC: OptionSpec = { short: 'euw', long: ['--env', '--env-file', '--user', '--workdir', '--detach-keys'] };
const DOCKER_RUN: OptionSpec = {
  short: 'eEuwvphlm',
  long: ['--env', '--env-file', '--user', '--workdir', '--volume', '--publish', '--hostname', '--label', '--name', '--network', '--entrypoint', '--mount', '--memory', '--cpus', '--platform', '--restart', '--add-host', '--dns', '--device', '--cap-add', '--cap-drop', '--log-driver', '--log-opt', '--pull', '--ulimit', '--gpus', '--shm-size', '--volumes-from', '--tmpfs', '--security-opt', '--pid', '--ipc', '--uts', '--runtime', '--stop-signal', '--stop-timeout'],
};

function docker(name: string, args: ShellWord[], cmd: ShellCommand, kind: ShellKind, f: Findings, depth: number): void {
  let i = firstOperand(args, 0, DOCKER_GLOBAL);
  let verb = args[i]?.text;
  const group = ['container', 'image', 'volume', 'system', 'network', 'builder', 'buildx'].includes(verb ?? '') ? verb : undefined;
  if (group !== undefined) {
    i = firstOperand(args, i + 1, {});
    verb = args[i]?.text;
  }
  verbKnown(name, args[i], f);
  const rest = args.slice(i + 1);
  const restOps = operands(rest, {});
  if (verb === 'prune') {
    const what: Record<string, string> = { system: 'every stopped container, unused network and dangling image (and with --volumes, unused volumes)', volume: 'every unused volume and its data', image: 'unused images', container: 'every stopped container', network: 'unused networks', builder: 'the build cache', buildx: 'the build cache' };
    f.reasons.add(`${name} ${group ?? ''} prune deletes ${what[group ?? 'system'] ?? 'unused objects'}`.replace(/ {2}/g, ' '));
    return;
  }
  if (group === 'volume' && (verb === 'rm' || verb === 'remove')) {
    f.reasons.add(`${name} volume rm deletes the volume ${list(restOps)} and its data`);
    return;
  }
  if (verb === 'rmi' || (group === 'image' && (verb === 'rm' || verb === 'remove'))) {
    f.reasons.add(`${name} rmi deletes the image ${list(restOps)}`);
    return;
  }
  if ((group === undefined || group === 'container') && (verb === 'rm' || verb === 'remove')) {
    const force = hasOption(rest, 'f', '--force');
    const volumes = hasOption(rest, 'v', '--volumes');
    f.reasons.add(`${name} rm deletes the container ${list(restOps)}${force ? ', stopping it first if it runs,' : ''} with its writable layer${volumes ? ' and its anonymous volumes' : ''}`);
    return;
  }
  if ((group === undefined || group === 'container') && (verb === 'kill' || verb === 'stop')) {
    f.reasons.add(`${name} ${verb} stops the container ${list(restOps)}${verb === 'kill' ? ' at once (SIGKILL), without a clean shutdown' : ''}`);
    return;
  }
  if (verb === 'compose') {
    compose(`${name} compose`, rest, cmd, kind, f, depth);
    return;
  }
  if ((group === undefined || group === 'container') && (verb === 'exec' || verb === 'run')) {
    const at = firstOperand(rest, 0, verb === 'exec' ? DOCKER_EXEC : DOCKER_RUN);
    // The container (exec) or image (run), then the command it runs.
    const run = rest.slice(at + 1);
    assessWords(run, { words: run, redirects: [], stdin: cmd.stdin }, kind, f, depth + 1);
  }
}

function compose(name: string, args: ShellWord[], cmd: ShellCommand, kind: ShellKind, f: Findings, depth: number): void {
  const i = firstOperand(args, 0, { short: 'fp', long: ['--file', '--project-name', '--profile', '--env-file', '--project-directory', '--ansi', '--progress', '--parallel'] });
  const verb = args[i]?.text;
  const rest = args.slice(i + 1);
  switch (verb) {
    case 'down': {
      const volumes = hasOption(rest, 'v', '--volumes');
      const images = hasOption(rest, undefined, '--rmi');
      f.reasons.add(`${name} down stops and removes every container of the project${volumes ? ', and deletes its volumes and their data' : ''}${images ? ', and deletes its images' : ''}`);
      break;
    }
    case 'rm':
      f.reasons.add(`${name} rm deletes the stopped containers of ${list(operands(rest, {})) || 'every service'}${hasOption(rest, 'v', '--volumes') ? ' and their anonymous volumes' : ''}`);
      break;
    case 'kill':
    case 'stop':
      f.reasons.add(`${name} ${verb} stops ${list(operands(rest, {})) || 'every service of the project'}`);
      break;
    case 'exec':
    case 'run': {
      const at = firstOperand(rest, 0, verb === 'exec' ? { short: 'euw', long: ['--env', '--user', '--workdir', '--index'] } : { short: 'euwvpl', long: ['--env', '--user', '--workdir', '--volume', '--publish', '--name', '--entrypoint', '--label'] });
      const run = rest.slice(at + 1); // after the service name
      assessWords(run, { words: run, redirects: [], stdin: cmd.stdin }, kind, f, depth + 1);
      break;
    }
  }
}

function git(args: ShellWord[], f: Findings): void {
  const i = firstOperand(args, 0, { short: 'Cc', long: ['--git-dir', '--work-tree', '--namespace', '--exec-path', '--config-env'] });
  const verb = args[i]?.text;
  verbKnown('git', args[i], f);
  const rest = args.slice(i + 1);
  const ops = operands(rest, {});
  switch (verb) {
    case 'reset':
      if (hasOption(rest, undefined, '--hard')) f.reasons.add('git reset --hard discards every uncommitted change in the working tree');
      break;
    case 'clean':
      if (hasOption(rest, 'f', '--force') && !hasOption(rest, 'n', '--dry-run')) {
        const dirs = hasOption(rest, 'd');
        const ignored = hasOption(rest, 'x') || hasOption(rest, 'X');
        f.reasons.add(`git clean -f deletes untracked files${dirs ? ' and folders' : ''}${ignored ? ', ignored ones included' : ''}`);
      }
      break;
    case 'push':
      if (hasOption(rest, 'n', '--dry-run')) break;
      if (hasOption(rest, 'f', '--force', '--force-with-lease', '--force-if-includes') || ops.some((w) => w.text.startsWith('+'))) f.reasons.add('git push --force overwrites the history of the remote branch');
      if (hasOption(rest, 'd', '--delete') || ops.slice(1).some((w) => w.text.startsWith(':'))) f.reasons.add('git push --delete deletes the remote branch');
      if (hasOption(rest, undefined, '--mirror', '--prune')) f.reasons.add('git push --mirror/--prune deletes remote branches that do not exist locally');
      break;
    case 'branch':
      if (hasOption(rest, 'D') || (hasOption(rest, 'd', '--delete') && hasOption(rest, 'f', '--force'))) f.reasons.add(`git branch -D deletes the branch ${list(ops)} even if it is not merged`);
      break;
    case 'checkout': {
      const dashes = rest.findIndex((w) => w.text === '--');
      if ((dashes >= 0 && dashes < rest.length - 1) || ops.some((w) => w.text === '.') || hasOption(rest, 'f', '--force')) {
        f.reasons.add(`git checkout ${dashes >= 0 ? `-- ${list(rest.slice(dashes + 1))}` : ops.some((w) => w.text === '.') ? '.' : '--force'} discards uncommitted changes`);
      }
      break;
    }
    case 'restore':
      if (!hasOption(rest, 'S', '--staged') || hasOption(rest, 'W', '--worktree')) f.reasons.add(`git restore discards uncommitted changes to ${list(ops) || 'the files'}`);
      break;
    case 'stash':
      if (ops[0]?.text === 'drop') f.reasons.add('git stash drop deletes a stash');
      else if (ops[0]?.text === 'clear') f.reasons.add('git stash clear deletes every stash');
      break;
    case 'filter-branch':
    case 'filter-repo':
      f.reasons.add(`git ${verb} rewrites the whole history of the repository`);
      break;
    case 'reflog':
      if (ops[0]?.text === 'expire' || ops[0]?.text === 'delete') f.reasons.add('git reflog expire deletes the record that lets lost commits be found again');
      break;
    case 'update-ref':
      if (hasOption(rest, 'd')) f.reasons.add('git update-ref -d deletes a ref');
      break;
  }
}

function terraform(name: string, args: ShellWord[], f: Findings): void {
  const i = firstOperand(args, 0, {});
  const verb = args[i]?.text;
  verbKnown(name, args[i], f);
  const rest = args.slice(i + 1);
  const flag = (n: string): boolean => rest.some((w) => w.text === `-${n}` || w.text === `--${n}` || w.text.startsWith(`-${n}=true`) || w.text.startsWith(`--${n}=true`));
  switch (verb) {
    case 'destroy':
      f.reasons.add(`${name} destroy deletes every resource the configuration manages`);
      break;
    case 'apply':
      if (flag('destroy')) f.reasons.add(`${name} apply -destroy deletes every resource the configuration manages`);
      else if (flag('auto-approve')) f.reasons.add(`${name} apply -auto-approve changes the infrastructure without showing the plan for approval`);
      break;
    case 'state':
      if (rest[0]?.text === 'rm') f.reasons.add(`${name} state rm makes ${name} forget ${list(rest.slice(1)) || 'resources'}: they keep running but are no longer managed`);
      break;
    case 'workspace':
      if (rest[0]?.text === 'delete') f.reasons.add(`${name} workspace delete deletes the workspace's state`);
      break;
  }
  // plan -destroy only shows what would go; taint marks a resource for replacement at the next
  // apply, which shows it in its plan: neither is destructive by itself.
}

function aws(args: ShellWord[], f: Findings): void {
  const ops = operands(args, { long: ['--profile', '--region', '--output', '--endpoint-url', '--query', '--color', '--cli-read-timeout', '--cli-connect-timeout', '--ca-bundle'] });
  const service = ops[0]?.text;
  const op = ops[1]?.text ?? '';
  if (isDryRun(args)) return;
  if (service === 's3') {
    const recursive = hasOption(args, undefined, '--recursive');
    if (op === 'rm') f.reasons.add(`aws s3 rm deletes ${ops[2]?.text ?? 'objects'}${recursive ? ' and every object under it' : ''}`);
    else if (op === 'rb') f.reasons.add(`aws s3 rb deletes the bucket ${ops[2]?.text ?? ''}${hasOption(args, undefined, '--force') ? ' and every object in it' : ''}`.trimEnd());
    else if ((op === 'sync' || op === 'mv') && hasOption(args, undefined, '--delete')) f.reasons.add('aws s3 sync --delete deletes files at the destination that are not in the source');
    return;
  }
  if (/^(?:delete|terminate|purge|remove)-/.test(op) && !/^remove-tags/.test(op)) f.reasons.add(`aws ${service} ${op} ${op.startsWith('terminate') ? 'terminates' : 'deletes'} cloud resources`);
}

function sqlClient(name: string, args: ShellWord[], cmd: ShellCommand, f: Findings, depth: number): void {
  const dialect = name === 'mysql' || name === 'mariadb' ? 'mysql' : 'postgresql';
  const spec: OptionSpec =
    name === 'psql'
      ? { short: 'cdfhpUvoLFRPT', long: ['--command', '--dbname', '--file', '--host', '--port', '--username', '--variable', '--set', '--output', '--log-file', '--field-separator', '--record-separator', '--pset', '--table-attr'] }
      : name === 'sqlite3'
        ? { long: ['-cmd', '-separator', '-newline', '-nullvalue'] }
        : { short: 'ehuPDS', long: ['--execute', '--host', '--user', '--port', '--database', '--socket', '--default-character-set', '--init-command'] };
  const sqlLetter = name === 'psql' ? 'c' : 'e';
  const sqlLong = name === 'psql' ? '--command' : '--execute';
  const texts: ShellWord[] = [];
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i].text;
    if (a === '--') break;
    if (a.startsWith('--')) {
      const [opt, value] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
      const v = value !== undefined ? { text: value, literal: args[i].literal } : spec.long?.includes(opt) ? args[++i] : undefined;
      if (opt === sqlLong && v !== undefined) texts.push(v);
      if (name === 'psql' && opt === '--file' && v !== undefined) file = v.text;
      continue;
    }
    if (name === 'sqlite3' && a.startsWith('-')) {
      if (spec.long?.includes(a)) i++;
      continue;
    }
    if (/^-[A-Za-z]/.test(a)) {
      // Bundled short options: -tAc "SQL", -tAcSQL, -e"SQL".
      for (let k = 1; k < a.length; k++) {
        const letter = a[k];
        // mysql -psecret: the password is the rest of the word (and -p alone prompts for it).
        if (letter === 'p' && (name === 'mysql' || name === 'mariadb')) break;
        if (spec.short?.includes(letter)) {
          const attached = a.slice(k + 1);
          const v = attached !== '' ? { text: attached, literal: args[i].literal } : args[++i];
          if (letter === sqlLetter && v !== undefined && name !== 'sqlite3') texts.push(v);
          if (name === 'psql' && letter === 'f' && v !== undefined) file = v.text;
          break;
        }
      }
      continue;
    }
  }
  if (name === 'sqlite3') {
    const ops = operands(args, spec);
    if (ops[1] !== undefined) texts.push(ops[1]);
  }
  for (const t of texts) {
    if (!t.literal) f.unreadable.add(`the SQL given to ${name} is only known at run time`);
    assessClientSql(name, t.text, dialect, f, depth);
  }
  if (file !== undefined && file !== '-') f.unreadable.add(`${name} runs the SQL file ${file}, whose statements are not shown`);
  if (texts.length > 0 || (file !== undefined && file !== '-')) return;
  if (cmd.stdin === undefined) return; // an interactive session
  if (cmd.stdin.literal && cmd.stdin.source !== 'file' && cmd.stdin.source !== 'command') assessClientSql(name, cmd.stdin.text, dialect, f, depth);
  else unknownInput(name, cmd.stdin, f);
}

/** SQL for a client; psql's backslash commands are read too (`\! cmd` runs a shell command). */
function assessClientSql(name: string, sql: string, dialect: 'mysql' | 'postgresql', f: Findings, depth: number): void {
  if (name === 'psql' && sql.includes('\\')) {
    const lines = sql.split('\n').map((line) => {
      const m = /^\s*\\(!|i|ir|include|include_relative)(?:\s+(.*))?$/.exec(line);
      if (m === null) return /^\s*\\/.test(line) ? '' : line;
      if (m[1] === '!') assessShellText(m[2] ?? '', 'posix', f, depth + 1);
      else f.unreadable.add(`psql \\${m[1]} runs the SQL file ${m[2] ?? ''}, whose statements are not shown`);
      return '';
    });
    sql = lines.join('\n');
  }
  assessSql(sql, dialect, f.reasons);
}

const REDIS_CLI_OPTIONS: OptionSpec = {
  short: 'hpsaurindDt',
  long: ['--user', '--pass', '--pattern', '--count', '--quoted-pattern', '--cacert', '--cacertdir', '--cert', '--key', '--sni', '--tls-ciphers', '--tls-ciphersuites', '--rdb', '--functions-rdb', '--memkeys-samples', '--pipe-timeout', '--intrinsic-latency', '--eval', '--quoted-input', '--show-pushes', '--keystats-samples'],
};

function redisCli(name: string, args: ShellWord[], cmd: ShellCommand, f: Findings): void {
  let i = 0;
  while (i < args.length) {
    const a = args[i].text;
    if (a === '--cluster') {
      const sub = args[i + 1]?.text.toLowerCase();
      if (sub === 'call') {
        // --cluster call host:port COMMAND args: the command runs on every node.
        const words = args.slice(i + 3).filter((w) => !w.text.startsWith('--cluster-'));
        redisWordsOf(name, words, f);
      } else if (sub === 'del-node') f.reasons.add(`${name} --cluster del-node removes a node from the cluster and shuts it down`);
      return;
    }
    if (a === '--eval') {
      f.unreadable.add(`${name} --eval runs the Lua file ${args[i + 1]?.text ?? ''}, whose content is not shown`);
      return;
    }
    if (!a.startsWith('-') || a === '-') break;
    i += optionWidth(args, i, REDIS_CLI_OPTIONS);
  }
  if (i < args.length) {
    redisWordsOf(name, args.slice(i), f);
    return;
  }
  if (cmd.stdin === undefined) return; // an interactive session
  if (cmd.stdin.literal && cmd.stdin.source !== 'file' && cmd.stdin.source !== 'command') assessRedisScript(cmd.stdin.text, f.reasons);
  else unknownInput(name, cmd.stdin, f);
}

function redisWordsOf(name: string, words: ShellWord[], f: Findings): void {
  if (words.length === 0) return;
  if (!words[0].literal) f.unreadable.add(`the Redis command given to ${name} is only known at run time`);
  assessRedisCommand(words.map((w) => w.text), f.reasons);
}

// ---------------------------------------------------------------------------------------------
// Single tools

const SERVICE_STOPS = new Set(['stop', 'kill', 'mask', 'isolate', 'poweroff', 'reboot', 'halt', 'emergency', 'rescue']);

function assessTool(name: string, args: ShellWord[], cmd: ShellCommand, f: Findings): void {
  const text = args.map((a) => a.text);
  const ops = (spec: OptionSpec = {}): ShellWord[] => operands(args, spec);
  if (/^mkfs(?:\.|$)|^mke2fs$|^mkswap$|^mkntfs$/.test(name)) {
    f.reasons.add(`${name} formats ${list(ops()) || 'a device'}, erasing everything on it`);
    return;
  }
  if (/^kafka-topics(?:\.sh)?$/.test(name)) {
    if (text.includes('--delete')) f.reasons.add(`kafka-topics --delete deletes the topic ${optionValue(args, '--topic') ?? ''} and all its messages`.replace(/ {2}/g, ' '));
    return;
  }
  if (/^kafka-consumer-groups(?:\.sh)?$/.test(name)) {
    const group = optionValue(args, '--group') ?? '';
    if (text.includes('--reset-offsets') && text.includes('--execute') && !text.includes('--dry-run')) f.reasons.add(`kafka-consumer-groups --reset-offsets --execute moves the committed offsets of ${group || 'the group'}: its consumers skip or re-read messages`);
    if (text.includes('--delete')) f.reasons.add(`kafka-consumer-groups --delete deletes the consumer group ${group} and its committed offsets`.replace(/ {2}/g, ' '));
    if (text.includes('--delete-offsets')) f.reasons.add(`kafka-consumer-groups --delete-offsets deletes committed offsets of ${group || 'the group'}`);
    return;
  }
  if (/^kafka-configs(?:\.sh)?$/.test(name)) {
    // The usual way to purge a topic: a retention of seconds, and Kafka deletes the older messages.
    const config = optionValue(args, '--add-config') ?? '';
    const m = /(?:^|,)retention\.ms=(\d+)/.exec(config);
    if (text.includes('--alter') && m !== null && Number(m[1]) < 3_600_000) f.reasons.add(`kafka-configs sets retention.ms=${m[1]}: Kafka deletes every message of the topic older than that`);
    return;
  }
  if (/^kafka-delete-records(?:\.sh)?$/.test(name)) {
    f.reasons.add('kafka-delete-records deletes the records of the partitions up to the given offsets');
    return;
  }
  switch (name) {
    case 'shred':
    case 'wipefs':
    case 'blkdiscard':
      f.reasons.add(`${name} destroys the data on ${list(ops()) || 'the target'} beyond recovery`);
      break;
    case 'truncate': {
      const size = optionValue(args, '-s', '--size') ?? '';
      if (!size.startsWith('+')) f.reasons.add(`truncate cuts ${list(ops({ short: 'sr', long: ['--size', '--reference'] })) || 'the files'} to ${size || 'a size'}, deleting what is beyond`);
      break;
    }
    case 'dd':
      for (const a of text) if (/^of=\/dev\//.test(a) && !HARMLESS_TARGET.test(a.slice(3))) f.reasons.add(`dd ${a} overwrites the device ${a.slice(3)}`);
      break;
    case 'sgdisk':
      if (hasOption(args, 'Z', '--zap-all') || hasOption(args, 'z', '--zap') || hasOption(args, 'o', '--clear')) f.reasons.add('sgdisk --zap-all erases the partition table');
      break;
    case 'chmod':
    case 'chown':
    case 'chgrp': {
      const recursive = hasOption(args, 'R', '--recursive');
      const top = ops().find((w) => /^\/(?:bin|boot|etc|home|lib|lib64|opt|root|sbin|srv|usr|var)?\/?\*?$/.test(w.text));
      if (recursive && top !== undefined) f.reasons.add(`${name} -R on ${top.text} changes ${name === 'chmod' ? 'the permissions' : 'the owner'} of every file under it; the system may stop working`);
      break;
    }
    case 'shutdown':
    case 'reboot':
    case 'halt':
    case 'poweroff':
      if (!(name === 'shutdown' && hasOption(args, 'c'))) f.reasons.add(`${name} stops the machine`);
      break;
    case 'init':
    case 'telinit':
      if (text[0] === '0' || text[0] === '6') f.reasons.add(`${name} ${text[0]} ${text[0] === '0' ? 'stops' : 'restarts'} the machine`);
      break;
    case 'kill':
    case 'pkill':
    case 'killall': {
      const sigkill = args.some((w, i) => ['-9', '-KILL', '-SIGKILL', '--signal=KILL', '--signal=9', '--signal=SIGKILL'].includes(w.text) || ((w.text === '-s' || w.text === '-n' || w.text === '--signal') && /^(?:9|KILL|SIGKILL)$/i.test(text[i + 1] ?? '')));
      if (sigkill) f.reasons.add(`${name} -9 stops ${name === 'kill' ? `process ${list(ops({ short: 'sn', long: ['--signal'] }).filter((w) => !/^-/.test(w.text)))}` : 'the matching processes'} at once, without letting ${name === 'kill' ? 'it' : 'them'} clean up`);
      else if (name !== 'kill' && !hasOption(args, 'l', '--list')) f.reasons.add(`${name} stops every process whose name matches ${list(ops({ short: 'sugtUPGF', long: ['--signal'] })) || ''}`.trimEnd());
      // A plain kill (TERM, HUP) asks one process to stop or reload cleanly: not destructive.
      break;
    }
    case 'systemctl': {
      const o = ops({ short: 'HMpst', long: ['--host', '--machine', '--property', '--signal', '--type', '--state', '--kill-whom', '--root'] });
      const verb = o[0]?.text;
      if (verb !== undefined && SERVICE_STOPS.has(verb)) f.reasons.add(`systemctl ${verb} ${['poweroff', 'reboot', 'halt'].includes(verb) ? 'stops the machine' : `stops ${list(o.slice(1)) || 'the service'}`}`);
      else if (verb === 'disable' && hasOption(args, undefined, '--now')) f.reasons.add(`systemctl disable --now stops ${list(o.slice(1))} and keeps it from starting again`);
      // restart is left out on purpose: the service comes back; reload and status change nothing.
      break;
    }
    case 'service':
      if (SERVICE_STOPS.has(text[1] ?? '')) f.reasons.add(`service ${text[0]} ${text[1]} stops the service`);
      break;
    case 'iptables':
    case 'ip6tables':
      if (hasOption(args, 'F', '--flush') || hasOption(args, 'X', '--delete-chain')) f.reasons.add(`${name} -F deletes every firewall rule of the chain${text.includes('-t') ? ` in table ${optionValue(args, '-t')}` : 's'}`);
      else if (hasOption(args, 'P', '--policy') && text.some((a) => a === 'DROP' || a === 'REJECT')) f.reasons.add(`${name} -P ... DROP makes the default policy drop traffic: it can cut every connection, yours included`);
      break;
    case 'nft':
      if (text[0] === 'flush' || text[0] === 'delete') f.reasons.add(`nft ${text[0]} deletes firewall rules`);
      break;
    case 'ufw':
      if (text[0] === 'reset' || text[0] === 'disable') f.reasons.add(`ufw ${text[0]} removes the firewall's protection`);
      break;
    case 'rsync':
      if (args.some((w) => /^--(?:delete|delete-before|delete-during|delete-delay|delete-after|delete-excluded|remove-source-files)$/.test(w.text)) && !hasOption(args, 'n', '--dry-run')) {
        const o = ops({ short: 'efBTM', long: ['--rsh', '--exclude', '--include', '--filter', '--rsync-path', '--log-file', '--password-file', '--port', '--bwlimit', '--timeout', '--chmod', '--chown', '--backup-dir', '--suffix', '--temp-dir', '--compare-dest', '--link-dest', '--copy-dest', '--files-from', '--exclude-from', '--include-from'] });
        f.reasons.add(args.some((w) => w.text === '--remove-source-files') ? 'rsync --remove-source-files deletes the source files once copied' : `rsync --delete deletes the files in ${o[o.length - 1]?.text ?? 'the destination'} that are not in the source`);
      }
      break;
    case 'journalctl':
      if (args.some((w) => /^--vacuum-(?:size|time|files)/.test(w.text))) f.reasons.add('journalctl --vacuum deletes archived journal files (the logs are gone for good)');
      break;
    case 'crontab':
      if (hasOption(args, 'r', '--remove')) f.reasons.add('crontab -r deletes every cron job of the user, without asking');
      break;
    case 'curl':
      if (args.some((w, i) => /^(?:-X|--request)=?DELETE$/i.test(w.text) || ((w.text === '-X' || w.text === '--request') && /^DELETE$/i.test(text[i + 1] ?? '')))) f.reasons.add('curl sends an HTTP DELETE request');
      break;
    case 'rabbitmqctl': {
      const o = ops({ short: 'nplt', long: ['--node', '--vhost', '--timeout', '--longnames'] });
      const verb = o[0]?.text;
      const vhost = optionValue(args, '-p', '--vhost');
      const target = `${list(o.slice(1))}${vhost !== undefined ? ` (vhost ${vhost})` : ''}`;
      const reasons: Record<string, string> = {
        purge_queue: `rabbitmqctl purge_queue deletes every message in the queue ${target}`,
        delete_queue: `rabbitmqctl delete_queue deletes the queue ${target} and its messages`,
        reset: 'rabbitmqctl reset wipes the node: every queue, message, user and vhost',
        force_reset: 'rabbitmqctl force_reset wipes the node even when the cluster cannot agree: every queue, message, user and vhost',
        delete_vhost: `rabbitmqctl delete_vhost deletes the vhost ${target} with every queue, exchange and message in it`,
        delete_user: `rabbitmqctl delete_user deletes the user ${target}`,
        stop_app: 'rabbitmqctl stop_app stops RabbitMQ on the node',
        stop: 'rabbitmqctl stop stops RabbitMQ and its Erlang node',
        shutdown: 'rabbitmqctl shutdown stops RabbitMQ and its Erlang node',
        close_all_connections: 'rabbitmqctl close_all_connections disconnects every client',
        forget_cluster_node: `rabbitmqctl forget_cluster_node removes ${target} from the cluster`,
      };
      if (verb !== undefined && reasons[verb] !== undefined) f.reasons.add(reasons[verb].trimEnd());
      break;
    }
    case 'rabbitmqadmin': {
      const o = ops({ short: 'HPuVpNkcs', long: ['--host', '--port', '--username', '--password', '--vhost', '--node', '--config', '--format', '--depth'] });
      if (o[0]?.text === 'purge') f.reasons.add(`rabbitmqadmin purge deletes every message in ${list(o.slice(1))}`);
      else if (o[0]?.text === 'get' && o.some((w) => /^ackmode=(?:ack|reject)_requeue_false$/.test(w.text))) f.reasons.add('rabbitmqadmin get with requeue_false takes the messages it shows off the queue for good');
      else if (o[0]?.text === 'delete') f.reasons.add(`rabbitmqadmin delete deletes the ${list(o.slice(1))}`);
      break;
    }
    case 'dropdb':
    case 'dropuser':
      f.reasons.add(`${name} deletes the ${name === 'dropdb' ? 'database' : 'role'} ${list(ops({ short: 'hpUd', long: ['--host', '--port', '--username', '--maintenance-db'] }))}`);
      break;
    case 'pg_resetwal':
    case 'pg_resetxlog':
      f.reasons.add(`${name} rewrites the write-ahead log control data: committed data can be lost`);
      break;
    case 'pg_ctl':
    case 'pg_ctlcluster': {
      const verb = name === 'pg_ctl' ? ops({ short: 'DmltosNUPew' })[0]?.text : text[2];
      if (verb === 'stop' || verb === 'kill') f.reasons.add(`${name} ${verb} stops the PostgreSQL server`);
      else if (verb === 'promote') f.reasons.add(`${name} promote turns the standby into a primary; it stops following the old primary for good`);
      break;
    }
    case 'mysqladmin': {
      const o = ops({ short: 'hPuSc', long: ['--host', '--port', '--user', '--socket'] });
      const verb = o[0]?.text.toLowerCase();
      if (verb === 'drop') f.reasons.add(`mysqladmin drop deletes the database ${o[1]?.text ?? ''}`.trimEnd());
      else if (verb === 'shutdown') f.reasons.add('mysqladmin shutdown stops the MySQL server');
      else if (verb === 'kill') f.reasons.add('mysqladmin kill disconnects sessions and rolls back their transactions');
      break;
    }
    case 'etcdctl': {
      const o = ops({ long: ['--endpoints', '--cacert', '--cert', '--key', '--user', '--command-timeout'] });
      if (o[0]?.text === 'del') f.reasons.add(`etcdctl del deletes ${hasOption(args, undefined, '--prefix', '--from-key') ? 'every key under' : 'the key'} ${o[1]?.text ?? ''}`.trimEnd());
      break;
    }
    case 'vault': {
      const o = ops();
      if (o[0]?.text === 'kv' && ['delete', 'destroy', 'metadata'].includes(o[1]?.text ?? '') && (o[1].text !== 'metadata' || o[2]?.text === 'delete')) f.reasons.add(`vault kv ${o[1].text} deletes secrets${o[1].text !== 'delete' ? ' for good (every version)' : ''}`);
      break;
    }
    case 'consul': {
      const o = ops();
      if (o[0]?.text === 'kv' && o[1]?.text === 'delete') f.reasons.add(`consul kv delete deletes ${hasOption(args, undefined, '-recurse') || text.includes('-recurse') ? 'every key under' : 'the key'} ${o[2]?.text ?? ''}`.trimEnd());
      break;
    }
    case 'zfs':
    case 'zpool':
      if (text[0] === 'destroy') f.reasons.add(`${name} destroy deletes ${text.slice(1).filter((a) => !a.startsWith('-')).join(' ')} and its data`);
      break;
    case 'lvremove':
    case 'vgremove':
    case 'pvremove':
      f.reasons.add(`${name} deletes the volume ${list(ops())} and its data`);
      break;
    case 'virsh':
      if (text[0] === 'destroy' || text[0] === 'undefine') f.reasons.add(`virsh ${text[0]} ${text[0] === 'destroy' ? 'powers off the machine at once' : 'deletes the machine definition'}`);
      break;
  }
  void cmd;
}

// ---------------------------------------------------------------------------------------------
// PowerShell cmdlets (the native tools above are judged the same in PowerShell)

const REMOVE_ITEM = new Set(['remove-item', 'rm', 'del', 'erase', 'ri', 'rd', 'rmdir']);

/** True when the name was a PowerShell cmdlet or alias handled here. */
function assessPowerShell(name: string, args: ShellWord[], f: Findings): boolean {
  const params = args.filter((a) => a.text.startsWith('-')).map((a) => a.text.toLowerCase().split(':')[0]);
  const positional = args.filter((a) => !a.text.startsWith('-'));
  const param = (full: string, min = 2): boolean => params.some((p) => p.length - 1 >= min && full.startsWith(p.slice(1)));
  if (name === 'invoke-expression' || name === 'iex' || name === 'invoke-command' || name === 'icm' || name === 'start-process' || name === 'saps' || name === '&') {
    f.unreadable.add(`${name} runs code that is not followed here`);
    return true;
  }
  if (param('whatif', 1)) return true; // -WhatIf only shows what would happen
  if (REMOVE_ITEM.has(name)) {
    const recurse = params.some((p) => p.length >= 2 && 'recurse'.startsWith(p.slice(1))) || params.some((p) => /^-r[a-z]*$/.test(p) && p.includes('f'));
    const glob = positional.find((a) => /[*?]/.test(a.text));
    if (recurse) f.reasons.add(`Remove-Item -Recurse deletes ${list(positional) || 'the items'} and everything under ${positional.length === 1 ? 'it' : 'them'}`);
    else if (glob !== undefined) f.reasons.add(`Remove-Item deletes every item matching ${glob.text}`);
    return true;
  }
  if (name.startsWith('remove-')) {
    f.reasons.add(`${name} deletes ${list(positional) || 'what it names'}`);
    return true;
  }
  const cmdlets: Record<string, string> = {
    'clear-content': 'Clear-Content empties the files',
    clc: 'Clear-Content empties the files',
    'clear-disk': 'Clear-Disk erases every partition and the data on the disk',
    'format-volume': 'Format-Volume erases everything on the volume',
    'initialize-disk': 'Initialize-Disk rewrites the partition table of the disk',
    'clear-recyclebin': 'Clear-RecycleBin deletes the recycle bin contents for good',
    'stop-computer': 'Stop-Computer stops the machine',
    'restart-computer': 'Restart-Computer restarts the machine',
    'stop-service': `Stop-Service stops ${list(positional) || 'the service'}`,
    spsv: `Stop-Service stops ${list(positional) || 'the service'}`,
    'stop-process': `Stop-Process stops ${list(positional) || 'the processes'} at once`,
    spps: `Stop-Process stops ${list(positional) || 'the processes'} at once`,
  };
  if (cmdlets[name] !== undefined) {
    f.reasons.add(cmdlets[name]);
    return true;
  }
  if (name === 'kill' && !args.some((a) => /^-\d+$|^-s$/.test(a.text))) {
    f.reasons.add(`Stop-Process stops ${list(positional) || 'the processes'} at once`);
    return true;
  }
  return false;
}
