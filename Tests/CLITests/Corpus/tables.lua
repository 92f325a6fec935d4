local t = {5, 3, 8, 1}
table.sort(t) print(table.concat(t, ","))
table.insert(t, 2, 99) print(table.concat(t, " "), #t, table.unpack({1, 2, 3}))
print(select("#", nil, nil), next({}))
