// The Microsoft Graph JavaScript client (3.x, stock middleware) against the emulator over HTTPS.
// Run by .ci/run with EMULATOR_HTTPS (e.g. https://localhost:5181) and NODE_EXTRA_CA_CERTS set to
// the emulator's certificate. Exits non-zero on the first check that fails.
import { Client } from "@microsoft/microsoft-graph-client";
import assert from "node:assert/strict";

const base = process.env.EMULATOR_HTTPS ?? "https://localhost:5081";
const tenant = "4b1d0000-0000-4000-8000-000000000002";
const clientId = "4b1d0000-0000-4000-8000-0000000000ba";
const secret = "photosettings-emulator-secret";

// A client-credentials token from the emulator's Entra-shaped endpoint.
const tokenResponse = await fetch(`${base}/${tenant}/oauth2/v2.0/token`, {
  method: "POST",
  body: new URLSearchParams({
    client_id: clientId,
    client_secret: secret,
    scope: "https://graph.microsoft.com/.default",
    grant_type: "client_credentials",
  }),
});
assert.equal(tokenResponse.status, 200, "token endpoint status");
const { access_token: token } = await tokenResponse.json();

const client = Client.init({
  baseUrl: `${base}/`,
  // The client sends tokens only to Graph's hosts, unless told of others.
  customHosts: new Set([new URL(base).hostname]),
  authProvider: (done) => done(null, token),
});
const settings = () => client.api("/admin/people/photoUpdateSettings").version("beta");

const current = await settings().get();
assert.equal(current.source, null, "GET source (unset on an unconfigured tenant, as Graph answers)");
assert.deepEqual(current.allowedRoles, [], "GET allowedRoles");

const updated = await settings().patch({ source: "cloud", allowedRoles: ["fe930be7-5e62-47db-91af-98c3a49a38b1"] });
assert.deepEqual(updated.allowedRoles, ["fe930be7-5e62-47db-91af-98c3a49a38b1"], "PATCH answer");

await assert.rejects(
  settings().patch({ source: "sideways" }),
  (error) => error.statusCode === 400 && error.code === "BadRequest" && /sideways/.test(error.message),
  "an invalid PATCH surfaces as a GraphError",
);

const after = await settings().get();
assert.deepEqual(after.allowedRoles, ["fe930be7-5e62-47db-91af-98c3a49a38b1"], "state after the refused PATCH");
console.log("JavaScript Graph client: token, GET, PATCH and a refused PATCH all behaved as against Graph");
