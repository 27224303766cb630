-- Trigram search (alert descriptors). Declared here rather than in schema.prisma: with the WASM
-- schema engine the postgresqlExtensions preview re-proposes it in every migration.
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateEnum
CREATE TYPE "GlobalRole" AS ENUM ('ADMIN', 'OPS');

-- CreateEnum
CREATE TYPE "OrgRole" AS ENUM ('AGENT', 'VIEWER');

-- CreateEnum
CREATE TYPE "ConnectionScope" AS ENUM ('ORG', 'PARTNER');

-- CreateEnum
CREATE TYPE "ConnectionMode" AS ENUM ('TEST', 'LIVE');

-- CreateEnum
CREATE TYPE "ConnectionStatus" AS ENUM ('ACTIVE', 'DISABLED');

-- CreateEnum
CREATE TYPE "WebhookEventStatus" AS ENUM ('PROCESSED', 'IGNORED', 'FAILED');

-- CreateEnum
CREATE TYPE "AlertStatus" AS ENUM ('ACTION_REQUIRED', 'AWAITING_PROVIDER', 'RESOLVED', 'INVALID', 'EXPIRED');

-- CreateEnum
CREATE TYPE "AlertKind" AS ENUM ('ETHOCA', 'CDRN', 'RDR', 'OTHER');

-- CreateEnum
CREATE TYPE "RepresentmentStage" AS ENUM ('INQUIRY', 'CHARGEBACK', 'PRE_ARBITRATION', 'ARBITRATION', 'OTHER');

-- CreateEnum
CREATE TYPE "RepresentmentStatus" AS ENUM ('OPEN', 'UNDER_REVIEW', 'WON', 'LOST', 'CLOSED');

-- CreateEnum
CREATE TYPE "SchemeNoticeType" AS ENUM ('TC40', 'TC15', 'SAFE', 'OTHER');

-- CreateEnum
CREATE TYPE "LookupStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED', 'TIMEOUT');

-- CreateEnum
CREATE TYPE "DeflectionStatus" AS ENUM ('NOT_ATTEMPTED', 'PENDING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "EnrolmentService" AS ENUM ('ETHOCA', 'RDR', 'CDRN', 'ORDER_INSIGHT', 'CONSUMER_CLARITY', 'OTHER');

-- CreateEnum
CREATE TYPE "EnrolmentStatus" AS ENUM ('REQUESTED', 'IN_PROGRESS', 'ENABLED', 'FAILED', 'UNENROLLED');

-- CreateEnum
CREATE TYPE "OutcomeStatus" AS ENUM ('QUEUED', 'SENDING', 'UNKNOWN', 'SUCCEEDED', 'REJECTED', 'FAILED');

-- CreateEnum
CREATE TYPE "MatchRule" AS ENUM ('NETWORK_ID', 'ARN_CARD', 'AUTH_CODE_CARD', 'AMOUNT_DATE_DESCRIPTOR', 'MANUAL');

-- CreateTable
CREATE TABLE "Organisation" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "providerOrgId" TEXT,
    "archivedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Organisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Merchant" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT,
    "name" TEXT NOT NULL,
    "descriptor" TEXT,
    "mid" TEXT,
    "caid" TEXT,
    "acquirerBin" TEXT,
    "mcc" TEXT,
    "placeholder" BOOLEAN NOT NULL DEFAULT false,
    "providerOrganisationId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Merchant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MerchantProviderId" (
    "id" TEXT NOT NULL,
    "merchantId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,

    CONSTRAINT "MerchantProviderId_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "passwordHash" TEXT NOT NULL,
    "globalRole" "GlobalRole",
    "deactivatedAt" TIMESTAMPTZ(3),
    "sessionsValidFrom" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSignInAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "role" "OrgRole" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UserPreference" (
    "userId" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "tables" JSONB NOT NULL DEFAULT '{}',
    "notifications" JSONB NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "UserPreference_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "Connection" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT,
    "provider" TEXT NOT NULL,
    "scope" "ConnectionScope" NOT NULL DEFAULT 'ORG',
    "mode" "ConnectionMode" NOT NULL DEFAULT 'LIVE',
    "status" "ConnectionStatus" NOT NULL DEFAULT 'ACTIVE',
    "label" TEXT,
    "apiBaseUrl" TEXT NOT NULL,
    "publicKey" TEXT,
    "clientId" TEXT,
    "redirectUri" TEXT,
    "disabledAt" TIMESTAMPTZ(3),
    "lastSyncAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Connection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConnectionSecret" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "subject" TEXT NOT NULL DEFAULT '',
    "ciphertext" TEXT NOT NULL,
    "last4" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConnectionSecret_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeliveryRejection" (
    "connectionId" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DeliveryRejection_pkey" PRIMARY KEY ("connectionId","hour","reason")
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "organisationId" TEXT,
    "externalEventId" TEXT NOT NULL,
    "deliveryId" TEXT,
    "providerOrganisationId" TEXT,
    "type" TEXT NOT NULL,
    "status" "WebhookEventStatus" NOT NULL,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "rawBody" BYTEA NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "responseBody" TEXT,
    "subjectType" TEXT,
    "subjectId" TEXT,
    "changes" JSONB,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastReceivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMPTZ(3),

    CONSTRAINT "WebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT,
    "merchantId" TEXT,
    "connectionId" TEXT,
    "enrolmentId" TEXT,
    "transactionId" TEXT,
    "provider" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "providerOrganisationId" TEXT,
    "kind" "AlertKind" NOT NULL,
    "providerStatus" TEXT NOT NULL,
    "status" "AlertStatus" NOT NULL,
    "deadlineAt" TIMESTAMPTZ(3),
    "amountMinor" INTEGER,
    "currency" TEXT,
    "cardScheme" TEXT,
    "cardBin" TEXT,
    "cardLast4" TEXT,
    "cardIssuer" TEXT,
    "arn" TEXT,
    "authCode" TEXT,
    "descriptor" TEXT,
    "networkTransactionId" TEXT,
    "merchantReference" TEXT,
    "authorisedAt" TIMESTAMPTZ(3),
    "reasonCode" TEXT,
    "refundOutcome" TEXT,
    "cancelOutcome" TEXT,
    "providerOutcome" TEXT,
    "note" TEXT,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMPTZ(3),
    "providerCreatedAt" TIMESTAMPTZ(3),
    "providerUpdatedAt" TIMESTAMPTZ(3),
    "providerData" JSONB NOT NULL,
    "matchRule" "MatchRule",
    "matchConfidence" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Representment" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT,
    "merchantId" TEXT,
    "connectionId" TEXT,
    "transactionId" TEXT,
    "provider" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "providerOrganisationId" TEXT,
    "stage" "RepresentmentStage" NOT NULL,
    "providerStage" TEXT,
    "status" "RepresentmentStatus" NOT NULL,
    "providerStatus" TEXT NOT NULL,
    "disputeStatus" TEXT,
    "reason" TEXT,
    "reasonCode" TEXT,
    "amountMinor" INTEGER,
    "currency" TEXT,
    "transactionAmountMinor" INTEGER,
    "transactionCurrency" TEXT,
    "cardScheme" TEXT,
    "arn" TEXT,
    "serviceType" TEXT,
    "managedBy" TEXT,
    "referenceId" TEXT,
    "transactionReferenceId" TEXT,
    "dueAt" TIMESTAMPTZ(3),
    "disputedAt" TIMESTAMPTZ(3),
    "transactionAuthorisedAt" TIMESTAMPTZ(3),
    "detailsPending" BOOLEAN NOT NULL DEFAULT false,
    "providerCreatedAt" TIMESTAMPTZ(3),
    "providerUpdatedAt" TIMESTAMPTZ(3),
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "providerData" JSONB NOT NULL,
    "matchRule" "MatchRule",
    "matchConfidence" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Representment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SchemeNotice" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT,
    "merchantId" TEXT,
    "connectionId" TEXT,
    "transactionId" TEXT,
    "provider" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "providerOrganisationId" TEXT,
    "noticeType" "SchemeNoticeType" NOT NULL,
    "providerType" TEXT NOT NULL,
    "category" TEXT,
    "scheme" TEXT,
    "fraudType" TEXT,
    "disputeEligible" BOOLEAN,
    "revoked" BOOLEAN NOT NULL DEFAULT false,
    "revokedAt" TIMESTAMPTZ(3),
    "reportedAt" TIMESTAMPTZ(3),
    "amountMinor" INTEGER,
    "currency" TEXT,
    "cardBin" TEXT,
    "cardLast4" TEXT,
    "arn" TEXT,
    "authCode" TEXT,
    "merchantName" TEXT,
    "purchasedAt" TIMESTAMPTZ(3),
    "providerCreatedAt" TIMESTAMPTZ(3),
    "providerUpdatedAt" TIMESTAMPTZ(3),
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "providerData" JSONB NOT NULL,
    "matchRule" "MatchRule",
    "matchConfidence" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SchemeNotice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Lookup" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT,
    "merchantId" TEXT,
    "connectionId" TEXT,
    "transactionId" TEXT,
    "parentId" TEXT,
    "provider" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "providerOrganisationId" TEXT,
    "parentExternalId" TEXT,
    "enrolmentExternalId" TEXT,
    "lookupType" TEXT NOT NULL,
    "lookupStatus" "LookupStatus" NOT NULL,
    "deflectionStatus" "DeflectionStatus" NOT NULL,
    "amountMinor" INTEGER,
    "currency" TEXT,
    "cardBin" TEXT,
    "cardLast4" TEXT,
    "arn" TEXT,
    "authCode" TEXT,
    "descriptor" TEXT,
    "networkTransactionId" TEXT,
    "transactionAt" TIMESTAMPTZ(3),
    "providerCreatedAt" TIMESTAMPTZ(3),
    "providerUpdatedAt" TIMESTAMPTZ(3),
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "providerData" JSONB NOT NULL,
    "matchRule" "MatchRule",
    "matchConfidence" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Lookup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Enrolment" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT,
    "connectionId" TEXT,
    "provider" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "providerOrganisationId" TEXT,
    "service" "EnrolmentService" NOT NULL,
    "providerType" TEXT NOT NULL,
    "status" "EnrolmentStatus" NOT NULL,
    "providerStatus" TEXT NOT NULL,
    "statusChangedAt" TIMESTAMPTZ(3) NOT NULL,
    "note" TEXT,
    "providerCreatedAt" TIMESTAMPTZ(3),
    "providerUpdatedAt" TIMESTAMPTZ(3),
    "providerData" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Enrolment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EnrolmentMerchant" (
    "enrolmentId" TEXT NOT NULL,
    "merchantId" TEXT NOT NULL,

    CONSTRAINT "EnrolmentMerchant_pkey" PRIMARY KEY ("enrolmentId","merchantId")
);

-- CreateTable
CREATE TABLE "EnrolmentStatusChange" (
    "id" TEXT NOT NULL,
    "enrolmentId" TEXT NOT NULL,
    "fromStatus" "EnrolmentStatus",
    "toStatus" "EnrolmentStatus" NOT NULL,
    "providerStatus" TEXT NOT NULL,
    "changedAt" TIMESTAMPTZ(3) NOT NULL,
    "webhookEventId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EnrolmentStatusChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Transaction" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "merchantId" TEXT,
    "merchantReference" TEXT NOT NULL,
    "networkTransactionId" TEXT,
    "arn" TEXT,
    "authCode" TEXT,
    "cardBin" TEXT,
    "cardLast4" TEXT,
    "amountMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "authorisedAt" TIMESTAMPTZ(3) NOT NULL,
    "settledAt" TIMESTAMPTZ(3),
    "descriptor" TEXT,
    "customer" JSONB,
    "products" JSONB,
    "refundStatus" TEXT,
    "refunds" JSONB,
    "source" TEXT NOT NULL DEFAULT 'api',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Transaction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutcomeSubmission" (
    "id" TEXT NOT NULL,
    "alertId" TEXT NOT NULL,
    "organisationId" TEXT,
    "outcome" TEXT NOT NULL,
    "note" TEXT,
    "payload" JSONB NOT NULL,
    "status" "OutcomeStatus" NOT NULL DEFAULT 'QUEUED',
    "liveAlertId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "providerResponse" JSONB,
    "idempotencyKey" TEXT NOT NULL,
    "requestedById" TEXT,
    "ruleId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "completedAt" TIMESTAMPTZ(3),

    CONSTRAINT "OutcomeSubmission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorEmail" TEXT,
    "actorType" TEXT NOT NULL DEFAULT 'user',
    "action" TEXT NOT NULL,
    "targetType" TEXT,
    "targetId" TEXT,
    "organisationId" TEXT,
    "before" JSONB,
    "after" JSONB,
    "ip" TEXT,
    "userAgent" TEXT,
    "metadata" JSONB,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limits" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "WorkerHeartbeat" (
    "workerId" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "host" TEXT NOT NULL,
    "concurrency" INTEGER NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkerHeartbeat_pkey" PRIMARY KEY ("workerId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Organisation_slug_key" ON "Organisation"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Organisation_providerOrgId_key" ON "Organisation"("providerOrgId");

-- CreateIndex
CREATE INDEX "Merchant_organisationId_name_idx" ON "Merchant"("organisationId", "name");

-- CreateIndex
CREATE INDEX "Merchant_providerOrganisationId_idx" ON "Merchant"("providerOrganisationId");

-- CreateIndex
CREATE INDEX "MerchantProviderId_merchantId_idx" ON "MerchantProviderId"("merchantId");

-- CreateIndex
CREATE UNIQUE INDEX "MerchantProviderId_provider_externalId_key" ON "MerchantProviderId"("provider", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Membership_organisationId_idx" ON "Membership"("organisationId");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_userId_organisationId_key" ON "Membership"("userId", "organisationId");

-- CreateIndex
CREATE INDEX "Connection_organisationId_idx" ON "Connection"("organisationId");

-- CreateIndex
CREATE INDEX "ConnectionSecret_connectionId_name_subject_idx" ON "ConnectionSecret"("connectionId", "name", "subject");

-- CreateIndex
CREATE INDEX "WebhookEvent_organisationId_receivedAt_idx" ON "WebhookEvent"("organisationId", "receivedAt" DESC);

-- CreateIndex
CREATE INDEX "WebhookEvent_receivedAt_idx" ON "WebhookEvent"("receivedAt" DESC);

-- CreateIndex
CREATE INDEX "WebhookEvent_status_receivedAt_idx" ON "WebhookEvent"("status", "receivedAt" DESC);

-- CreateIndex
CREATE INDEX "WebhookEvent_subjectType_subjectId_idx" ON "WebhookEvent"("subjectType", "subjectId");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEvent_connectionId_externalEventId_key" ON "WebhookEvent"("connectionId", "externalEventId");

-- CreateIndex
CREATE INDEX "Alert_providerOrganisationId_idx" ON "Alert"("providerOrganisationId");

-- CreateIndex
CREATE INDEX "Alert_organisationId_status_deadlineAt_id_idx" ON "Alert"("organisationId", "status", "deadlineAt", "id");

-- CreateIndex
CREATE INDEX "Alert_status_deadlineAt_id_idx" ON "Alert"("status", "deadlineAt", "id");

-- CreateIndex
CREATE INDEX "Alert_organisationId_status_receivedAt_id_idx" ON "Alert"("organisationId", "status", "receivedAt", "id");

-- CreateIndex
CREATE INDEX "Alert_status_receivedAt_id_idx" ON "Alert"("status", "receivedAt", "id");

-- CreateIndex
CREATE INDEX "Alert_organisationId_status_amountMinor_id_idx" ON "Alert"("organisationId", "status", "amountMinor", "id");

-- CreateIndex
CREATE INDEX "Alert_transactionId_idx" ON "Alert"("transactionId");

-- CreateIndex
CREATE INDEX "Alert_merchantId_idx" ON "Alert"("merchantId");

-- CreateIndex
CREATE INDEX "Alert_arn_idx" ON "Alert"("arn");

-- CreateIndex
CREATE INDEX "Alert_cardLast4_idx" ON "Alert"("cardLast4");

-- CreateIndex
CREATE INDEX "Alert_authCode_idx" ON "Alert"("authCode");

-- CreateIndex
CREATE INDEX "Alert_externalId_idx" ON "Alert"("externalId");

-- CreateIndex
CREATE INDEX "Alert_descriptor_idx" ON "Alert" USING GIN ("descriptor" gin_trgm_ops);

-- CreateIndex
CREATE UNIQUE INDEX "Alert_provider_externalId_key" ON "Alert"("provider", "externalId");

-- CreateIndex
CREATE INDEX "Representment_providerOrganisationId_idx" ON "Representment"("providerOrganisationId");

-- CreateIndex
CREATE INDEX "Representment_organisationId_status_dueAt_id_idx" ON "Representment"("organisationId", "status", "dueAt", "id");

-- CreateIndex
CREATE INDEX "Representment_status_dueAt_id_idx" ON "Representment"("status", "dueAt", "id");

-- CreateIndex
CREATE INDEX "Representment_organisationId_receivedAt_id_idx" ON "Representment"("organisationId", "receivedAt", "id");

-- CreateIndex
CREATE INDEX "Representment_receivedAt_id_idx" ON "Representment"("receivedAt", "id");

-- CreateIndex
CREATE INDEX "Representment_organisationId_status_disputedAt_id_idx" ON "Representment"("organisationId", "status", "disputedAt", "id");

-- CreateIndex
CREATE INDEX "Representment_organisationId_status_amountMinor_id_idx" ON "Representment"("organisationId", "status", "amountMinor", "id");

-- CreateIndex
CREATE INDEX "Representment_organisationId_status_receivedAt_id_idx" ON "Representment"("organisationId", "status", "receivedAt", "id");

-- CreateIndex
CREATE INDEX "Representment_merchantId_idx" ON "Representment"("merchantId");

-- CreateIndex
CREATE INDEX "Representment_transactionId_idx" ON "Representment"("transactionId");

-- CreateIndex
CREATE INDEX "Representment_arn_idx" ON "Representment"("arn");

-- CreateIndex
CREATE INDEX "Representment_externalId_idx" ON "Representment"("externalId");

-- CreateIndex
CREATE UNIQUE INDEX "Representment_provider_externalId_key" ON "Representment"("provider", "externalId");

-- CreateIndex
CREATE INDEX "SchemeNotice_providerOrganisationId_idx" ON "SchemeNotice"("providerOrganisationId");

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

-- CreateIndex
CREATE INDEX "SchemeNotice_transactionId_idx" ON "SchemeNotice"("transactionId");

-- CreateIndex
CREATE UNIQUE INDEX "SchemeNotice_provider_externalId_key" ON "SchemeNotice"("provider", "externalId");

-- CreateIndex
CREATE INDEX "Lookup_providerOrganisationId_idx" ON "Lookup"("providerOrganisationId");

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
CREATE INDEX "Lookup_parentExternalId_idx" ON "Lookup"("parentExternalId");

-- CreateIndex
CREATE INDEX "Lookup_transactionId_idx" ON "Lookup"("transactionId");

-- CreateIndex
CREATE UNIQUE INDEX "Lookup_provider_externalId_key" ON "Lookup"("provider", "externalId");

-- CreateIndex
CREATE INDEX "Enrolment_providerOrganisationId_idx" ON "Enrolment"("providerOrganisationId");

-- CreateIndex
CREATE INDEX "Enrolment_organisationId_status_statusChangedAt_idx" ON "Enrolment"("organisationId", "status", "statusChangedAt");

-- CreateIndex
CREATE INDEX "Enrolment_status_statusChangedAt_idx" ON "Enrolment"("status", "statusChangedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Enrolment_provider_externalId_key" ON "Enrolment"("provider", "externalId");

-- CreateIndex
CREATE INDEX "EnrolmentMerchant_merchantId_idx" ON "EnrolmentMerchant"("merchantId");

-- CreateIndex
CREATE INDEX "EnrolmentStatusChange_enrolmentId_changedAt_idx" ON "EnrolmentStatusChange"("enrolmentId", "changedAt");

-- CreateIndex
CREATE INDEX "Transaction_organisationId_networkTransactionId_idx" ON "Transaction"("organisationId", "networkTransactionId");

-- CreateIndex
CREATE INDEX "Transaction_organisationId_arn_idx" ON "Transaction"("organisationId", "arn");

-- CreateIndex
CREATE INDEX "Transaction_organisationId_cardLast4_authCode_idx" ON "Transaction"("organisationId", "cardLast4", "authCode");

-- CreateIndex
CREATE INDEX "Transaction_organisationId_authorisedAt_idx" ON "Transaction"("organisationId", "authorisedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Transaction_organisationId_merchantReference_key" ON "Transaction"("organisationId", "merchantReference");

-- CreateIndex
CREATE UNIQUE INDEX "OutcomeSubmission_liveAlertId_key" ON "OutcomeSubmission"("liveAlertId");

-- CreateIndex
CREATE UNIQUE INDEX "OutcomeSubmission_idempotencyKey_key" ON "OutcomeSubmission"("idempotencyKey");

-- CreateIndex
CREATE INDEX "OutcomeSubmission_alertId_createdAt_idx" ON "OutcomeSubmission"("alertId", "createdAt");

-- CreateIndex
CREATE INDEX "OutcomeSubmission_status_updatedAt_idx" ON "OutcomeSubmission"("status", "updatedAt");

-- CreateIndex
CREATE INDEX "AuditLog_organisationId_at_idx" ON "AuditLog"("organisationId", "at" DESC);

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at" DESC);

-- CreateIndex
CREATE INDEX "AuditLog_targetType_targetId_idx" ON "AuditLog"("targetType", "targetId");

-- CreateIndex
CREATE INDEX "AuditLog_actorId_at_idx" ON "AuditLog"("actorId", "at" DESC);

-- CreateIndex
CREATE INDEX "WorkerHeartbeat_lastSeenAt_idx" ON "WorkerHeartbeat"("lastSeenAt");

-- AddForeignKey
ALTER TABLE "Merchant" ADD CONSTRAINT "Merchant_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MerchantProviderId" ADD CONSTRAINT "MerchantProviderId_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "Merchant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserPreference" ADD CONSTRAINT "UserPreference_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Connection" ADD CONSTRAINT "Connection_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConnectionSecret" ADD CONSTRAINT "ConnectionSecret_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeliveryRejection" ADD CONSTRAINT "DeliveryRejection_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookEvent" ADD CONSTRAINT "WebhookEvent_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookEvent" ADD CONSTRAINT "WebhookEvent_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "Merchant"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_enrolmentId_fkey" FOREIGN KEY ("enrolmentId") REFERENCES "Enrolment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_transactionId_fkey" FOREIGN KEY ("transactionId") REFERENCES "Transaction"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Representment" ADD CONSTRAINT "Representment_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Representment" ADD CONSTRAINT "Representment_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "Merchant"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Representment" ADD CONSTRAINT "Representment_transactionId_fkey" FOREIGN KEY ("transactionId") REFERENCES "Transaction"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SchemeNotice" ADD CONSTRAINT "SchemeNotice_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SchemeNotice" ADD CONSTRAINT "SchemeNotice_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "Merchant"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SchemeNotice" ADD CONSTRAINT "SchemeNotice_transactionId_fkey" FOREIGN KEY ("transactionId") REFERENCES "Transaction"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lookup" ADD CONSTRAINT "Lookup_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lookup" ADD CONSTRAINT "Lookup_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "Merchant"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lookup" ADD CONSTRAINT "Lookup_transactionId_fkey" FOREIGN KEY ("transactionId") REFERENCES "Transaction"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lookup" ADD CONSTRAINT "Lookup_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Lookup"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Enrolment" ADD CONSTRAINT "Enrolment_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EnrolmentMerchant" ADD CONSTRAINT "EnrolmentMerchant_enrolmentId_fkey" FOREIGN KEY ("enrolmentId") REFERENCES "Enrolment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EnrolmentMerchant" ADD CONSTRAINT "EnrolmentMerchant_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "Merchant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EnrolmentStatusChange" ADD CONSTRAINT "EnrolmentStatusChange_enrolmentId_fkey" FOREIGN KEY ("enrolmentId") REFERENCES "Enrolment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Transaction" ADD CONSTRAINT "Transaction_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Transaction" ADD CONSTRAINT "Transaction_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "Merchant"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutcomeSubmission" ADD CONSTRAINT "OutcomeSubmission_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutcomeSubmission" ADD CONSTRAINT "OutcomeSubmission_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AuditLog is append-only: UPDATE, DELETE and TRUNCATE are refused for every role.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditLog is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "AuditLog" FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Minor-unit exponent of an ISO 4217 currency (used to compare amounts given in major units with
-- stored minor units). Same table as lib/format.ts currencyExponent for the non-2 currencies.
CREATE OR REPLACE FUNCTION currency_exponent(code text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE upper(code)
    WHEN 'BIF' THEN 0 WHEN 'CLP' THEN 0 WHEN 'DJF' THEN 0 WHEN 'GNF' THEN 0 WHEN 'ISK' THEN 0
    WHEN 'JPY' THEN 0 WHEN 'KMF' THEN 0 WHEN 'KRW' THEN 0 WHEN 'PYG' THEN 0 WHEN 'RWF' THEN 0
    WHEN 'UGX' THEN 0 WHEN 'UYI' THEN 0 WHEN 'VND' THEN 0 WHEN 'VUV' THEN 0 WHEN 'XAF' THEN 0
    WHEN 'XOF' THEN 0 WHEN 'XPF' THEN 0
    WHEN 'BHD' THEN 3 WHEN 'IQD' THEN 3 WHEN 'JOD' THEN 3 WHEN 'KWD' THEN 3 WHEN 'LYD' THEN 3
    WHEN 'OMR' THEN 3 WHEN 'TND' THEN 3
    WHEN 'CLF' THEN 4 WHEN 'UYW' THEN 4
    ELSE 2
  END
$$;
