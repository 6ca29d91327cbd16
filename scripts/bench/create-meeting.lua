-- wrk script: POST /api/meetings (a weekly recurring meeting) as the signed-in user in $PARLEY_TOKEN.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("PARLEY_TOKEN")
wrk.body = '{"title":"Bench sync","scheduledStart":"' .. os.getenv("PARLEY_START") .. '","durationMinutes":30,'
    .. '"timeZone":"Europe/Berlin","recurrence":{"frequency":"weekly","daysOfWeek":["MONDAY","THURSDAY"],"count":10},'
    .. '"settings":{"waitingRoom":true}}'
