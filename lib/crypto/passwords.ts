import bcrypt from "bcryptjs";

/** bcrypt (bcryptjs: pure JS, no native build). Cost 11 ≈ 100 ms on the reference machine. */
const COST = 11;
export const PASSWORD_MIN_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/** A fixed hash compared against when the user does not exist, so timing does not reveal it. */
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= bcrypt.hash("recourse-timing-equaliser", COST);
  await bcrypt.compare(password, await dummyHash);
}

const COMMON = new Set(["password123", "1234567890", "qwertyuiop", "letmein123", "password1!", "iloveyou12"]);

/** Returns a message when the password is too weak, else null. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > 200) return "Use at most 200 characters.";
  if (COMMON.has(password.toLowerCase())) return "That password is too common.";
  if (email && password.toLowerCase().includes(email.split("@")[0]!.toLowerCase()) && email.split("@")[0]!.length >= 4)
    return "The password must not contain your email name.";
  if (new Set(password).size < 4) return "Use a less repetitive password.";
  return null;
}
