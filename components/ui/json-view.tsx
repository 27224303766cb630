/**
 * Pretty-prints provider data as text. React escapes the content, and long or odd input (NUL
 * characters, deep nesting) is shown as given, never interpreted.
 */
export function JsonView({ value, label }: { value: string; label: string }) {
  return (
    <pre
      aria-label={label}
      tabIndex={0}
      className="max-h-[32rem] overflow-auto whitespace-pre-wrap break-all bg-slate-950 px-4 py-3 font-mono text-xs leading-relaxed text-slate-100"
    >
      {value}
    </pre>
  );
}
