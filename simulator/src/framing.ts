// Confluent wire format: magic byte 0, the 4-byte big-endian schema id, then the Avro binary body.
import type avro from 'avsc';

/** Where records are encoded before being copied out; grows when a record does not fit. */
let scratch = Buffer.allocUnsafe(16 * 1024);

export function frame(schemaId: number, type: avro.Type, value: unknown): Buffer {
  for (;;) {
    const end = type.encode(value, scratch, 5);
    if (end >= 0) {
      // allocUnsafe takes small buffers from Node's shared pool; every byte is written below.
      const out = Buffer.allocUnsafe(end);
      out[0] = 0;
      out.writeInt32BE(schemaId, 1);
      scratch.copy(out, 5, 5, end);
      return out;
    }
    // `encode` returns minus the bytes that did not fit.
    scratch = Buffer.allocUnsafe(2 * (scratch.length - end));
  }
}
