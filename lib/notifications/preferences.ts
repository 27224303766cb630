import { z } from "zod";
import type { DbClient } from "@/lib/db";
import { db as defaultDb, type Db, type Prisma } from "@/lib/db";
import { enqueueJob } from "@/lib/domain/queue";
import { EVENT_KINDS, NOTIFICATION_TASKS, type EventKind } from "./kinds";

/**
 * A user's notification choices, stored in UserPreference.notifications. Opt-in: a user who never
 * chose anything gets nothing. Email is the user's own address (the only personal channel).
 */
export const DIGEST_MODES = ["immediate", "hourly", "daily"] as const;
export type DigestMode = (typeof DIGEST_MODES)[number];

/** Daily digests go out at the first digest run at or after this hour in the user's time zone. */
export const DAILY_DIGEST_HOUR = 8;
export const DEFAULT_DEADLINE_HOURS = 4;
export const MAX_DEADLINE_HOURS = 72;

export type NotificationPreferences = {
  email: boolean;
  events: Record<EventKind, boolean>;
  mode: DigestMode;
  deadlineHours: number;
};

const noEvents = (): Record<EventKind, boolean> => Object.fromEntries(EVENT_KINDS.map((k) => [k, false])) as Record<EventKind, boolean>;

export const DEFAULT_PREFERENCES: NotificationPreferences = Object.freeze({ email: false, events: noEvents(), mode: "immediate", deadlineHours: DEFAULT_DEADLINE_HOURS });

/** Tolerant reading of the stored JSON: anything malformed falls back to the default (off). */
const storedSchema = z.object({
  email: z.boolean().catch(false).default(false),
  events: z.record(z.string(), z.unknown()).catch({}).default({}),
  mode: z.enum(DIGEST_MODES).catch("immediate").default("immediate"),
  deadlineHours: z.number().int().min(1).max(MAX_DEADLINE_HOURS).catch(DEFAULT_DEADLINE_HOURS).default(DEFAULT_DEADLINE_HOURS),
});

export function parseNotificationPreferences(value: unknown): NotificationPreferences {
  const parsed = storedSchema.safeParse(value && typeof value === "object" && !Array.isArray(value) ? value : {});
  const data = parsed.success ? parsed.data : storedSchema.parse({});
  const events = noEvents();
  for (const kind of EVENT_KINDS) events[kind] = data.events[kind] === true;
  return { email: data.email, events, mode: data.mode, deadlineHours: data.deadlineHours };
}

/** Input of the settings form (already parsed by the action's schema). */
export type SaveNotificationPreferencesInput = { email: boolean; events: EventKind[]; mode: DigestMode; deadlineHours: number };

export const savePreferencesSchema = z.object({
  email: z.boolean(),
  events: z.array(z.enum(EVENT_KINDS)).max(EVENT_KINDS.length),
  mode: z.enum(DIGEST_MODES),
  deadlineHours: z.number().int().min(1).max(MAX_DEADLINE_HOURS),
});

export async function getNotificationPreferences(userId: string, tx: DbClient = defaultDb): Promise<NotificationPreferences> {
  const row = await tx.userPreference.findUnique({ where: { userId }, select: { notifications: true } });
  return parseNotificationPreferences(row?.notifications);
}

/**
 * Saves the user's choices and, in the same transaction, asks for a scan right away
 * (job key `notifications_scan:now`), so deadline reminders that now apply go out promptly.
 */
export async function saveNotificationPreferences(
  userId: string,
  input: SaveNotificationPreferencesInput,
  db: Db = defaultDb as Db,
): Promise<NotificationPreferences> {
  const data = savePreferencesSchema.parse(input);
  const events = noEvents();
  for (const kind of data.events) events[kind] = true;
  const preferences: NotificationPreferences = { email: data.email, events, mode: data.mode, deadlineHours: data.deadlineHours };
  const json = preferences as unknown as Prisma.InputJsonValue;
  await db.$transaction(async (tx) => {
    await tx.userPreference.upsert({ where: { userId }, create: { userId, notifications: json }, update: { notifications: json } });
    await enqueueJob(tx, { task: NOTIFICATION_TASKS.scan, payload: {}, jobKey: "notifications_scan:now", maxAttempts: 3 });
  });
  return preferences;
}
