"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

export type NavItem = { href: string; label: string; section: "work" | "admin" | "personal" };

export function NavLinks({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  const sections: { id: NavItem["section"]; label: string | null }[] = [
    { id: "work", label: null },
    { id: "admin", label: "Administration" },
    { id: "personal", label: null },
  ];
  return (
    <nav aria-label="Main" className="flex flex-col gap-4">
      {sections.map((section) => {
        const links = items.filter((i) => i.section === section.id);
        if (links.length === 0) return null;
        return (
          <div key={section.id}>
            {section.label ? (
              <p className="mb-1 px-2 text-[11px] font-semibold tracking-wide text-slate-400 uppercase">{section.label}</p>
            ) : null}
            <ul className="flex flex-col gap-0.5">
              {links.map((item) => {
                const active = item.href === "/" ? pathname === "/" : pathname === item.href || pathname.startsWith(item.href + "/");
                return (
                  <li key={item.href}>
                    <Link
                      href={item.href}
                      aria-current={active ? "page" : undefined}
                      className={cn(
                        "block rounded-md px-2 py-1.5 text-sm no-underline hover:no-underline",
                        active ? "bg-brand-50 font-medium text-brand-900" : "text-slate-700 hover:bg-slate-100",
                      )}
                    >
                      {item.label}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}
