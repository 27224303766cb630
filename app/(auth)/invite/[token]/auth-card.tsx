import Link from "next/link";

/** The centred card of the open pages (same look as sign-in). */
export function AuthCard({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center gap-2">
          <span aria-hidden className="inline-flex h-8 w-8 items-center justify-center rounded-md bg-brand-600 text-sm font-bold text-white">
            R
          </span>
          <span className="text-lg font-semibold">Recourse</span>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="mb-1 text-lg font-semibold">{title}</h1>
          {children}
        </div>
      </div>
    </main>
  );
}

export function InvalidLink() {
  return (
    <AuthCard title="Link expired or invalid">
      <p role="alert" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-950">
        This link has expired or is invalid. Links work once, for a limited time. Ask an administrator for a new one.
      </p>
      <Link href="/sign-in" className="text-sm">
        Go to sign-in
      </Link>
    </AuthCard>
  );
}
