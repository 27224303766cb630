import NextAuth from "next-auth";
import { cache } from "react";
import { authConfig } from "./config";

const nextAuth = NextAuth(() => authConfig());

export const { handlers, signIn, signOut } = nextAuth;
/** The session of this request, read once per request. */
export const auth = cache(() => nextAuth.auth());
