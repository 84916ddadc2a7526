// The compression codecs a Parquet file uses, read from its footer: the FileMetaData struct in Thrift's compact
// protocol (parquet-format's parquet.thrift). Only what the end-to-end test needs to prove files are Snappy, so it
// decodes the footer generically and picks row_groups(4) → columns(1) → meta_data(3) → codec(4).

const CODECS = ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'LZO', 'BROTLI', 'LZ4', 'ZSTD', 'LZ4_RAW'];

type Value = number | bigint | boolean | Buffer | Value[] | Struct;
type Struct = Map<number, Value>;

class CompactReader {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}

  private byte(): number {
    if (this.pos >= this.buf.length) throw new Error('Parquet footer: truncated Thrift data');
    return this.buf[this.pos++] as number;
  }

  private varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  }

  private zigzag(): bigint {
    const n = this.varint();
    return (n >> 1n) ^ -(n & 1n);
  }

  private value(type: number): Value {
    switch (type) {
      case 1:
        return true;
      case 2:
        return false;
      case 3:
        return this.byte();
      case 4:
      case 5:
        return Number(this.zigzag());
      case 6:
        return this.zigzag();
      case 7:
        this.pos += 8;
        return 0;
      case 8: {
        const length = Number(this.varint());
        const bytes = this.buf.subarray(this.pos, this.pos + length);
        this.pos += length;
        return bytes;
      }
      case 9:
      case 10:
        return this.list();
      case 11:
        return this.map();
      case 12:
        return this.struct();
      default:
        throw new Error(`Parquet footer: unknown Thrift compact type ${type}`);
    }
  }

  private list(): Value[] {
    const header = this.byte();
    const size = header >> 4 === 15 ? Number(this.varint()) : header >> 4;
    const type = header & 0x0f;
    // Booleans inside a list are one byte each (1 = true).
    return Array.from({ length: size }, () =>
      type === 1 || type === 2 ? this.byte() === 1 : this.value(type),
    );
  }

  private map(): Value[] {
    const size = Number(this.varint());
    if (size === 0) return [];
    const types = this.byte();
    const entries: Value[] = [];
    for (let i = 0; i < size; i++) entries.push([this.value(types >> 4), this.value(types & 0x0f)]);
    return entries;
  }

  struct(): Struct {
    const fields: Struct = new Map();
    let lastId = 0;
    for (;;) {
      const header = this.byte();
      if (header === 0) return fields;
      const delta = header >> 4;
      const id = delta === 0 ? Number(this.zigzag()) : lastId + delta;
      fields.set(id, this.value(header & 0x0f));
      lastId = id;
    }
  }
}

/** The distinct codecs of every column chunk of a Parquet file (its bytes, or at least its tail with the footer). */
export function parquetCodecs(file: Buffer): string[] {
  const magic = file.subarray(file.length - 4).toString('latin1');
  if (magic !== 'PAR1') throw new Error(`not a Parquet file (ends with ${JSON.stringify(magic)})`);
  const footerLength = file.readUInt32LE(file.length - 8);
  const footer = file.subarray(file.length - 8 - footerLength, file.length - 8);
  const metadata = new CompactReader(footer).struct();
  const codecs = new Set<string>();
  for (const rowGroup of (metadata.get(4) ?? []) as Struct[]) {
    for (const column of (rowGroup.get(1) ?? []) as Struct[]) {
      const code = (column.get(3) as Struct | undefined)?.get(4) as number | undefined;
      codecs.add(code === undefined ? 'unknown' : (CODECS[code] ?? `codec ${code}`));
    }
  }
  return [...codecs].sort();
}
