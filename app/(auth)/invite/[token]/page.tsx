import type { Metadata } from "next";
import { getAuthTokenState } from "@/lib/domain/users/tokens";
import { formatDateTime } from "@/lib/format";
import { acceptInvitationAction } from "./actions";
import { AuthCard, InvalidLink } from "./auth-card";
import { SetPasswordForm } from "./set-password-form";

export const metadata: Metadata = { title: "Accept invitation", robots: { index: false, follow: false }, referrer: "no-referrer" };

/** Open page (no session): an invited person chooses a password. Unknown, used or expired links answer 200 with a message. */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const state = await getAuthTokenState(token, "INVITE");
  if (!state.valid) return <InvalidLink />;
  return (
    <AuthCard title="Welcome to Recourse">
      <p className="mb-5 text-sm text-slate-600">
        Choose a password for <strong className="font-medium text-slate-900">{state.email}</strong>. This link works once, until {formatDateTime(state.expiresAt, "UTC")} UTC.
      </p>
      <SetPasswordForm action={acceptInvitationAction} token={token} email={state.email} askName defaultName={state.name} submitLabel="Set password" />
    </AuthCard>
  );
}
