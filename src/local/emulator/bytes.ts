/** Apps Script hands bytes to scripts as Byte[]: numbers from -128 to 127. */
export function toSignedBytes(data: Uint8Array): number[] {
  return Array.from(data, (b) => (b > 127 ? b - 256 : b));
}

export function fromScriptBytes(bytes: readonly unknown[]): Uint8Array {
  return Uint8Array.from(bytes, (b) => Number(b) & 0xff);
}

export function charsetName(charset: unknown): BufferEncoding {
  const c = String(charset ?? 'UTF-8')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  if (c === 'usascii' || c === 'ascii') return 'ascii';
  if (c === 'iso88591' || c === 'latin1') return 'latin1';
  if (c === 'utf16le') return 'utf16le';
  return 'utf8';
}

// Node's TextDecoder decodes windows-1252 as ISO-8859-1 (0x80 is not €), so its 0x80–0x9F row is
// spelled out; 0x81, 0x8D, 0x8F, 0x90 and 0x9D are unassigned, which Java decodes as U+FFFD.
const CP1252_HIGH = '€\ufffd‚ƒ„…†‡ˆ‰Š‹Œ\ufffdŽ\ufffd\ufffd‘’“”•–—˜™š›œ\ufffdžŸ';

function windows1252(data: Uint8Array): string {
  let out = '';
  for (const b of data) out += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
  return out;
}

/**
 * Bytes to text with a Java charset name, as getContentText(charset) and getDataAsString(charset)
 * decode: Java's names and aliases (windows-1252, Cp1252, ISO-8859-1, UTF-16…); undefined for a
 * name Java does not know. Java's ISO-8859-1 and US-ASCII are the real ones, not the WHATWG
 * aliases of windows-1252 that TextDecoder would use.
 * https://docs.oracle.com/javase/8/docs/technotes/guides/intl/encoding.doc.html
 */
export function decodeText(data: Uint8Array, charset: unknown): string | undefined {
  const name = String(charset ?? 'UTF-8')
    .trim()
    .toLowerCase();
  const bare = name.replace(/[^a-z0-9]/g, '');
  if (bare === 'usascii' || bare === 'ascii' || bare === 'iso646us')
    return Array.from(data, (b) => (b < 128 ? String.fromCharCode(b) : '\ufffd')).join('');
  if (bare === 'iso88591' || bare === 'latin1' || bare === 'l1' || bare === 'cp819' || bare === 'iso8859_1')
    return Buffer.from(data).toString('latin1');
  if (bare === 'utf8') return Buffer.from(data).toString('utf8');
  if (bare === 'utf16') {
    // Java's UTF-16 reads a byte-order mark and is big-endian without one.
    if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le').decode(data.subarray(2));
    if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data.subarray(2));
    return new TextDecoder('utf-16be').decode(data);
  }
  const cp = /^(?:cp|ms|windows)(\d{3,4})$/.exec(bare);
  if (cp?.[1] === '1252') return windows1252(data);
  const label = cp ? `windows-${cp[1]}` : name;
  try {
    return new TextDecoder(label).decode(data);
  } catch {
    return undefined;
  }
}
