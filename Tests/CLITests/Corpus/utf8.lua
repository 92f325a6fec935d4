print(utf8.len("São Paulo"), utf8.char(72, 228, 8364), utf8.codepoint("中", 1))
for p, c in utf8.codes("Perú") do io.write(p, ":", c, " ") end print()
