-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- DropIndex
DROP INDEX "Alert_organisationId_receivedAt_idx";

-- CreateIndex
CREATE INDEX "Alert_organisationId_status_receivedAt_id_idx" ON "Alert"("organisationId", "status", "receivedAt", "id");

-- CreateIndex
CREATE INDEX "Alert_status_receivedAt_id_idx" ON "Alert"("status", "receivedAt", "id");

-- CreateIndex
CREATE INDEX "Alert_organisationId_status_amountMinor_id_idx" ON "Alert"("organisationId", "status", "amountMinor", "id");

-- CreateIndex
CREATE INDEX "Alert_merchantId_idx" ON "Alert"("merchantId");

-- CreateIndex
CREATE INDEX "Alert_cardLast4_idx" ON "Alert"("cardLast4");

-- CreateIndex
CREATE INDEX "Alert_authCode_idx" ON "Alert"("authCode");

-- CreateIndex
CREATE INDEX "Alert_externalId_idx" ON "Alert"("externalId");

-- CreateIndex
CREATE INDEX "Alert_descriptor_idx" ON "Alert" USING GIN ("descriptor" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Representment_organisationId_receivedAt_id_idx" ON "Representment"("organisationId", "receivedAt", "id");

-- CreateIndex
CREATE INDEX "Representment_receivedAt_id_idx" ON "Representment"("receivedAt", "id");

-- CreateIndex
CREATE INDEX "Representment_arn_idx" ON "Representment"("arn");

-- CreateIndex
CREATE INDEX "Representment_externalId_idx" ON "Representment"("externalId");
