-- DropIndex
DROP INDEX "Lookup_organisationId_receivedAt_id_idx";

-- DropIndex
DROP INDEX "Lookup_receivedAt_id_idx";

-- DropIndex
DROP INDEX "SchemeNotice_organisationId_reportedAt_id_idx";

-- DropIndex
DROP INDEX "SchemeNotice_reportedAt_id_idx";

-- CreateIndex
CREATE INDEX "Lookup_organisationId_receivedAt_id_idx" ON "Lookup"("organisationId", "receivedAt", "id");

-- CreateIndex
CREATE INDEX "Lookup_receivedAt_id_idx" ON "Lookup"("receivedAt", "id");

-- CreateIndex
CREATE INDEX "Lookup_organisationId_lookupStatus_receivedAt_id_idx" ON "Lookup"("organisationId", "lookupStatus", "receivedAt", "id");

-- CreateIndex
CREATE INDEX "Lookup_parentId_idx" ON "Lookup"("parentId");

-- CreateIndex
CREATE INDEX "Lookup_merchantId_idx" ON "Lookup"("merchantId");

-- CreateIndex
CREATE INDEX "Lookup_arn_idx" ON "Lookup"("arn");

-- CreateIndex
CREATE INDEX "Lookup_cardLast4_idx" ON "Lookup"("cardLast4");

-- CreateIndex
CREATE INDEX "Lookup_externalId_idx" ON "Lookup"("externalId");

-- CreateIndex
CREATE INDEX "Representment_organisationId_status_disputedAt_id_idx" ON "Representment"("organisationId", "status", "disputedAt", "id");

-- CreateIndex
CREATE INDEX "Representment_organisationId_status_amountMinor_id_idx" ON "Representment"("organisationId", "status", "amountMinor", "id");

-- CreateIndex
CREATE INDEX "Representment_organisationId_status_receivedAt_id_idx" ON "Representment"("organisationId", "status", "receivedAt", "id");

-- CreateIndex
CREATE INDEX "Representment_merchantId_idx" ON "Representment"("merchantId");

-- CreateIndex
CREATE INDEX "SchemeNotice_organisationId_reportedAt_id_idx" ON "SchemeNotice"("organisationId", "reportedAt", "id");

-- CreateIndex
CREATE INDEX "SchemeNotice_reportedAt_id_idx" ON "SchemeNotice"("reportedAt", "id");

-- CreateIndex
CREATE INDEX "SchemeNotice_organisationId_noticeType_reportedAt_id_idx" ON "SchemeNotice"("organisationId", "noticeType", "reportedAt", "id");

-- CreateIndex
CREATE INDEX "SchemeNotice_organisationId_receivedAt_id_idx" ON "SchemeNotice"("organisationId", "receivedAt", "id");

-- CreateIndex
CREATE INDEX "SchemeNotice_merchantId_idx" ON "SchemeNotice"("merchantId");

-- CreateIndex
CREATE INDEX "SchemeNotice_arn_idx" ON "SchemeNotice"("arn");

-- CreateIndex
CREATE INDEX "SchemeNotice_cardLast4_idx" ON "SchemeNotice"("cardLast4");

-- CreateIndex
CREATE INDEX "SchemeNotice_externalId_idx" ON "SchemeNotice"("externalId");
