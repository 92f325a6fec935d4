-- The part of hemi.check shared by every claim: the verdict rule, the result table, argument
-- checking, and the registry the claim groups (claims/trade.lua, countries.lua, resources.lua) fill.

local hemi = hemi
local checks = {}

-- The verdict rule, the same for every claim (also in examples/TUTORIAL.md):
--   * when the data cannot compute the quantity the claim describes, the verdict is
--     "cannot be checked" and the reason says what is missing;
--   * a count (unit "countries" or "agreements") is supported only when the computed
--     count equals the claimed one;
--   * any other quantity is supported when |computed - claimed| <= max(5% of |claimed|, 0.5)
--     in the claim's unit, before rounding: 5% allows for the rounding and revisions of a
--     published figure; the 0.5 floor reads a figure given to the unit ("-1 percent") as rounded;
--   * when the data only bound the quantity (a check returns bounds = { low, high }, e.g. a
--     share whose unlisted holders are lumped with others), the verdict is "consistent" when
--     the claimed figure lies between the bounds and "not supported" when it lies outside:
--     a lower bound below the claim cannot refute it;
--   * where a claim can be read more than one way, the check computes each reading; the
--     verdict is for the reading the article's wording supports (reading), and the reason
--     shows the others (others = { { reading =, computed = }, ... }) with their verdicts.
local COUNT_UNITS = { countries = true, agreements = true }
local RELATIVE, ABSOLUTE = 0.05, 0.5

local function verdict(claimed, computed, unit, bounds)
  if computed == nil then return "cannot be checked" end
  if bounds then
    return (claimed >= bounds[1] and claimed <= bounds[2]) and "consistent" or "not supported"
  end
  if COUNT_UNITS[unit] then return computed == claimed and "supported" or "not supported" end
  local tolerance = math.max(RELATIVE * math.abs(claimed), ABSOLUTE)
  return math.abs(computed - claimed) <= tolerance and "supported" or "not supported"
end

-- Numbers in reasons: grouped thousands, a fixed number of decimals ("1,136.2").
local util = {}
function util.num(x, decimals)
  local s = string.format("%." .. (decimals or 0) .. "f", x)
  local sign, int, frac = s:match("^(-?)(%d+)(.*)$")
  int = int:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "")
  return sign .. int .. frac
end
function util.round(x, decimals)
  local m = 10 ^ decimals
  return math.floor(x * m + 0.5) / m
end
-- define(claim_id, function(claim) return { computed =, reason =, method =, rows = } end)
-- claim is the claim's row of the claims table; computed is nil when the data cannot give
-- the quantity; rows is the query of the rows the figure comes from.
local function define(id, check)
  assert(checks[id] == nil, "hemi.check: claim check defined twice: " .. id)
  checks[id] = check
end

local COLUMNS = { "claim_id", "verdict", "claimed_value", "computed_value", "unit", "year", "reason", "method" }
local TYPES = { claim_id = "string", verdict = "string", claimed_value = "float", computed_value = "float",
                unit = "string", year = "integer", reason = "string", method = "string" }

local function run(claim)
  local check = checks[claim.claim_id]
  if check == nil then
    return { claim_id = claim.claim_id, verdict = "cannot be checked", claimed_value = claim.claimed_value,
             unit = claim.unit, year = claim.year, reason = "no check has been written for this claim",
             method = "" }
  end
  local ok, r = pcall(check, claim)
  if not ok then error("hemi.check: the check of claim '" .. claim.claim_id .. "' failed: " .. tostring(r), 0) end
  local computed = r.computed
  local shown = computed
  if computed ~= nil and not COUNT_UNITS[claim.unit] then shown = util.round(computed, 1) end
  local reason = r.reason
  if r.bounds then
    local u = claim.unit == "percent" and "%" or (" " .. claim.unit)
    reason = ("the data bound the figure between %s%s and %s%s: %s"):format(
      util.num(r.bounds[1], 1), u, util.num(r.bounds[2], 1), u, reason)
  end
  if r.reading then
    reason = "read as " .. r.reading .. ": " .. reason
    local others = {}
    for i, o in ipairs(r.others or {}) do
      others[i] = ("%s, %s (%s)"):format(o.reading, o.computed == nil and "no figure"
        or util.num(o.computed, COUNT_UNITS[claim.unit] and 0 or 1), verdict(claim.claimed_value, o.computed, claim.unit))
    end
    if #others > 0 then reason = reason .. "; other readings: " .. table.concat(others, "; ") end
  end
  return { claim_id = claim.claim_id, verdict = verdict(claim.claimed_value, computed, claim.unit, r.bounds),
           claimed_value = claim.claimed_value, computed_value = shown, unit = claim.unit,
           year = claim.year, reason = reason, method = r.method }, r.rows
end

local function claims()
  local list, by_id = {}, {}
  for row in hemi.table("claims"):rows() do list[#list + 1] = row; by_id[row.claim_id] = row end
  return list, by_id
end

-- hemi.check(): every claim, one row each. hemi.check(id): that claim's row, and as a
-- second result the query of the rows behind the computed value.
function hemi.check(id)
  local list, by_id = claims()
  if id == nil then
    local rows = {}
    for i, claim in ipairs(list) do rows[i] = (run(claim)) end
    return hemi.from_rows(rows, { columns = COLUMNS, types = TYPES })
  end
  if type(id) ~= "string" then
    error("bad argument #1 to 'check' (claim id expected, got " .. type(id) .. ")", 2)
  end
  local claim = by_id[id]
  if claim == nil then
    local ids = {}
    for i, c in ipairs(list) do ids[i] = c.claim_id end
    local near = {}
    for _, c in ipairs(ids) do
      if c:find(id, 1, true) or id:find(c, 1, true) or c:sub(1, 4) == id:sub(1, 4) then near[#near + 1] = c end
    end
    local hint = #near > 0 and ("; did you mean " .. table.concat(near, ", ") .. "?") or ""
    error("hemi.check: no claim '" .. id .. "'" .. hint .. " (claims are: " .. table.concat(ids, ", ") .. ")", 2)
  end
  local row, evidence = run(claim)
  return hemi.from_rows({ row }, { columns = COLUMNS, types = TYPES }), evidence
end

-- The claim groups (claims/*.lua) receive this as their first `...` (kept, never a global).
return { define = define, util = util }
