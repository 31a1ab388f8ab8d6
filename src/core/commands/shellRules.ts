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
import { basename, firstOperand, hasOption, isDryRun, list, operands, optionValue, optionWidth, type Findings, type OptionSpec, type ShellKind, HARMLESS_TARGET } from './commandWords';
import { assessPowerShell, assessTool } from './toolRules';

export type { Findings, ShellKind } from './commandWords';

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

