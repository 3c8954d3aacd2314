-- PATCH photoUpdateSettings, alternating two valid bodies (so no change collapses into the one before),
-- with the bearer token in BENCH_TOKEN when set (the emulator's default Loose mode needs one).
local bodies = {
  '{"source":"cloud","allowedRoles":["fe930be7-5e62-47db-91af-98c3a49a38b1"]}',
  '{"source":"cloud","allowedRoles":[]}',
}
local headers = { ["Content-Type"] = "application/json" }
local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then headers["Authorization"] = "Bearer " .. token end
local n = 0
request = function()
  n = n + 1
  return wrk.format("PATCH", "/beta/admin/people/photoUpdateSettings", headers, bodies[(n % 2) + 1])
end
