// Standard output and error for the CLI. When they are pipes, sockets or files (POSIX), the bytes
// go straight to the file descriptor: process.stdout and process.stderr load Node's stream and
// net modules on first use, 8-10 ms of every run (measured with --cpu-prof on `runbook lint` of a
// one-line file piped to another process). Terminals, and Windows, keep Node's streams.
import * as fs from 'node:fs';

const NON_ASCII = /[^\x00-\x7f]/;

/** All-ASCII text (the usual case) is written as latin1: the same bytes, cheaper to encode. */
const encodingOf = (s: string): BufferEncoding => (NON_ASCII.test(s) ? 'utf8' : 'latin1');

/** A standard stream: whole pieces of output, written before `write` returns. */
export interface StdStream {
  write(data: string | Uint8Array): void;
}

/** Whether fd is a pipe, socket or regular file on a POSIX system (else: a terminal, /dev/null, Windows). */
function writesDirectly(fd: number): boolean {
  if (process.platform === 'win32') return false;
  try {
    const st = fs.fstatSync(fd);
    return st.isFIFO() || st.isSocket() || st.isFile();
  } catch {
    return false;
  }
}

let pause: Int32Array | undefined;

/** Writes all of `bytes` to fd, waiting out a full non-blocking pipe. Throws EPIPE and other errors. */
function writeAll(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) {
    try {
      off += fs.writeSync(fd, bytes, off, bytes.length - off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      // The reader is behind and the descriptor is non-blocking (inherited from a parent that set it so).
      Atomics.wait((pause ??= new Int32Array(new SharedArrayBuffer(4))), 0, 0, 2);
    }
  }
}

/**
 * fd 1 or 2 as a StdStream. `onClosed` runs when the reader has gone (EPIPE: `runbook lint | head`),
 * which is not an error worth a stack trace.
 */
export function stdStream(fd: 1 | 2, onClosed: () => void): StdStream {
  if (!writesDirectly(fd)) {
    const stream = fd === 1 ? process.stdout : process.stderr;
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') onClosed();
    });
    return {
      write: (data) => {
        if (typeof data === 'string') stream.write(data, encodingOf(data));
        else stream.write(data);
      },
    };
  }
  return {
    write: (data) => {
      try {
        writeAll(fd, typeof data === 'string' ? Buffer.from(data, encodingOf(data)) : data);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EPIPE') onClosed();
        else throw e;
      }
    },
  };
}
