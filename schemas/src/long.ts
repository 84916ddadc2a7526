// Avro longs as JavaScript numbers over the whole 64-bit range. avsc's own long refuses to decode a value beyond
// 2^53 and encodes some below it wrongly (the zigzag form of −9e15 is not a double), while Java reads every
// long: a producer's timestamp of 2^60 must reach the bounds check and be dead-lettered as
// timestamp-out-of-bounds, as the Java runtime does, not fail as malformed Avro.
import avro from 'avsc';

const LONG_MIN = -(2 ** 63);
const LONG_MAX_EXCLUSIVE = 2 ** 63;

/** A whole number within Avro's (Java's) long range. */
export const isLong = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= LONG_MIN && value < LONG_MAX_EXCLUSIVE;

const TWO_32 = 2 ** 32;

/**
 * Exact for safe integers; beyond ±2^53 the nearest double (such values are out of every bound anyway). The
 * 8 bytes are two's complement little-endian, split into 32-bit halves: exact, and cheaper than a BigInt.
 */
export const LONG_AS_NUMBER: avro.Type = avro.types.LongType.__with({
  fromBuffer: (buffer: Buffer) => buffer.readInt32LE(4) * TWO_32 + buffer.readUInt32LE(0),
  toBuffer: (value: number) => {
    const buffer = Buffer.alloc(8);
    const high = Math.floor(value / TWO_32);
    buffer.writeInt32LE(high, 4);
    buffer.writeUInt32LE(value - high * TWO_32, 0);
    return buffer;
  },
  fromJSON: (value: unknown) => Number(value),
  toJSON: (value: number) => value,
  isValid: isLong,
  compare: (a: number, b: number) => (a < b ? -1 : a > b ? 1 : 0),
});

/** A `typeHook` for `Type.forSchema`: every long, spelled `"long"` or `{ "type": "long", ... }`, is LONG_AS_NUMBER. */
export function longAsNumber(schema: avro.Schema): avro.Type | undefined {
  const name =
    typeof schema === 'object' && !Array.isArray(schema) && 'type' in schema ? schema.type : schema;
  return name === 'long' ? LONG_AS_NUMBER : undefined;
}
