-- percentile(values): the percentile rank in [0, 1] of each value of a table (keyed by
-- anything) among all its values; ties share the lower rank; a single value ranks 1. Keys
-- without a value (nil) get none. Used by china_exposure here and, through
-- require("china.percentile"), by the engagement plugin, which declares china in requires.
return function(values)
  local present = {}
  for _, v in pairs(values) do present[#present + 1] = v end
  table.sort(present)
  local out = {}
  for k, v in pairs(values) do
    if #present == 1 then out[k] = 1
    else
      local below = 0
      for _, p in ipairs(present) do if p < v then below = below + 1 end end
      out[k] = below / (#present - 1)
    end
  end
  return out
end
