"use client";

import { useActionState, useId, useState } from "react";
import { Field } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { cn } from "@/components/ui/cn";
import type { ActionState } from "@/lib/action";

export type FormAction = (state: ActionState, formData: FormData) => Promise<ActionState>;

export type FormFieldSpec =
  | {
      kind: "text" | "email" | "password" | "url" | "number";
      name: string;
      label: string;
      defaultValue?: string;
      hint?: string;
      required?: boolean;
      autoComplete?: string;
      placeholder?: string;
      className?: string;
      maxLength?: number;
    }
  | { kind: "select"; name: string; label: string; options: { value: string; label: string }[]; defaultValue?: string; hint?: string; className?: string }
  | { kind: "hidden"; name: string; value: string };

/** Values the action returns once (a link, a key, a secret): shown until the next submission. */
export type RevealSpec = { title: string; note?: string; items: { key: string; label: string }[] };

/**
 * A server-action form described by data, so server components can declare it: labelled fields,
 * errors next to each field (aria-invalid + aria-describedby), the message on top, values kept
 * after an error, and one-time values revealed after success.
 */
export function ActionForm({
  action,
  fields,
  submitLabel,
  pendingLabel,
  variant,
  layout = "stack",
  reveal,
  label,
  className,
}: {
  action: FormAction;
  fields: FormFieldSpec[];
  submitLabel: string;
  pendingLabel?: string;
  variant?: "primary" | "secondary" | "danger";
  layout?: "stack" | "inline" | "grid";
  reveal?: RevealSpec;
  /** accessible name of the form */
  label?: string;
  className?: string;
}) {
  const [state, formAction] = useActionState(action, { ok: false });
  const visible = fields.filter((f) => f.kind !== "hidden");
  return (
    <form
      action={formAction}
      aria-label={label}
      noValidate
      className={cn(
        layout === "inline" ? "flex flex-wrap items-end gap-2" : layout === "grid" ? "grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3" : "flex flex-col gap-3",
        className,
      )}
    >
      {state.message ? (
        <div className={layout === "stack" ? "" : layout === "grid" ? "sm:col-span-2 lg:col-span-3" : "basis-full"}>
          <FormMessage state={state} />
        </div>
      ) : null}
      {fields.map((field) => {
        if (field.kind === "hidden") return <input key={field.name} type="hidden" name={field.name} value={field.value} />;
        const errors = state.fieldErrors?.[field.name];
        const value = state.values?.[field.name] ?? field.defaultValue;
        if (field.kind === "select") {
          return <SelectField key={field.name} {...field} defaultValue={value} errors={errors} />;
        }
        return (
          <Field
            key={field.name}
            label={field.label}
            name={field.name}
            type={field.kind === "number" ? "text" : field.kind}
            inputMode={field.kind === "number" ? "numeric" : undefined}
            defaultValue={field.kind === "password" ? undefined : value}
            hint={field.hint}
            errors={errors}
            required={field.required}
            autoComplete={field.autoComplete ?? (field.kind === "password" ? "new-password" : "off")}
            placeholder={field.placeholder}
            maxLength={field.maxLength}
            className={field.className}
          />
        );
      })}
      {state.fieldErrors?._form ? <p className="text-xs font-medium text-red-700">{state.fieldErrors._form.join(" ")}</p> : null}
      <div className={cn(layout === "grid" ? "sm:col-span-2 lg:col-span-3" : "", layout === "inline" && visible.length > 0 ? "pb-px" : "")}>
        <SubmitButton pendingLabel={pendingLabel} variant={variant}>
          {submitLabel}
        </SubmitButton>
      </div>
      {reveal && state.ok && state.data ? (
        <div className={layout === "stack" ? "" : layout === "grid" ? "sm:col-span-2 lg:col-span-3" : "basis-full"}>
          <Reveal spec={reveal} data={state.data} />
        </div>
      ) : null}
    </form>
  );
}

export function SelectField({
  name,
  label,
  options,
  defaultValue,
  hint,
  errors,
  className,
}: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
  hint?: string;
  errors?: string[];
  className?: string;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  return (
    <div className={cn("flex flex-col gap-1", className)}>
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
        className={cn("rounded-md border px-2 py-1.5 text-sm shadow-xs", errors?.length ? "border-red-500 bg-red-50/40" : "border-slate-300 bg-white")}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint ? (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p id={errorId} className="text-xs font-medium text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** Shows values returned once (copy them now: they are not stored and cannot be shown again). */
export function Reveal({ spec, data }: { spec: RevealSpec; data: Record<string, string> }) {
  const items = spec.items.filter((i) => data[i.key]);
  if (items.length === 0) return null;
  return (
    <div role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-3 text-sm">
      <p className="font-medium text-amber-950">{spec.title}</p>
      {spec.note ? <p className="mt-0.5 text-xs text-amber-900">{spec.note}</p> : null}
      <div className="mt-2 flex flex-col gap-2">
        {items.map((item) => (
          <CopyValue key={item.key} label={item.label} value={data[item.key]!} />
        ))}
      </div>
    </div>
  );
}

export function CopyValue({ label, value }: { label: string; value: string }) {
  const id = useId();
  const [copied, setCopied] = useState(false);
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-700">
        {label}
      </label>
      <div className="flex gap-2">
        <input id={id} readOnly value={value} onFocus={(e) => e.currentTarget.select()} className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-xs" />
        <button
          type="button"
          className="rounded-md bg-white px-2 py-1 text-xs font-medium text-slate-800 ring-1 ring-slate-300 ring-inset hover:bg-slate-50"
          onClick={() => {
            void navigator.clipboard?.writeText(value).then(() => setCopied(true));
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
    </div>
  );
}
