"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAdminAction } from "../../_lib/define-admin-action";
import { requestActor } from "@/lib/auth/viewer";
import { addMerchantProviderId, createMerchant, removeMerchantProviderId, updateMerchant } from "@/lib/domain/admin/merchants";
import { narrowToOrganisation } from "@/lib/domain/admin/scope";
import { describeAttached, totalAttached } from "@/lib/domain/admin/unassigned";
import { createApiKey, revokeApiKey } from "@/lib/domain/api-keys/commands";
import { createConnection, publicBaseUrl, rotateWebhookSecret, setConnectionStatus } from "@/lib/domain/connections/commands";
import { SECRET_NAMES } from "@/lib/domain/connections/schemas";
import {
  addMemberByEmail,
  changeMembershipRole,
  inviteMember,
  removeMembership,
  renameOrganisation,
  setOrganisationArchived,
  setProviderOrgId,
} from "@/lib/domain/organisations/commands";
import { scopeIncludes } from "@/lib/domain/scope";
import { AppError, isAppError } from "@/lib/errors";
import { flattenSecretErrors, formString, idField, optionalString } from "../../_lib/form-schemas";
import { authLinkEmailNote, emailAuthLink } from "@/lib/notifications/auth-links";

/**
 * Every form on an organisation's page sends `organisationId`; each command runs with the scope
 * narrowed to that organisation, so an id of another organisation (a tampered form) finds nothing.
 */
const org = z.object({ organisationId: idField });
const orgRole = z.enum(["AGENT", "VIEWER"], { message: "Choose Agent or Viewer." });
const refresh = (organisationId: string) => {
  revalidatePath(`/admin/organisations/${organisationId}`);
  revalidatePath("/admin/organisations");
};

// ───────────────────────────── settings ─────────────────────────────

export const renameOrganisationAction = defineAdminAction({ permission: "admin.manage", schema: org.extend({ name: formString }) }, async ({ viewer, scope, input }) => {
  const after = await renameOrganisation(narrowToOrganisation(scope, input.organisationId), input, await requestActor(viewer));
  refresh(input.organisationId);
  return { ok: true, message: `Renamed to ${after.name} (slug ${after.slug}).` };
});

export const setProviderOrgIdAction = defineAdminAction(
  { permission: "admin.manage", schema: org.extend({ providerOrgId: formString }) },
  async ({ viewer, scope, input }) => {
    // the full scope: attaching unassigned rows needs it (a narrowed scope has no unassigned rows)
    if (!scopeIncludes(scope, input.organisationId)) throw new AppError("NOT_FOUND", { userMessage: "Organisation not found." });
    const result = await setProviderOrgId(scope, input, await requestActor(viewer));
    refresh(input.organisationId);
    revalidatePath("/admin/unassigned");
    if (!result.changed) return { ok: true, message: "No change." };
    if (!result.providerOrgId) return { ok: true, message: "Provider organisation id cleared. Attached rows stay with this organisation." };
    const attached = result.attached ? totalAttached(result.attached) : 0;
    return {
      ok: true,
      message: attached
        ? `Provider organisation id set. Attached ${attached.toLocaleString("en")} unassigned row${attached === 1 ? "" : "s"}: ${describeAttached(result.attached!)}.`
        : "Provider organisation id set. There were no unassigned rows to attach.",
    };
  },
);

export const setArchivedAction = defineAdminAction(
  { permission: "admin.manage", schema: org.extend({ archived: z.enum(["true", "false"]).transform((v) => v === "true") }) },
  async ({ viewer, scope, input }) => {
    await setOrganisationArchived(narrowToOrganisation(scope, input.organisationId), input, await requestActor(viewer));
    refresh(input.organisationId);
    revalidatePath("/", "layout");
    return {
      ok: true,
      message: input.archived ? "Archived. Data is kept; new deliveries for it are stored as ignored." : "Unarchived. New deliveries are processed again.",
    };
  },
);

// ───────────────────────────── merchants ─────────────────────────────

const merchantFields = {
  name: formString,
  descriptor: formString,
  mid: formString,
  caid: formString,
  acquirerBin: formString,
  mcc: formString,
};

export const createMerchantAction = defineAdminAction({ permission: "admin.manage", schema: org.extend(merchantFields) }, async ({ viewer, scope, input }) => {
  const merchant = await createMerchant(narrowToOrganisation(scope, input.organisationId), input, await requestActor(viewer));
  refresh(input.organisationId);
  return { ok: true, message: `Added ${merchant.name}.` };
});

export const updateMerchantAction = defineAdminAction(
  { permission: "admin.manage", schema: org.extend({ merchantId: idField, ...merchantFields }) },
  async ({ viewer, scope, input }) => {
    const merchant = await updateMerchant(narrowToOrganisation(scope, input.organisationId), input, await requestActor(viewer));
    refresh(input.organisationId);
    return { ok: true, message: `Saved ${merchant.name}.` };
  },
);

export const addMerchantProviderIdAction = defineAdminAction(
  { permission: "admin.manage", schema: org.extend({ merchantId: idField, provider: formString, externalId: formString }) },
  async ({ viewer, scope, input }) => {
    const row = await addMerchantProviderId(narrowToOrganisation(scope, input.organisationId), input, await requestActor(viewer));
    refresh(input.organisationId);
    return { ok: true, message: `Added ${row.externalId}.` };
  },
);

export const removeMerchantProviderIdAction = defineAdminAction(
  { permission: "admin.manage", schema: org.extend({ merchantId: idField, providerIdId: idField }) },
  async ({ viewer, scope, input }) => {
    const removed = await removeMerchantProviderId(narrowToOrganisation(scope, input.organisationId), input, await requestActor(viewer));
    refresh(input.organisationId);
    return { ok: true, message: `Removed ${removed.label}.` };
  },
);

// ───────────────────────────── members ─────────────────────────────

export const addMemberAction = defineAdminAction({ permission: "admin.manage", schema: org.extend({ email: formString, role: orgRole }) }, async ({ viewer, scope, input }) => {
  const membership = await addMemberByEmail(narrowToOrganisation(scope, input.organisationId), input, await requestActor(viewer));
  refresh(input.organisationId);
  return { ok: true, message: `Added ${membership.email} as ${membership.role === "AGENT" ? "an agent" : "a viewer"}.` };
});

export const inviteMemberAction = defineAdminAction(
  { permission: "admin.manage", schema: org.extend({ email: formString, name: optionalString, role: orgRole }) },
  async ({ viewer, scope, input }) => {
    const invitation = await inviteMember(narrowToOrganisation(scope, input.organisationId), input, await requestActor(viewer));
    refresh(input.organisationId);
    revalidatePath("/admin/users");
    const link = publicBaseUrl() + invitation.path;
    const email = await emailAuthLink("invite", invitation.email, link, { invitedBy: viewer.name ?? viewer.email });
    return {
      ok: true,
      message: `Invited ${invitation.email}; the link works once, for 7 days. ${authLinkEmailNote(email, invitation.email)}`,
      data: { link },
    };
  },
);

export const changeMemberRoleAction = defineAdminAction(
  { permission: "admin.manage", schema: org.extend({ membershipId: idField, role: orgRole }) },
  async ({ viewer, scope, input }) => {
    const result = await changeMembershipRole(narrowToOrganisation(scope, input.organisationId), input, await requestActor(viewer));
    refresh(input.organisationId);
    return { ok: true, message: result.changed ? "Role changed." : "No change." };
  },
);

export const removeMemberAction = defineAdminAction({ permission: "admin.manage", schema: org.extend({ membershipId: idField }) }, async ({ viewer, scope, input }) => {
  const removed = await removeMembership(narrowToOrganisation(scope, input.organisationId), input, await requestActor(viewer));
  refresh(input.organisationId);
  return { ok: true, message: `Removed ${removed.email}.` };
});

// ───────────────────────────── connections ─────────────────────────────

const secretFields = Object.fromEntries(SECRET_NAMES.map((name) => [name, optionalString])) as Record<(typeof SECRET_NAMES)[number], typeof optionalString>;

export const createConnectionAction = defineAdminAction(
  {
    permission: "admin.manage",
    schema: org.extend({
      provider: formString,
      scope: optionalString,
      mode: optionalString,
      label: optionalString,
      apiBaseUrl: optionalString,
      publicKey: optionalString,
      clientId: optionalString,
      redirectUri: optionalString,
      ...secretFields,
    }),
  },
  async ({ viewer, scope, input }) => {
    const secrets = Object.fromEntries(SECRET_NAMES.filter((name) => input[name] !== undefined).map((name) => [name, input[name]!]));
    try {
      const created = await createConnection(
        narrowToOrganisation(scope, input.organisationId),
        {
          organisationId: input.organisationId,
          provider: input.provider,
          scope: (input.scope as "ORG" | "PARTNER" | undefined) ?? "ORG",
          mode: (input.mode as "TEST" | "LIVE" | undefined) ?? "LIVE",
          label: input.label,
          apiBaseUrl: input.apiBaseUrl,
          publicKey: input.publicKey,
          clientId: input.clientId,
          redirectUri: input.redirectUri,
          secrets,
        },
        await requestActor(viewer),
      );
      refresh(input.organisationId);
      // shown once: the secrets as entered, so the admin can check them; afterwards only the last four
      return {
        ok: true,
        message: "Connection created. Paste the webhook URL into the provider's dashboard.",
        data: { webhookUrl: created.webhookUrl, connectionId: created.id, ...Object.fromEntries(Object.entries(secrets).map(([k, v]) => [`secret:${k}`, v])) },
      };
    } catch (error) {
      if (isAppError(error) && error.fieldErrors) {
        throw new AppError(error.code, { userMessage: error.userMessage, fieldErrors: flattenSecretErrors(error.fieldErrors) });
      }
      throw error;
    }
  },
);

export const rotateSecretAction = defineAdminAction(
  { permission: "admin.manage", schema: org.extend({ connectionId: idField, secret: formString }) },
  async ({ viewer, scope, input }) => {
    const result = await rotateWebhookSecret(narrowToOrganisation(scope, input.organisationId), input, await requestActor(viewer));
    refresh(input.organisationId);
    return { ok: true, message: `Secret rotated. The previous one keeps working until ${new Date(result.previousSecretValidUntil).toUTCString()}.` };
  },
);

export const setConnectionStatusAction = defineAdminAction(
  { permission: "admin.manage", schema: org.extend({ connectionId: idField, status: z.enum(["ACTIVE", "DISABLED"]) }) },
  async ({ viewer, scope, input }) => {
    await setConnectionStatus(narrowToOrganisation(scope, input.organisationId), input.connectionId, input.status, await requestActor(viewer));
    refresh(input.organisationId);
    return { ok: true, message: input.status === "ACTIVE" ? "Enabled: deliveries are accepted again." : "Disabled: deliveries are refused with 410 until you enable it." };
  },
);

// ───────────────────────────── API keys ─────────────────────────────

export const createApiKeyAction = defineAdminAction({ permission: "admin.manage", schema: org.extend({ name: formString }) }, async ({ viewer, scope, input }) => {
  const key = await createApiKey(narrowToOrganisation(scope, input.organisationId), input, await requestActor(viewer));
  refresh(input.organisationId);
  return { ok: true, message: `Created the key “${key.name}”. Copy it now: it is shown only once.`, data: { apiKey: key.key } };
});

export const revokeApiKeyAction = defineAdminAction({ permission: "admin.manage", schema: org.extend({ apiKeyId: idField }) }, async ({ viewer, scope, input }) => {
  await revokeApiKey(narrowToOrganisation(scope, input.organisationId), input.apiKeyId, await requestActor(viewer));
  refresh(input.organisationId);
  return { ok: true, message: "Revoked. Requests with that key now answer 401." };
});
