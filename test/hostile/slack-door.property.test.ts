import { describeHostileDoors } from '../support/hostile-doors.js';

describeHostileDoors(['commands', 'interactions']);
