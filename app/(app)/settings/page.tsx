import type { Metadata } from "next";
import Link from "next/link";
import { FormMessage } from "@/components/forms/form-message";
import { PageHeader } from "@/components/layout/page-header";
import { Card, CardHeader } from "@/components/ui/card";
import { DescriptionList } from "@/components/ui/description-list";
import { requireViewer } from "@/lib/auth/viewer";
import { humanize } from "@/lib/format";
import { firstParam, type SearchParams } from "@/lib/url-state";
import { ActionForm } from "../admin/_components/action-form";
import { changePasswordAction, updateProfileAction, updateTimeZoneAction } from "./actions";
import { TimeZoneForm } from "./time-zone-form";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { viewer } = await requireViewer("records.read");
  const passwordChanged = firstParam(await searchParams, "password") === "changed";
  const zones = Intl.supportedValuesOf("timeZone");
  if (!zones.includes("UTC")) zones.unshift("UTC");
  return (
    <>
      <PageHeader title="Settings" description="Your profile, password and how Recourse shows things to you." />
      {passwordChanged ? (
        <div className="mb-4 max-w-6xl">
          <FormMessage state={{ ok: true, message: "Password changed. Your other sessions have ended; this one continues." }} />
        </div>
      ) : null}
      <div className="grid max-w-6xl gap-4 lg:grid-cols-2">
        <Card aria-labelledby="profile">
          <CardHeader id="profile" title="Profile" />
          <DescriptionList
            items={[
              { label: "Email", value: viewer.email },
              { label: "Global role", value: viewer.globalRole ? humanize(viewer.globalRole) : "None" },
              { label: "Organisations", value: viewer.memberships.map((m) => `${m.organisationName} (${humanize(m.role)})`).join(", ") },
            ]}
          />
          <div className="border-t border-slate-100 px-4 py-4">
            <ActionForm
              action={updateProfileAction}
              label="Your name"
              layout="inline"
              submitLabel="Save name"
              pendingLabel="Saving…"
              fields={[{ kind: "text", name: "name", label: "Name", defaultValue: viewer.name ?? "", maxLength: 120, autoComplete: "name", className: "w-72" }]}
            />
          </div>
        </Card>
        <Card aria-labelledby="password">
          <CardHeader id="password" title="Password" description="Changing it signs you out everywhere else; this session continues." />
          <div className="px-4 py-4">
            <ActionForm
              action={changePasswordAction}
              label="Change password"
              submitLabel="Change password"
              pendingLabel="Changing…"
              fields={[
                { kind: "password", name: "currentPassword", label: "Current password", autoComplete: "current-password", className: "max-w-sm" },
                { kind: "password", name: "newPassword", label: "New password", autoComplete: "new-password", hint: "At least 10 characters, not a common one, not containing your email name.", className: "max-w-sm" },
                { kind: "password", name: "confirmPassword", label: "New password again", autoComplete: "new-password", className: "max-w-sm" },
              ]}
            />
          </div>
        </Card>
        <Card aria-labelledby="display">
          <CardHeader id="display" title="Display" />
          <TimeZoneForm action={updateTimeZoneAction} current={viewer.timeZone} zones={zones} />
        </Card>
        <Card aria-labelledby="notifications">
          <CardHeader id="notifications" title="Notifications" description="Which events Recourse emails you about, as they happen or in a digest, and how long before a deadline to remind you." />
          <div className="px-4 py-4 text-sm">
            <Link href="/settings/notifications">Choose your notifications</Link>
          </div>
        </Card>
      </div>
    </>
  );
}
