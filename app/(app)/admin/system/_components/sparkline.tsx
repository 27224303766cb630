/** 60 one-minute bars (oldest first) as a small inline SVG; the numbers are in the accessible label. */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  const max = Math.max(1, ...values);
  const width = values.length * 3;
  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${width} 24`} width={width * 1.5} height={24} className="block">
      <rect x={0} y={23} width={width} height={1} className="fill-slate-200" />
      {values.map((v, i) =>
        v > 0 ? <rect key={i} x={i * 3} y={24 - Math.max(2, (v / max) * 22)} width={2} height={Math.max(2, (v / max) * 22)} className="fill-brand-600" /> : null,
      )}
    </svg>
  );
}
