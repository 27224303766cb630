export function FormMessage({ state }: { state: { ok: boolean; message?: string } }) {
  if (!state.message) return null;
  return (
    <p
      role={state.ok ? "status" : "alert"}
      className={state.ok ? "rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800" : "rounded-md bg-red-50 px-3 py-2 text-sm text-red-800"}
    >
      {state.message}
    </p>
  );
}
