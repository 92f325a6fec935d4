-- Pieces of the `hemi` module easier to say in Lua than in Swift. Run once when the module
-- is installed (HemiRuntime.runPrelude), after the Swift parts of `hemi`.
local hemi = hemi
-- The claims of the public debate (seed articles); hemi.check() gives their verdicts.
function hemi.claims() return hemi.table("claims") end
local Q = getmetatable(hemi.from_rows({ { x = 1 } })).__index
-- for row in q:rows() do ... end
local select, type, error = select, type, error
function Q.rows(self, ...)
  -- As the Swift methods: an argument it does not take is an error (ExtraArgumentTests).
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    if v ~= nil then error("bad argument #" .. i .. " to 'rows' (no value expected, got " .. type(v) .. ")", 2) end
  end
  local rows, i = self:_rows(), 0
  return function() i = i + 1; return rows[i] end
end
