// The Microsoft Graph JavaScript client (3.x, stock middleware) reading and writing pronouns, itemInsights and a
// profile card property against the emulator over HTTPS, with each change configured at once and effective only after its documented
// delay on the tenant's clock (moved through the control API). Run by .ci/run like graph-client.mjs, with
// EMULATOR_HTTPS and NODE_EXTRA_CA_CERTS set. Exits non-zero on the first check that fails.
import { Client } from "@microsoft/microsoft-graph-client";
import assert from "node:assert/strict";

const base = process.env.EMULATOR_HTTPS ?? "https://localhost:5081";
const tenant = "4b1d0000-0000-4000-8000-000000000002";
const group = "0f5e0000-0000-4000-8000-00000000000a";
const control = `${base}/_emulator/tenants/${tenant}`;

async function controlCall(method, path, body) {
  const response = await fetch(`${control}${path}`, {
    method,
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  assert.ok(response.ok, `${method} ${path} answered ${response.status}`);
  return response.status === 204 ? null : response.json();
}

// A fresh Contoso Hybrid: no setting configured, its clock at host time.
await controlCall("POST", "/reset");

const tokenResponse = await fetch(`${base}/${tenant}/oauth2/v2.0/token`, {
  method: "POST",
  body: new URLSearchParams({
    client_id: "4b1d0000-0000-4000-8000-0000000000ba",
    client_secret: "photosettings-emulator-secret",
    scope: "https://graph.microsoft.com/.default",
    grant_type: "client_credentials",
  }),
});
assert.equal(tokenResponse.status, 200, "token endpoint status");
const { access_token: token } = await tokenResponse.json();

const client = Client.init({
  baseUrl: `${base}/`,
  customHosts: new Set([new URL(base).hostname]),
  authProvider: (done) => done(null, token),
});
const context = (version, name) => `${base}/${version}/$metadata#admin/people/${name}/$entity`;
const timeline = (name) => controlCall("GET", `/settings/${name}/timeline`);

// pronouns: off by default, on at once in Graph's answer, on for users 7 hours later.
assert.deepEqual(await client.api("/admin/people/pronouns").get(),
  { "@odata.context": context("v1.0", "pronouns"), isEnabledInOrganization: false }, "pronouns default");
assert.deepEqual(await client.api("/admin/people/pronouns").patch({ isEnabledInOrganization: true }),
  { "@odata.context": context("v1.0", "pronouns"), isEnabledInOrganization: true }, "pronouns PATCH answer");
assert.deepEqual(await client.api("/admin/people/pronouns").version("beta").get(),
  { "@odata.context": context("beta", "pronouns"), isEnabledInOrganization: true }, "pronouns on beta");
let pronouns = await timeline("pronouns");
assert.deepEqual([pronouns.configured, pronouns.effective], [{ isEnabledInOrganization: true }, { isEnabledInOrganization: false }],
  "pronouns configured at once, not yet effective");
await controlCall("POST", "/clock/advance", { by: "PT6H59M59S" });
assert.deepEqual((await timeline("pronouns")).effective, { isEnabledInOrganization: false }, "pronouns a second before 7 hours");
await controlCall("POST", "/clock/advance", { by: "PT1S" });
pronouns = await timeline("pronouns");
assert.deepEqual([pronouns.effective, pronouns.pendingTotal], [{ isEnabledInOrganization: true }, 0], "pronouns effective after 7 hours");

// itemInsights: on by default; disabled for one group, in effect a day later.
assert.deepEqual(await client.api("/admin/people/itemInsights").get(),
  { "@odata.context": context("v1.0", "itemInsights"), isEnabledInOrganization: true, disabledForGroup: null }, "itemInsights default");
assert.deepEqual(await client.api("/admin/people/itemInsights").patch({ disabledForGroup: group }),
  { "@odata.context": context("v1.0", "itemInsights"), isEnabledInOrganization: true, disabledForGroup: group }, "itemInsights PATCH answer");
assert.equal((await timeline("itemInsights")).effective.disabledForGroup, null, "itemInsights not yet effective");
await controlCall("POST", "/clock/advance", { by: "PT24H" });
assert.equal((await timeline("itemInsights")).effective.disabledForGroup, group, "itemInsights effective after 24 hours");

// A refused PATCH is a GraphError, and changes nothing.
await assert.rejects(
  client.api("/admin/people/pronouns").patch({ isEnabledInOrganization: "yes" }),
  (error) => error.statusCode === 400 && error.code === "BadRequest" && /isEnabledInOrganization/.test(error.message),
  "a PATCH of the wrong shape surfaces as a GraphError",
);
assert.equal((await timeline("pronouns")).pendingTotal, 0, "nothing pending after the refused PATCH");

// profileCardProperties: delegated only (Graph offers no application permission), so Pat, the People Administrator.
const minted = await fetch(`${base}/_emulator/tokens`, {
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify({ tenantId: tenant, userId: "pat@contosohybrid.onmicrosoft.com" }),
});
assert.equal(minted.status, 200, "delegated token status");
const { accessToken: patToken } = await minted.json();
const pat = Client.init({
  baseUrl: `${base}/`,
  customHosts: new Set([new URL(base).hostname]),
  authProvider: (done) => done(null, patToken),
});
const cards = "/admin/people/profileCardProperties";
const costCenter = {
  directoryPropertyName: "CustomAttribute1",
  annotations: [{ displayName: "Cost Center", localizations: [{ languageTag: "ru-RU", displayName: "центр затрат" }] }],
};
assert.deepEqual(await pat.api(cards).get(), { "@odata.context": `${base}/v1.0/$metadata#admin/people/profileCardProperties`, value: [] },
  "no profile card property by default");
await assert.rejects(client.api(cards).post(costCenter),
  (error) => error.statusCode === 403 && error.code === "Authorization_RequestDenied", "an application token may not add one");
assert.deepEqual(await pat.api(cards).post(costCenter), { "@odata.context": context("v1.0", "profileCardProperties"), ...costCenter },
  "the POST answers the new property");
assert.deepEqual(await pat.api(`${cards}/CustomAttribute1`).version("beta").get(),
  { "@odata.context": context("beta", "profileCardProperties"), ...costCenter }, "the property by its directoryPropertyName on beta");
await assert.rejects(pat.api(cards).post(costCenter),
  (error) => error.statusCode === 409 && /CustomAttribute1/.test(error.message), "a second POST of the same property");
const relabel = { annotations: [{ displayName: "Cost Centre", localizations: [] }] };
assert.deepEqual(await pat.api(`${cards}/CustomAttribute1`).patch(relabel),
  { "@odata.context": context("v1.0", "profileCardProperties"), directoryPropertyName: "CustomAttribute1", ...relabel }, "the PATCH answer");
let card = await timeline("profileCardProperties");
assert.deepEqual([card.configured, card.effective], [[{ directoryPropertyName: "CustomAttribute1", ...relabel }], []],
  "the property configured at once, on no profile card yet");
await controlCall("POST", "/clock/advance", { by: "PT24H" });
assert.deepEqual((await timeline("profileCardProperties")).effective, [{ directoryPropertyName: "CustomAttribute1", ...relabel }],
  "on profile cards a day later");
await pat.api(`${cards}/CustomAttribute1`).delete();
await assert.rejects(pat.api(`${cards}/CustomAttribute1`).get(), (error) => error.statusCode === 404, "gone after the DELETE");
console.log("JavaScript Graph client: pronouns, itemInsights and a profile card property read, written, refused and propagated as against Graph");
