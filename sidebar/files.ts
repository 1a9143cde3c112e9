/** Reading a chosen file in the browser: the server gets text or rows, never a file handle. */
import { formatBytes } from './format';
import { decodeText } from '../src/core/text-decoding';

/**
 * Larger files are refused before they are read: a browser tab holding the text, its parsed
 * rows and the upload at once runs short of memory, and no real export of this kind is near it.
 */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** Why a file is refused before reading, or null. `hint` says what to export instead. */
export function sizeProblem(file: { name: string; size: number }, hint: string): string | null {
  if (file.size <= MAX_UPLOAD_BYTES) return null;
  return `${file.name}: the file is ${formatBytes(file.size)}; files up to ${formatBytes(MAX_UPLOAD_BYTES)} can be uploaded. ${hint}`;
}

/** The file's text, whatever its encoding; throws a message naming the file. */
export async function readFileText(file: File, hint: string): Promise<string> {
  const tooBig = sizeProblem(file, hint);
  if (tooBig) throw new Error(tooBig);
  let bytes: ArrayBuffer;
  try {
    bytes = await file.arrayBuffer();
  } catch {
    throw new Error(`${file.name}: the file could not be read by the browser.`);
  }
  return decodeText(new Uint8Array(bytes));
}
