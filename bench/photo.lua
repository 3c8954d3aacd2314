-- PUT a user's photo: the 48x32 JPEG from samples/.
local f = assert(io.open(os.getenv("BENCH_PHOTO") or "samples/photo.jpg", "rb"))
local photo = f:read("*all")
f:close()
request = function()
  return wrk.format("PUT", "/beta/users/4b1d0000-0000-4000-8000-0000000000b1/photo/$value",
    { ["Content-Type"] = "image/jpeg" }, photo)
end
