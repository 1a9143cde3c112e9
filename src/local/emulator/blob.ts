/**
 * A minimal Blob, enough for HTTPResponse.getBlob() and Utilities.newBlob().
 * https://developers.google.com/apps-script/reference/base/blob
 */
import { charsetName, decodeText, toSignedBytes } from './bytes';
import type { Realm } from './execution';

export class Blob {
  #data: Uint8Array;
  #contentType: string | null;
  #name: string | null;
  readonly #realm: () => Realm;

  constructor(realm: () => Realm, data: Uint8Array, contentType: string | null, name: string | null) {
    this.#realm = realm;
    this.#data = data;
    this.#contentType = contentType;
    this.#name = name;
  }

  static dataOf(blob: unknown): Uint8Array | undefined {
    return blob instanceof Blob ? blob.#data : undefined;
  }

  getBytes(): number[] {
    return this.#realm().array(toSignedBytes(this.#data));
  }

  /** Java charsets; a name Java does not know is refused (the message's wording is not documented). */
  getDataAsString(charset?: string): string {
    const text = decodeText(this.#data, charset);
    if (text === undefined) throw this.#realm().error(`Unsupported charset: ${String(charset)}`);
    return text;
  }

  setDataFromString(text: string, charset?: string): Blob {
    this.#data = new Uint8Array(Buffer.from(String(text), charsetName(charset)));
    return this;
  }

  getContentType(): string | null {
    return this.#contentType;
  }

  setContentType(contentType: string): Blob {
    this.#contentType = String(contentType);
    return this;
  }

  getName(): string | null {
    return this.#name;
  }

  setName(name: string): Blob {
    this.#name = String(name);
    return this;
  }

  copyBlob(): Blob {
    return new Blob(this.#realm, new Uint8Array(this.#data), this.#contentType, this.#name);
  }

  isGoogleType(): boolean {
    return false;
  }

  toString(): string {
    return 'Blob';
  }
}
