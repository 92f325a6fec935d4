-- The metatable of the stub `hemi` (HemiRuntime.installLazily): any read of a field `hemi`
-- lacks, or pairs(hemi), loads the module first. Writes stay raw, so a script may add its
-- own fields before or after.
local hemi = hemi
local load = rawget(hemi, "_load")
rawset(hemi, "_load", nil)
setmetatable(hemi, {
  __index = function(t, k) load(); return rawget(t, k) end,
  __pairs = function(t) load(); return next, t, nil end,
})
