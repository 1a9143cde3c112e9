/**
 * The .xlsx package's zip container, written and read a piece at a time so that a sheet's XML
 * never exists whole in memory. The zip format itself is the libraries' business; this module
 * only turns their streams and events into the promises the package writer and reader await.
 */
import { once } from 'node:events';
import type { WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline as pipe, Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { createInflateRaw, type ZlibOptions } from 'node:zlib';
import yauzl from 'yauzl';
import yazl from 'yazl';

// Level 6 costs about twice the time of level 4 for a few percent smaller sheets.
const LEVEL = 4;
const DEFLATED = 8;

export class ZipWriter {
  private readonly zip = new yazl.ZipFile();
  private readonly written: Promise<void>;
  /** Rejects on the first failure anywhere: an entry waiting on a stalled stream would wait forever. */
  private readonly failed: Promise<never>;
  private source: Readable | undefined;

  private constructor(private readonly file: WriteStream) {
    let fail!: (e: unknown) => void;
    this.failed = new Promise<never>((_, reject) => (fail = reject));
    this.failed.catch(() => undefined);
    this.zip.on('error', fail);
    this.written = pipeline(this.zip.outputStream, file);
    this.written.catch(fail);
  }

  /** Opens the file first, so a path that cannot be written fails before any work is done. */
  static async create(file: string): Promise<ZipWriter> {
    const handle = await open(file, 'w');
    return new ZipWriter(handle.createWriteStream());
  }

  addText(name: string, text: string): void {
    this.zip.addBuffer(Buffer.from(text, 'utf8'), name, { compressionLevel: LEVEL });
  }

  /** The parts are pulled one at a time, as the compressed bytes reach the file. */
  async addParts(name: string, parts: Iterable<string>): Promise<void> {
    function* bytes(): Generator<Buffer> {
      for (const part of parts) yield Buffer.from(part, 'utf8');
    }
    const source = Readable.from(bytes(), { objectMode: false });
    this.source = source;
    // The archive pipes the source without watching it: its errors are this promise's.
    const done = finished(source);
    this.zip.addReadStream(source, name, { compressionLevel: LEVEL });
    await Promise.race([done, this.failed]);
    this.source = undefined;
  }

  /** Resolves once the last byte is on disk and the file is closed. */
  async close(): Promise<void> {
    this.zip.end();
    await Promise.race([this.written, this.failed]);
  }

  /** Closes the file after a failure; the caller removes it. */
  async abandon(): Promise<void> {
    this.source?.destroy();
    if (this.file.closed) return;
    const closed = once(this.file, 'close').catch(() => undefined);
    this.file.destroy();
    await closed;
  }
}

export class ZipReader {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly entries: Map<string, yauzl.Entry>,
  ) {}

  /** Undefined when the file is not a zip archive; the caller closes the reader it gets. */
  static async open(file: string): Promise<ZipReader | undefined> {
    let zip: yauzl.ZipFile;
    try {
      zip = await yauzl.openPromise(file, { autoClose: false });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code) throw e;
      return undefined;
    }
    const entries = new Map<string, yauzl.Entry>();
    try {
      for await (const entry of zip.eachEntry()) entries.set(entry.fileName, entry);
    } catch (e) {
      zip.close();
      if ((e as NodeJS.ErrnoException).code) throw e;
      return undefined;
    }
    return new ZipReader(zip, entries);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  async text(name: string): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const piece of this.pieces(name)) chunks.push(piece);
    return Buffer.concat(chunks).toString('utf8');
  }

  /** The entry's bytes in pieces, so a large sheet is never whole in memory. */
  async *pieces(name: string): AsyncGenerator<Buffer> {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`the package has no ${name}`);
    if (entry.compressionMethod !== DEFLATED) {
      yield* (await this.zip.openReadStreamPromise(entry)) as AsyncIterable<Buffer>;
      return;
    }
    // Inflated here in megabyte pieces with a few megabytes read ahead, so that inflating runs
    // beside the parsing: the library's own 16 KB pieces, one thread-pool trip each, made
    // reading a large sheet about a fifth slower.
    const inflate = createInflateRaw({ chunkSize: 1 << 20, readableHighWaterMark: 4 << 20 } as ZlibOptions);
    pipe(await this.zip.openReadStreamPromise(entry, { decodeFileData: false }), inflate, () => undefined);
    let size = 0;
    for await (const piece of inflate as AsyncIterable<Buffer>) {
      size += piece.length;
      yield piece;
    }
    if (size !== entry.uncompressedSize) throw new Error(`${name} is damaged`);
  }

  close(): void {
    this.zip.close();
  }
}
