print(string.format("%5.2f|%d|%s|%q", 3.14159, 42, "x", "a\nb"))
print(("hello"):upper(), #"Perú", ("a,b,,c"):gsub(",", ";"))
for w in ("one two three"):gmatch("%a+") do io.write(w, ".") end print()
print(string.rep("ab", 3, "-"), ("abc"):byte(1, -1))
