/** Client address and agent from request headers (the first X-Forwarded-For hop when present). */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  if (forwarded) {
    const first = forwarded.split(",")[0]?.trim();
    if (first) return first.slice(0, 64);
  }
  return (headers.get("x-real-ip") ?? "unknown").slice(0, 64);
}

export function userAgent(headers: Headers): string | null {
  return headers.get("user-agent")?.slice(0, 300) ?? null;
}
