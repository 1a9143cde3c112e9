/**
 * Just enough of the zip format for .xlsx packages: entries are deflated as they are produced
 * (a sheet's XML never exists whole in memory) and read back the same way.
 * No zip64: an .xlsx part over 4 GB is refused rather than written unreadable.
 */
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, createDeflateRaw, createInflateRaw, deflateRawSync, inflateRawSync } from 'node:zlib';

const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
const UTF8_NAMES = 0x0800;
const SIZES_AFTER_DATA = 0x0008;
const DEFLATED = 8;
const STORED = 0;
const LIMIT = 0xffffffff;
// Level 6 costs about twice the time of level 4 for a few percent smaller sheets.
const LEVEL = 4;

interface WrittenEntry {
  name: Buffer;
  flags: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

function dosDateTime(d: Date): { date: number; time: number } {
  return {
    date: ((Math.max(d.getFullYear(), 1980) - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
  };
}

function checkSize(n: number, what: string): number {
  if (n > LIMIT) throw new Error(`${what} is larger than an .xlsx file can hold (4 GB)`);
  return n;
}

export class ZipWriter {
  private offset = 0;
  private readonly entries: WrittenEntry[] = [];
  private readonly stamp = dosDateTime(new Date());

  private constructor(private readonly handle: FileHandle) {}

  static async create(file: string): Promise<ZipWriter> {
    return new ZipWriter(await open(file, 'w'));
  }

  private async put(bytes: Buffer): Promise<void> {
    for (let done = 0; done < bytes.length; ) {
      const { bytesWritten } = await this.handle.write(bytes, done, bytes.length - done);
      done += bytesWritten;
    }
    this.offset += bytes.length;
  }

  private header(name: Buffer, flags: number, crc: number, compressed: number, size: number): Buffer {
    const h = Buffer.alloc(30);
    h.writeUInt32LE(LOCAL_HEADER, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(flags, 6);
    h.writeUInt16LE(DEFLATED, 8);
    h.writeUInt16LE(this.stamp.time, 10);
    h.writeUInt16LE(this.stamp.date, 12);
    h.writeUInt32LE(crc, 14);
    h.writeUInt32LE(compressed, 18);
    h.writeUInt32LE(size, 22);
    h.writeUInt16LE(name.length, 26);
    return Buffer.concat([h, name]);
  }

  async addText(name: string, text: string): Promise<void> {
    const bytes = Buffer.from(text, 'utf8');
    const data = deflateRawSync(bytes, { level: LEVEL });
    const entry: WrittenEntry = { name: Buffer.from(name, 'utf8'), flags: UTF8_NAMES, crc: crc32(bytes), compressed: data.length, size: bytes.length, offset: this.offset };
    await this.put(this.header(entry.name, entry.flags, entry.crc, entry.compressed, entry.size));
    await this.put(data);
    this.entries.push(entry);
  }

  /** The parts are pulled one at a time, as the compressed bytes reach the file. */
  async addParts(name: string, parts: Iterable<string>): Promise<void> {
    const entry: WrittenEntry = { name: Buffer.from(name, 'utf8'), flags: UTF8_NAMES | SIZES_AFTER_DATA, crc: 0, compressed: 0, size: 0, offset: this.offset };
    await this.put(this.header(entry.name, entry.flags, 0, 0, 0));
    function* bytes(): Generator<Buffer> {
      for (const part of parts) {
        const b = Buffer.from(part, 'utf8');
        entry.crc = crc32(b, entry.crc);
        entry.size += b.length;
        yield b;
      }
    }
    await pipeline(Readable.from(bytes()), createDeflateRaw({ level: LEVEL, chunkSize: 1 << 20 }), async (compressed: AsyncIterable<Buffer>) => {
      for await (const b of compressed) {
        entry.compressed += b.length;
        await this.put(b);
      }
    });
    checkSize(entry.size, name);
    const d = Buffer.alloc(16);
    d.writeUInt32LE(DATA_DESCRIPTOR, 0);
    d.writeUInt32LE(entry.crc, 4);
    d.writeUInt32LE(entry.compressed, 8);
    d.writeUInt32LE(entry.size, 12);
    await this.put(d);
    this.entries.push(entry);
  }

  async close(): Promise<void> {
    try {
      const start = checkSize(this.offset, 'The workbook');
      for (const e of this.entries) {
        const h = Buffer.alloc(46);
        h.writeUInt32LE(CENTRAL_HEADER, 0);
        h.writeUInt16LE(20, 4);
        h.writeUInt16LE(20, 6);
        h.writeUInt16LE(e.flags, 8);
        h.writeUInt16LE(DEFLATED, 10);
        h.writeUInt16LE(this.stamp.time, 12);
        h.writeUInt16LE(this.stamp.date, 14);
        h.writeUInt32LE(e.crc, 16);
        h.writeUInt32LE(e.compressed, 20);
        h.writeUInt32LE(e.size, 24);
        h.writeUInt16LE(e.name.length, 28);
        h.writeUInt32LE(e.offset, 42);
        await this.put(Buffer.concat([h, e.name]));
      }
      const end = Buffer.alloc(22);
      end.writeUInt32LE(END_OF_CENTRAL, 0);
      end.writeUInt16LE(this.entries.length, 8);
      end.writeUInt16LE(this.entries.length, 10);
      end.writeUInt32LE(checkSize(this.offset - start, 'The workbook'), 12);
      end.writeUInt32LE(start, 16);
      await this.put(end);
    } finally {
      await this.handle.close();
    }
  }

  /** Closes the file after a failure; the caller removes it. */
  async abandon(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}

interface ReadEntry {
  method: number;
  compressed: number;
  size: number;
  offset: number;
}

export class ZipReader {
  private constructor(
    private readonly data: Buffer,
    private readonly entries: Map<string, ReadEntry>,
  ) {}

  /** Undefined when the file is not a zip archive this reader understands. */
  static async open(file: string): Promise<ZipReader | undefined> {
    const data = await readFile(file);
    let end = -1;
    for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i--) {
      if (data.readUInt32LE(i) === END_OF_CENTRAL) {
        end = i;
        break;
      }
    }
    if (end < 0) return undefined;
    const count = data.readUInt16LE(end + 10);
    const entries = new Map<string, ReadEntry>();
    let p = data.readUInt32LE(end + 16);
    for (let n = 0; n < count; n++) {
      if (p + 46 > data.length || data.readUInt32LE(p) !== CENTRAL_HEADER) return undefined;
      const nameLength = data.readUInt16LE(p + 28);
      const name = data.toString('utf8', p + 46, p + 46 + nameLength);
      entries.set(name, { method: data.readUInt16LE(p + 10), compressed: data.readUInt32LE(p + 20), size: data.readUInt32LE(p + 24), offset: data.readUInt32LE(p + 42) });
      p += 46 + nameLength + data.readUInt16LE(p + 30) + data.readUInt16LE(p + 32);
    }
    return new ZipReader(data, entries);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  private raw(name: string): { method: number; bytes: Buffer } {
    const e = this.entries.get(name);
    if (!e) throw new Error(`the package has no ${name}`);
    const at = e.offset;
    if (this.data.readUInt32LE(at) !== LOCAL_HEADER) throw new Error(`${name} is damaged`);
    const start = at + 30 + this.data.readUInt16LE(at + 26) + this.data.readUInt16LE(at + 28);
    if (e.method !== STORED && e.method !== DEFLATED) throw new Error(`${name} uses an unsupported compression`);
    return { method: e.method, bytes: this.data.subarray(start, start + e.compressed) };
  }

  text(name: string): string {
    const { method, bytes } = this.raw(name);
    return (method === STORED ? bytes : inflateRawSync(bytes)).toString('utf8');
  }

  /** The entry's bytes in pieces, so a large sheet is never whole in memory. */
  async *pieces(name: string): AsyncGenerator<Buffer> {
    const { method, bytes } = this.raw(name);
    if (method === STORED) {
      yield bytes;
      return;
    }
    const inflate = createInflateRaw({ chunkSize: 1 << 20 });
    inflate.end(bytes);
    yield* inflate as AsyncIterable<Buffer>;
  }
}
