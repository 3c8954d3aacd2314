-- PATCH photoUpdateSettings, alternating two valid bodies.
local bodies = {
  '{"source":"cloud","allowedRoles":["fe930be7-5e62-47db-91af-98c3a49a38b1"]}',
  '{"source":"cloud","allowedRoles":[]}',
}
local n = 0
request = function()
  n = n + 1
  return wrk.format("PATCH", "/beta/admin/people/photoUpdateSettings",
    { ["Content-Type"] = "application/json" }, bodies[(n % 2) + 1])
end
