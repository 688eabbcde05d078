import { describeHostileDoors } from '../support/hostile-doors.js';

describeHostileDoors(['events', 'webhooks']);
