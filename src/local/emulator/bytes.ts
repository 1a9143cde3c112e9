/** Apps Script hands bytes to scripts as Byte[]: numbers from -128 to 127. */
export function toSignedBytes(data: Uint8Array): number[] {
  return Array.from(data, (b) => (b > 127 ? b - 256 : b));
}

export function fromScriptBytes(bytes: readonly unknown[]): Uint8Array {
  return Uint8Array.from(bytes, (b) => Number(b) & 0xff);
}

export function charsetName(charset: unknown): BufferEncoding {
  const c = String(charset ?? 'UTF-8').toLowerCase().replace(/[^a-z0-9]/g, '');
  if (c === 'usascii' || c === 'ascii') return 'ascii';
  if (c === 'iso88591' || c === 'latin1') return 'latin1';
  if (c === 'utf16le') return 'utf16le';
  return 'utf8';
}
