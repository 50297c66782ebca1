// Cross-site request forgery guard for endpoints SvelteKit's form check does not cover (the
// tRPC endpoint takes JSON): a state-changing request must come from a page of this origin.
// Browsers send Origin (and Sec-Fetch-Site) on every cross-origin POST, so their absence means
// a non-browser client, which cannot ride on a victim's cookies.
export function isCrossOriginWrite(request: Request, appOrigin: string): boolean {
  if (request.method === "GET" || request.method === "HEAD" || request.method === "OPTIONS") {
    return false;
  }
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== appOrigin) return true;
  const site = request.headers.get("sec-fetch-site");
  return site !== null && site !== "same-origin" && site !== "none";
}
