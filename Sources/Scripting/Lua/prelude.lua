-- Pieces of the `hemi` module easier to say in Lua than in Swift. Run once when the module
-- is installed (HemiRuntime.runPrelude), after the Swift parts of `hemi`.
local hemi = hemi
-- The claims of the public debate (seed articles); hemi.check() gives their verdicts.
function hemi.claims() return hemi.table("claims") end
local Q = getmetatable(hemi.from_rows({ { x = 1 } })).__index
-- for row in q:rows() do ... end
function Q.rows(self)
  local rows, i = self:_rows(), 0
  return function() i = i + 1; return rows[i] end
end
