// Reading a file that a stranger's repository may have made into anything: a FIFO (its open waits
// for a writer and its read never ends), a link to /dev/zero (endless), a link out of the
// workspace, a file that grows while it is read. The file is opened non-blocking and judged on the
// open handle, so a name swapped between a check and the open cannot slip through; only a regular
// file is read, and never more than the cap.
import { closeSync, constants, fstatSync, openSync, promises as fsp, readSync, type Stats } from 'node:fs';
import * as path from 'node:path';

export type RegularFileRead =
  | { bytes: Uint8Array; stats: Stats }
  /** What it is instead, for a message: "a named pipe (FIFO)", "a device"... */
  | { notRegular: string }
  | { tooLargeBytes: number };

const FIRST_CHUNK = 64 * 1024;

export async function readRegularFile(file: string, maxBytes: number): Promise<RegularFileRead> {
  // O_NONBLOCK: opening a FIFO without a writer returns at once instead of waiting (POSIX);
  // on a regular file it changes nothing. Windows has neither FIFOs nor the flag.
  const handle = await fsp.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return { notRegular: describeKind(stats) };
    if (stats.size > maxBytes) return { tooLargeBytes: stats.size };
    // Read to the end, not to the size seen: the file may have grown since (up to the cap).
    let buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(stats.size + 1, FIRST_CHUNK)));
    let total = 0;
    for (;;) {
      if (total === buffer.length) {
        if (total > maxBytes) return { tooLargeBytes: total };
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2));
        buffer.copy(bigger, 0, 0, total);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, total, buffer.length - total, total);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    if (total > maxBytes) return { tooLargeBytes: total };
    return { bytes: buffer.subarray(0, total), stats };
  } finally {
    await handle.close();
  }
}

/**
 * The same, synchronously, for the few small files read inside activate() (see the library): only
 * files of at most `maxBytes`, which are read whole in one call.
 */
export function readRegularFileSync(file: string, maxBytes: number): RegularFileRead {
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { notRegular: describeKind(stats) };
    if (stats.size > maxBytes) return { tooLargeBytes: stats.size };
    const buffer = Buffer.allocUnsafe(maxBytes + 1);
    let total = 0;
    for (let n; total <= maxBytes && (n = readSync(fd, buffer, total, buffer.length - total, total)) > 0; ) total += n;
    if (total > maxBytes) return { tooLargeBytes: total };
    return { bytes: buffer.subarray(0, total), stats };
  } finally {
    closeSync(fd);
  }
}

export function describeKind(stats: Stats): string {
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isDirectory()) return 'a folder';
  return 'not a regular file';
}

/** Whether `file` (absolute, links resolved) is `folder` or inside it. */
export function isInsideFolder(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/**
 * Where a path really leads, links resolved; undefined when it leads nowhere (a dangling link).
 * Used in Restricted Mode, where nothing outside the workspace is read through a link.
 */
export async function realPathOf(file: string): Promise<string | undefined> {
  try {
    return await fsp.realpath(file);
  } catch {
    return undefined;
  }
}
