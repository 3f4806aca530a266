-- wrk script: widget-like JSON submissions with an Idempotency-Key; each from a new person (random
-- names and companies from syllables) except ~10 % that repeat an earlier person's email.
local counter = 0
local tid = 0

function setup(thread)
  tid = tid + 1
  thread:set("tid", tid)
end

local syllables = { "ka", "no", "va", "mi", "lo", "re", "tu", "sa", "be", "ri", "do", "ne", "pe", "la", "zi",
  "ko", "ma", "te", "vi", "ro", "da", "li", "su", "ha", "je", "ot", "an", "el", "us", "or" }
local firsts = { "Jana", "Petr", "Anna", "Jürgen", "Olena", "Andrii", "Emily", "David", "Lucie", "Tomáš", "Sophie",
  "Lukas", "Marie", "Taras", "Priya", "José", "Zoë", "Kateřina", "Max", "Iryna" }
local titles = { "Head of Sales", "Marketing Manager", "Software Engineer", "CEO", "Vertriebsleiter", "Analyst" }
local industries = { "Software", "Manufacturing", "Finance", "Retail", "Healthcare" }
local countries = { "CZ", "DE", "UA", "US", "AT", "GB" }

local function word(n)
  local w = ""
  for i = 1, n do w = w .. syllables[math.random(#syllables)] end
  return w:sub(1, 1):upper() .. w:sub(2)
end

local people = {}

function init(args)
  math.randomseed(os.time() + tid * 7919)
end

-- INGEST_THINK_MS: each connection waits a random time (exponential, this mean) before its next request,
-- so the server is offered about connections / (think + latency) requests a second instead of as many as
-- it can answer.
local think = tonumber(os.getenv("INGEST_THINK_MS") or "")
if think then
  function delay()
    return math.floor(-math.log(1 - math.random()) * think)
  end
end

request = function()
  counter = counter + 1
  local p
  if counter > 20 and math.random() < 0.10 then
    p = people[math.random(#people)]
  else
    p = {
      first = firsts[math.random(#firsts)],
      last = word(3),
      company = word(2) .. " " .. word(2) .. " s.r.o.",
      email = string.format("p%d-%d-%d@example.com", tid, counter, math.random(1000000)),
    }
    if #people < 5000 then table.insert(people, p) end
  end
  local body = string.format(
    '{"firstName":"%s","lastName":"%s","email":"%s","phone":"+420 6%02d %03d %03d","company":"%s","title":"%s","industry":"%s","employees":%d,"country":"%s","lg_elapsed":6000}',
    p.first, p.last, p.email, math.random(99), math.random(999), math.random(999), p.company,
    titles[math.random(#titles)], industries[math.random(#industries)], math.random(5000), countries[math.random(#countries)])
  local key = string.format("%d-%d-%d", tid, counter, math.random(1000000000))
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json", ["Idempotency-Key"] = key }, body)
end
