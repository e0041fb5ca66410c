-- wrk script for the issue-11 benchmarks: one of the API paths, or the mixed national-day workload.
-- Arguments after "--": MODE SEED_DIR [DELAY_MS]
--   MODE      version | verify | prescribe | dispense | mixed
--   SEED_DIR  the files written by bench/seed.mjs
--   DELAY_MS  each connection waits this long between requests (offered rate = connections x 1000 / DELAY_MS;
--             wrk2 is not available, so wrk's delay() hook paces)
-- The mixed workload (per 1,000 operations): 300 drug searches as the doctor types, 250 verifications by
-- code, 150 patient views, 100 interaction checks, 100 creates (3 items), 98 dispenses, 2 log-ins.
local mode, dir, pause = "version", ".", 0
local tokens, drugs, patients, codes, lines, search, ids = {}, {}, {}, {}, {}, {}, {}
local n = 0
local counter = 0

local function read_lines(name)
  local t = {}
  local f = io.open(dir .. "/" .. name, "r")
  if not f then return t end
  for l in f:lines() do if l ~= "" then t[#t + 1] = l end end
  f:close()
  return t
end

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function setup(thread)
  thread:set("offset", counter * 9973)
  counter = counter + 1
end

function init(args)
  mode = args[1] or "version"
  dir = args[2] or "."
  pause = tonumber(args[3] or "0") or 0
  tokens = read_lines("tokens")
  drugs = read_lines("drugs")
  patients = read_lines("patients")
  codes = read_lines("codes")
  search = read_lines("search")
  ids = read_lines("ids")
  for _, l in ipairs(read_lines("dispense")) do
    local rx, item = l:match("^(%S+) (%S+)$")
    lines[#lines + 1] = { rx, item }
  end
  n = offset or 0
end

function delay()
  return pause
end

local function auth(t) return { ["Authorization"] = "Bearer " .. t, ["Content-Type"] = "application/json" } end

local function pick(t) return t[n % #t + 1] end

local function body_rx()
  local items = {}
  for i = 1, 3 do
    items[i] = string.format('{"drug_id":"%s","dose_amount":1,"dose_unit":"tablet","times_per_day":2,' ..
      '"duration_days":5,"quantity":1,"substitution_allowed":true,"repeats":0}', drugs[i])
  end
  return string.format('{"patient_id":"%s","facility_id":"%s","diagnosis_codes":["J06.9"],"items":[%s]}',
    pick(patients), ids[1], table.concat(items, ","))
end

local reqs = {}
reqs.version = function() return wrk.format("GET", "/version") end
reqs.verify = function()
  return wrk.format("POST", "/api/v1/prescriptions/verify", auth(tokens[2]), '{"code":"' .. pick(codes) .. '"}')
end
reqs.prescribe = function() return wrk.format("POST", "/api/v1/prescriptions", auth(tokens[1]), body_rx()) end
reqs.check = function() return wrk.format("POST", "/api/v1/prescriptions/check", auth(tokens[1]), body_rx()) end
reqs.dispense = function()
  local l = pick(lines)
  return wrk.format("POST", "/api/v1/prescriptions/" .. l[1] .. "/dispensations", auth(tokens[2]),
    '{"items":[{"item_id":"' .. l[2] .. '","quantity":1}]}')
end
reqs.search = function()
  return wrk.format("GET", "/api/v1/drugs?limit=20&q=" .. urlencode(pick(search)), auth(tokens[1]))
end
reqs.patient = function()
  return wrk.format("GET", "/api/v1/patients/" .. pick(patients) .. "?reason=follow-up%20visit", auth(tokens[1]))
end
reqs.login = function()
  return wrk.format("POST", "/api/v1/auth/login", { ["Content-Type"] = "application/json" },
    '{"username":"' .. tokens[4] .. '","password":"' .. tokens[5] .. '"}')
end

-- 1,000-slot wheel for the mix, interleaved so consecutive requests differ.
local wheel = {}
local mix = { { "search", 300 }, { "verify", 250 }, { "patient", 150 }, { "check", 100 }, { "prescribe", 100 },
  { "dispense", 98 }, { "login", 2 } }
for _, m in ipairs(mix) do
  for k = 1, m[2] do wheel[#wheel + 1] = { (k - 0.5) / m[2], m[1] } end
end
table.sort(wheel, function(a, b) return a[1] < b[1] end)

function request()
  n = n + 1
  if mode == "mixed" then return reqs[wheel[n % #wheel + 1][2]]() end
  return reqs[mode]()
end
