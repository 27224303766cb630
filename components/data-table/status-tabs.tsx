import Link from "next/link";
import { cn } from "@/components/ui/cn";

export type StatusTab = { value: string; label: string; count?: number | string; href: string };

export function StatusTabs({ tabs, active, label }: { tabs: StatusTab[]; active: string; label: string }) {
  return (
    <nav aria-label={label} className="mb-3 flex flex-wrap gap-1 border-b border-slate-200">
      {tabs.map((tab) => {
        const current = tab.value === active;
        return (
          <Link
            key={tab.value}
            href={tab.href}
            aria-current={current ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm no-underline hover:no-underline",
              current ? "border-brand-600 font-medium text-brand-900" : "border-transparent text-slate-600 hover:text-slate-900",
            )}
          >
            {tab.label}
            {tab.count !== undefined ? (
              <span className="ml-1.5 rounded-full bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700 tabular">{tab.count}</span>
            ) : null}
          </Link>
        );
      })}
    </nav>
  );
}
