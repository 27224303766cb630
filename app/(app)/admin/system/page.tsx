import type { Metadata } from "next";
import { PageHeader } from "@/components/layout/page-header";
import { Card, CardHeader } from "@/components/ui/card";
import { DescriptionList } from "@/components/ui/description-list";
import { requireViewer } from "@/lib/auth/viewer";
import { getSystemSummary } from "@/lib/domain/system/queries";

export const metadata: Metadata = { title: "System" };

export default async function SystemPage() {
  await requireViewer("system.read");
  const s = await getSystemSummary();
  return (
    <>
      <PageHeader title="System" description="Database, deliveries and connections at a glance." />
      <Card aria-labelledby="system-summary">
        <CardHeader id="system-summary" title="Health" />
        <DescriptionList
          columns={3}
          items={[
            { label: "Database", value: s.database },
            { label: "Deliveries in the last hour", value: s.deliveriesLastHour.toLocaleString("en") },
            { label: "Failed deliveries (24 h)", value: s.failedLast24h.toLocaleString("en") },
            { label: "Active connections", value: s.activeConnections },
            { label: "Organisations", value: s.organisations },
            { label: "Users", value: s.users },
          ]}
        />
      </Card>
    </>
  );
}
