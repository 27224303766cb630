import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/layout/page-header";
import { Card, CardHeader } from "@/components/ui/card";
import { can } from "@/lib/auth/access";
import { requireViewer } from "@/lib/auth/viewer";
import { EVENT_KIND_INFO, EVENT_KINDS } from "@/lib/notifications/kinds";
import { getNotificationPreferences, MAX_DEADLINE_HOURS } from "@/lib/notifications/preferences";
import { emailConfigured } from "@/lib/notifications/transports";
import { saveNotificationPreferencesAction } from "./actions";
import { NotificationPreferencesForm } from "./preferences-form";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationSettingsPage() {
  const { viewer } = await requireViewer("records.read");
  const preferences = await getNotificationPreferences(viewer.id);
  // only what this user could ever read is offered (the sender checks each record again)
  const kinds = EVENT_KINDS.filter((kind) => can(viewer, EVENT_KIND_INFO[kind].permission)).map((kind) => ({
    value: kind,
    label: EVENT_KIND_INFO[kind].label,
    description: EVENT_KIND_INFO[kind].description,
  }));
  return (
    <>
      <PageHeader breadcrumb={<Link href="/settings">Settings</Link>} title="Notifications" description="What Recourse emails you about, and when." />
      <div className="flex max-w-3xl flex-col gap-4">
        <Card aria-labelledby="notification-email">
          <CardHeader
            id="notification-email"
            title="Email notifications"
            description={
              emailConfigured()
                ? "Only about records you can open in Recourse."
                : "Email is not set up on this server yet (SMTP_URL). Your choices are saved and apply once it is."
            }
          />
          <NotificationPreferencesForm
            action={saveNotificationPreferencesAction}
            email={viewer.email}
            timeZone={viewer.timeZone}
            preferences={{ ...preferences, events: kinds.filter((k) => preferences.events[k.value]).map((k) => k.value) }}
            kinds={kinds}
            maxDeadlineHours={MAX_DEADLINE_HOURS}
          />
        </Card>
      </div>
    </>
  );
}
