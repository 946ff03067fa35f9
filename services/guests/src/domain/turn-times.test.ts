import { DEFAULT_TURN_MINUTES, turnBucket, turnTimesFrom } from './turn-times';

describe('turn times', () => {
  it('buckets party sizes', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 40].map(turnBucket)).toEqual(['1-2', '1-2', '3-4', '3-4', '5-6', '5-6', '7+', '7+']);
  });

  it('uses the defaults without history', () => {
    expect(turnTimesFrom([])).toEqual(DEFAULT_TURN_MINUTES);
  });

  it('trusts the median of five or more samples and ignores outliers', () => {
    const samples = [30, 32, 35, 36, 38, 5, 600].map((minutes) => ({ partySize: 2, minutes }));
    expect(turnTimesFrom(samples)['1-2']).toBe(35);
    expect(turnTimesFrom(samples)['3-4']).toBe(DEFAULT_TURN_MINUTES['3-4']);
  });

  it('blends a thin history with the default', () => {
    // One sample of 40 for 3-4: 1/5 history, 4/5 default (60) = 56.
    expect(turnTimesFrom([{ partySize: 4, minutes: 40 }])['3-4']).toBe(56);
  });
});
