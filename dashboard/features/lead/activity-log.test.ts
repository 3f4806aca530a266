import { describe, expect, it } from 'vitest';
import { activityBody, activityFacts, emptyDraft } from './activity-log';

describe('activityBody', () => {
  it.each([
    [
      { ...emptyDraft('call'), minutes: '3', note: ' Rang out ' },
      { kind: 'call', outcome: 'no_answer', durationSeconds: 180, note: 'Rang out' },
    ],
    [
      { ...emptyDraft('call'), outcome: 'connected' as const },
      { kind: 'call', outcome: 'connected' },
    ],
    [
      { ...emptyDraft('email'), direction: 'received' as const, subject: ' Re: demo ' },
      { kind: 'email', direction: 'received', subject: 'Re: demo' },
    ],
    [
      { ...emptyDraft('meeting'), minutes: '45', subject: 'ignored' },
      { kind: 'meeting', durationMinutes: 45 },
    ],
  ])('sends only what the kind has: %o', (draft, body) => {
    expect(activityBody(draft)).toEqual(body);
  });

  it.each(['-1', '1.5', 'soon', '99999'])('refuses minutes "%s"', (minutes) => {
    expect(activityBody({ ...emptyDraft('meeting'), minutes })).toBeNull();
  });
});

describe('activityFacts', () => {
  it.each([
    ['activity.call', { outcome: 'no_answer', durationSeconds: 20 }, ['No answer', '20 seconds']],
    ['activity.call', { outcome: 'connected', durationSeconds: 120 }, ['Connected', '2 minutes']],
    ['activity.email', { direction: 'sent', subject: 'Pricing' }, ['Sent', 'Subject: Pricing']],
    ['activity.meeting', { durationMinutes: 1 }, ['1 minute']],
    ['activity.call', { outcome: 'made-up', durationSeconds: -3 }, []],
  ])('%s %o → %o', (type, data, facts) => {
    expect(activityFacts(type, data)).toEqual(facts);
  });
});
