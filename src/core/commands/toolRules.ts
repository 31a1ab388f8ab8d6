// Single tools whose destructive verbs are known from their documented options (mkfs, dd,
// truncate, kill, systemctl, iptables, rsync, crontab, rabbitmqctl, dropdb, etcdctl, consul...),
// and PowerShell's cmdlets. None of them runs another command, so nothing here recurses.
import { HARMLESS_TARGET, hasOption, list, operands, optionValue, type Findings, type OptionSpec } from './commandWords';
import type { ShellCommand, ShellWord } from './shellSyntax';

// ---------------------------------------------------------------------------------------------
// Single tools

const SERVICE_STOPS = new Set(['stop', 'kill', 'mask', 'isolate', 'poweroff', 'reboot', 'halt', 'emergency', 'rescue']);

export function assessTool(name: string, args: ShellWord[], cmd: ShellCommand, f: Findings): void {
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
export function assessPowerShell(name: string, args: ShellWord[], f: Findings): boolean {
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
