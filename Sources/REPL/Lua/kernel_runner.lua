-- The notebook kernel's cell runner (KernelSession.installRunner): loads and runs a cell's
-- chunk as text, keeps its first result as `_` (as the REPL does) and hands all results to
-- the kernel's show native, which shows a query as a table and anything else as the REPL
-- prints it. Chunk arguments: the kernel's natives ({ show = … }, kept by the kernel).
-- Returns run(source, chunkname), kept by the kernel, so nothing here is reachable from a
-- cell. The local names are read in a traceback (`in local '__hemi_cell'`, `'__hemi_show'`):
-- KernelSession.failure turns them into the user's terms or drops them.
local __hemi_show = (...).show
local load, pack, unpack, rawset, G = load, table.pack, table.unpack, rawset, _G
return function(source, name)
  local __hemi_cell = assert(load(source, name, "t"))
  local r = pack(__hemi_cell())
  if r.n > 0 then rawset(G, "_", r[1]) end
  __hemi_show(r.n, unpack(r, 1, r.n))
end
