import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getViewer, safeCallbackPath } from "@/lib/auth/viewer";
import { signInAction } from "./actions";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(typeof params.callbackUrl === "string" ? params.callbackUrl : null);
  if (await getViewer()) redirect(callbackUrl);
  const error = typeof params.error === "string" ? params.error : null;
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center gap-2">
          <span aria-hidden className="inline-flex h-8 w-8 items-center justify-center rounded-md bg-brand-600 text-sm font-bold text-white">R</span>
          <span className="text-lg font-semibold">Recourse</span>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="mb-1 text-lg font-semibold">Sign in</h1>
          <p className="mb-5 text-sm text-slate-600">Disputes, alerts and deadlines in one place.</p>
          {params.welcome === "1" || params.reset === "1" ? (
            <p role="status" className="mb-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
              {params.welcome === "1" ? "Your account is ready. Sign in with your new password." : "Your password was changed. Sign in with the new one."}
            </p>
          ) : null}
          {error ? (
            <p role="alert" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
              {error === "CredentialsSignin" ? "Wrong email or password." : "Sign-in failed. Try again."}
            </p>
          ) : null}
          <SignInForm action={signInAction} callbackUrl={callbackUrl} />
        </div>
      </div>
    </main>
  );
}
