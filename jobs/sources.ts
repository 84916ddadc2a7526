// The three event topics every meeting metric reads. Producers key them by meeting_id; clients are mostly
// in sync, so five seconds of disorder covers them, and a topic quiet for a minute stops holding windows open.
import { source } from '../dsl';

const watermark = { maxOutOfOrder: '5s', idleAfter: '1m' } as const;

export const userEvents = source({ topic: 'user_events', eventTime: 'timestamp', watermark });
export const chatEvents = source({ topic: 'chat_events', eventTime: 'timestamp', watermark });
export const meetingEvents = source({ topic: 'meeting_events', eventTime: 'timestamp', watermark });

export const meetingSources = [userEvents, chatEvents, meetingEvents] as const;
