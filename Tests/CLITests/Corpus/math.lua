print(math.maxinteger, math.mininteger, 7 // 2, 7 / 2, 7 % -3, 2^10, math.type(1), math.type(1.0))
print(math.floor(-3.5), math.ceil(-3.5), math.abs(-4), math.fmod(7, 3), 1e15, 2^63, math.tointeger(3.0))
