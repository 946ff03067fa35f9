import { containsPattern, decodeCursor, encodeCursor } from './list-cursor';

describe('list cursor', () => {
  it('round-trips', () => {
    const cursor = { rank: 1, createdAt: '2026-03-06T19:00:00.123Z', id: '0b7a9f4e-4b53-4c1c-9d7e-6f1f1c1f0001' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });
  it.each(['', 'garbage', Buffer.from('[1,"x","y"]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[7,"2026-03-06T19:00:00Z","0b7a9f4e-4b53-4c1c-9d7e-6f1f1c1f0001"]').toString('base64url')])(
    'rejects %p',
    (text) => expect(decodeCursor(text)).toBeNull(),
  );
});

describe('containsPattern', () => {
  it('escapes LIKE wildcards and the escape character', () => {
    expect(containsPattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
    expect(containsPattern('ann')).toBe('%ann%');
  });
});
