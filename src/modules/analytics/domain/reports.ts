import type { Day } from './daily-counts';
import type { Month } from './report-range';

/**
 * "Active" (docs/decisions/0020): a user is active on a UTC day when they sent at least one message
 * that day, and active in a calendar month when they were active on any day of it.
 */
export const ACTIVE_USER_DEFINITION = 'sent at least one message (UTC days; months are calendar months)';

export interface DailyValue {
  readonly day: Day;
  readonly count: number;
}

export interface MonthlyValue {
  readonly month: Month;
  readonly count: number;
}

export interface ChatActivity {
  readonly chatId: string;
  readonly messages: number;
}

/** The friend graph in numbers; the component figures come from the last pass over it. */
export interface GraphStatistics {
  readonly users: number;
  readonly friendships: number;
  /** 2 × friendships / users: the mean number of friends. */
  readonly averageDegree: number;
  readonly largestComponent: {
    readonly size: number;
    readonly components: number;
    readonly computedAt: string;
    /** False when the graph changed after this pass (a newer one is due within the staleness budget). */
    readonly current: boolean;
  };
}
