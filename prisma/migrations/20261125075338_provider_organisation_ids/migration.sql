-- AlterTable
ALTER TABLE "Alert" ADD COLUMN     "providerOrganisationId" TEXT;

-- AlterTable
ALTER TABLE "Enrolment" ADD COLUMN     "providerOrganisationId" TEXT;

-- AlterTable
ALTER TABLE "Lookup" ADD COLUMN     "providerOrganisationId" TEXT;

-- AlterTable
ALTER TABLE "Merchant" ADD COLUMN     "providerOrganisationId" TEXT;

-- AlterTable
ALTER TABLE "Representment" ADD COLUMN     "providerOrganisationId" TEXT;

-- AlterTable
ALTER TABLE "SchemeNotice" ADD COLUMN     "providerOrganisationId" TEXT;

-- AlterTable
ALTER TABLE "WebhookEvent" ADD COLUMN     "providerOrganisationId" TEXT;

-- CreateIndex
CREATE INDEX "Alert_providerOrganisationId_idx" ON "Alert"("providerOrganisationId");

-- CreateIndex
CREATE INDEX "Enrolment_providerOrganisationId_idx" ON "Enrolment"("providerOrganisationId");

-- CreateIndex
CREATE INDEX "Lookup_providerOrganisationId_idx" ON "Lookup"("providerOrganisationId");

-- CreateIndex
CREATE INDEX "Merchant_providerOrganisationId_idx" ON "Merchant"("providerOrganisationId");

-- CreateIndex
CREATE INDEX "Representment_providerOrganisationId_idx" ON "Representment"("providerOrganisationId");

-- CreateIndex
CREATE INDEX "SchemeNotice_providerOrganisationId_idx" ON "SchemeNotice"("providerOrganisationId");
