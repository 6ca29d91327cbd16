-- wrk script: POST /api/meetings/{id}/join with the right passcode ($PARLEY_PASSCODE), as a guest.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"passcode":"' .. os.getenv("PARLEY_PASSCODE") .. '","displayName":"Bench guest"}'
