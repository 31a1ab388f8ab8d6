// Decoding a file's bytes as UTF-8 without hiding damage: invalid sequences still become U+FFFD
// (so the rest of the file loads), and the first one is reported with its line and column.
import type { Problem } from './runbook/runbookModel';

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/** Length of the valid UTF-8 sequence starting at `i`, or 0 when the bytes there are invalid. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  if (b < 0x80) return 1;
  const cont = (k: number): boolean => i + k < bytes.length && (bytes[i + k] & 0xc0) === 0x80;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const b1 = bytes[i + 1];
    // No overlong forms (E0 80..9F) and no surrogates (ED A0..BF).
    if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f)) return 0;
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const b1 = bytes[i + 1];
    if ((b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f)) return 0;
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** Byte offset of the first invalid sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const n = sequenceLength(bytes, i);
    if (n === 0) return i;
    i += n;
  }
  return -1;
}

/** The text of `bytes`, and a problem at the first invalid UTF-8 sequence if there is one. */
export function decodeUtf8(bytes: Uint8Array, file: string): { text: string; problem?: Problem } {
  try {
    return { text: strict.decode(bytes) };
  } catch {
    // Only damaged files get here: find where, for the message.
  }
  const text = lenient.decode(bytes);
  const at = firstInvalidUtf8(bytes);
  if (at < 0) return { text };
  // lastIndexOf with a negative start counts from the end: a bad first byte starts line 1.
  const lineStart = at === 0 ? 0 : bytes.lastIndexOf(0x0a, at - 1) + 1;
  const line = bytes.subarray(0, lineStart).reduce((n, b) => (b === 0x0a ? n + 1 : n), 1);
  const column = lenient.decode(bytes.subarray(lineStart, at)).length + 1;
  const hex = bytes[at].toString(16).toUpperCase().padStart(2, '0');
  return {
    text,
    problem: {
      file,
      line,
      column,
      severity: 'error',
      code: 'invalid-utf8',
      message: `Not valid UTF-8 (byte 0x${hex}); save the file as UTF-8 (the bad bytes read as \ufffd)`,
    },
  };
}
