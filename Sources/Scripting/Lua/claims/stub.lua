-- The stand-in for hemi.check until its first call: the checks are most of the Lua hemi
-- carries, and `hemi -e 'print(1)'` should not compile them. The first call loads them
-- (ClaimCheckLua: claims/framework.lua, then each group), and they replace this function.
local hemi = hemi
function hemi.check(...)
  hemi._load_claim_checks()
  hemi._load_claim_checks = nil
  return hemi.check(...)
end
