"use server";

import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { signOut } from "@/lib/auth";
import { can } from "@/lib/auth/access";
import { getViewer, ORG_COOKIE } from "@/lib/auth/viewer";

export async function switchOrganisationAction(formData: FormData) {
  const viewer = await getViewer();
  if (!viewer) return;
  const value = String(formData.get("org") ?? "all");
  const store = await cookies();
  if (value !== "all" && can(viewer, "records.read", value)) {
    store.set(ORG_COOKIE, value, { httpOnly: true, sameSite: "lax", path: "/", maxAge: 60 * 60 * 24 * 180 });
  } else {
    store.delete(ORG_COOKIE);
  }
  revalidatePath("/", "layout");
}

export async function signOutAction() {
  await signOut({ redirectTo: "/sign-in" });
}
