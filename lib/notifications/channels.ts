import { v7 as uuidv7 } from "uuid";
import { z } from "zod";
import { db as defaultDb, type Db, type DbClient } from "@/lib/db";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secrets";
import { recordAudit, type AuditActor } from "@/lib/domain/audit/commands";
import { scopedOrganisationWhere, type AccessScope } from "@/lib/domain/scope";
import { parseInput } from "@/lib/domain/validation";
import { AppError } from "@/lib/errors";
import type { ChannelKind, DeliveryMode } from "@/lib/generated/prisma/enums";
import { EVENT_KINDS, isEventKind, type EventKind } from "./kinds";

/**
 * An organisation's notification channels: a shared inbox, or a Slack / Teams incoming webhook.
 * Webhook URLs carry their own credential, so they are encrypted at rest like connection secrets
 * and only ever shown masked after saving.
 */
export const CHANNEL_KINDS = ["EMAIL", "SLACK", "TEAMS"] as const satisfies readonly ChannelKind[];
export const CHANNEL_MODES = ["IMMEDIATE", "DIGEST"] as const satisfies readonly DeliveryMode[];

/** Binds a ciphertext to its channel: moved to another row it does not decrypt. */
export const channelTargetAad = (channelId: string) => `NotificationChannel/${channelId}/target`;

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Why a webhook URL is refused, or null. https only; plain http only to this machine (tests). */
export function webhookUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter the full webhook URL, starting with https://.";
  }
  if (url.username || url.password) return "The URL must not contain a user name or password.";
  if (url.protocol === "https:") return url.hostname ? null : "Enter the full webhook URL, starting with https://.";
  if (url.protocol === "http:" && LOCAL_HOSTS.has(url.hostname)) return null;
  return "Use an https:// URL (plain http is accepted only for localhost).";
}

/** `https://hooks.slack.com/…AbCd`: host and the last four characters. */
export function maskWebhookUrl(value: string): string {
  try {
    const url = new URL(value);
    return `${url.protocol}//${url.host}/…${value.slice(-4)}`;
  } catch {
    return `…${value.slice(-4)}`;
  }
}

const toList = (v: unknown) => (Array.isArray(v) ? v : v === undefined || v === null || v === "" ? [] : [v]);

/** The create form (FormData values are strings; checkbox groups arrive as a string or a list). */
export const createChannelSchema = z
  .object({
    organisationId: z.string().min(1).max(64),
    kind: z.enum(CHANNEL_KINDS, { message: "Choose email, Slack or Teams." }),
    target: z.string().trim().min(1, "Enter an email address or a webhook URL.").max(2000, "At most 2000 characters."),
    label: z
      .string()
      .trim()
      .max(80, "At most 80 characters.")
      .nullish()
      .transform((v) => v || null),
    events: z.preprocess(toList, z.array(z.enum(EVENT_KINDS, { message: "Unknown event." })).min(1, "Choose at least one event.")),
    mode: z.enum(CHANNEL_MODES, { message: "Choose immediate or hourly digest." }),
  })
  .superRefine((value, ctx) => {
    if (value.kind === "EMAIL") {
      if (!z.email().safeParse(value.target).success) ctx.addIssue({ code: "custom", path: ["target"], message: "Enter a valid email address." });
    } else {
      const problem = webhookUrlProblem(value.target);
      if (problem) ctx.addIssue({ code: "custom", path: ["target"], message: problem });
    }
  });
export type CreateChannelInput = z.input<typeof createChannelSchema>;

export const deleteChannelSchema = z.object({ organisationId: z.string().min(1).max(64), channelId: z.string().min(1).max(64) });
export type DeleteChannelInput = z.input<typeof deleteChannelSchema>;

export type ChannelDto = {
  id: string;
  kind: ChannelKind;
  label: string | null;
  /** the email address, or the webhook URL masked */
  target: string;
  events: EventKind[];
  mode: DeliveryMode;
  createdAt: Date;
};

type ChannelRow = { id: string; kind: ChannelKind; label: string | null; target: string; events: string[]; mode: DeliveryMode; createdAt: Date };

function toDto(row: ChannelRow): ChannelDto {
  let target = row.target;
  if (row.kind !== "EMAIL") {
    try {
      target = maskWebhookUrl(decryptSecret(row.target, channelTargetAad(row.id)));
    } catch {
      target = "(cannot be decrypted with the configured keys)";
    }
  }
  return { id: row.id, kind: row.kind, label: row.label, target, events: row.events.filter(isEventKind), mode: row.mode, createdAt: row.createdAt };
}

/** The plain target of a channel (email address or webhook URL), for the sender only. */
export function channelTarget(row: { id: string; kind: ChannelKind; target: string }): string {
  return row.kind === "EMAIL" ? row.target : decryptSecret(row.target, channelTargetAad(row.id));
}

const channelSelect = { id: true, kind: true, label: true, target: true, events: true, mode: true, createdAt: true } as const;

/** The organisation (within scope) and its channels, or null when it is out of scope or unknown. */
export async function listOrganisationChannels(
  scope: AccessScope,
  organisationId: string,
  tx: DbClient = defaultDb,
): Promise<{ organisation: { id: string; name: string; slug: string; archived: boolean }; channels: ChannelDto[] } | null> {
  const org = await tx.organisation.findFirst({ where: { AND: [scopedOrganisationWhere(scope), { id: organisationId }] }, select: { id: true, name: true, slug: true, archivedAt: true } });
  if (!org) return null;
  const rows = await tx.notificationChannel.findMany({ where: { organisationId: org.id }, select: channelSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return { organisation: { id: org.id, name: org.name, slug: org.slug, archived: org.archivedAt !== null }, channels: rows.map(toDto) };
}

export async function createChannel(scope: AccessScope, input: CreateChannelInput, actor: AuditActor, db: Db = defaultDb as Db): Promise<ChannelDto> {
  const data = parseInput(createChannelSchema, input);
  return db.$transaction(async (tx) => {
    const org = await tx.organisation.findFirst({ where: { AND: [scopedOrganisationWhere(scope), { id: data.organisationId }] }, select: { id: true, archivedAt: true } });
    if (!org) throw new AppError("NOT_FOUND", { userMessage: "Organisation not found." });
    if (org.archivedAt) throw new AppError("CONFLICT", { userMessage: "The organisation is archived." });
    const id = uuidv7();
    const target = data.kind === "EMAIL" ? data.target.toLowerCase() : encryptSecret(data.target, channelTargetAad(id));
    const row = await tx.notificationChannel.create({
      data: { id, organisationId: org.id, kind: data.kind, target, label: data.label, events: [...new Set(data.events)], mode: data.mode },
      select: channelSelect,
    });
    const dto = toDto(row);
    await recordAudit(
      { actor, action: "notification_channel.create", targetType: "NotificationChannel", targetId: id, organisationId: org.id, after: { kind: dto.kind, label: dto.label, target: dto.target, events: dto.events, mode: dto.mode } },
      tx,
    );
    return dto;
  });
}

export async function deleteChannel(scope: AccessScope, input: DeleteChannelInput, actor: AuditActor, db: Db = defaultDb as Db): Promise<void> {
  const data = parseInput(deleteChannelSchema, input);
  await db.$transaction(async (tx) => {
    const row = await tx.notificationChannel.findFirst({
      where: { id: data.channelId, organisationId: data.organisationId, organisation: scopedOrganisationWhere(scope) },
      select: channelSelect,
    });
    if (!row) throw new AppError("NOT_FOUND", { userMessage: "That channel no longer exists." });
    await tx.notificationChannel.delete({ where: { id: row.id } });
    const dto = toDto(row);
    await recordAudit(
      { actor, action: "notification_channel.delete", targetType: "NotificationChannel", targetId: row.id, organisationId: data.organisationId, before: { kind: dto.kind, label: dto.label, target: dto.target, events: dto.events, mode: dto.mode } },
      tx,
    );
  });
}
