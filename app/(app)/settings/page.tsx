import type { Metadata } from "next";
import { PageHeader } from "@/components/layout/page-header";
import { Card, CardHeader } from "@/components/ui/card";
import { DescriptionList } from "@/components/ui/description-list";
import { requireViewer } from "@/lib/auth/viewer";
import { humanize } from "@/lib/format";
import { updateTimeZoneAction } from "./actions";
import { TimeZoneForm } from "./time-zone-form";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const { viewer } = await requireViewer("records.read");
  const zones = Intl.supportedValuesOf("timeZone");
  if (!zones.includes("UTC")) zones.unshift("UTC");
  return (
    <>
      <PageHeader title="Settings" description="Your profile and how Recourse shows things to you." />
      <div className="flex max-w-3xl flex-col gap-4">
        <Card aria-labelledby="profile">
          <CardHeader id="profile" title="Profile" />
          <DescriptionList
            items={[
              { label: "Email", value: viewer.email },
              { label: "Name", value: viewer.name },
              { label: "Global role", value: viewer.globalRole ? humanize(viewer.globalRole) : "None" },
              { label: "Organisations", value: viewer.memberships.map((m) => `${m.organisationName} (${humanize(m.role)})`).join(", ") },
            ]}
          />
        </Card>
        <Card aria-labelledby="display">
          <CardHeader id="display" title="Display" />
          <TimeZoneForm action={updateTimeZoneAction} current={viewer.timeZone} zones={zones} />
        </Card>
      </div>
    </>
  );
}
