-- The queue's deadline indexes carry the usual filter columns after (deadlineAt, id), so capped
-- tab counts under provider / kind / amount / merchant filters are index-only scans.
-- DropIndex
DROP INDEX "Alert_organisationId_status_deadlineAt_id_idx";

-- DropIndex
DROP INDEX "Alert_status_deadlineAt_id_idx";

-- CreateIndex
CREATE INDEX "Alert_org_queue_idx" ON "Alert"("organisationId", "status", "deadlineAt", "id", "provider", "kind", "amountMinor", "currency", "merchantId");

-- CreateIndex
CREATE INDEX "Alert_queue_idx" ON "Alert"("status", "deadlineAt", "id", "provider", "kind", "amountMinor", "currency", "merchantId");
