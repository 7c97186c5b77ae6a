import type { FastifyBaseLogger } from 'fastify';
import type { CalendarService } from './calendar/calendar-service';
import type { SessionCache } from './auth/session-cache';
import type { Clock } from './clock/clock';
import type { Config } from './config/config';
import type { Database } from './db/database';
import type { RegionDirectory } from './regions/region-directory';

/** What every use case may reach: configuration, the database, the clock, reference data. */
export type AppContext = {
  config: Config;
  db: Database;
  clock: Clock;
  regions: RegionDirectory;
  calendar: CalendarService;
  sessions: SessionCache;
  log: FastifyBaseLogger;
};
