print(#arg, arg[1], arg[2], ...)
print(select("#", ...))
