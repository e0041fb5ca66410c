-- wrk script for bench/search.sh: GET /api/v1/drugs rotating 50 English and Arabic prefixes, as a
-- doctor typing. Arguments after "--": TOKEN [DELAY_MS]. With DELAY_MS each connection waits that
-- long between requests, so connections x 1000 / DELAY_MS sets the offered rate (wrk2 is not
-- available; wrk's delay() hook paces instead).
local prefixes = {
  "pan", "aug", "amox", "brufen", "cata", "volt", "nexi", "omep", "risek", "cipro",
  "flag", "zith", "clav", "para", "ibup", "met", "gluc", "lipi", "ator", "conc",
  "ams", "capt", "lasix", "warf", "mare", "plav", "aspo", "ventol", "zyrt", "clari",
  "بانا", "اوجم", "أوجمنتين", "بروف", "كتاف", "فولت", "نيكس", "ريسك", "سيبرو", "فلاجيل",
  "زيثر", "جلوكو", "ليبي", "كونكور", "ماريفان", "بلافكس", "أسبوسيد", "فنتولين", "زيرتك", "باراسيتامول",
}
local encoded = {}
local token = ""
local pause = 0
local counter = 0

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function setup(thread)
  thread:set("offset", counter * 7)
  counter = counter + 1
end

function init(args)
  token = args[1] or ""
  pause = tonumber(args[2] or "0") or 0
  for i, p in ipairs(prefixes) do encoded[i] = urlencode(p) end
  i = (offset or 0) % #encoded
end

function delay()
  return pause
end

function request()
  i = i % #encoded + 1
  return wrk.format("GET", "/api/v1/drugs?limit=20&q=" .. encoded[i], { ["Authorization"] = "Bearer " .. token })
end
