import { v7 } from 'uuid';
import { notifications } from '../../modules/projects/schema';
import type { Tx } from '../db/database';

/** What a notification says; every channel renders the same message. */
export type NotificationMessage = {
  /** A stable kind, e.g. `supervision.overdue`. */
  kind: string;
  /** The region the message is about (the inbox row's region for row-level security). */
  regionCode: string;
  title: string;
  body: string;
  /** A path in the web app, or null. */
  link: string | null;
};

/**
 * A channel that delivers a message to one user. The in-app inbox is the one channel today;
 * an SMS or e-mail gateway implements the same type and is called after the inbox row is written.
 */
export type Notifier = {
  readonly channel: string;
  send(recipientUserId: string, message: NotificationMessage): Promise<void>;
};

/** A new inbox row id (`ntf_` + UUIDv7 hex), the shape the set-based SQL writers also produce. */
export function notificationId(): string {
  return `ntf_${v7().replaceAll('-', '')}`;
}

/** The in-app inbox channel, writing into the caller's transaction. */
export function inAppNotifier(tx: Tx, now: Date): Notifier {
  return {
    channel: 'in_app',
    send: async (recipientUserId, m) => {
      await tx.insert(notifications).values({ id: notificationId(), userId: recipientUserId, regionCode: m.regionCode, kind: m.kind, title: m.title, body: m.body, link: m.link, createdAt: now });
    },
  };
}
