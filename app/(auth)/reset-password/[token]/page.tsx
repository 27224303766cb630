import type { Metadata } from "next";
import { getAuthTokenState } from "@/lib/domain/users/tokens";
import { formatDateTime } from "@/lib/format";
import { AuthCard, InvalidLink } from "../../invite/[token]/auth-card";
import { SetPasswordForm } from "../../invite/[token]/set-password-form";
import { resetPasswordAction } from "./actions";

export const metadata: Metadata = { title: "Reset password", robots: { index: false, follow: false }, referrer: "no-referrer" };

/** Open page (no session): choose a new password through a one-time reset link; other sessions end. */
export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const state = await getAuthTokenState(token, "RESET");
  if (!state.valid) return <InvalidLink />;
  return (
    <AuthCard title="Choose a new password">
      <p className="mb-5 text-sm text-slate-600">
        For <strong className="font-medium text-slate-900">{state.email}</strong>. Signing in elsewhere ends when you save. This link works once, until{" "}
        {formatDateTime(state.expiresAt, "UTC")} UTC.
      </p>
      <SetPasswordForm action={resetPasswordAction} token={token} email={state.email} askName={false} submitLabel="Save new password" />
    </AuthCard>
  );
}
