-- PUT a user's photo: the 48x32 JPEG from samples/, with the bearer token in BENCH_TOKEN when set.
local f = assert(io.open(os.getenv("BENCH_PHOTO") or "samples/photo.jpg", "rb"))
local photo = f:read("*all")
f:close()
local headers = { ["Content-Type"] = "image/jpeg" }
local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then headers["Authorization"] = "Bearer " .. token end
request = function()
  return wrk.format("PUT", "/beta/users/4b1d0000-0000-4000-8000-0000000000b1/photo/$value", headers, photo)
end
