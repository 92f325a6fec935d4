local path, mode = ...
local t = hemi.read_csv(path)

if mode == "sort" then print(t:sort("name"):column("id")[1]) end
if mode == "lt" then print(t:filter("name < 'M'"):count()) end
