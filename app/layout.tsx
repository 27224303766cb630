import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Recourse", template: "%s · Recourse" },
  description: "Dispute dashboard: alerts, representments, scheme notices, lookups and enrolments.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
