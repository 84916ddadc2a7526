// Confluent wire format: magic byte 0, the 4-byte big-endian schema id, then the Avro binary body.
import type avro from 'avsc';

export function frame(schemaId: number, type: avro.Type, value: unknown): Buffer {
  const body = type.toBuffer(value);
  const out = Buffer.alloc(5 + body.length);
  out.writeUInt8(0, 0);
  out.writeInt32BE(schemaId, 1);
  body.copy(out, 5);
  return out;
}
