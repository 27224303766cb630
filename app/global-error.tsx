"use client";

export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui", padding: "3rem", textAlign: "center" }}>
        <h1>Something went wrong</h1>
        <p>The error was logged{error.digest ? ` (reference ${error.digest})` : ""}. Reload the page to try again.</p>
      </body>
    </html>
  );
}
