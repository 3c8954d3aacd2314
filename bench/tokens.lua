-- GET settings as callers of many tenants: one bearer token per line of BENCH_TOKENS, used in turn.
local tokens = {}
for line in io.lines(os.getenv("BENCH_TOKENS")) do tokens[#tokens + 1] = line end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/beta/admin/people/photoUpdateSettings",
    { ["Authorization"] = "Bearer " .. tokens[(n % #tokens) + 1] })
end
