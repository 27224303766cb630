"use client";

import { useEffect, useRef } from "react";

/**
 * A <details> dropdown that closes when you click elsewhere or press Escape (the native element
 * only closes on its own summary), so an open menu never sits on top of other controls.
 */
export function DisclosureMenu({ summary, summaryClassName, children, ariaDescribedBy }: { summary: React.ReactNode; summaryClassName?: string; children: React.ReactNode; ariaDescribedBy?: string }) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const close = (event: Event) => {
      const element = ref.current;
      if (!element?.open) return;
      if (event instanceof KeyboardEvent) {
        if (event.key === "Escape") {
          element.open = false;
          element.querySelector("summary")?.focus();
        }
        return;
      }
      if (!element.contains(event.target as Node)) element.open = false;
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("focusin", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("focusin", close);
      document.removeEventListener("keydown", close);
    };
  }, []);
  return (
    <details ref={ref} className="relative">
      <summary className={summaryClassName} aria-describedby={ariaDescribedBy}>
        {summary}
      </summary>
      {children}
    </details>
  );
}
