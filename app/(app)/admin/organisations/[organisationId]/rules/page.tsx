import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { FormMessage } from "@/components/forms/form-message";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requireViewer } from "@/lib/auth/viewer";
import { getOrganisationDetail } from "@/lib/domain/organisations/queries";
import { listRules } from "@/lib/domain/rules/queries";
import { formatDateTime } from "@/lib/format";
import { listProviders } from "@/lib/providers/registry";
import { OUTCOME_INTENTS } from "@/lib/providers/types";
import { firstParam, type SearchParams } from "@/lib/url-state";
import { ActionForm } from "../../../_components/action-form";
import { deleteRuleAction, moveRuleAction, ruleFormAction, toggleRuleAction } from "./actions";
import { RuleForm, type RuleFormValues } from "./rule-form";

export const metadata: Metadata = { title: "Auto-response rules" };

export default async function RulesPage({ params, searchParams }: { params: Promise<{ organisationId: string }>; searchParams: Promise<SearchParams> }) {
  const { viewer, scope } = await requireViewer("admin.manage");
  const { organisationId } = await params;
  const query = await searchParams;
  const org = await getOrganisationDetail(scope, organisationId);
  if (!org) notFound();
  const rules = await listRules(scope, org.id);
  const editing = rules.find((r) => r.id === firstParam(query, "edit")) ?? null;
  const initial: RuleFormValues | null = editing
    ? {
        ruleId: editing.id,
        name: editing.name,
        outcome: editing.outcome,
        merchantId: editing.merchantId ?? "",
        enabled: editing.enabled,
        providers: editing.conditions.providers,
        kinds: editing.conditions.kinds,
        currencies: editing.conditions.currencies.join(", "),
        schemes: editing.conditions.schemes,
        amountMin: editing.conditions.amountMin ?? "",
        amountMax: editing.conditions.amountMax ?? "",
        binFrom: editing.conditions.binFrom ?? "",
        binTo: editing.conditions.binTo ?? "",
      }
    : null;
  const base = `/admin/organisations/${org.id}`;
  return (
    <>
      <PageHeader
        breadcrumb={
          <>
            <Link href="/admin/organisations">Organisations</Link> / <Link href={base}>{org.name}</Link>
          </>
        }
        title={`${org.name}: auto-response rules`}
        description="When an alert arrives waiting for a decision, the first matching rule (top to bottom) answers it. Chargebackhit gets the answer in the webhook response; other providers through the outbox. Rules never override the double-refund guard, and every automatic decision names its rule in the audit trail."
      />
      {firstParam(query, "saved") === "1" ? (
        <div className="mb-3">
          <FormMessage state={{ ok: true, message: "Rule saved. It applies to alerts that arrive from now on." }} />
        </div>
      ) : null}
      <div className="grid gap-4 xl:grid-cols-5">
        <Card aria-labelledby="rules-list" className="xl:col-span-3">
          <CardHeader id="rules-list" title="Rules, in order" description={`${rules.length} rule${rules.length === 1 ? "" : "s"}; the first one that matches decides.`} />
          {rules.length === 0 ? (
            <EmptyState title="No rules yet">Every alert waits for a person. Add a rule to answer routine alerts automatically.</EmptyState>
          ) : (
            <ol className="divide-y divide-slate-100">
              {rules.map((rule, index) => (
                <li key={rule.id} className="flex flex-col gap-2 px-4 py-3" aria-label={`Rule ${index + 1}: ${rule.name}`}>
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="tabular w-6 text-sm text-slate-500">{index + 1}.</span>
                    <span className="font-medium">{rule.name}</span>
                    {rule.enabled ? <Badge tone="success">Enabled</Badge> : <Badge tone="muted">Disabled</Badge>}
                    <span className="ml-auto text-xs text-slate-500">changed {formatDateTime(rule.updatedAt, viewer.timeZone)}</span>
                  </div>
                  <p className="pl-8 text-sm text-slate-700">{rule.description}</p>
                  <div className="flex flex-wrap items-center gap-2 pl-8">
                    {index > 0 ? (
                      <ActionForm
                        action={moveRuleAction}
                        layout="inline"
                        label={`Move ${rule.name} up`}
                        variant="secondary"
                        submitLabel="Move up"
                        fields={[{ kind: "hidden", name: "ruleId", value: rule.id }, { kind: "hidden", name: "organisationId", value: org.id }, { kind: "hidden", name: "direction", value: "up" }]}
                      />
                    ) : null}
                    {index < rules.length - 1 ? (
                      <ActionForm
                        action={moveRuleAction}
                        layout="inline"
                        label={`Move ${rule.name} down`}
                        variant="secondary"
                        submitLabel="Move down"
                        fields={[{ kind: "hidden", name: "ruleId", value: rule.id }, { kind: "hidden", name: "organisationId", value: org.id }, { kind: "hidden", name: "direction", value: "down" }]}
                      />
                    ) : null}
                    <ActionForm
                      action={toggleRuleAction}
                      layout="inline"
                      label={`${rule.enabled ? "Disable" : "Enable"} ${rule.name}`}
                      variant="secondary"
                      submitLabel={rule.enabled ? "Disable" : "Enable"}
                      fields={[{ kind: "hidden", name: "ruleId", value: rule.id }, { kind: "hidden", name: "organisationId", value: org.id }, { kind: "hidden", name: "enabled", value: rule.enabled ? "false" : "true" }]}
                    />
                    <Link href={`${base}/rules?edit=${rule.id}`} className="rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-slate-300 ring-inset hover:bg-slate-50">
                      Edit
                    </Link>
                    <ActionForm
                      action={deleteRuleAction}
                      layout="inline"
                      label={`Delete ${rule.name}`}
                      variant="danger"
                      submitLabel="Delete"
                      fields={[{ kind: "hidden", name: "ruleId", value: rule.id }, { kind: "hidden", name: "organisationId", value: org.id }]}
                    />
                  </div>
                </li>
              ))}
            </ol>
          )}
        </Card>
        <Card aria-labelledby="rule-form" className="h-fit xl:col-span-2">
          <CardHeader id="rule-form" title={editing ? `Edit “${editing.name}”` : "New rule"} description="Test it against the last 90 days of alerts before you save it." />
          <RuleForm
            key={editing?.id ?? "new"}
            organisationId={org.id}
            initial={initial}
            merchants={org.merchants.map((m) => ({ value: m.id, label: m.name }))}
            providers={listProviders().map((p) => ({ value: p.id, label: p.label }))}
            outcomes={OUTCOME_INTENTS.map((i) => ({ value: i.value, label: i.label }))}
            action={ruleFormAction}
            cancelHref={editing ? `${base}/rules` : null}
          />
        </Card>
      </div>
    </>
  );
}
