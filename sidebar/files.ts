/** Reading the chosen file in the browser: the server gets text, never a file handle. */

/**
 * Larger files are refused before they are read: the whole text crosses google.script.run in
 * one call, and a conversation list of any real account is a small fraction of this.
 */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export function readFileAsText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(new Error(`${file.name}: the file could not be read by the browser.`));
    reader.readAsText(file);
  });
}
