import { inject, injectable } from 'inversify';
import { z } from 'zod';
import { reportRangeQuery, type ReportRange } from '../domain/report-range';
import type { ChatActivity } from '../domain/reports';
import { ACTIVITY_REPORTS, type ActivityReports } from './ports';

export const TOP_CHATS_LIMIT_MAX = 100;
export const TOP_CHATS_LIMIT_DEFAULT = 10;

const limitSchema = z.number().int().min(1).max(TOP_CHATS_LIMIT_MAX);

/** The chats with the most messages sent in the range, busiest first. */
@injectable()
export class TopChats {
  constructor(@inject(ACTIVITY_REPORTS) private readonly reports: ActivityReports) {}

  async execute(input: ReportRange, limit: number): Promise<ChatActivity[]> {
    return this.reports.topChats(reportRangeQuery.parse(input), limitSchema.parse(limit));
  }
}
