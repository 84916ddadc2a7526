import { JsonlError, readJsonl, readJsonlLines } from '..';

const text = [
  '// a comment',
  '{"topic":"chat_events","value":{"n":1}}',
  'not json',
  '{"topic":"user_events","bytes":"AAAAAAE=","partition":2,"offset":9}',
  '',
  '{"topic":"chat_events","value":{"n":2}}',
  '{"topic":"chat_events","value":{},"partition":1.5}',
].join('\n');

describe('readJsonlLines', () => {
  it('reads every well-formed line with its line number, and lists every malformed one', () => {
    const { records, lines, errors } = readJsonlLines(text, 'in.jsonl');
    expect(lines).toEqual([2, 4, 6]);
    expect(records.map((r) => `${r.topic}/${r.partition}@${r.offset}`)).toEqual([
      'chat_events/0@0',
      'user_events/2@9',
      'chat_events/0@1',
    ]);
    expect(records[1]?.bytes).toEqual(Buffer.from([0, 0, 0, 0, 1]));
    expect(errors.map((e) => [e.line, e.message])).toEqual([
      [3, expect.stringMatching(/^in\.jsonl:3: not valid JSON/)],
      [7, 'in.jsonl:7: "partition" must be a whole number ≥ 0'],
    ]);
  });
});

describe('readJsonl', () => {
  it('throws the first malformed line, for inputs that must be well-formed', () => {
    expect(() => readJsonl(text, 'in.jsonl')).toThrow(JsonlError);
    expect(() => readJsonl(text, 'in.jsonl')).toThrow(/^in\.jsonl:3: /);
  });
});
