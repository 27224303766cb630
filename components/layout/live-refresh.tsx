"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";

/**
 * Keeps the page current: listens to /api/stream (server-sent events of changes the user may
 * read) and re-renders the server components when something changes, at most every 1.5 s. The
 * browser reconnects by itself after a network loss; the badge says when it is live.
 */
export function LiveRefresh() {
  const router = useRouter();
  const [state, setState] = useState<"connecting" | "live" | "offline">("connecting");
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const last = useRef(0);
  useEffect(() => {
    const source = new EventSource("/api/stream");
    const refresh = () => {
      if (pending.current) return;
      const wait = Math.max(0, 1_500 - (Date.now() - last.current));
      pending.current = setTimeout(() => {
        pending.current = null;
        last.current = Date.now();
        router.refresh();
      }, wait);
    };
    source.addEventListener("open", () => setState("live"));
    source.addEventListener("error", () => setState(source.readyState === EventSource.CLOSED ? "offline" : "connecting"));
    source.addEventListener("change", refresh);
    return () => {
      source.close();
      if (pending.current) clearTimeout(pending.current);
    };
  }, [router]);
  return (
    <p className="flex items-center gap-1.5 text-xs text-slate-500" role="status" aria-live="polite">
      <span aria-hidden className={`h-2 w-2 rounded-full ${state === "live" ? "bg-emerald-500" : state === "connecting" ? "bg-amber-400" : "bg-slate-300"}`} />
      {state === "live" ? "Live updates on" : state === "connecting" ? "Connecting live updates…" : "Live updates off"}
    </p>
  );
}
