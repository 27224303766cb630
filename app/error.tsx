"use client";

/** Shown for unexpected errors: no message or stack from the server reaches the page. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-2 px-4 text-center">
      <h1 className="text-xl font-semibold">Something went wrong</h1>
      <p className="text-sm text-slate-600">The error was logged{error.digest ? ` (reference ${error.digest})` : ""}. Try again in a moment.</p>
      <button type="button" onClick={reset} className="mt-2 rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white">
        Try again
      </button>
    </main>
  );
}
