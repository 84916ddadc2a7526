import { newClusterId } from '../src/services/kafka';

describe('newClusterId (the KRaft storage format reads an id starting with "-" as an option)', () => {
  it('redraws an id whose base64url form starts with "-"', () => {
    // 0xf8 encodes to a leading '-' (62 is '-' in base64url); the second draw starts with 'A'.
    const draws = [Buffer.alloc(16, 0xf8), Buffer.alloc(16, 0x00)];
    const id = newClusterId(() => draws.shift()!);
    expect(id).toBe(Buffer.alloc(16, 0x00).toString('base64url'));
    expect(draws).toHaveLength(0);
  });

  it('is 22 base64url characters from the default random source', () => {
    for (let i = 0; i < 200; i++) expect(newClusterId()).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });
});
