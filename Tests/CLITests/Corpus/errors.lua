print(pcall(error, "plain"))
print(type(select(2, pcall(error, {code = 1}))))
print(select(2, pcall(function() local x = nil; return x.y end)))
print(xpcall(function() error("deep", 2) end, function(m) return "handled: " .. m end))
