/**
 * Bytes of a text file to a string, the same in the browser (the sidebar reads chosen files)
 * and in Node (the command line). Exports come as UTF-8 (with or without Excel's BOM),
 * UTF-16 from Excel's "Unicode text", or Windows-1252 from older desktop software such as
 * QuickBooks Desktop; invalid UTF-8 is the sign of the last.
 */

// Core is compiled without the DOM and Node typings; both runtimes have this WHATWG class.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}

export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
