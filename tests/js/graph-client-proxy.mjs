// The Microsoft Graph JavaScript client (3.x, stock middleware) at its default host, https://graph.microsoft.com,
// reaching the emulator through its proxy: the only configuration is HTTPS_PROXY and NODE_EXTRA_CA_CERTS (the proxy's
// root, GET /_emulator/proxy/ca.pem). Node 20's fetch reads no proxy variable by itself, so undici's EnvHttpProxyAgent,
// which reads HTTPS_PROXY, becomes the global dispatcher. Run by .ci/run with EMULATOR (the emulator's own address,
// for the journal) set too. Exits non-zero on the first check that fails.
import { Client } from "@microsoft/microsoft-graph-client";
import { EnvHttpProxyAgent, fetch as undiciFetch, setGlobalDispatcher } from "undici";
import assert from "node:assert/strict";

assert.ok(process.env.HTTPS_PROXY, "HTTPS_PROXY names the emulator's proxy");
setGlobalDispatcher(new EnvHttpProxyAgent());
globalThis.fetch = undiciFetch;

const emulator = process.env.EMULATOR ?? "http://localhost:5080";
const tenant = "4b1d0000-0000-4000-8000-000000000002";
const clientId = "4b1d0000-0000-4000-8000-0000000000ba";
const secret = "photosettings-emulator-secret";

// Microsoft's own token endpoint, as any app writes it; the proxy serves it from the emulator.
const tokenResponse = await fetch(`https://login.microsoftonline.com/${tenant}/oauth2/v2.0/token`, {
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

// No baseUrl and no customHosts: the client's defaults, graph.microsoft.com.
const client = Client.init({ authProvider: (done) => done(null, token) });
const settings = () => client.api("/admin/people/photoUpdateSettings").version("beta");
await fetch(`${emulator}/_emulator/requests`, { method: "DELETE" });

const current = await settings().get();
assert.ok("source" in current && Array.isArray(current.allowedRoles), "GET answers photoUpdateSettings");
const [read] = await (await fetch(`${emulator}/_emulator/requests`)).json();
assert.equal(read.tenantId, tenant, "the GET reached the token's tenant");

const updated = await settings().patch({ allowedRoles: ["fe930be7-5e62-47db-91af-98c3a49a38b1"] });
assert.deepEqual(updated.allowedRoles, ["fe930be7-5e62-47db-91af-98c3a49a38b1"], "PATCH answer");

await assert.rejects(
  settings().patch({ source: "sideways" }),
  (error) => error.statusCode === 400 && error.code === "BadRequest" && /sideways/.test(error.message),
  "an invalid PATCH surfaces as a GraphError",
);
await settings().delete();

const journal = await (await fetch(`${emulator}/_emulator/requests`)).json();
assert.deepEqual(journal.map((e) => `${e.method} ${e.host}`),
  ["GET graph.microsoft.com", "PATCH graph.microsoft.com", "PATCH graph.microsoft.com", "DELETE graph.microsoft.com"], "the journal's hosts");
console.log("JavaScript Graph client through HTTPS_PROXY: token, GET, PATCH, a refused PATCH and DELETE all at graph.microsoft.com");
