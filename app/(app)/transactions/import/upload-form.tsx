"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { ActionState } from "@/lib/action";

type Action = (s: ActionState, f: FormData) => Promise<ActionState>;

/**
 * Step 1: organisation and file. The file goes up in pieces of 1 MiB (server actions accept at
 * most 2 MB per request), in order, each retried once; then the mapping step opens.
 */
export function UploadForm({
  organisations,
  defaultOrganisationId,
  maxBytes,
  chunkBytes,
  createDraft,
  uploadChunk,
}: {
  organisations: { id: string; name: string }[];
  defaultOrganisationId: string | null;
  maxBytes: number;
  chunkBytes: number;
  createDraft: Action;
  uploadChunk: Action;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const form = new FormData(event.currentTarget);
    const file = form.get("file");
    const organisationId = String(form.get("organisationId") ?? "");
    if (!(file instanceof File) || file.size === 0) return setError("Choose a CSV file.");
    if (file.size > maxBytes) return setError(`The file is ${(file.size / 1024 / 1024).toFixed(1)} MB; files up to ${maxBytes / 1024 / 1024} MB can be imported.`);
    setProgress(0);
    const draftForm = new FormData();
    draftForm.set("organisationId", organisationId);
    draftForm.set("filename", file.name);
    draftForm.set("size", String(file.size));
    const draft = await createDraft({ ok: false }, draftForm);
    const importId = draft.data?.importId;
    if (!draft.ok || !importId) {
      setProgress(null);
      return setError(draft.message ?? "The upload could not start.");
    }
    for (let offset = 0; offset < file.size; offset += chunkBytes) {
      const piece = new FormData();
      piece.set("importId", importId);
      piece.set("offset", String(offset));
      piece.set("chunk", file.slice(offset, offset + chunkBytes));
      let result = await uploadChunk({ ok: false }, piece).catch(() => ({ ok: false, message: "The connection dropped." }) as ActionState);
      if (!result.ok) result = await uploadChunk({ ok: false }, piece).catch(() => ({ ok: false, message: "The connection dropped." }) as ActionState);
      if (!result.ok) {
        setProgress(null);
        return setError(result.message ?? "The upload failed.");
      }
      setProgress(Math.min(100, Math.round(((offset + chunkBytes) / file.size) * 100)));
    }
    router.push(`/transactions/import/${importId}`);
  }

  const busy = progress !== null;
  return (
    <form onSubmit={submit} className="flex max-w-xl flex-col gap-4 px-4 py-4" aria-label="Upload a CSV file" noValidate>
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      {organisations.length > 1 ? (
        <div className="flex flex-col gap-1">
          <label htmlFor="organisationId" className="text-sm font-medium">
            Organisation
          </label>
          <select id="organisationId" name="organisationId" defaultValue={defaultOrganisationId ?? organisations[0]?.id} className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
            {organisations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <input type="hidden" name="organisationId" value={organisations[0]?.id ?? ""} />
      )}
      <div className="flex flex-col gap-1">
        <label htmlFor="file" className="text-sm font-medium">
          CSV file
        </label>
        <input id="file" name="file" type="file" accept=".csv,text/csv,text/plain" required className="text-sm" aria-describedby="file-hint" />
        <p id="file-hint" className="text-xs text-slate-500">
          Up to {maxBytes / 1024 / 1024} MB, a header line first. Comma, semicolon or tab separated; UTF-8 (Excel&apos;s Windows-1252 works too).
        </p>
      </div>
      {busy ? (
        <div className="flex flex-col gap-1">
          <div role="progressbar" aria-label="Upload" aria-valuemin={0} aria-valuemax={100} aria-valuenow={progress} className="h-2 w-full overflow-hidden rounded bg-slate-200">
            <div className="h-full bg-brand-600 transition-all" style={{ width: `${progress}%` }} />
          </div>
          <p className="text-xs text-slate-500" aria-live="polite">
            Uploading… {progress}%
          </p>
        </div>
      ) : null}
      <div>
        <Button type="submit" disabled={busy}>
          {busy ? "Uploading…" : "Upload and map columns"}
        </Button>
      </div>
    </form>
  );
}
